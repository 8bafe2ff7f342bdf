"""Driving `l2lint server` through a real LSP client (pytest-lsp) in a subprocess."""

from __future__ import annotations

import sys
from pathlib import Path

from lsprotocol import types

SERVER_COMMAND = [sys.executable, "-m", "l2lint", "server"]


def utf16_column(line: str, column: int) -> int:
    """The UTF-16 column of 1-based character `column` of `line` (0-based)."""
    return len(line[: column - 1].encode("utf-16-le")) // 2


def expected_ranges(text: str, cli_findings: list[dict]) -> list[tuple]:
    """(code, start line, start char, end line, end char) in LSP terms from CLI JSON."""
    lines = text.split("\n")
    return sorted(
        (
            f["code"],
            f["line"] - 1,
            utf16_column(lines[f["line"] - 1], f["column"]),
            f["end_line"] - 1,
            utf16_column(lines[f["end_line"] - 1], f["end_column"]),
        )
        for f in cli_findings
    )


def ranges(diagnostics) -> list[tuple]:
    return sorted(
        (
            d.code,
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
        )
        for d in diagnostics
    )


def _offset(text: str, position: types.Position) -> int:
    """Character offset of an LSP position (UTF-16 columns, lines split at \\n)."""
    starts = [0]
    for index, ch in enumerate(text):
        if ch == "\n":
            starts.append(index + 1)
    start = starts[position.line]
    units = 0
    index = start
    while units < position.character:
        units += 2 if ord(text[index]) > 0xFFFF else 1
        index += 1
    return index


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Apply non-overlapping text edits as an editor does (last first)."""
    spans = sorted(
        ((_offset(text, e.range.start), _offset(text, e.range.end), e.new_text) for e in edits),
        reverse=True,
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def workspace_edits(edit: types.WorkspaceEdit, uri: str) -> list[types.TextEdit]:
    return list((edit.changes or {}).get(uri, []))


class Session:
    """One client, its open documents and their texts."""

    def __init__(self, client) -> None:
        self.client = client
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}

    async def diagnostics(self, uri: str) -> list[types.Diagnostic]:
        """Wait for the next diagnostics published for `uri`."""
        while True:
            params = await self.client.wait_for_notification("textDocument/publishDiagnostics")
            if params.uri == uri:
                return list(params.diagnostics)

    async def open(self, path: Path, language: str = "markdown") -> tuple[str, list]:
        uri = path.resolve().as_uri()
        text = path.read_bytes().decode("utf-8")
        self.texts[uri], self.versions[uri] = text, 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id=language, version=1, text=text
                )
            )
        )
        return uri, await self.diagnostics(uri)

    async def change(self, uri: str, edits: list[types.TextEdit]) -> list[types.Diagnostic]:
        """Send the edits (incrementally, as an editor does) and wait for diagnostics."""
        self.versions[uri] += 1
        changes = []
        text = self.texts[uri]
        for edit in sorted(
            edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
        ):
            changes.append(
                types.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text)
            )
            text = apply_edits(text, [edit])
        self.texts[uri] = text
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(
                    uri=uri, version=self.versions[uri]
                ),
                content_changes=changes,
            )
        )
        return await self.diagnostics(uri)

    async def actions(
        self, uri: str, rng: types.Range, diagnostics: list, only: list[str] | None = None
    ) -> list[types.CodeAction]:
        result = await self.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=rng,
                context=types.CodeActionContext(diagnostics=diagnostics, only=only),
            )
        )
        return [a for a in result or [] if isinstance(a, types.CodeAction)]


def cli_json(folder: Path, name: str) -> list[dict]:
    """`l2lint check --format json NAME` in `folder`: what the editor must match."""
    from tests.clirunner import run

    return run(["check", "--isolated", "--no-cache", "--format", "json", name], cwd=folder).json


async def suppress_and_recheck(
    session, uri: str, path: Path, target, expected: str, remaining: list[tuple[str, int]]
) -> None:
    """Take the one "Suppress B201 on this line" action at `target`: the edited text is
    `expected`, and both the server and the CLI then report `remaining` ((code, 1-based
    line) pairs)."""
    actions = await session.actions(uri, target.range, [target])
    suppress = [a for a in actions if a.title == "Suppress B201 on this line"]
    assert len(suppress) == 1
    edits = workspace_edits(suppress[0].edit, uri)
    assert apply_edits(session.texts[uri], edits) == expected
    after = await session.change(uri, edits)
    assert [(d.code, d.range.start.line + 1) for d in after] == remaining
    path.write_bytes(expected.encode("utf-8"))
    assert [(f["code"], f["line"]) for f in cli_json(path.parent, path.name)] == remaining


async def start_session(
    lsp_client,
    editor: str = "visual-studio-code",
    debounce_ms: int = 50,
    registrations: list[types.Registration] | None = None,
) -> None:
    """Initialize a pytest-lsp client as `editor` (pytest-lsp's `client_capabilities`
    name) with the server's debounce in milliseconds; the server's dynamic registrations
    are accepted and, when `registrations` is given, collected there."""
    from pytest_lsp import client_capabilities

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        if registrations is not None:
            registrations.extend(params.registrations)

    params = types.InitializeParams(
        capabilities=client_capabilities(editor),
        initialization_options={"debounceMs": debounce_ms},
    )
    await lsp_client.initialize_session(params)
