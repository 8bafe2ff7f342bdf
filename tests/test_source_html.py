"""The HTML reader: text nodes and alt/title attributes, with exact source positions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from l2lint.document import Document
from l2lint.sources.html import read_html, read_html_fragment
from tests.conftest import examples
from tests.sourcehelpers import all_prose, assert_exact, source_of, texts, where


def read(text: str) -> Document:
    doc = read_html("page.html", text)
    assert doc.format == "html"
    assert_exact(doc)
    return doc


def test_text_title_and_headings():
    text = (
        "<html><head><title>Leica &amp; LUMIX</title></head>\n"
        "<body><h1>L2 Technology</h1><p>Body text.</p></body></html>"
    )
    doc = read(text)
    assert texts(doc) == [
        ("title", "Leica & LUMIX"),
        ("heading", "L2 Technology"),
        ("paragraph", "Body text."),
    ]
    assert doc.title == "Leica & LUMIX"
    assert where(doc, doc.blocks[1], "Technology") == (2, 14)


def test_title_falls_back_to_first_h1():
    doc = read("<h2>Sub</h2><h1>Main Lumix</h1><h1>Other</h1>")
    assert doc.title == "Main Lumix"
    assert read("<p>No heading</p>").title is None


def test_alt_and_title_attributes_are_blocks_mapped_exactly():
    text = (
        '<p>See <img src="lumix.jpg" alt="The Lumix S5II"> and '
        '<abbr title="L squared">L²</abbr></p>'
    )
    doc = read(text)
    assert texts(doc) == [
        ("paragraph", "See   and L²"),
        ("alt", "The Lumix S5II"),
        ("title_attr", "L squared"),
    ]
    alt = doc.blocks[1]
    assert alt.source_start(0) == text.index("The Lumix")
    assert source_of(doc, alt, "Lumix") == "Lumix"
    assert doc.blocks[2].source_start(0) == text.index("L squared")
    assert "lumix.jpg" not in all_prose(doc)


def test_attribute_values_decode_entities_and_other_attributes_are_skipped():
    text = "<img alt='L&sup2; Technology' data-brand=\"Lumix\" class=Leica title=Leica>"
    doc = read(text)
    assert texts(doc) == [("alt", "L² Technology"), ("title_attr", "Leica")]
    assert source_of(doc, doc.blocks[0], "L²") == "L&sup2;"
    assert doc.blocks[1].source_start(0) == text.rindex("Leica")


def test_entities_are_decoded_as_non_verbatim_segments():
    text = "<p>L&sup2; a&nbsp;b L&#178; L&#xB2; R&amp;D &copy &bogus;</p>"
    doc = read(text)
    block = doc.blocks[0]
    assert block.text == "L² a\u00a0b L² L² R&D © &bogus;"
    assert source_of(doc, block, "\u00a0") == "&nbsp;"
    assert source_of(doc, block, "L² L²") == "L&#178; L&#xB2;"
    assert source_of(doc, block, "&D") == "&amp;D"
    assert source_of(doc, block, "&bogus;") == "&bogus;"
    i = block.text.index("²")
    assert not block.is_verbatim(i, i + 1, doc.source)
    assert block.is_verbatim(0, 1, doc.source)


def test_sup_and_sub_elements():
    text = "<p>L<sup>2</sup> Technology and L<sub>2</sub>, x<sup>TM</sup></p>"
    doc = read(text)
    block = doc.blocks[0]
    assert block.text == "L² Technology and L₂, xTM"
    assert source_of(doc, block, "²") == "<sup>2</sup>"
    assert source_of(doc, block, "L₂") == "L<sub>2</sub>"
    assert source_of(doc, block, "TM") == "TM"


def test_inline_tags_do_not_split_words():
    doc = read(
        '<p><b>Lu</b>mix <a href="https://x.example/l2">L</a><em>2</em> <span>Le</span>ica</p>'
    )
    assert texts(doc) == [("paragraph", "Lumix L2 Leica")]
    block = doc.blocks[0]
    assert [block.source_start(i) for i in range(5)] == [6, 7, 12, 13, 14]
    assert "x.example" not in all_prose(doc)


def test_block_tags_split_blocks_and_set_kinds():
    text = (
        "<div>Leica<p>LUMIX</p>Panasonic<br>after break</div>"
        "<ul><li>one<p>inner</p></li><li>two</ul>"
        "<table><tr><th>Head</th><td>Cell</td></tr></table>"
        "<blockquote>Quoted</blockquote><h3>Third</h3>"
    )
    doc = read(text)
    assert texts(doc) == [
        ("paragraph", "Leica"),
        ("paragraph", "LUMIX"),
        ("paragraph", "Panasonic after break"),  # `<br>` reads as a space (#13)
        ("list_item", "one"),
        ("list_item", "inner"),
        ("list_item", "two"),
        ("table_cell", "Head"),
        ("table_cell", "Cell"),
        ("blockquote", "Quoted"),
        ("heading", "Third"),
    ]


def test_whitespace_inside_a_block_is_kept_verbatim():
    text = "<p>\n  L2\n     technology  </p>"
    doc = read(text)
    block = doc.blocks[0]
    assert block.text == "L2\n     technology"
    assert block.is_verbatim(0, len(block.text), doc.source)
    assert where(doc, block, "technology") == (3, 6)


def test_script_style_code_pre_and_comments_are_skipped():
    text = (
        "<style>.lumix { color: red }</style>\n"
        '<script>var brand = "Lumix";</script>\n'
        "<p>Run <code>lumix --help</code>now, <kbd>L2</kbd> <samp>x</samp>.</p>\n"
        "<pre>Lumix pre</pre><template><p>Lumix template</p></template>\n"
        "<noscript>Lumix noscript</noscript>\n"
        "<p>Keep <!-- l2lint-disable B201 --> this</p>"
    )
    doc = read(text)
    assert texts(doc) == [("paragraph", "Run  now,    ."), ("paragraph", "Keep  this")]
    assert "Lumix" not in all_prose(doc)
    start = text.index("<!--")
    assert doc.comments == [(start, text.index("-->") + 3, " l2lint-disable B201 ")]
    run = doc.blocks[0]
    assert run.source_span(4, 5) == (text.index("<code>"), text.index("</code>") + 7)


def test_broken_markup_never_raises():
    cases = {
        "<p>unclosed <b>bold": [("paragraph", "unclosed bold")],
        "</p>stray end<p>next": [("paragraph", "stray end"), ("paragraph", "next")],
        "<b><p>inside</b> bold</p>": [("paragraph", "inside bold")],
        "<p>x <!-- unterminated comment": [("paragraph", "x")],
        # HTML5: a quote never closed runs to the end of the file, and a tag cut off by the
        # end of the file is dropped, so a browser shows nothing here (the old tokenizer
        # ended the quote at the next `>` and read "unterminated" and "text").
        '<p title="unterminated>text</p>': [],
        "<p>a <![foo[ bar ]]> b</p>": [("paragraph", "a  b")],
        "<p>a &#zz; b < c & d</p>": [("paragraph", "a &#zz; b < c & d")],
        "<p>tag at end <a href=": [("paragraph", "tag at end")],
        "<p>L<sup>2</p>": [("paragraph", "L2")],
        "<code>never closed<p>Lumix": [("paragraph", "Lumix")],
        "<script>never closed Lumix": [],
        "": [],
    }
    for text, expected in cases.items():
        doc = read(text)
        assert texts(doc) == expected, text
    assert read("<p>x <!-- unterminated comment").comments == [(5, 30, " unterminated comment")]


def test_crlf_source_positions():
    text = "<p>Leica\r\nLUMIX</p>\r\n<p>L&sup2;</p>\r\n"
    doc = read(text)
    assert texts(doc) == [("paragraph", "Leica\r\nLUMIX"), ("paragraph", "L²")]
    assert where(doc, doc.blocks[0], "LUMIX") == (2, 1)
    assert where(doc, doc.blocks[1], "L²") == (3, 4)


def test_html5_error_recovery_decides_the_prose():
    # Text misplaced in a table is moved in front of it (foster parenting); still exact.
    text = "<table><tr><td>Leica</td></tr>Lumix note<tr><td>Cell</td></tr></table><p>After</p>"
    doc = read(text)
    assert texts(doc) == [
        ("table_cell", "Leica"),
        ("paragraph", "Lumix note"),
        ("table_cell", "Cell"),
        ("paragraph", "After"),
    ]
    assert [b.source_start(0) for b in doc.blocks] == [
        text.index(w) for w in ("Leica", "Lumix", "Cell", "After")
    ]
    # A `<td>` outside a table is ignored; `</p>` without `<p>` makes an empty paragraph.
    assert texts(read("<td>Lumix</td> cell</p>next")) == [
        ("paragraph", "Lumix cell"),
        ("paragraph", "next"),
    ]
    # HTML5 reads legacy references without `;` in text, not in attribute values.
    doc = read("<p title='?a=1&copy=2'>&notit; &copy2023</p>")
    assert texts(doc) == [("title_attr", "?a=1&copy=2"), ("paragraph", "¬it; ©2023")]
    assert source_of(doc, doc.blocks[1], "¬") == "&not"


def test_unclosed_code_does_not_hide_the_next_paragraphs():
    # The parser reopens an unclosed `<code>` in every following paragraph; those copies
    # have no start tag in the source and are read as prose.
    text = "<p>Run <code>lumix --help</p><p>Then the Lumix menu.</p><p><kbd>L2</kbd> x</p>"
    doc = read(text)
    assert texts(doc) == [
        ("paragraph", "Run"),
        ("paragraph", "Then the Lumix menu."),
        ("paragraph", "x"),
    ]
    assert where(doc, doc.blocks[1], "Lumix") == (1, text.index("Lumix menu") + 1)


def test_nested_skipped_elements_span_to_the_outer_end_tag():
    text = "<p>a <code>x <code>y</code> z</code> b</p>"
    doc = read(text)
    assert texts(doc) == [("paragraph", "a   b")]
    assert doc.blocks[0].source_span(2, 3) == (text.index("<code>"), text.rindex("</code>") + 7)


def test_template_content_and_comments():
    text = (
        "<template><p>Lumix template <!-- in template --></p></template>"
        "<p>x</p></body><!-- after body --> Leica"
    )
    doc = read(text)
    assert texts(doc) == [("paragraph", "x"), ("paragraph", "Leica")]
    assert [c[2] for c in doc.comments] == [" in template ", " after body "]
    assert doc.blocks[1].source_start(0) == text.index("Leica")


def test_comment_forms_and_suppression_offsets():
    text = "<p>a<!-->b<!--->c<!-- x --!>d<!--\r\n y\r\n-->e</p>"
    doc = read(text)
    assert texts(doc) == [("paragraph", "abcde")]
    assert doc.comments == [
        (4, 9, ""),
        (10, 16, ""),
        (17, 28, " x "),
        (29, text.index("-->e") + 3, "\r\n y\r\n"),
    ]


def test_crlf_and_references_in_attribute_values():
    text = '<img alt="The Lumix\r\nS5II &amp; L&sup2;">'
    doc = read(text)
    assert texts(doc) == [("alt", "The Lumix\r\nS5II & L²")]
    alt = doc.blocks[0]
    assert source_of(doc, alt, "Lumix\r\nS5II") == "Lumix\r\nS5II"
    assert source_of(doc, alt, "L²") == "L&sup2;"


def test_odd_characters_never_break_the_map():
    doc = read("<p>a\x00b \udc80 Lumix</p><textarea>x\x00y</textarea><p>\u00a0</p>")
    assert [b.text for b in doc.blocks] == ["ab \udc80 Lumix", "x\ufffdy"]
    assert where(doc, doc.blocks[0], "Lumix") == (1, 10)


def test_fragment_offsets_and_holes():
    # As the Markdown reader calls it: text at offset 100, with "> " prefixes as holes.
    source = "> <p>Leica\n> Lumix</p>"
    text = "  <p>Leica\n  Lumix</p>"
    fragment = read_html_fragment(text, 100, [(100, 102), (111, 113)])
    block = fragment.blocks[0]
    assert block.text == "Leica\nLumix"
    assert [block.source_start(i) for i in (0, 5, 6)] == [105, 110, 113]
    assert source[block.source_start(6) - 100 :].startswith("Lumix")


def test_large_input_keeps_exact_positions():
    para = (
        "<p>The <b>Lumix</b> S5II &amp; L&sup2; Technology, by Panasonic\r\n"
        'and <a href="https://x.example/" title="Leica &amp; LUMIX">Leica</a>.</p>\r\n'
    )
    count = 1_000_000 // len(para)
    text = "<!DOCTYPE html><html><body>\r\n" + para * count + "<!-- end --></body></html>"
    doc = read_html("big.html", text)
    assert len(doc.blocks) == 2 * count
    first, last = doc.blocks[0], doc.blocks[-2]
    assert first.text == last.text == "The Lumix S5II & L² Technology, by Panasonic\r\nand Leica."
    assert doc.blocks[-1].kind == "title_attr"
    assert where(doc, first, "Lumix") == (2, 11)
    link = text.rindex("Leica</a>")
    assert where(doc, last, "Leica") == (2 * count + 1, link - text.rindex("\n", 0, link))
    assert last.source_start(last.text.index("Leica")) == link
    assert source_of(doc, last, "L²") == "L&sup2;"
    assert doc.blocks[-1].source_start(0) == text.rindex("Leica &amp;")
    assert doc.comments == [(text.index("<!-- end"), text.index("</body>"), " end ")]


def test_product_page_sample(samples_dir):
    path = samples_dir / "product-page.html"
    doc = read(path.read_text("utf-8"))
    assert texts(doc) == [
        ("title", "Leica + LUMIX: L² Technology"),
        ("heading", "L² Technology"),
        ("paragraph", "Discover the Leica-LUMIX range, built on L² technology."),
        (
            "paragraph",
            "The LEICA DG SUMMILUX 9mm / F1.7 ASPH. lens pairs perfectly with the\n"
            "     Lumix G9II. Sigma is an L² Technology partner too.",
        ),
        ("alt", "The Lumix S5II camera"),
        ("paragraph", "Read about L2\n     Technologies on our blog."),
        ("paragraph", "prints the firmware tool's options."),
    ]
    assert doc.title == "Leica + LUMIX: L² Technology"
    alt = doc.blocks[4]
    assert where(doc, alt, "Lumix") == (13, 38)
    assert source_of(doc, alt, "Lumix") == "Lumix"
    heading = doc.blocks[1]
    assert source_of(doc, heading, "L²") == "L<sup>2</sup>"
    assert where(doc, heading, "L²") == (9, 7)
    assert where(doc, doc.blocks[5], "L2") == (14, 72)
    assert "brand" not in all_prose(doc)
    assert "shop.example" not in all_prose(doc)


_PIECES = st.sampled_from(
    list("ab L2²\n\r\t<>/=\"'&;#!-\0")
    + ["<p>", "</p>", "<b>", "</b>", "<sup>", "</sup>", "<!--", "-->", "&amp;", "&sup2;"]
    + ["&#178;", "<code>", "</code>", "<script>", "</script>", "<img alt='x'>", "<![x[", "<br/>"]
    + ["<title>", "</title>", " title=", "<li>", "<?x>", "<!DOCTYPE html>", "&notit;", "&copy"]
    + ["<table>", "<tr>", "<td>", "</table>", "<template>", "</template>", "<svg>", "<![CDATA["]
    + ["]]>", "<textarea>", "<noscript>", "<select>", "<option>", "<pre>", "\udc80", "--!>"]
)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_any_input_reads_with_an_exact_map(text):
    read(text)
