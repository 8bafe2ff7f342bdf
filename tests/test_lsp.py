"""`l2lint server` through a real LSP client that starts it as a subprocess."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from l2lint.packs import load_rule_set
from tests.clirunner import run
from tests.conftest import REPO
from tests.lspclient import (
    SERVER_COMMAND,
    Session,
    apply_edits,
    cli_json,
    expected_ranges,
    ranges,
    start_session,
    suppress_and_recheck,
    workspace_edits,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

REGISTRATIONS: list[types.Registration] = []  # what the server asked the client to watch


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND), scope="module")
async def client(lsp_client: LanguageClient):
    await start_session(lsp_client, registrations=REGISTRATIONS)
    yield
    await lsp_client.shutdown_session()


def cli_fixed(folder: Path, name: str) -> str:
    scratch = folder / "cli"
    scratch.mkdir(exist_ok=True)
    shutil.copy(folder / name, scratch / name)
    run(["check", "--isolated", "--no-cache", "--fix", name], cwd=scratch)
    return (scratch / name).read_text(encoding="utf-8")


def copy_example(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copy(REPO / "examples" / name, target)
    return target


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("press-release.md", "markdown"),
        ("product-page.html", "html"),
        ("social-posts.txt", "plaintext"),
    ],
)
async def test_examples_give_the_cli_findings_and_ranges(client, tmp_path, name, language):
    path = copy_example(tmp_path, name)
    session = Session(client)
    _, diagnostics = await session.open(path, language)
    cli = cli_json(tmp_path, name)
    assert cli, "the example has findings"
    assert ranges(diagnostics) == expected_ranges(path.read_text(encoding="utf-8"), cli)
    severities = {"error": 1, "warning": 2, "suggestion": 3}
    assert sorted((d.code, d.severity.value, d.message) for d in diagnostics) == sorted(
        (f["code"], severities[f["severity"]], f["message"]) for f in cli
    )
    for diagnostic in diagnostics:
        assert diagnostic.source == "l2lint"
        assert diagnostic.code_description.href.endswith(f"docs/rules/{diagnostic.code}.md")


async def test_press_release_exact_ranges(client, tmp_path):
    path = copy_example(tmp_path, "press-release.md")
    _, diagnostics = await Session(client).open(path)
    assert ranges(diagnostics) == [
        ("B201", 7, 53, 7, 58),
        ("B204", 15, 32, 15, 39),
        ("T101", 8, 40, 8, 53),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an emoji is 2 UTF-16 units, 1 character: "🎉 " → Lumix starts at unit 3
        ("🎉 Lumix cameras.\n", [("B201", 0, 3, 0, 8)]),
        # Japanese characters are 1 unit each: 7 characters, then the term
        ("パナソニックの Lumix S9。\n", [("B201", 0, 8, 0, 13)]),
        # astral characters before and inside the line, a second finding after them
        (
            "📷📷 ライカ and leica 🎉 with L2 technology.\n",
            [("B202", 0, 13, 0, 18), ("C301", 0, 27, 0, 40), ("T101", 0, 27, 0, 40)],
        ),
    ],
)
async def test_utf16_ranges_with_emoji_and_japanese(client, tmp_path, text, expected):
    path = tmp_path / "intl.md"
    path.write_text(text, encoding="utf-8")
    _, diagnostics = await Session(client).open(path)
    assert ranges(diagnostics) == expected
    assert expected == expected_ranges(text, cli_json(tmp_path, "intl.md"))


async def test_change_rechecks_the_new_text(client, tmp_path):
    path = tmp_path / "draft.md"
    path.write_text("The LUMIX S9.\n", encoding="utf-8")
    session = Session(client)
    uri, diagnostics = await session.open(path)
    assert diagnostics == []
    # type "🎉 Lumix " at the start of the line, in two keystrokes
    start = types.Position(0, 0)
    assert await session.change(uri, [types.TextEdit(types.Range(start, start), "🎉 ")]) == []
    diagnostics = await session.change(
        uri, [types.TextEdit(types.Range(types.Position(0, 3), types.Position(0, 3)), "Lumix ")]
    )
    assert session.texts[uri] == "🎉 Lumix The LUMIX S9.\n"
    assert ranges(diagnostics) == [("B201", 0, 3, 0, 8)]


@pytest.mark.parametrize(
    ("name", "language", "fixes", "fixed_line"),
    [
        ("press-release.md", "markdown", 3, "Panasonic today announced the LUMIX S9"),
        ("product-page.html", "html", None, None),
        ("social-posts.txt", "plaintext", None, None),
    ],
)
async def test_every_quick_fix_applied_gives_the_cli_fix(
    client, tmp_path, name, language, fixes, fixed_line
):
    path = copy_example(tmp_path, name)
    expected = cli_fixed(tmp_path, name)
    session = Session(client)
    uri, diagnostics = await session.open(path, language)
    applied = 0
    while True:
        preferred = []
        for diagnostic in diagnostics:
            actions = await session.actions(uri, diagnostic.range, [diagnostic], ["quickfix"])
            preferred.extend(a for a in actions if a.is_preferred)
        if not preferred:
            break
        action = preferred[0]
        assert action.kind == "quickfix"
        assert action.title.startswith("Fix ")
        diagnostics = await session.change(uri, workspace_edits(action.edit, uri))
        applied += 1
    assert applied > 0
    if fixes is not None:
        assert applied == fixes
        assert fixed_line in expected
    assert session.texts[uri] == expected


@pytest.mark.parametrize("name", ["press-release.md", "product-page.html", "social-posts.txt"])
async def test_fix_all_gives_the_cli_fix(client, tmp_path, name):
    path = copy_example(tmp_path, name)
    expected = cli_fixed(tmp_path, name)
    session = Session(client)
    uri, diagnostics = await session.open(
        path, "plaintext" if name.endswith(".txt") else "markdown"
    )
    whole = types.Range(types.Position(0, 0), types.Position(0, 0))
    actions = await session.actions(uri, whole, [], ["source.fixAll"])
    assert [(a.title, a.kind) for a in actions] == [
        ("Fix all safe findings in this file", "source.fixAll.l2lint")
    ]
    # the client (VS Code's capabilities) resolves edits: the fix loop runs only now
    assert actions[0].edit is None
    resolved = await client.code_action_resolve_async(actions[0])
    fixed = apply_edits(session.texts[uri], workspace_edits(resolved.edit, uri))
    assert fixed == expected
    assert fixed != session.texts[uri]


async def test_unsafe_fix_is_marked_and_not_preferred(client, tmp_path):
    path = tmp_path / "bare.md"
    path.write_text("Leica explains its L2 partnership.\n", encoding="utf-8")
    session = Session(client)
    uri, diagnostics = await session.open(path)
    assert ranges(diagnostics) == [("T104", 0, 19, 0, 21)]
    actions = await session.actions(uri, diagnostics[0].range, diagnostics)
    assert [(a.title, a.kind, bool(a.is_preferred)) for a in actions] == [
        ("Fix (unsafe) T104: replace 'L2' with 'L² Technology'", "quickfix", False),
        ("Suppress T104 on this line", "quickfix", False),
    ]
    fixed = apply_edits(session.texts[uri], workspace_edits(actions[0].edit, uri))
    assert fixed == "Leica explains its L² Technology partnership.\n"


SUPPRESS_CASES = [
    # Markdown: mid-paragraph, the comment ends the line before (the paragraph stays one);
    # both findings on the line are suppressed, the one two lines down is not
    (
        "a.md",
        "markdown",
        "Panasonic today announced\nthe Lumix S9 and Lumix S5.\n\nLumix again.\n",
        "Panasonic today announced <!-- l2lint-disable-next-line B201 -->\n"
        "the Lumix S9 and Lumix S5.\n\nLumix again.\n",
        [("B201", 4)],
    ),
    # Markdown: first line of a paragraph, a comment line of its own above
    (
        "b.md",
        "markdown",
        "Intro.\n\n  Lumix S9 news and leica.\n",
        "Intro.\n\n  <!-- l2lint-disable-next-line B201 -->\n  Lumix S9 news and leica.\n",
        [("B202", 4)],
    ),
    # Markdown: a list item after another
    (
        "c.md",
        "markdown",
        "- one\n- Lumix two\n- Lumix three\n",
        "- one <!-- l2lint-disable-next-line B201 -->\n- Lumix two\n- Lumix three\n",
        [("B201", 3)],
    ),
    (
        "d.html",
        "html",
        "<p>Intro.</p>\n<p>Lumix S9 news.</p>\n<p>Lumix S5.</p>\n",
        "<p>Intro.</p> <!-- l2lint-disable-next-line B201 -->\n<p>Lumix S9 news.</p>\n"
        "<p>Lumix S5.</p>\n",
        [("B201", 3)],
    ),
    (
        "e.txt",
        "plaintext",
        "Intro.\r\n    Lumix S9 news.\r\nLumix S5.\r\n",
        "Intro.\r\n    l2lint: disable-next-line B201\r\n    Lumix S9 news.\r\nLumix S5.\r\n",
        [("B201", 4)],
    ),
]


@pytest.mark.parametrize(("name", "language", "text", "expected", "remaining"), SUPPRESS_CASES)
async def test_suppress_inserts_the_format_s_comment(
    client, tmp_path, name, language, text, expected, remaining
):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    session = Session(client)
    uri, diagnostics = await session.open(path, language)
    target = min((d for d in diagnostics if d.code == "B201"), key=lambda d: d.range.start.line)
    await suppress_and_recheck(session, uri, path, target, expected, remaining)


async def test_hover_shows_the_rule_rationale_and_examples(client, tmp_path):
    path = copy_example(tmp_path, "press-release.md")
    session = Session(client)
    uri, diagnostics = await session.open(path)
    t101 = [d for d in diagnostics if d.code == "T101"][0]
    inside = types.Position(t101.range.start.line, t101.range.start.character + 2)
    result = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=inside)
    )
    rule = load_rule_set().by_code()["T101"]
    value = result.contents.value
    assert value.startswith("**T101** `l2-technology-spelling` (error, pack l2-technology)")
    assert " ".join(rule.rationale.split())[:60] in " ".join(value.split())
    assert "Wrong:" in value and "Right:" in value
    assert [e.text for e in rule.examples if not e.valid][0] in value
    assert result.range == t101.range
    outside = types.Position(0, 0)
    nothing = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=outside)
    )
    assert nothing is None


async def test_configuration_is_found_per_document_and_reloaded(client, tmp_path):
    for _ in range(600):  # the request follows `initialized`, whenever the server sends it
        if REGISTRATIONS:
            break
        await asyncio.sleep(0.05)
    (watch,) = REGISTRATIONS
    assert watch.method == "workspace/didChangeWatchedFiles"
    assert [w["globPattern"] for w in watch.register_options["watchers"]] == [
        "**/.l2lint.toml",
        "**/pyproject.toml",
    ]
    project = tmp_path / "project"
    project.mkdir()
    config = project / ".l2lint.toml"
    config.write_text('ignore = ["B201"]\n', encoding="utf-8")
    path = project / "page.md"
    path.write_text("Lumix and leica.\n", encoding="utf-8")
    session = Session(client)
    uri, diagnostics = await session.open(path)
    assert [d.code for d in diagnostics] == ["B202"]
    assert [f["code"] for f in run(["check", "--format", "json", "page.md"], cwd=project).json] == [
        "B202"
    ]
    config.write_text('ignore = ["B202"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    diagnostics = await session.diagnostics(uri)
    assert [d.code for d in diagnostics] == ["B201"]
    config.write_text('ignore = ["NOPE"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    diagnostics = await session.diagnostics(uri)
    assert len(diagnostics) == 1
    assert diagnostics[0].message.startswith("l2lint could not check this file: ")
    assert "unknown rule code or prefix 'NOPE'" in diagnostics[0].message


def write_docx(path: Path, paragraphs: list[str]) -> None:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))


async def test_docx_is_checked_from_disk_on_open_and_save(client, tmp_path):
    path = tmp_path / "release.docx"
    write_docx(path, ["Panasonic and Leica.", "The new Lumix S9."])
    session = Session(client)
    uri = path.as_uri()
    session.texts[uri], session.versions[uri] = "", 1
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="docx", version=1, text="")
        )
    )
    diagnostics = await session.diagnostics(uri)
    cli = cli_json(tmp_path, "release.docx")
    assert [(f["code"], f["line"], f["column"]) for f in cli] == [("B201", 2, 9)]
    assert ranges(diagnostics) == [("B201", 1, 8, 1, 13)]
    write_docx(path, ["Lumix and leica."])
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    diagnostics = await session.diagnostics(uri)
    assert ranges(diagnostics) == [("B201", 0, 0, 0, 5), ("B202", 0, 10, 0, 15)]
    actions = await session.actions(uri, diagnostics[0].range, diagnostics)
    assert actions == []  # a .docx is not edited as text


async def test_saving_the_configuration_file_rechecks_and_close_clears(client, tmp_path):
    config = tmp_path / ".l2lint.toml"
    config.write_text("", encoding="utf-8")
    path = tmp_path / "page.txt"
    path.write_text("Lumix.\n", encoding="utf-8")
    session = Session(client)
    uri, diagnostics = await session.open(path, "plaintext")
    assert [d.code for d in diagnostics] == ["B201"]
    config.write_text('ignore = ["B2"]\n', encoding="utf-8")
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=config.as_uri())
        )
    )
    assert await session.diagnostics(uri) == []
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert await session.diagnostics(uri) == []


async def test_exclude_per_file_ignores_and_formats_as_the_cli(client, tmp_path):
    (tmp_path / ".l2lint.toml").write_text(
        'exclude = ["drafts/"]\n[per-file-ignores]\n"legacy/*.md" = ["B201"]\n', encoding="utf-8"
    )
    (tmp_path / "legacy").mkdir()
    legacy = tmp_path / "legacy" / "old.md"
    legacy.write_text("Lumix and leica.\n", encoding="utf-8")
    (tmp_path / "drafts").mkdir()
    excluded = tmp_path / "drafts" / "a.md"
    excluded.write_text("Lumix.\n", encoding="utf-8")
    session = Session(client)
    _, diagnostics = await session.open(excluded)
    assert diagnostics == []
    _, diagnostics = await session.open(legacy)
    assert [d.code for d in diagnostics] == ["B202"]
    assert [f["code"] for f in run(["check", "--format", "json", "legacy"], cwd=tmp_path).json] == [
        "B202"
    ]
    assert run(["check", "--format", "json", "drafts/a.md"], cwd=tmp_path).json == []
    script = tmp_path / "tool.py"
    script.write_text("# Lumix\n", encoding="utf-8")
    _, diagnostics = await session.open(script, "python")
    assert diagnostics == []
    page = tmp_path / "page.mdx"
    page.write_text("# Lumix\n", encoding="utf-8")
    _, diagnostics = await session.open(page, "mdx")
    assert ranges(diagnostics) == [("B201", 0, 2, 0, 7)]


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER_COMMAND), scope="module")
async def patient_client(lsp_client: LanguageClient):
    """A server that waits 500 ms after a change: keystrokes sent at once are a burst
    for it however slow the machine."""

    await start_session(lsp_client, "neovim", debounce_ms=500)
    yield
    await lsp_client.shutdown_session()


async def test_a_burst_of_keystrokes_is_checked_once_after_the_pause(patient_client, tmp_path):
    client = patient_client
    path = tmp_path / "burst.md"
    path.write_text("\n", encoding="utf-8")
    session = Session(client)
    uri, _ = await session.open(path)
    for index, char in enumerate("Lumix"):
        at = types.Position(0, index)
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=index + 2),
                content_changes=[
                    types.TextDocumentContentChangePartial(range=types.Range(at, at), text=char)
                ],
            )
        )
    params = await client.wait_for_notification("textDocument/publishDiagnostics")
    assert params.uri == uri
    assert params.version == 6  # the four earlier versions were never checked
    assert ranges(params.diagnostics) == [("B201", 0, 0, 0, 5)]


async def test_a_client_preferring_utf8_positions_gets_utf8_columns(patient_client, tmp_path):
    # Neovim's capabilities list utf-8 first: columns count UTF-8 bytes then
    path = tmp_path / "utf8.md"
    path.write_text("🎉 日本 Lumix.\n", encoding="utf-8")
    _, diagnostics = await Session(patient_client).open(path)
    assert ranges(diagnostics) == [("B201", 0, 12, 0, 17)]


@pytest.mark.parametrize(
    "text",
    [
        "🎉 パナソニックの Lumix S9 with L2 technology 📷 and leica.\n",
        "# 新製品 📷\n\n日本語のテキスト 🎉🎉 Lumix, leica and L2 technology.\n",
        "<p>📷 ライカ: Lumix &amp; L2 technology 🎉</p>\n",
    ],
)
async def test_quick_fixes_after_emoji_and_japanese_give_the_cli_fix(client, tmp_path, text):
    name = "intl.html" if text.startswith("<p>") else "intl.md"
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    expected = cli_fixed(tmp_path, name)
    assert expected != text
    session = Session(client)
    uri, diagnostics = await session.open(path, "html" if name.endswith(".html") else "markdown")
    while True:
        preferred = []
        for diagnostic in diagnostics:
            actions = await session.actions(uri, diagnostic.range, [diagnostic], ["quickfix"])
            preferred.extend(a for a in actions if a.is_preferred)
        if not preferred:
            break
        diagnostics = await session.change(uri, workspace_edits(preferred[0].edit, uri))
    assert session.texts[uri] == expected


XLIFF_CDATA = (
    '<?xml version="1.0"?>\n<xliff version="1.2"><file source-language="en" '
    'target-language="en" datatype="plaintext" original="x"><body><trans-unit id="1">'
    "<source>Leica</source><target><![CDATA[Lumix four]]></target></trans-unit></body>"
    "</file></xliff>\n"
)


@pytest.mark.parametrize(
    ("name", "language", "text", "code"),
    [
        ("link.md", "markdown", 'Try L-<a href="/sq">squared</a> technology now.\n', "T101"),
        ("link.html", "html", '<p>Try L-<a href="/sq">squared</a> technology now.</p>\n', "T101"),
    ],
)
async def test_quick_fixes_that_fix_refuses_are_not_offered(
    client, tmp_path, name, language, text, code
):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert cli_fixed(tmp_path, name) == text  # --fix refuses it
    session = Session(client)
    uri, diagnostics = await session.open(path, language)
    wanted = [d for d in diagnostics if d.code == code]
    assert len(wanted) == 1
    actions = await session.actions(uri, wanted[0].range, wanted, ["quickfix"])
    titles = [a.title for a in actions]
    assert [t for t in titles if t.startswith((f"Fix {code}", f"Fix (unsafe) {code}"))] == []
    if not name.endswith(".xlf"):
        assert f"Suppress {code} on this line" in titles


async def test_quick_fix_inside_cdata_gives_the_cli_fix(client, tmp_path):
    path = tmp_path / "cdata.xlf"
    path.write_text(XLIFF_CDATA, encoding="utf-8")
    expected = cli_fixed(tmp_path, "cdata.xlf")
    assert "<![CDATA[LUMIX four]]>" in expected
    session = Session(client)
    uri, diagnostics = await session.open(path, "xml")
    wanted = [d for d in diagnostics if d.code == "B201"]
    assert len(wanted) == 1
    actions = await session.actions(uri, wanted[0].range, wanted, ["quickfix"])
    fixes = [a for a in actions if a.title.startswith("Fix B201")]
    assert len(fixes) == 1
    assert apply_edits(session.texts[uri], workspace_edits(fixes[0].edit, uri)) == expected
