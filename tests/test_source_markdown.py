"""The Markdown reader: which text is prose, and exactly where each character came from."""

from __future__ import annotations

import random
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l2lint import lint_text
from l2lint.document import Document
from l2lint.sources.markdown import read_markdown
from l2lint.sources.markdown import reader as markdown_reader
from l2lint.sources.markdown.chunks import CHUNK_SIZE, split_points
from l2lint.sources.markdown.offsets import Offsets
from tests.conftest import brief, examples
from tests.sourcehelpers import all_prose, assert_exact, source_of, texts, where


def read(text: str, chunk_size: int = CHUNK_SIZE) -> Document:
    doc = read_markdown("doc.md", text, chunk_size=chunk_size)
    assert doc.format == "markdown"
    assert_exact(doc)
    return doc


def test_paragraph_and_soft_line_break_are_one_block():
    doc = read("Built with L2\ntechnology.\n\nSecond paragraph.\n")
    assert texts(doc) == [
        ("paragraph", "Built with L2\ntechnology."),
        ("paragraph", "Second paragraph."),
    ]
    block = doc.blocks[0]
    assert block.source_start(block.text.index("\n")) == 13
    assert where(doc, block, "technology") == (2, 1)
    assert where(doc, doc.blocks[1], "Second") == (4, 1)


def test_headings_atx_and_setext():
    doc = read("# Hello *L²* world ##\n\nSetext **LUMIX**\n---\n")
    assert texts(doc) == [("heading", "Hello L² world"), ("heading", "Setext LUMIX")]
    assert where(doc, doc.blocks[0], "L²") == (1, 10)
    assert where(doc, doc.blocks[1], "LUMIX") == (3, 10)
    assert doc.title == "Hello L² world"


def test_list_items():
    doc = read("- one Leica\n- two\n  continued\n\n1. three\n   * nested\n")
    assert texts(doc) == [
        ("list_item", "one Leica"),
        ("list_item", "two\ncontinued"),
        ("list_item", "three"),
        ("list_item", "nested"),
    ]
    assert where(doc, doc.blocks[0], "Leica") == (1, 7)
    assert where(doc, doc.blocks[1], "continued") == (3, 3)
    assert where(doc, doc.blocks[3], "nested") == (6, 6)


def test_table_cells_each_a_block():
    text = "| Brand | Tech |\n|---|:-:|\n| Lumix | L2 \\| x |\n|`code`| **Lu**mix |\n"
    doc = read(text)
    assert texts(doc) == [
        ("table_cell", "Brand"),
        ("table_cell", "Tech"),
        ("table_cell", "Lumix"),
        ("table_cell", "L2 | x"),
        ("table_cell", "Lumix"),
    ]
    assert where(doc, doc.blocks[2], "Lumix") == (3, 3)
    cell = doc.blocks[3]
    assert [doc.line_col(cell.source_start(i)) for i in range(len(cell.text))] == [
        (3, 11),
        (3, 12),
        (3, 13),
        (3, 15),
        (3, 16),
        (3, 17),
    ]
    assert where(doc, doc.blocks[4], "Lumix") == (4, 12)


def test_block_quote_paragraphs():
    doc = read("> Quote about **Lu**mix\n> and Leica.\n>\n> > Nested L2\n")
    assert texts(doc) == [
        ("blockquote", "Quote about Lumix\nand Leica."),
        ("blockquote", "Nested L2"),
    ]
    assert where(doc, doc.blocks[0], "Leica") == (2, 7)
    assert where(doc, doc.blocks[1], "L2") == (4, 12)


def test_link_text_is_prose_url_is_not():
    doc = read('Visit [the LUMIX site](https://lumix.example/l2-technology "Lumix title") now.\n')
    # the title is copy, as an HTML `title` attribute is (#13)
    assert texts(doc) == [("paragraph", "Visit the LUMIX site now."), ("title_attr", "Lumix title")]
    assert where(doc, doc.blocks[1], "Lumix") == (1, 61)
    assert where(doc, doc.blocks[0], "LUMIX") == (1, 12)
    assert where(doc, doc.blocks[0], "now") == (1, 75)
    assert "l2-technology" not in all_prose(doc)


def test_reference_links_and_definitions():
    doc = read("See [LUMIX][ref] and [Leica].\n\n[ref]: https://x.example/lumix\n[Leica]: /leica\n")
    assert texts(doc) == [("paragraph", "See LUMIX and Leica.")]
    assert where(doc, doc.blocks[0], "and") == (1, 18)


