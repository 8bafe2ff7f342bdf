"""Deterministic generator of camera-marketing copy for the l2lint benchmarks.

Every file is built from a `random.Random` seeded with the corpus seed and the file's index,
so a corpus is the same on every machine and `--files 200` yields the first 200 files of the
2,000-file corpus. No external data is used.

A fraction of sentences (the *density*) mentions a brand: Leica, LUMIX, Panasonic,
L² Technology, L-Mount or Micro Four Thirds. Some of those (the *error rate*) are wrong on
purpose: "Lumix", "L2 technology", "L mount", "leica", "Leica-LUMIX", merger claims, …

Usage: python benchmarks/corpus.py OUT_DIR --preset dense
"""

from __future__ import annotations

import argparse
import html
import json
import random
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

MB = 1_000_000  # sizes and throughput use decimal megabytes

# ---------------------------------------------------------------- vocabulary

TITLES = [
    "Shoot the city after dark",
    "A travel kit that fits in one bag",
    "Hybrid shooting, simplified",
    "Everything new in the spring firmware",
    "Portraits with natural skin tones",
    "Landscape photography in any weather",
    "Street photography without compromise",
    "Video features for independent filmmakers",
    "Choosing your first prime lens",
    "Wildlife from the hide",
    "Ten tips for sharper handheld shots",
    "Behind the design of the new body",
    "Colour science explained",
    "Low-light shooting guide",
    "Pro services and repairs",
]
HEADINGS = [
    "Key features",
    "Image quality",
    "Autofocus",
    "Video",
    "Handling",
    "Battery and connectivity",
    "In the box",
    "Specifications",
    "Lenses to pair it with",
    "What photographers say",
    "Availability",
    "Firmware update",
    "Accessories",
    "Why it matters",
]
SUBJECTS = [
    "The new full-frame body",
    "Our flagship hybrid camera",
    "This compact travel zoom",
    "The weather-sealed magnesium chassis",
    "Phase-detect autofocus",
    "The 24-megapixel sensor",
    "The redesigned menu system",
    "In-body image stabilisation",
    "The high-resolution electronic viewfinder",
    "The fully articulating screen",
    "Dual native ISO",
    "The bright f/1.7 prime",
    "Real-time tracking",
    "The silent electronic shutter",
    "The new colour profile",
    "A deeper grip",
    "The latest image processor",
]
VERBS = [
    "delivers",
    "brings",
    "captures",
    "keeps",
    "offers",
    "makes room for",
    "adds",
    "improves",
    "unlocks",
    "preserves",
]
OBJECTS = [
    "crisp detail in low light",
    "smooth 6K open-gate video",
    "natural skin tones",
    "rich, film-like colour",
    "reliable eye detection",
    "fast burst shooting at 30 frames per second",
    "clean shadows at high ISO",
    "a quieter shooting experience",
    "longer recording times",
    "sharp corners even wide open",
    "accurate white balance under mixed light",
    "14 stops of dynamic range",
    "steady footage without a gimbal",
    "a lighter kit for long days",
]
QUALIFIERS = [
    "",
    "",
    " even at ISO 12800",
    " on long hikes",
    " for street photographers",
    " in a body that fits in a jacket pocket",
    " without slowing you down",
    " straight out of the camera",
    " from sunrise to blue hour",
    " in rain, dust and frost",
    " for weddings and events",
    " at every focal length",
]
LIST_ITEMS = [
    "Up to 30 frames per second with continuous autofocus",
    "Weather sealing against dust and splashes",
    "Dual card slots for instant backup",
    "USB-C charging on the go",
    "A bright 5.76-million-dot viewfinder",
    "Unlimited recording in 4K",
    "Five-axis stabilisation rated to 8 stops",
    "A fully articulating touch screen",
    "Built-in Wi-Fi and Bluetooth",
    "A magnesium alloy body",
    "Customisable function buttons",
    "Waveform monitor and false colour",
]
CODE_SPANS = [
    "ISO 100–51200",
    "v2.1",
    "1/8000 s",
    "f/1.7",
    "Menu > Setup > Firmware",
    "4:2:2 10-bit",
]
LINK_TEXTS = ["full specifications", "the lens guide", "our service centres", "the release notes"]
PRODUCTS = [
    "full-frame camera",
    "travel zoom",
    "hybrid body",
    "compact camera",
    "prime lens",
    "standard zoom",
    "video camera",
]

