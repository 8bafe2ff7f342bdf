"""#12 property tests: brand variant forms wrapped in every markup the readers support.

For generated .txt, .md, .html and .docx copy, through the CLI: the fixed file re-reads to the
same skeleton (every source character no prose was read from, in order, except the
delimiters of emphasis whose whole text a fix removed); a second --fix changes nothing;
and no safe-fixable finding is left (a fix verification refused says "(not fixed: <reason>)"
and is no longer offered).
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l2lint.fixverify import prose_coverage
from l2lint.sources import read_text_document
from tests.clirunner import run
from tests.conftest import examples

ARGS = ["check", "--isolated", "--no-cache"]
VARIANTS = [
    ["L2", "technology"],
    ["L-squared", "technology"],
    ["L²", "technology"],
    ["L2", "Technology"],
    ["L-squared", "Technology"],
    ["Lumix"],
    ["leica"],
]
FILLER = ["The", "new", "camera", "copy", "with", "our", "is", "here"]
FORMATTING = re.compile(r"[*_~]+|</?(?:em|b|strong|i|u|s|mark|small)\s*>", re.IGNORECASE)


@st.composite
def wrapped_word(draw, fmt: str, word: str) -> str:
    """One word of a variant form, perhaps inside emphasis, a link, or with its 2 as markup."""
    if fmt == "text":
        return word
    if "-" in word and draw(st.booleans()):  # markup around the part after the hyphen
        head, tail = word.split("-", 1)
        return head + "-" + draw(wrapped_word(fmt, tail))
    if fmt == "markdown":
        kinds = ["plain", "*", "**", "_", "link", "sup"]
    else:
        kinds = ["plain", "em", "b", "link", "sup", "sup2"]
    kind = draw(st.sampled_from(kinds))
    if kind == "sup":
        return word.replace("2", "<sup>2</sup>", 1)
    if kind == "sup2":
        return word.replace("2", "&sup2;", 1).replace("²", "&sup2;", 1)
    if kind == "link":
        return f"[{word}](/u)" if fmt == "markdown" else f'<a href="/u">{word}</a>'
    if kind in ("em", "b"):
        return f"<{kind}>{word}</{kind}>"
    if kind == "plain":
        return word
    return f"{kind}{word}{kind}"


@st.composite
def separator(draw, fmt: str, container: str) -> str:
    """What stands between two words: a space, a no-break space, or a line break."""
    nbsp = {"text": "\u00a0", "markdown": "&nbsp;", "html": "&nbsp;"}[fmt]
    kind = draw(st.sampled_from(["space", "space", "nbsp", "break"]))
    if kind == "nbsp":
        return nbsp
    if kind == "break":
        return "\n" + {"quote": "> ", "item": "  "}.get(container, "")
    return " "


@st.composite
def paragraph(draw, fmt: str) -> str:
    container = draw(st.sampled_from(["plain", "quote", "item"])) if fmt == "markdown" else "plain"
    before = draw(st.lists(st.sampled_from(FILLER), min_size=1, max_size=3))
    variant = draw(st.sampled_from(VARIANTS))
    term = draw(wrapped_word(fmt, variant[0]))
    for word in variant[1:]:
        term += draw(separator(fmt, container)) + draw(wrapped_word(fmt, word))
    term = draw(wrapped_word(fmt, term)) if draw(st.booleans()) else term  # the whole form
    words = [*before, term, *draw(st.lists(st.sampled_from(FILLER), max_size=2))]
    out = words[0]
    for word in words[1:]:
        out += draw(separator(fmt, container)) + word
    out += "."
    if container == "quote":
        out = "> " + out
    elif container == "item":
        out = "- " + out
    if fmt == "html":
        if draw(st.booleans()):
            alt = " ".join(["The", *variant, "camera"])
            return f'<p>{out}</p>\n<img src="a.jpg" alt="{alt}">'
        return f"<p>{out}</p>"
    return out


@st.composite
def document(draw, fmt: str) -> str:
    paragraphs = ["Leica and LUMIX."] + draw(st.lists(paragraph(fmt), min_size=1, max_size=3))
    if fmt == "html":
        paragraphs[0] = "<h1>Leica and LUMIX</h1>"
    text = "\n\n".join(paragraphs) + "\n"
    return text.replace("\n", draw(st.sampled_from(["\n", "\r\n", "\r"])))


def skeleton(text: str, fmt: str) -> str:
    """The source characters no prose was read from, without emphasis delimiters."""
    doc = read_text_document("copy", text, fmt)
    gaps, cursor = [], 0
    for start, end in prose_coverage(doc):
        gaps.append(text[cursor:start])
        cursor = end
    gaps.append(text[cursor:])
    return FORMATTING.sub("", "\x00".join(gaps)).replace("\x00", "")


def _check(fmt: str, ext: str, source: str) -> None:
    folder = Path(tempfile.mkdtemp(prefix="l2lint-prop-"))
    try:
        target = folder / f"copy.{ext}"
        target.write_bytes(source.encode("utf-8"))
        run([*ARGS, "--fix", target.name], cwd=folder)
        fixed = target.read_bytes().decode("utf-8")
        assert skeleton(fixed, fmt) == skeleton(source, fmt), (source, fixed)
        second = run([*ARGS, "--fix", target.name], cwd=folder)
        assert target.read_bytes().decode("utf-8") == fixed, (source, fixed)
        assert "Fixed" not in second.stdout, (source, fixed, second.stdout)
        assert "[*]" not in second.stdout, (source, fixed, second.stdout)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=document("text"))
def test_text_fix_keeps_skeleton_is_idempotent_and_complete(source):
    _check("text", "txt", source)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=document("markdown"))
def test_markdown_fix_keeps_skeleton_is_idempotent_and_complete(source):
    _check("markdown", "md", source)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=document("html"))
def test_html_fix_keeps_skeleton_is_idempotent_and_complete(source):
    _check("html", "html", source)


# -- Word: runs, superscript "2", bold parts ----------------------------------------------


@st.composite
def docx_runs(draw) -> list[tuple[str, str]]:
    """A paragraph as (text, formatting) runs; the variant form split at random places."""
    words = draw(st.lists(st.sampled_from(FILLER), min_size=1, max_size=3))
    variant = draw(st.sampled_from(VARIANTS))
    text = " ".join([*words, *variant, *draw(st.lists(st.sampled_from(FILLER), max_size=2))])
    text += "."
    runs: list[tuple[str, str]] = []
    cuts = sorted(set(draw(st.lists(st.integers(1, len(text) - 1), max_size=4))))
    for start, end in zip([0, *cuts], [*cuts, len(text)], strict=True):
        runs.append((text[start:end], draw(st.sampled_from(["plain", "plain", "bold"]))))
    out: list[tuple[str, str]] = []
    for piece, style in runs:  # a "2" right after "L" may be a superscript run
        parts = re.split(r"(?<=L)(2)", piece)
        for part in parts:
            if part == "2" and draw(st.booleans()):
                out.append(("2", "sup"))
            elif part:
                out.append((part, style))
    return out


def _write_docx(path: Path, paragraphs: list[list[tuple[str, str]]]) -> None:
    from docx import Document as new_docx

    document = new_docx()
    document.add_heading("Leica and LUMIX", level=1)
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        for text, style in runs:
            run_ = paragraph.add_run(text)
            run_.bold = style == "bold" or None
            run_.font.superscript = style == "sup" or None
    document.save(str(path))


def _docx_skeleton(path: Path) -> dict[str, bytes]:
    """Every zip member, with the text of document.xml's w:t elements blanked."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members["word/document.xml"] = re.sub(
        rb"<w:t(?: [^>]*)?>[^<]*</w:t>", b"<w:t/>", members["word/document.xml"]
    )
    return members


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs=st.lists(docx_runs(), min_size=1, max_size=3))
def test_docx_fix_keeps_skeleton_is_idempotent_and_complete(paragraphs):
    folder = Path(tempfile.mkdtemp(prefix="l2lint-prop-"))
    try:
        target = folder / "copy.docx"
        _write_docx(target, paragraphs)
        before = _docx_skeleton(target)
        run([*ARGS, "--fix", target.name], cwd=folder)
        fixed = target.read_bytes()
        assert _docx_skeleton(target) == before, paragraphs
        second = run([*ARGS, "--fix", target.name], cwd=folder)
        assert target.read_bytes() == fixed and "Fixed" not in second.stdout, paragraphs
        assert "[*]" not in second.stdout, (paragraphs, second.stdout)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
