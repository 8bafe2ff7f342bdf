"""The MDX reader: JSX, props, ESM and expressions are not prose; component children are."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from l2lint.sources.mdx import read_mdx
from tests.clirunner import run
from tests.sourcehelpers import assert_exact, texts, where

MDX = """\
import { Card } from "./card"
export const meta = {
  title: "Lumix",
}

<Card title="Lumix" count={3}>
  <Card.Body>
        Lumix in a nested component is prose, not code.
  </Card.Body>
</Card>

Text {`Lumix ${x}`} then <Tag name='Lumix' />Lumix, `Lumix` code, <>Lumix</> end.

{/* l2lint-disable-next-line B201 */}
Lumix here is suppressed.

export const Lumix = "an ESM line, however it reads"
"""


def test_only_prose_is_read_and_maps_back():
    doc = read_mdx("a.mdx", MDX)
    assert texts(doc) == [
        ("paragraph", "Lumix in a nested component is prose, not code."),
        ("paragraph", "Text  then Lumix,   code, Lumix end."),  # code spans blanked
        ("paragraph", "Lumix here is suppressed."),
    ]
    assert where(doc, doc.blocks[0], "Lumix") == (8, 9)
    assert where(doc, doc.blocks[1], "Lumix") == (12, 46)
    assert where(doc, doc.blocks[1], "Lumix end") == (12, 69)
    assert doc.comments == [(281, 318, " l2lint-disable-next-line B201 ")]
    assert_exact_but_comments(doc)


def assert_exact_but_comments(doc):
    comments, doc.comments = doc.comments, []
    assert_exact(doc)
    doc.comments = comments


def test_cli_positions_suppression_and_fix(tmp_path):
    path = tmp_path / "a.mdx"
    path.write_text(MDX, "utf-8")
    result = run(["check", "--isolated", "--select", "B201", str(path)])
    assert result.stdout.splitlines()[:-1] == [
        f"{path}:8:9: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]",
        f"{path}:12:46: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]",
        f"{path}:12:69: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]",
    ]
    run(["check", "--isolated", "--select", "B201", "--fix", str(path)])
    assert path.read_text("utf-8") == MDX.replace(
        "        Lumix in a", "        LUMIX in a"
    ).replace("/>Lumix,", "/>LUMIX,").replace("<>Lumix</>", "<>LUMIX</>")


def test_unclosed_jsx_is_read_as_text_with_a_notice(tmp_path):
    doc = read_mdx("a.mdx", 'Lumix one.\n\n<Card title="Lumix\n\nLumix {two.\n')
    assert texts(doc) == [
        ("paragraph", "Lumix one."),
        ("paragraph", '<Card title="Lumix'),
        ("paragraph", "Lumix {two."),
    ]
    assert doc.notices == ["line 3: a JSX tag or {expression} is never closed; read as text"]
    (tmp_path / "a.mdx").write_text("Leica and Lumix {one\n", "utf-8")
    result = run(["check", "--isolated", "a.mdx"], cwd=tmp_path)
    assert result.stdout.startswith("a.mdx:1:11: B201 ")
    assert result.stderr == (
        "l2lint: notice: a.mdx: line 1: a JSX tag or {expression} is never closed; read as text\n"
    )


def test_a_line_of_many_tags_and_expressions_is_read_in_linear_time():
    """Thousands of components on one line: no recursion, every one hidden."""
    line = "<B>Lumix</B>{x}" * 20_000
    doc = read_mdx("a.mdx", line + "\n")
    assert doc.blocks[0].text == "Lumix" * 20_000


def test_comments_and_strings_inside_expressions():
    doc = read_mdx("a.mdx", "A {/* don't } */ 'x}'} Lumix {`}`} B\n")
    assert texts(doc) == [("paragraph", "A  Lumix  B")]


_WORDS = st.lists(
    st.sampled_from(["Lumix", "Leica", "<B>", "</B>", "{x}", "<I/>", "**", "word", " ", "\n"]),
    max_size=30,
)


@given(_WORDS)
def test_every_prose_character_is_the_source_character(parts):
    doc = read_mdx("a.mdx", "".join(parts))
    assert_exact(doc)


def test_the_readme_never_maps_mdx_to_another_reader():
    """MDX has its own reader: read as Markdown, `import Lumix from …` would be prose
    and --fix would break it (#20)."""
    import re

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert not re.search(r"mdx\s*=\s*\"(?!mdx\")|mdx:(?!mdx\b)[a-z]+", readme)
    assert 'vim.filetype.add({ extension = { mdx = "mdx"' in readme
