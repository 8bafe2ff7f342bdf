"""`l2lint server` on paths that need percent-encoding, and on PO, XLIFF and MDX
documents: diagnostics as the CLI gives them, and a Suppress action in each format's
own comment syntax that the re-read document honours (#19, #20)."""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.lspclient import (
    SERVER_COMMAND,
    Session,
    cli_json,
    expected_ranges,
    ranges,
    start_session,
    suppress_and_recheck,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND), scope="module")
async def client(lsp_client: LanguageClient):
    await start_session(lsp_client)
    yield
    await lsp_client.shutdown_session()


@pytest.mark.parametrize(
    "parts", [("My Dir", "a.md"), ("x", "\u00e9.md"), ("50% [draft] #1", "caf\u00e9 copy.md")]
)
async def test_paths_needing_percent_encoding_get_the_cli_findings(client, tmp_path, parts):
    folder = tmp_path.joinpath(*parts[:-1])
    folder.mkdir(parents=True)
    path = folder / parts[-1]
    path.write_text("The Lumix S9.\n\nMade with L2 Tech.\n", encoding="utf-8")
    session = Session(client)
    uri, diagnostics = await session.open(path)
    assert "%" in uri
    cli = cli_json(folder, parts[-1])
    assert ranges(diagnostics) == expected_ranges(path.read_text(encoding="utf-8"), cli)
    assert {d.code for d in diagnostics} >= {"B201", "T101"}


async def test_a_windows_style_uri_is_checked(client):
    uri = "file:///c%3A/Users/Copy%20Team/a.md"
    session = Session(client)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="markdown", version=1, text="The Lumix S9.\n"
            )
        )
    )
    diagnostics = await session.diagnostics(uri)
    assert ranges(diagnostics) == [("B201", 0, 4, 0, 9)]


PO = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    '#: page.html:3\nmsgid "A"\nmsgstr "The Lumix S9."\n\n'
    'msgid "B"\nmsgstr ""\n"Our Lumix range\\n"\n"and the Lumix S5."\n'
)
XLF = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
    ' <file source-language="en" target-language="de" datatype="plaintext" original="a">\n'
    "  <body>\n"
    '   <trans-unit id="1"><source>A</source>\n'
    "    <target>The Lumix S9.</target></trans-unit>\n"
    '   <trans-unit id="2"><source>B</source>\n'
    "    <target>Our Lumix range\n     and the Lumix S5.</target></trans-unit>\n"
    "  </body>\n </file>\n</xliff>\n"
)
MDX = 'import Lumix from "./lumix.js"\n\nThe Lumix S9.\n\n<Lumix model="S9" />\n'


@pytest.mark.parametrize(
    ("name", "language", "text", "line", "expected", "remaining"),
    [
        (
            "de.po",
            "po",
            PO,
            6,
            PO.replace("#: page.html:3\n", "# l2lint: disable-next-line B201\n#: page.html:3\n"),
            [("B201", 12), ("B201", 13)],
        ),
        (
            "de.po",
            "po",
            PO,
            10,
            PO.replace('msgid "B"', '# l2lint: disable-next-line B201\nmsgid "B"'),
            [("B201", 7)],
        ),
        (
            "de.xlf",
            "xml",
            XLF,
            7,
            XLF.replace(
                "    <target>Our", "    <!-- l2lint-disable-next-line B201 -->\n    <target>Our"
            ),
            [("B201", 6)],
        ),
        (
            "page.mdx",
            "mdx",
            MDX,
            2,
            MDX.replace("The Lumix", "{/* l2lint-disable-next-line B201 */}\nThe Lumix"),
            [],
        ),
    ],
)
async def test_suppress_uses_the_format_s_comment_and_applies(
    client, tmp_path, name, language, text, line, expected, remaining
):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    session = Session(client)
    uri, diagnostics = await session.open(path, language)
    assert ranges(diagnostics) == expected_ranges(text, cli_json(tmp_path, name))
    target = [d for d in diagnostics if d.code == "B201" and d.range.start.line == line][0]
    await suppress_and_recheck(session, uri, path, target, expected, remaining)


async def test_code_actions_on_an_invalid_po_do_not_fail(client, tmp_path):
    path = tmp_path / "broken.po"
    path.write_text('msgid "A"\nmsgstr "The Lumix S9.\n', encoding="utf-8")
    session = Session(client)
    uri, diagnostics = await session.open(path, "po")
    assert [d.message.startswith("l2lint could not check this file") for d in diagnostics] == [True]
    everything = types.Range(types.Position(0, 0), types.Position(2, 0))
    assert await session.actions(uri, everything, diagnostics) == []


@pytest.mark.parametrize(
    ("name", "codes"),
    [("deck.pptx", ["A401", "B201", "B201", "T101", "T101"]), ("release.pdf", None)],
)
async def test_pptx_and_pdf_are_checked_from_disk_on_open(client, tmp_path, name, codes):
    source = Path(__file__).parent / "data" / "formats" / "copy" / name
    path = tmp_path / name
    path.write_bytes(source.read_bytes())
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="", version=1, text="")
        )
    )
    diagnostics = await Session(client).diagnostics(uri)
    cli = cli_json(tmp_path, name)
    assert sorted(d.code for d in diagnostics) == sorted(f["code"] for f in cli)
    if codes is not None:
        assert sorted(d.code for d in diagnostics) == codes
    assert diagnostics
