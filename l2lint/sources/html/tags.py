"""Element classes the HTML reader (and the Markdown reader, for inline HTML) tells
apart, and how `<sup>`/`<sub>` text reads."""

from __future__ import annotations


def names(words: str) -> frozenset[str]:
    """The set of the space-separated tag names in `words`."""
    return frozenset(words.split())


BLOCK_TAGS = names(
    "p div h1 h2 h3 h4 h5 h6 li td th tr blockquote section article header footer nav aside "
    "main figure figcaption dd dt dl caption title hr table thead tbody tfoot ul ol form "
    "address details summary body html head pre fieldset legend option select textarea"
)
# Elements whose content is code, not copy (brand guide: "code-like inline HTML"); the
# Markdown reader skips the same list in inline HTML.
SKIP_TAGS = names("script style code pre kbd samp var template noscript")
# Skipped elements that live inside running text: an unclosed one ends at the next block tag.
INLINE_SKIP = names("code kbd samp var")
# Void elements inside running text that read as a space: a line break `<br>` (as a
# line break in Markdown does, #13) and an image (its `alt` text is a block of its own).
SPACE_TAGS = names("br img")
# Raw-text elements: their text node is the source as it is (no references, no tags).
RAWTEXT = names("script style xmp iframe noembed noframes noscript plaintext")
# Raw text that is not prose although its element is not in SKIP_TAGS.
NOT_PROSE = names("xmp iframe noembed noframes")
RCDATA = names("title textarea")
VOID = names("area base br col embed hr img input link meta param source track wbr keygen")
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
OWN_KIND = {"title": "title", "td": "table_cell", "th": "table_cell", "li": "list_item"}
OWN_KIND.update({h: "heading" for h in HEADINGS})
OWN_KIND["blockquote"] = "blockquote"
INHERITED_KINDS = frozenset({"list_item", "table_cell", "blockquote"})

_SUPERSCRIPT = str.maketrans("0123456789+-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ")
_SUBSCRIPT = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")


def script_text(text: str, tag: str) -> str | None:
    """`text` as superscript (`sup`) or subscript (`sub`) characters, or None if impossible.

    This is how `L<sup>2</sup>` reads "L²": the rules then see the brand's real spelling.
    """
    table = _SUPERSCRIPT if tag == "sup" else _SUBSCRIPT
    converted = text.translate(table)
    if not text or any(a == b for a, b in zip(text, converted, strict=True)):
        return None
    return converted