def test_image_alt_text_is_its_own_block():
    doc = read('Look: ![The **Lumix** S5II](lumix-s5ii.jpg "Lumix") here.\n')
    assert texts(doc) == [
        ("paragraph", "Look:   here."),
        ("alt", "The Lumix S5II"),
        ("title_attr", "Lumix"),  # the title is copy too (#13)
    ]
    assert where(doc, doc.blocks[2], "Lumix") == (1, 45)
    alt = doc.blocks[1]
    assert source_of(doc, alt, "Lumix") == "Lumix"
    assert where(doc, alt, "Lumix") == (1, 15)
    assert "lumix-s5ii" not in all_prose(doc)


def test_emphasis_does_not_split_a_word():
    doc = read("The **Lu**mix and *L*2, not snake_case_word.\n")
    block = doc.blocks[0]
    assert block.text == "The Lumix and L2, not snake_case_word."
    start = block.text.index("Lumix")
    assert [block.source_start(start + i) for i in range(5)] == [6, 7, 10, 11, 12]
    assert block.is_verbatim(start, start + 2, doc.source)
    assert source_of(doc, block, "Lumix") == "Lu**mix"


def test_escapes_and_entities_are_decoded_and_span_their_markup():
    doc = read("A \\*star\\* &amp; L&sup2; and L&#178;.\n")
    block = doc.blocks[0]
    assert block.text == "A *star* & L² and L²."
    assert source_of(doc, block, "*star*") == "\\*star\\*"
    assert source_of(doc, block, "&") == "&amp;"
    assert source_of(doc, block, "L²") == "L&sup2;"
    assert not block.is_verbatim(block.text.index("²"), block.text.index("²") + 1, doc.source)


def test_sup_and_sub_html():
    doc = read("Built on L<sup>2</sup> Technology, not L<sub>2</sub>.\n")
    block = doc.blocks[0]
    assert block.text == "Built on L² Technology, not L₂."
    assert source_of(doc, block, "L²") == "L<sup>2</sup>"
    assert source_of(doc, block, "L₂") == "L<sub>2</sub>"


def test_front_matter_yaml_title_and_description_only():
    text = (
        "---\n"
        'title: "LUMIX S5II: the first LUMIX with L² Technology"\n'
        "description: Leica and Panasonic # a comment\n"
        "author: Lumix Team\n"
        "tags: [lumix, leica]\n"
        "---\n"
        "\n"
        "# Heading\n"
    )
    doc = read(text)
    assert texts(doc) == [
        ("title", "LUMIX S5II: the first LUMIX with L² Technology"),
        ("description", "Leica and Panasonic"),
        ("heading", "Heading"),
    ]
    title = doc.blocks[0]
    assert title.source_start(0) == text.index("LUMIX S5II")
    assert title.source_end(len(title.text)) == text.index('"\ndescription')
    assert doc.title == "LUMIX S5II: the first LUMIX with L² Technology"
    assert "Team" not in all_prose(doc)
    assert "author" not in all_prose(doc)


def test_front_matter_yaml_escapes_and_block_scalars():
    text = "---\ntitle: 'It''s L² Technology'\ndescription: >\n  Folded Lumix\n  text\n---\n"
    doc = read(text)
    assert texts(doc) == [
        ("title", "It's L² Technology"),
        ("description", "Folded Lumix text"),
    ]
    assert where(doc, doc.blocks[1], "Lumix") == (4, 10)


def test_front_matter_toml():
    text = '+++\ntitle = "L2 \\u00b2 Technology"\ndate = 2023-01-04\n+++\n\nBody Lumix.\n'
    doc = read(text)
    assert texts(doc) == [("title", "L2 ² Technology"), ("paragraph", "Body Lumix.")]
    assert doc.blocks[0].source_start(0) == text.index("L2 ")
    assert source_of(doc, doc.blocks[0], "²") == "\\u00b2"
    assert where(doc, doc.blocks[1], "Lumix") == (6, 6)


