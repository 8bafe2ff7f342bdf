"""Adversarial inputs at 1, 10 and 100 kB: does l2lint's time grow linearly with size?

Usage: python benchmarks/adversarial.py [--sizes 1,10,100] [--case NAME ...] [--timeout S]

Each (case, size) runs in a fresh child process, which reads, lints and applies
suppressions to one file through `l2lint.api.lint_paths` (the path the CLI takes) and
prints the seconds that took; rule-pack loading, spaCy start-up and a first run of the
same case at 1 kB (first use of a reader or rule) are done before the clock starts. The
table gives seconds per size and the ratio of the two largest sizes: linear work gives
about 10 for 100 kB / 10 kB, quadratic about 100. Sizes are in
kB = 1,000 characters. Cases: the long runs and long sentences of #14 (a space-free
run in a block with a URL or file-name hint elsewhere, a claim sentence without
punctuation) and the quadratic inputs of #22.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SLUG_WORDS = ["leica", "lumix", "s5ii", "l2", "technology", "panasonic", "l-mount", "review"]


def _repeat(unit: str) -> Callable[[int], str]:
    def make(size: int) -> str:
        return (unit * (size // len(unit) + 1))[:size] + "\n"

    return make


def _lines(make_line: Callable[[int], str]) -> Callable[[int], str]:
    def make(size: int) -> str:
        parts, total, i = [], 0, 0
        while total < size:
            line = make_line(i)
            parts.append(line)
            total += len(line)
            i += 1
        return "".join(parts)

    return make


# name -> (file suffix, text of about `size` characters)
CASES: dict[str, tuple[str, Callable[[int], str]]] = {
    "letters": (".txt", _repeat("a")),
    "digits": (".txt", _repeat("0123456789")),
    "hyphens": (".txt", _repeat("-")),
    "dots": (".txt", _repeat(".")),
    "L": (".txt", _repeat("L")),
    "2": (".txt", _repeat("2")),
    "Leica-": (".txt", _repeat("Leica-")),
    "Leica-Panasonic-": (".txt", _repeat("Leica-Panasonic-")),
    "keyword slug": (".txt", _repeat("-".join(SLUG_WORDS) + "-")),
    "keyword slug after 'Keywords: '": (
        ".txt",
        lambda size: "Keywords: " + _repeat("-".join(SLUG_WORDS) + "-")(size - 10),
    ),
    "dotted slug": (".txt", _repeat("leica.lumix.l2.")),
    "'Lumix.'*N": (".txt", _repeat("Lumix.")),
    "'Lumix:'*N": (".txt", _repeat("Lumix:")),
    "'#Lumix'*N": (".txt", _repeat("#Lumix")),
    "'Lumix/'*N": (".txt", _repeat("Lumix/")),
    "sentence, no punctuation": (
        ".txt",
        _repeat("the new camera with the Leica lens and a LUMIX body and L2 technology and "),
    ),
    "claim sentence, no punctuation": (".txt", _repeat("Leica and LUMIX merged and ")),
    "many candidates, one block": (".txt", _repeat("Lumix L2 technology leica LUMIX Leica ")),
    "price export (#22)": (".txt", _lines(lambda i: f"Lumix S5II,{i},1999.00\n")),
    '"Lumix "*N (#22)': (".txt", _repeat("Lumix ")),
    "Leica Geosystems (#22)": (".txt", _repeat("Leica Geosystems Leica ")),
    "merger claims (#22)": (".txt", _repeat("Leica and LUMIX merged. ")),
    "disable-next-line (#22)": (
        ".md",
        _lines(lambda i: "<!-- l2lint-disable-next-line B201 -->\nThe Lumix S5II.\n\n"),
    ),
    "spaces in a directive comment": (
        ".md",
        lambda size: "<!-- l2lint-disable" + " " * size + "! -->\nThe Lumix S5II.\n",
    ),
    "unclosed '<' repeated": (".md", _repeat("<")),
    "text between table cells (#22)": (
        ".html",
        lambda size: "<p>LUMIX</p><table><tr>" + "plain text <td>cell</td>" * (size // 24),
    ),
    "long list after a brand intro": (
        ".md",
        lambda size: "Leica notes:\n\n" + _repeat("- about L2 technology\n")(size),
    ),
    "deep HTML nesting": (".html", lambda size: "<div>" * (size // 5) + "The Lumix S5II."),
}


def _child(case: str, size: int) -> None:
    """Lint one generated file in this process and print the seconds it took."""
    from l2lint.api import default_linter, lint_paths, lint_text
    from l2lint.filecheck import Options

    suffix, make = CASES[case]
    linter = default_linter()
    warm = "The Lumix S5II from Leica. Leica and LUMIX merged. Powered by L2 technology."
    lint_text(warm, linter=linter)  # load packs, compile patterns, start spaCy
    with tempfile.TemporaryDirectory() as tmp:
        warm_path = Path(tmp) / f"warm{suffix}"  # first use of this reader and these rules
        warm_path.write_text(make(1000), encoding="utf-8")
        lint_paths([str(warm_path)], linter=linter, options=Options())
        path = Path(tmp) / f"input{suffix}"
        path.write_text(make(size), encoding="utf-8")
        start = time.perf_counter()
        result = lint_paths([str(path)], linter=linter, options=Options())
        elapsed = time.perf_counter() - start
    status = "error" if result.errors else f"{len(result.findings)} findings"
    print(f"{elapsed:.4f} {status}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100", help="kB, comma-separated")
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="repeatable")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per run")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child[0], int(args.child[1]))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    cases = args.case or list(CASES)
    header = [
        "case",
        *(f"{s} kB (s)" for s in sizes),
        f"{sizes[-1]}/{sizes[-2]}" if len(sizes) > 1 else "ratio",
    ]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for case in cases:
        times: list[float | None] = []
        cells = []
        for size in sizes:
            try:
                proc = subprocess.run(
                    [sys.executable, __file__, "--child", case, str(size * 1000)],
                    capture_output=True,
                    text=True,
                    timeout=args.timeout,
                )
            except subprocess.TimeoutExpired:
                times.append(None)
                cells.append(f"timeout ({args.timeout:g})")
                continue
            if proc.returncode != 0:
                times.append(None)
                last = (proc.stderr.strip().splitlines() or ["?"])[-1]
                cells.append(f"failed: {last[:60]}")
                continue
            seconds, status = proc.stdout.split(" ", 1)
            times.append(float(seconds))
            cells.append(f"{float(seconds):.3f} ({status.strip()})")
        ratio = "—"
        if len(times) > 1 and times[-1] is not None and times[-2]:
            ratio = f"{times[-1] / times[-2]:.1f}"
        print(f"| {case} | " + " | ".join(cells) + f" | {ratio} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
