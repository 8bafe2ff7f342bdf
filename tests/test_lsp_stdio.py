"""`l2lint server` from the installed console script: the bare protocol over stdio."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def frame(message: dict) -> bytes:
    body = json.dumps(message).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def unframe(data: bytes) -> list[dict]:
    """The JSON-RPC messages of an LSP byte stream (Content-Length framing)."""
    messages = []
    while data:
        header, _, rest = data.partition(b"\r\n\r\n")
        fields = dict(line.split(": ", 1) for line in header.decode("ascii").split("\r\n"))
        length = int(fields["Content-Length"])
        messages.append(json.loads(rest[:length]))
        data = rest[length:]
    return messages


def console_script() -> str:
    script = Path(sys.executable).with_name("l2lint")
    found = str(script) if script.exists() else shutil.which("l2lint")
    if found is None:
        pytest.skip("the l2lint console script is not installed")
    return found


def test_console_script_serves_initialize_shutdown_exit(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("Lumix.\n", encoding="utf-8")
    uri = page.as_uri()
    stdin = b"".join(
        [
            frame(
                {
                    "jsonrpc": "2.0",
                    "id": 1,
                    "method": "initialize",
                    "params": {"processId": None, "rootUri": None, "capabilities": {}},
                }
            ),
            frame({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
            frame(
                {
                    "jsonrpc": "2.0",
                    "method": "textDocument/didOpen",
                    "params": {
                        "textDocument": {
                            "uri": uri,
                            "languageId": "markdown",
                            "version": 1,
                            "text": "Lumix.\n",
                        }
                    },
                }
            ),
            frame(
                {
                    "jsonrpc": "2.0",
                    "id": 3,
                    "method": "textDocument/codeAction",
                    "params": {
                        "textDocument": {"uri": uri},
                        "range": {
                            "start": {"line": 0, "character": 0},
                            "end": {"line": 0, "character": 0},
                        },
                        "context": {"diagnostics": [], "only": ["source.fixAll"]},
                    },
                }
            ),
            frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None}),
            frame({"jsonrpc": "2.0", "method": "exit", "params": None}),
        ]
    )
    proc = subprocess.run(
        [console_script(), "server", "--stdio"],
        input=stdin,
        capture_output=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    messages = unframe(proc.stdout)
    (init,) = [m for m in messages if m.get("id") == 1]
    capabilities = init["result"]["capabilities"]
    assert init["result"]["serverInfo"]["name"] == "l2lint"
    assert capabilities["hoverProvider"] is True
    assert capabilities["codeActionProvider"]["codeActionKinds"] == [
        "quickfix",
        "source.fixAll.l2lint",
    ]
    (published,) = [m for m in messages if m.get("method") == "textDocument/publishDiagnostics"]
    assert [(d["code"], d["range"]) for d in published["params"]["diagnostics"]] == [
        ("B201", {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 5}})
    ]
    # a client that does not resolve code actions gets the edit at once
    (fix_all,) = [m for m in messages if m.get("id") == 3][0]["result"]
    assert fix_all["title"] == "Fix all safe findings in this file"
    assert fix_all["edit"]["changes"][uri] == [
        {
            "range": {"start": {"line": 0, "character": 1}, "end": {"line": 0, "character": 5}},
            "newText": "UMIX",
        }
    ]
    assert [m for m in messages if m.get("id") == 2] == [
        {"jsonrpc": "2.0", "id": 2, "result": None}
    ]
