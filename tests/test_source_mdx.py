"""The MDX reader: JSX, props, ESM and expressions are not prose; component children are."""

from __future__ import annotations

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
        f"{path}:8:9: B201 Write 'LUMIX' in capitals, not 'Lumix'. [*]",
        f"{path}:12:46: B201 Write 'LUMIX' in capitals, not 'Lumix'. [*]",
        f"{path}:12:69: B201 Write 'LUMIX' in capitals, not 'Lumix'. [*]",
    ]
    run(["check", "--isolated", "--select", "B201", "--fix", str(path)])
    assert path.read_text("utf-8") == MDX.replace(
        "        Lumix in a", "        LUMIX in a"
    ).replace("/>Lumix,", "/>LUMIX,").replace("<>Lumix</>", "<>LUMIX</>")


def test_unclosed_jsx_hides_the_rest_without_error():
    doc = read_mdx("a.mdx", 'Lumix one.\n\n<Card title="Lumix\n\nLumix two.\n')
    assert texts(doc) == [("paragraph", "Lumix one.")]


_WORDS = st.lists(
    st.sampled_from(["Lumix", "Leica", "<B>", "</B>", "{x}", "<I/>", "**", "word", " ", "\n"]),
    max_size=30,
)


@given(_WORDS)
def test_every_prose_character_is_the_source_character(parts):
    doc = read_mdx("a.mdx", "".join(parts))
    assert_exact(doc)
