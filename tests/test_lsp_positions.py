"""Character offsets ↔ LSP positions (UTF-16 units), and minimal text edits."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types

from l2lint.lsp.actions import text_edit
from l2lint.lsp.positions import LineTable, utf16_units

# ASCII, a Latin accent, Japanese, an emoji (2 UTF-16 units), and every LSP line break
texts = st.lists(st.sampled_from([*"aL² é日本🎉📷", "\n", "\r", "\r\n"])).map("".join)


def reference_position(text: str, offset: int) -> tuple[int, int]:
    """Line and UTF-16 column by the LSP specification, counted naively."""
    line, line_start, index = 0, 0, 0
    while index < offset:
        if text[index] == "\r" and index + 1 < len(text) and text[index + 1] == "\n":
            if index + 1 == offset:  # between \r and \n: still on this line
                break
            index += 2
            line, line_start = line + 1, index
        elif text[index] in "\r\n":
            index += 1
            line, line_start = line + 1, index
        else:
            index += 1
    return line, len(text[line_start:offset].encode("utf-16-le")) // 2


@given(texts, st.data())
def test_position_is_the_utf16_column_on_the_lsp_line(text, data):
    table = LineTable(text)
    offset = data.draw(st.integers(0, len(text)))
    position = table.position(offset)
    assert (position.line, position.character) == reference_position(text, offset)
    inside_crlf = 0 < offset < len(text) and text[offset - 1 : offset + 1] == "\r\n"
    if not inside_crlf:
        assert table.offset(position) == offset


def test_examples_with_emoji_and_japanese():
    text = "🎉 Lumix\n日本語 Lumix\r\nLumix"
    table = LineTable(text)
    assert table.range(2, 7) == types.Range(types.Position(0, 3), types.Position(0, 8))
    assert table.range(12, 17) == types.Range(types.Position(1, 4), types.Position(1, 9))
    assert table.position(19) == types.Position(2, 0)
    assert utf16_units("🎉日a") == 4
    # past the end of a line means its end; past the last line, the end of the text
    assert table.offset(types.Position(0, 99)) == 7
    assert table.offset(types.Position(9, 0)) == len(text)


def apply(text: str, edit: types.TextEdit) -> str:
    table = LineTable(text)
    start, end = table.offset(edit.range.start), table.offset(edit.range.end)
    return text[:start] + edit.new_text + text[end:]


@given(texts, texts)
def test_text_edit_turns_old_into_new(old, new):
    edit = text_edit(old, new, LineTable(old))
    assert apply(old, edit) == new


def test_text_edit_is_the_smallest_stretch():
    old = "🎉 L2 technology and Lumix.\n"
    new = "🎉 L² Technology and Lumix.\n"
    edit = text_edit(old, new, LineTable(old))
    assert edit == types.TextEdit(
        range=types.Range(types.Position(0, 4), types.Position(0, 7)), new_text="² T"
    )


def test_text_edit_never_splits_a_crlf_line_break():
    for old, new in [("a\r\nb", "a\nb"), ("a\r\nb", "a\rb"), ("a\r\nb", "a\rx\nb")]:
        edit = text_edit(old, new, LineTable(old))
        assert edit.range.start == types.Position(0, 1)
        assert edit.range.end == types.Position(1, 0)
        assert apply(old, edit) == new


def test_installed_rule_links_are_the_sarif_help_uri(monkeypatch):
    """Without a source checkout around the package (an installed wheel), the rule
    link is the rule's page in the repository at this version, as SARIF's helpUri."""
    from importlib.metadata import metadata

    from l2lint.lsp import diagnostics
    from l2lint.ruledocs import help_uri

    monkeypatch.setattr(diagnostics, "__file__", "/nowhere/site-packages/l2lint/lsp/x.py")
    template = diagnostics.default_rule_docs()
    assert diagnostics.rule_page("T101", template) == help_uri("T101")
    rules_url = next(
        u.split(", ", 1)[1]
        for u in metadata("l2lint").get_all("Project-URL")
        if u.startswith("Rules")
    )
    assert help_uri("T101").startswith(rules_url.replace("/tree/main/docs/rules", "/blob/"))
    assert "pypi.org" not in template