def test_code_urls_autolinks_and_html_attributes_are_not_prose():
    text = (
        "Run `lumix --secret1` now.\n"
        "\n"
        "```bash\n"
        "lumix secret2\n"
        "```\n"
        "\n"
        "    indented secret3\n"
        "\n"
        "Mail <https://secret4.example/lumix> or <secret5@example.com>.\n"
        "\n"
        'A <span class="secret6" data-x="Lumix">Leica</span> span.\n'
        "\n"
        "[link](https://secret7.example)\n"
    )
    doc = read(text)
    assert texts(doc) == [
        ("paragraph", "Run   now."),
        ("paragraph", "Mail   or  ."),
        ("paragraph", "A Leica span."),
        ("paragraph", "link"),
    ]
    assert "secret" not in all_prose(doc)
    run = doc.blocks[0]
    code = len("Run ")
    assert run.source_span(code, code + 1) == (4, 21)
    assert doc.source[4:21] == "`lumix --secret1`"


def test_inline_code_keeps_words_apart():
    doc = read("foo`x`bar\n")
    assert doc.blocks[0].text == "foo bar"


def test_raw_html_text_between_tags_is_read():
    text = '<div class="Lumix">\n<p>Leica <b>LUMIX</b></p>\n</div>\n\nInline <b>x</b>y.\n'
    doc = read(text)
    assert texts(doc) == [("paragraph", "Leica LUMIX"), ("paragraph", "Inline xy.")]
    assert where(doc, doc.blocks[0], "LUMIX") == (2, 13)


def test_raw_html_block_inside_a_block_quote():
    doc = read("> <div>\n> Lumix <i>L2</i>\n> Leica\n> </div>\n")
    assert texts(doc) == [("paragraph", "Lumix L2\nLeica")]
    assert where(doc, doc.blocks[0], "Leica") == (3, 3)
    assert ">" not in doc.blocks[0].text


def test_html_comments_are_recorded():
    text = "<!-- l2lint-disable B201 -->\nLumix text <!-- l2lint-enable -->\n"
    doc = read(text)
    assert doc.comments == [
        (0, 28, " l2lint-disable B201 "),
        (40, 62, " l2lint-enable "),
    ]
    assert texts(doc) == [("paragraph", "Lumix text")]


def test_comments_as_html_and_commonmark_0_31_read_them():
    """`<!-->` and comments holding `--` are comments in HTML and CommonMark 0.31 (they were
    text in CommonMark 0.30)."""
    text = "Lumix <!-- note -- *x* `y` -->more <!--> Leica <!-- a --\nb -->c\n"
    doc = read(text)
    assert texts(doc) == [("paragraph", "Lumix more  Leica c")]
    assert doc.comments == [
        (6, text.index("more"), " note -- *x* `y` "),
        (text.index("<!-->"), text.index("<!-->") + 5, ""),
        (text.index("<!-- a"), text.index("c\n"), " a --\nb "),
    ]
    assert where(doc, doc.blocks[0], "Leica") == (1, text.index("Leica") + 1)


def test_crlf_line_endings():
    text = "---\r\ntitle: Lumix\r\n---\r\n# Head\r\n\r\nL2\r\ntechnology <!-- c -->\r\n"
    doc = read(text)
    assert texts(doc) == [
        ("title", "Lumix"),
        ("heading", "Head"),
        ("paragraph", "L2\ntechnology"),
    ]
    block = doc.blocks[2]
    assert doc.source[block.source_start(2)] == "\n"
    assert where(doc, block, "technology") == (7, 1)
    assert doc.comments == [
        (len("---\r\ntitle: Lumix\r\n---\r\n# Head\r\n\r\nL2\r\ntechnology "), len(text) - 2, " c ")
    ]


def test_title_falls_back_to_first_heading():
    assert read("Intro.\n\n## Lumix S5II\n\n# Later\n").title == "Lumix S5II"
    assert read("No heading.\n").title is None


def test_odd_input_never_raises():
    for text in [
        "",
        "\n\n",
        "[unclosed link](http://x",
        "![alt without end",
        "`unclosed code",
        "<!-- unterminated comment",
        "| a |\n|---|\n| b | c | d |",
        "> - > 1. deep `x`\n>   cont",
        "\u00a0\nL2\u00a0technology",
        "\t> tab\tquote\n\t- tab item",
        "a\rb\rc",
        '---\ntitle: "unterminated\n---\n',
        "x\x00y",
    ]:
        read(text)


