"""The Markdown reader: which text is prose, and exactly where each character came from."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from l2lint.document import Block, Document
from l2lint.sources.markdown import read_markdown


def assert_exact(doc: Document) -> None:
    """Every character the map calls verbatim is the source character it points at."""
    for block in doc.blocks:
        for i, ch in enumerate(block.text):
            seg = block.segments[block._segment_index(i)]
            if seg.linear:
                assert doc.source[block.source_start(i)] == ch, (block.text, i)


def read(text: str) -> Document:
    doc = read_markdown("doc.md", text)
    assert doc.format == "markdown"
    assert_exact(doc)
    return doc


def texts(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in doc.blocks]


def source_of(doc: Document, block: Block, word: str) -> str:
    """The source text the prose `word` (first occurrence in the block) maps to."""
    i = block.text.index(word)
    return doc.source[block.source_start(i) : block.source_end(i + len(word))]


def where(doc: Document, block: Block, word: str) -> tuple[int, int]:
    return doc.line_col(block.source_start(block.text.index(word)))


def all_prose(doc: Document) -> str:
    return "\n".join(b.text for b in doc.blocks)


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
    assert texts(doc) == [("paragraph", "Visit the LUMIX site now.")]
    assert where(doc, doc.blocks[0], "LUMIX") == (1, 12)
    assert where(doc, doc.blocks[0], "now") == (1, 75)
    assert "l2-technology" not in all_prose(doc)


def test_reference_links_and_definitions():
    doc = read("See [LUMIX][ref] and [Leica].\n\n[ref]: https://x.example/lumix\n[Leica]: /leica\n")
    assert texts(doc) == [("paragraph", "See LUMIX and Leica.")]
    assert where(doc, doc.blocks[0], "and") == (1, 18)


def test_image_alt_text_is_its_own_block():
    doc = read('Look: ![The **Lumix** S5II](lumix-s5ii.jpg "Lumix") here.\n')
    assert texts(doc) == [("paragraph", "Look:   here."), ("alt", "The Lumix S5II")]
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
    list("ab L2²\n\r\t*_`[]()<>!#|-=\\&;:\"'/")
    + ["<sup>", "</sup>", "<b>", "<!--", "-->", "&amp;", "```", "    ", "- ", "> ", "1. "]
    + ["| a | b |\n|---|---|\n", "<div>", "](", "http://x", "---\n", "+++\n", "title: "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_input_reads_with_an_exact_map(text):
    read(text)