# Brand slots: the correct form and wrong variants (each wrong one is a finding for l2lint).
CANONICAL = {
    "LUMIX": "LUMIX",
    "LEICA": "Leica",
    "PANASONIC": "Panasonic",
    "L2": "L² Technology",
    "LMOUNT": "L-Mount",
    "MFT": "Micro Four Thirds",
}
WRONG = {
    "LUMIX": ["Lumix", "lumix", "Lumix"],
    "LEICA": ["leica", "LEICA"],
    "PANASONIC": ["panasonic", "PANASONIC"],
    "L2": ["L2 technology", "L2 Technology", "L2-Technology", "L² technology", "l2 technology"],
    "LMOUNT": ["L mount", "L-mount", "Lmount"],
    "MFT": ["micro four thirds", "Micro 4/3", "m4/3", "M43"],
}
BRAND_TEMPLATES = [
    "{LEICA} optics meet {LUMIX} engineering in the new {product}.",
    "With {L2}, {LEICA} and {LUMIX} share what they learn about image processing.",
    "Every {LUMIX} {product} is designed by {PANASONIC} for demanding photographers.",
    "Mount any {LMOUNT} lens on the {product} and keep your autofocus.",
    "The {MFT} system keeps a {LUMIX} kit light enough for a day in the mountains.",
    "{L2} brings {LEICA} colour to the {LUMIX} {product}.",
    "Pair the {product} with the LEICA DG SUMMILUX 25mm lens for {LUMIX} portraits.",
    "{PANASONIC} and {LEICA} announced {L2} for the next generation of cameras.",
    "The {LMOUNT} range now includes more than one hundred lenses for {LUMIX} cameras.",
    "Photographers who shoot {LEICA} will feel at home with the {LUMIX} {product}.",
]
# Sentences that are wrong as a whole (fused brands, merger and licensing claims).
WRONG_SENTENCES = [
    "Shop the new Leica-LUMIX {product} today.",
    "Leica x LUMIX: a new era for the {product}.",
    "The LUMIX-Leica look comes to the {product}.",
    "After the merger of Leica and Panasonic, L² Technology powers every LUMIX camera.",
    "Leica and Panasonic formed a joint venture called L² Technology.",
    "Panasonic acquired Leica to create L² Technology for LUMIX cameras.",
    "L² Technology licenses Leica optics to LUMIX cameras.",
]


# ---------------------------------------------------------------- model

# An inline segment: ("text", s) | ("code", s) | ("link", text, url)
Segment = tuple[str, ...]
Sentence = list[Segment]


@dataclass
class Block:
    kind: str  # "h1", "h2", "p", "ul"
    sentences: list[Sentence]


@dataclass
class Stats:
    """What a generated corpus contains."""

    files: int = 0
    bytes: int = 0
    sentences: int = 0
    brand_sentences: int = 0
    wrong_sentences: int = 0
    extra: dict = field(default_factory=dict)

    def add(self, other: Stats) -> None:
        self.files += other.files
        self.bytes += other.bytes
        self.sentences += other.sentences
        self.brand_sentences += other.brand_sentences
        self.wrong_sentences += other.wrong_sentences