def test_press_release_sample(samples_dir):
    path = samples_dir / "press-release-s5ii.md"
    doc = read(path.read_text("utf-8"))
    assert [b.text for b in doc.blocks] == [
        "LUMIX S5II: the first LUMIX with L² Technology",
        "Panasonic introduces the LUMIX S5II with L² Technology",
        "Osaka, Japan, 4 January 2023. Panasonic today announced the LUMIX S5II, a\n"
        "full-frame mirrorless camera and the first LUMIX built with L2 technology, the\n"
        "result of the collaboration between Leica Camera AG and Panasonic.",
        'L² Technology (L squared Technology) fuses the two "L"s of Leica and LUMIX.\n'
        "It is a joint development agreement: there is no merger, and each company\n"
        "keeps its own brand.",
        "The new Image Engine with L² technology delivers approximately 2x faster\n"
        "signal processing. Combined with the Lumix S 20-60mm kit lens and the wide\n"
        "range of L mount lenses, the S5II is ready for stills and video.",
        "Some outlets described the deal as a Leica-Panasonic merger; it is not one.",
        "Learn more at the LUMIX site\nor write to press@lumix-example.com.",
    ]
    assert [b.kind for b in doc.blocks][:3] == ["title", "heading", "paragraph"]
    assert doc.title == "LUMIX S5II: the first LUMIX with L² Technology"
    assert where(doc, doc.blocks[0], "L²") == (2, 42)
    assert where(doc, doc.blocks[2], "L2 technology") == (10, 61)
    assert where(doc, doc.blocks[4], "Lumix") == (18, 38)
    assert where(doc, doc.blocks[6], "LUMIX site") == (28, 20)
    assert "firmware" not in all_prose(doc)
    assert "panasonic.com" not in all_prose(doc)


_PIECES = st.sampled_from(
    list("ab L2²é😀\ud800\n\r\t*_`[]()<>!#|-=\\&;:\"'/~")
    + [
        "<sup>",
        "</sup>",
        "<b>",
        "<!--",
        "-->",
        "<!-->",
        "--",
        "&amp;",
        "```",
        "    ",
        "- ",
        "> ",
        "1. ",
    ]
    + ["| a | b |\n|---|---|\n", "<div>", "](", "http://x", "---\n", "+++\n", "title: "]
)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_input_reads_with_an_exact_map(text):
    read(text)


# --------------------------------------------------------------------------- byte offsets


@pytest.mark.parametrize(
    "before",
    [
        "Été ² 😀 — ",  # a few non-ASCII characters: the offsets table
        "日本語の😀テキスト、" * 40,  # mostly non-ASCII: the decoding cursor
    ],
)
def test_non_ascii_text_before_a_finding(before):
    """The parser maps events in UTF-8 bytes; positions are in characters."""
    text = (
        f"# {before}the **Lu**mix\n"
        "\n"
        f"{before}[the Lumix site](https://é.example/😀) and `😀` L&sup2; Lumix.\n"
        "\n"
        f"| {before} | 😀 Lumix |\n"
        "|---|---|\n"
        "\n"
        f"> {before}\n"
        "> Lumix\n"
    )
    doc = read(text)
    heading, paragraph, _, cell, quote = doc.blocks
    assert source_of(doc, heading, "Lumix") == "Lu**mix"
    assert where(doc, heading, "Lumix") == (1, 3 + len(before) + 4 + 2)
    assert where(doc, paragraph, "Lumix") == (3, len(before) + 6)
    column = text.splitlines()[2].index("L&sup2;") + 1
    assert where(doc, paragraph, "L²") == (3, column)
    assert where(doc, paragraph, "Lumix.") == (3, column + len("L&sup2; "))
    assert where(doc, cell, "Lumix") == (5, len(before) + 8)
    assert where(doc, quote, "Lumix") == (9, 3)
    n = len(before)
    assert [(f.code, f.start.line, f.start.column) for f in lint_text(text, "doc.md")] == [
        ("B201", 1, n + 9),
        ("B201", 3, n + 6),
        ("T104", 3, n + 47),
        ("B201", 3, n + 55),
        ("B201", 5, n + 8),
        ("B201", 9, 3),
    ]


