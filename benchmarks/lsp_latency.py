"""How long `l2lint server` takes to re-check a 5,000-word document after a keystroke.

Starts the server as a subprocess through pygls's own LSP client, opens a generated
5,000-word Markdown page (benchmarks/corpus.py, dense: 1 sentence in 12 names a
brand), then types a sentence one character per `didChange` (incremental, as editors
send them) and measures, for each keystroke, the time from sending the change to
receiving the diagnostics for that version. The server's debounce is set to 0 so
that every keystroke is re-checked and the figure is the check itself plus the
protocol round trip; an editor adds the debounce (150 ms by default) on top.
Also prints the same re-check in-process (no protocol). Target: under 100 ms.
Measured and printed, never asserted.

Usage: python benchmarks/lsp_latency.py [--words 5000] [--keystrokes 60]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import CopyWriter, render_markdown  # noqa: E402

TARGET_MS = 100.0
TYPED = "The new Lumix S9 is built with L2 technology. "


def document(words: int, seed: int = 2022) -> str:
    """A Markdown page of at least `words` words (whitespace-separated)."""
    writer = CopyWriter(random.Random(f"{seed}:lsp"), 1 / 12, 0.25)
    blocks = [writer.title(), writer.paragraph()]
    while len(render_markdown(blocks).split()) < words:
        blocks.extend(writer.section())
    return render_markdown(blocks)


def summary(name: str, times_ms: list[float]) -> str:
    ordered = sorted(times_ms)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    verdict = "meets" if statistics.median(ordered) < TARGET_MS else "MISSES"
    return (
        f"{name}: median {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, "
        f"max {ordered[-1]:.1f} ms over {len(ordered)} keystrokes "
        f"({verdict} the {TARGET_MS:.0f} ms target)"
    )


async def through_server(text: str, path: Path, keystrokes: int) -> tuple[float, list[float]]:
    client = LanguageClient("l2lint-latency", "1")
    waiting: dict[int, asyncio.Future[float]] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        future = waiting.pop(params.version or 0, None)
        if future is not None and not future.done():
            future.set_result(time.perf_counter())

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        return None

    await client.start_io(sys.executable, "-m", "l2lint", "server")
    await client.initialize_async(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(),
            initialization_options={"debounceMs": 0},
        )
    )
    client.initialized(types.InitializedParams())
    uri = path.as_uri()
    loop = asyncio.get_running_loop()

    async def expect(version: int, send) -> float:
        waiting[version] = loop.create_future()
        start = time.perf_counter()
        send()
        done = await asyncio.wait_for(waiting[version], timeout=60)
        return (done - start) * 1000

    open_ms = await expect(
        1,
        lambda: client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)
            )
        ),
    )
    lines = text.split("\n")
    line = len(lines) // 2
    while not lines[line].strip():
        line += 1
    column = len(lines[line])
    times = []
    for index in range(keystrokes):
        char = TYPED[index % len(TYPED)]
        at = types.Position(line=line, character=column + index)
        change = types.TextDocumentContentChangePartial(
            range=types.Range(start=at, end=at), text=char
        )
        version = index + 2
        times.append(
            await expect(
                version,
                lambda v=version, c=change: client.text_document_did_change(
                    types.DidChangeTextDocumentParams(
                        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=v),
                        content_changes=[c],
                    )
                ),
            )
        )
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return open_ms, times


def in_process(text: str, path: Path, keystrokes: int) -> list[float]:
    from l2lint.lsp.checking import check_text
    from l2lint.lsp.profiles import Profiles
    from l2lint.lsp.server import freeze_long_lived

    profile = Profiles().for_path(str(path))
    check_text(str(path), text, "markdown", profile)  # load spaCy and the packs once
    freeze_long_lived()  # as the server does after its first check
    lines = text.split("\n")
    middle = len(lines) // 2
    times = []
    for index in range(keystrokes):
        lines[middle] += TYPED[index % len(TYPED)]
        edited = "\n".join(lines)
        start = time.perf_counter()
        check_text(str(path), edited, "markdown", profile)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--keystrokes", type=int, default=60)
    args = parser.parse_args()
    text = document(args.words)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.md"
        path.write_text(text, encoding="utf-8")
        print(
            f"document: {len(text.split())} words, {len(text.encode('utf-8'))} bytes, "
            f"{text.count(chr(10))} lines"
        )
        open_ms, times = asyncio.run(through_server(text, path, args.keystrokes))
        print(f"open (server start-up done, first check incl. spaCy load): {open_ms:.1f} ms")
        print(summary("keystroke → diagnostics, through the server", times))
        slowest = max(range(len(times)), key=times.__getitem__)
        print(f"  slowest: keystroke {slowest + 1} ({times[slowest]:.1f} ms)")
        local = in_process(text, path, args.keystrokes)
        print(summary("re-check in-process (no protocol)", local))
        slowest = max(range(len(local)), key=local.__getitem__)
        print(f"  slowest: keystroke {slowest + 1} ({local[slowest]:.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
