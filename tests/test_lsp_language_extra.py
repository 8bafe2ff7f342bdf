"""`l2lint server` without the `ja` extra: Japanese copy gets the CLI's one-line error as
a diagnostic (not an internal error), and other documents are still checked."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.conftest import WITHOUT_JA
from tests.lspclient import Session, ranges, start_session

pytestmark = pytest.mark.asyncio(loop_scope="module")

# The server with the failing `sudachipy` first on its import path (the client's
# environment otherwise, so the session's data cache applies).
SERVER_WITHOUT_JA = [
    sys.executable,
    "-c",
    f"import sys; sys.path.insert(0, {str(WITHOUT_JA)!r}); "
    "sys.argv = ['l2lint', 'server']; from l2lint.cli import main; main()",
]

MISSING = (
    "copy in language 'ja' needs a tokenizer that is not installed (ImportError): "
    "pip install 'l2lint[ja]'"
)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_WITHOUT_JA), scope="module")
async def client(lsp_client: LanguageClient):
    await start_session(lsp_client)
    yield
    await lsp_client.shutdown_session()


def error_messages(diagnostics) -> list[str]:
    return [d.message for d in diagnostics if d.severity == types.DiagnosticSeverity.Error]


@pytest.mark.parametrize(
    ("name", "language", "text"),
    [
        ("ja.txt", "plaintext", "L² Technologyはライカとパナソニックの合併です。LUMIX。\n"),
        ("ja.md", "markdown", "# 新製品\n\nLumixはライカと合併しました。\n"),
        (
            "page.html",
            "html",
            '<html lang="en"><body><p>The Lumix S9.</p>'
            '<p lang="ja">LUMIXはライカと合併しました。</p></body></html>\n',
        ),
    ],
)
async def test_japanese_copy_without_the_extra_is_the_cli_error(
    client, tmp_path: Path, name, language, text
):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _, diagnostics = await Session(client).open(path, language)
    assert [(d.message, d.range.start.line, d.range.start.character) for d in diagnostics] == [
        (f"l2lint could not check this file: {path}: {MISSING}", 0, 0)
    ]


async def test_english_copy_is_still_checked_by_the_same_server(client, tmp_path: Path):
    session = Session(client)
    japanese = tmp_path / "ja.txt"
    japanese.write_text("LUMIXはライカと合併しました。\n", encoding="utf-8")
    _, first = await session.open(japanese, "plaintext")
    assert error_messages(first) == [f"l2lint could not check this file: {japanese}: {MISSING}"]
    english = tmp_path / "en.md"
    english.write_text("The Lumix S9.\n", encoding="utf-8")
    _, diagnostics = await session.open(english)
    assert ranges(diagnostics) == [("B201", 0, 4, 0, 9)]