@settings(max_examples=examples(200), deadline=None)
@given(st.text(st.sampled_from("a \n²é日😀\u0800"), max_size=300), st.randoms())
def test_byte_offsets_become_character_offsets(text, rnd):
    at = Offsets(text)
    data = text.encode("utf-8")
    boundaries = [i for i in range(len(data) + 1) if i == len(data) or data[i] & 0xC0 != 0x80]
    rnd.shuffle(boundaries)  # the cursor must also go backwards
    for offset in boundaries:
        assert at(offset) == len(data[:offset].decode("utf-8"))


# --------------------------------------------------------------------------- large files


def _paragraph(rng: random.Random, n: int) -> str:
    words = ["Leica", "camera", "lens", "sensor", "Panasonic", "é", "²", "video", "light"]
    return f"Paragraph {n} about " + " ".join(rng.choice(words) for _ in range(40)) + ".\n"


def _big_document() -> str:
    """About 3 MB: a code fence and an HTML comment with blank lines inside lie across the
    places a 1 MB chunk would end; marker words sit in the later chunks."""
    rng = random.Random(2022)
    inner = "".join(f"Secret{k} line\n\n" for k in range(1000))
    special = {990_000: f"```text\n{inner}```\n", 1_990_000: f"<!--\n{inner}-->\n"}
    parts, size, n = [], 0, 0
    while size < 3_000_000:
        n += 1
        if special and size >= min(special):
            piece = special.pop(min(special))
        elif n % 1000 == 0:
            piece = f"- Marker{n} in a list, with **Lu**mix\n"
        else:
            piece = _paragraph(rng, n)
        parts.append(piece + "\n")
        size += len(parts[-1])
    return "".join(parts)


def test_large_document_is_parsed_in_chunks_with_exact_positions():
    text = _big_document()
    cuts = split_points(text, 0, CHUNK_SIZE)
    assert len(cuts) >= 2
    fence, comment = text.index("```text"), text.index("<!--")
    assert fence < CHUNK_SIZE < text.index("```\n", fence + 8)  # straddles a cut point
    assert comment < 2 * CHUNK_SIZE < text.index("-->", comment)
    assert not any(fence < cut < text.index("```\n", fence + 8) for cut in cuts)
    assert not any(comment < cut < text.index("-->", comment) for cut in cuts)
    with mock.patch.object(markdown_reader, "parse", wraps=markdown_reader.parse) as parse:
        doc = read_markdown("doc.md", text)
    assert parse.call_count == len(cuts) + 1
    assert "Secret" not in all_prose(doc)
    assert len(doc.comments) == 1 and doc.comments[0][0] == comment
    markers = [b for b in doc.blocks if b.text.startswith("Marker")]
    assert len(markers) == text.count("- Marker")
    for block in markers[-3:]:
        word = block.text.split()[0]
        assert block.source_start(0) == text.index(f"- {word} ") + 2
        assert doc.line_col(block.source_start(0)) == doc.line_col(text.index(word))
        assert source_of(doc, block, "Lumix") == "Lu**mix"
    last = doc.blocks[-1]
    assert last.source_start(0) == text.rindex("Paragraph ")
    assert_exact(Document("doc.md", text, markers + doc.blocks[-50:]))
    whole = read_markdown("doc.md", text, chunk_size=len(text))
    assert _snapshot(whole) == _snapshot(doc)


def _snapshot(doc: Document) -> tuple:
    blocks = [(b.kind, b.text, b.segments) for b in doc.blocks]
    return blocks, doc.comments, doc.title


_CHUNK_PIECES = st.sampled_from(
    list("ab L²é\n\t*_`[]()<>!#|-=\\&;:\"'/~")
    + ["<sup>", "</sup>", "<!--", "-->", "&amp;", "```", "~~~", "    ", "- ", "> ", "1. "]
    + ["| a | b |\n|---|---|\n", "<div>", "</div>", "<script>", "</script>", "<pre>"]
    + ["<?", "?>", "<!X", "<![CDATA[", "]]>", "](", "http://x", "---\n", " ---\n", "+++\n"]
    + ["title: ", "\n\n", "\n\nword", "\n\n```\n", "\n\n<!--\n", "\r\n", "\r", "  \n"]
)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(_CHUNK_PIECES, max_size=60).map("".join), st.integers(1, 40))
def test_chunks_read_like_one_parse(text, size):
    """Cut at every place the scanner allows, a document reads the same (no reference
    definitions here: those do not resolve across chunks)."""
    whole = read_markdown("doc.md", text, chunk_size=len(text) + 1)
    chunked = read_markdown("doc.md", text, chunk_size=size)
    assert _snapshot(chunked) == _snapshot(whole)