class CopyWriter:
    """Produces blocks of marketing copy with a given brand density and error rate."""

    def __init__(self, rng: random.Random, density: float, error_rate: float):
        self.rng = rng
        self.density = density
        self.error_rate = error_rate
        self.stats = Stats()

    def _plain(self) -> Sentence:
        rng = self.rng
        roll = rng.random()
        text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
        text += rng.choice(QUALIFIERS)
        if roll < 0.06:
            return [("text", text + ", from "), ("code", rng.choice(CODE_SPANS)), ("text", " up.")]
        if roll < 0.10:
            slug = rng.choice(["specs", "lenses", "service", "news"])
            return [
                ("text", text + "; see "),
                (
                    "link",
                    rng.choice(LINK_TEXTS),
                    f"https://example.com/{slug}/{rng.randrange(999)}",
                ),
                ("text", "."),
            ]
        return [("text", text + ".")]

    def _brand(self) -> Sentence:
        rng = self.rng
        product = rng.choice(PRODUCTS)
        wrong = rng.random() < self.error_rate
        self.stats.brand_sentences += 1
        if wrong:
            self.stats.wrong_sentences += 1
            if rng.random() < 0.25:
                return [("text", rng.choice(WRONG_SENTENCES).format(product=product))]
        template = rng.choice(BRAND_TEMPLATES)
        slots = [s for s in CANONICAL if "{" + s + "}" in template]
        bad_slot = rng.choice(slots) if wrong else None
        values = {s: rng.choice(WRONG[s]) if s == bad_slot else CANONICAL[s] for s in slots}
        return [("text", template.format(product=product, **values))]

    def sentence(self, plain: Callable[[], Sentence] | None = None) -> Sentence:
        """One sentence: a brand mention with probability `density`."""
        self.stats.sentences += 1
        if self.rng.random() < self.density:
            return self._brand()
        return (plain or self._plain)()

    def _items(self, count: int) -> list[Sentence]:
        """`count` distinct list items, each a brand sentence with probability `density`."""
        pool = iter(self.rng.sample(LIST_ITEMS, count))
        return [self.sentence(lambda: [("text", next(pool))]) for _ in range(count)]

    def _title(self, pool: list[str]) -> Callable[[], Sentence]:
        return lambda: [("text", self.rng.choice(pool))]

    def paragraph(self) -> Block:
        return Block("p", [self.sentence() for _ in range(self.rng.randint(2, 6))])

    def section(self) -> list[Block]:
        """An h2 section: one to three paragraphs, sometimes a list."""
        rng = self.rng
        blocks = [Block("h2", [self.sentence(self._title(HEADINGS))])]
        for _ in range(rng.randint(1, 3)):
            blocks.append(self.paragraph())
        if rng.random() < 0.4:
            blocks.append(Block("ul", self._items(rng.randint(3, 5))))
        return blocks

    def title(self) -> Block:
        return Block("h1", [self.sentence(self._title(TITLES))])


# ---------------------------------------------------------------- rendering


def _strip_period(sentence: Sentence) -> Sentence:
    """Headings and list items read better without a final full stop."""
    last = sentence[-1]
    if last[0] == "text" and last[1].endswith(".") and len(sentence) == 1:
        return [("text", last[1][:-1])]
    return sentence


def render_markdown(blocks: list[Block]) -> str:
    def inline(sentence: Sentence) -> str:
        out = []
        for seg in sentence:
            if seg[0] == "code":
                out.append(f"`{seg[1]}`")
            elif seg[0] == "link":
                out.append(f"[{seg[1]}]({seg[2]})")
            else:
                out.append(seg[1])
        return "".join(out)

    parts = []
    for block in blocks:
        if block.kind in ("h1", "h2"):
            mark = "#" if block.kind == "h1" else "##"
            parts.append(f"{mark} {inline(_strip_period(block.sentences[0]))}\n")
        elif block.kind == "ul":
            parts.append("".join(f"- {inline(_strip_period(s))}\n" for s in block.sentences))
        else:
            parts.append(" ".join(inline(s) for s in block.sentences) + "\n")
    return "\n".join(parts)