def test_a_chunk_cut_inside_a_block_is_parsed_again_with_the_next():
    """A ``` line inside an HTML block misleads the fence scanner; the parser's tree shows
    the real fence running into the chunk's end, so the chunk is merged with the next."""
    text = "<div>\n```\n</div>\n\nOne.\n\n```\ncode\n\nsecret\n```\n\nTwo Lumix.\n"
    assert text.index("secret") in split_points(text, 0, 1)  # a wrong cut
    doc = read(text, chunk_size=1)
    assert texts(doc) == [("paragraph", "```"), ("paragraph", "One."), ("paragraph", "Two Lumix.")]
    assert where(doc, doc.blocks[2], "Lumix") == (13, 5)
    assert _snapshot(doc) == _snapshot(read(text))


def test_footnotes_read_the_same_when_their_definitions_are_in_another_chunk():
    text = "The S5II[^lumix-1] is out.\n\nMore text.\n\n[^lumix-1]: The Lumix note.\n"
    whole = read(text)
    assert texts(whole) == [
        ("paragraph", "The S5II is out."),
        ("paragraph", "More text."),
        ("footnote", "The Lumix note."),
    ]
    assert len(split_points(text, 0, 1)) == 2
    assert _snapshot(read(text, chunk_size=1)) == _snapshot(whole)


# --------------------------------------------------------------------------- odd input


def test_lone_surrogates_are_read_in_place():
    text = "Lumix \ud800 and L2 technology \udfff.\n\n- L\udc00 Leica\n"
    doc = read(text)
    assert texts(doc) == [
        ("paragraph", "Lumix \ud800 and L2 technology \udfff."),
        ("list_item", "L\udc00 Leica"),
    ]
    assert where(doc, doc.blocks[1], "Leica") == (3, 6)
    assert brief(lint_text(text, "doc.md"))[0] == ("B201", 1, 1, 1, 6, "Lumix")


# --------------------------------------------------------------------------- GFM and nesting


def test_footnotes_task_lists_strikethrough_and_email_autolinks():
    text = (
        "- [x] Done with ~~the Lumix~~ it[^lumix-1].\n"
        "- [ ] Mail <press@lumix.example> now.\n"
        "\n"
        "[^lumix-1]: The *Lumix* note\n"
        "    goes on.\n"
    )
    doc = read(text)
    assert texts(doc) == [
        ("list_item", "Done with the Lumix it."),
        ("list_item", "Mail   now."),
        ("footnote", "The Lumix note\ngoes on."),
    ]
    assert where(doc, doc.blocks[0], "Lumix") == (1, 23)
    assert where(doc, doc.blocks[0], "it.") == (1, 31)
    assert where(doc, doc.blocks[2], "Lumix") == (4, 18)
    assert where(doc, doc.blocks[2], "goes") == (5, 5)


def test_inline_code_like_html_reads_as_one_space_over_its_element():
    text = "Use <code>Lumix</code> and <kbd>*Lumix*</kbd>.\n"
    doc = read(text)
    assert texts(doc) == [("paragraph", "Use   and  .")]
    block = doc.blocks[0]
    assert block.source_span(4, 5) == (4, 22)
    assert doc.source[4:22] == "<code>Lumix</code>"


@pytest.mark.parametrize(
    "prefix", ["- " * 10_000, "> " * 10_000, "* > " * 5_000, "1. " * 10_000, "> - " * 5_000]
)
def test_nesting_depth_is_not_limited_by_recursion(prefix):
    doc = read(prefix + "The **Lu**mix S5II.\n")
    assert [b.text for b in doc.blocks] == ["The Lumix S5II."]
    assert source_of(doc, doc.blocks[0], "Lumix") == "Lu**mix"
    assert where(doc, doc.blocks[0], "Lumix") == (1, len(prefix) + 7)


@pytest.mark.parametrize(
    ("text", "comments"),
    [
        ("<!--\ra", [(0, 6, "\ra")]),  # found by the exact-map property
        ("<!--\r\ra -->\r", [(0, 11, "\r\ra ")]),
        ("<!--\r\na", [(0, 7, "\r\na")]),
    ],
)
def test_an_html_block_keeps_lone_cr_line_endings(text, comments):
    assert read(text).comments == comments