def render_html_body(blocks: list[Block]) -> str:
    def inline(sentence: Sentence) -> str:
        out = []
        for seg in sentence:
            if seg[0] == "code":
                out.append(f"<code>{html.escape(seg[1])}</code>")
            elif seg[0] == "link":
                out.append(f'<a href="{html.escape(seg[2])}">{html.escape(seg[1])}</a>')
            else:
                out.append(html.escape(seg[1], quote=False))
        return "".join(out)

    parts = []
    for block in blocks:
        if block.kind in ("h1", "h2"):
            tag = block.kind
            parts.append(f"<{tag}>{inline(_strip_period(block.sentences[0]))}</{tag}>\n")
        elif block.kind == "ul":
            items = "".join(f"  <li>{inline(_strip_period(s))}</li>\n" for s in block.sentences)
            parts.append(f"<ul>\n{items}</ul>\n")
        else:
            parts.append(f"<p>{' '.join(inline(s) for s in block.sentences)}</p>\n")
    return "".join(parts)


HTML_HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>body {{ font-family: sans-serif; }} .lumix-badge {{ color: #000; }}</style>
</head>
<body>
<nav><a href="/">Home</a> · <a href="/cameras">Cameras</a> · <a href="/lenses">Lenses</a></nav>
<main>
"""
HTML_TAIL = """</main>
<footer><p>Prices and availability may vary by region.</p></footer>
<script>window.analytics = {{ page: "lumix-landing", section: "{n}" }};</script>
</body>
</html>
"""


# ---------------------------------------------------------------- generators


def _rng(seed: int, name: str, index: int) -> random.Random:
    return random.Random(f"{seed}:{name}:{index}")


SECTION_SLACK = 450  # about half the Markdown size of an average section, in bytes


def document_blocks(writer: CopyWriter, target_bytes: int) -> list[Block]:
    """Title, intro and sections until the rendered Markdown reaches about `target_bytes`."""
    blocks = [writer.title(), writer.paragraph()]
    size = len(render_markdown(blocks).encode("utf-8"))
    # Stop half an average section early, so that file sizes average out at the target.
    while size < target_bytes - SECTION_SLACK:
        section = writer.section()
        blocks.extend(section)
        size += len(render_markdown(section).encode("utf-8")) + len(section)
    return blocks


def generate_files(
    out_dir: Path,
    files: int,
    total_bytes: int,
    density: float,
    error_rate: float = 0.25,
    seed: int = 2022,
    fmt: str = "md",
    per_folder: int = 0,
    name: str = "copy",
) -> Stats:
    """Write `files` documents of about `total_bytes` in all; return what they contain.

    `per_folder` > 0 spreads the files over numbered sub-folders of that many files each.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    stats = Stats()
    average = total_bytes / max(files, 1)
    width = max(4, len(str(files - 1)))  # the same names for a prefix of the corpus
    for index in range(files):
        rng = _rng(seed, name, index)
        writer = CopyWriter(rng, density, error_rate)
        target = int(average * rng.uniform(0.5, 1.5))
        blocks = document_blocks(writer, target)
        if fmt == "html":
            title = html.escape(render_markdown(blocks[:1]).lstrip("# ").strip())
            text = HTML_HEAD.format(title=title) + render_html_body(blocks)
            text += HTML_TAIL.format(n=index)
        else:
            text = render_markdown(blocks)
        folder = out_dir / f"d{index // per_folder:03d}" if per_folder else out_dir
        folder.mkdir(exist_ok=True)
        data = text.encode("utf-8")
        (folder / f"{name}-{index:0{width}d}.{fmt}").write_bytes(data)
        writer.stats.files, writer.stats.bytes = 1, len(data)
        stats.add(writer.stats)
    return stats


def generate_single(
    path: Path,
    target_bytes: int,
    density: float,
    error_rate: float = 0.25,
    seed: int = 2022,
    fmt: str = "md",
) -> Stats:
    """Stream one large document of at least `target_bytes` to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = CopyWriter(_rng(seed, "single", 0), density, error_rate)
    size = 0
    with path.open("w", encoding="utf-8", newline="\n") as handle:

        def emit(text: str) -> None:
            nonlocal size
            handle.write(text)
            size += len(text.encode("utf-8"))

        first = [writer.title(), writer.paragraph()]
        if fmt == "html":
            title = html.escape(render_markdown(first[:1]).lstrip("# ").strip())
            emit(HTML_HEAD.format(title=title) + render_html_body(first))
            tail = HTML_TAIL.format(n=0)
            while size + len(tail) < target_bytes:
                emit("<section>\n" + render_html_body(writer.section()) + "</section>\n")
            emit(tail)
        else:
            emit(render_markdown(first))
            while size < target_bytes:
                emit("\n" + render_markdown(writer.section()))
    writer.stats.files, writer.stats.bytes = 1, size
    return writer.stats


# ---------------------------------------------------------------- presets


@dataclass(frozen=True)
class Preset:
    """A named corpus: many files (`files` > 1) or one big file (`single`)."""

    name: str
    files: int
    total_bytes: int
    density: float
    fmt: str = "md"
    single: bool = False
    per_folder: int = 0
    description: str = ""


PRESETS: dict[str, Preset] = {
    "dense": Preset("dense", 2000, 8 * MB, 1 / 12, description="1 sentence in 12 names a brand"),
    "sparse": Preset("sparse", 2000, 8 * MB, 1 / 500, description="1 sentence in 500"),
    "big-md": Preset("big-md", 1, 50 * MB, 1 / 12, single=True, description="one 50 MB .md"),
    "big-html": Preset(
        "big-html", 1, 50 * MB, 1 / 12, fmt="html", single=True, description="one 50 MB .html"
    ),
    "huge-md": Preset(
        "huge-md", 1, 200 * MB, 1 / 500, single=True, description="one 200 MB .md, sparse"
    ),
    "many-small": Preset(
        "many-small", 10_000, 12 * MB, 1 / 12, per_folder=100, description="10,000 small .md"
    ),
}


def generate_preset(
    preset: Preset,
    out: Path,
    files: int | None = None,
    seed: int = 2022,
    error_rate: float = 0.25,
) -> Stats:
    """Generate a preset into `out` (a folder; for single-file presets the file inside it).

    `files` overrides the file count and scales the total size with it.
    """
    if preset.single:
        return generate_single(
            out / f"{preset.name}.{preset.fmt}",
            preset.total_bytes,
            preset.density,
            error_rate,
            seed,
            preset.fmt,
        )
    count = files or preset.files
    total = preset.total_bytes * count // preset.files
    return generate_files(
        out, count, total, preset.density, error_rate, seed, preset.fmt, preset.per_folder
    )


# A false claim (brand guide A401): only a sentence-level rule finds it, which needs spaCy.
CLAIM_SENTENCE = "Leica and Panasonic formed a joint venture called L² Technology."


def sample_files(out_dir: Path, seed: int = 2022) -> dict[str, Path]:
    """The two cold-start files (clean, with findings) plus one with correct brand names."""
    out_dir.mkdir(parents=True, exist_ok=True)
    made = {}
    for key, density, error_rate in (
        ("one-clean-file", 0.0, 0.0),
        ("one-file-with-findings", 0.3, 0.6),
        ("one-file-correct-brands", 0.3, 0.0),
    ):
        writer = CopyWriter(_rng(seed, key, 0), density, error_rate)
        path = out_dir / f"{key}.md"
        text = render_markdown(document_blocks(writer, 2_000))
        if key == "one-file-with-findings":  # a claim, so the cold start includes spaCy
            text += f"\n{CLAIM_SENTENCE}\n"
        path.write_text(text, encoding="utf-8")
        made[key] = path
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="folder to write into (created if missing)")
    parser.add_argument("--preset", choices=sorted(PRESETS), default="dense")
    parser.add_argument("--files", type=int, help="override the file count (size scales)")
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--error-rate", type=float, default=0.25, help="wrong brand mentions")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    stats = generate_preset(
        PRESETS[args.preset], args.out_dir, args.files, args.seed, args.error_rate
    )
    elapsed = time.perf_counter() - started
    print(json.dumps(asdict(stats)), file=sys.stdout)
    print(
        f"{args.preset}: {stats.files} file(s), {stats.bytes / MB:.1f} MB, "
        f"{stats.brand_sentences} brand sentences ({stats.wrong_sentences} wrong) "
        f"in {elapsed:.1f} s -> {args.out_dir}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
