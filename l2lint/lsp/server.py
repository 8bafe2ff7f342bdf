"""The language server: LSP messages → checks, diagnostics, code actions, hovers.

Documents are checked on open and save at once, and on change after a pause in
typing (`debounce`, seconds), each in the server's one event loop so that the rule
set and spaCy, loaded once, are shared by every document. The result of the last
check of each document is kept for code actions and hovers; a request about a newer
version checks it first. A configuration file created, changed or deleted (seen
through `workspace/didChangeWatchedFiles` or saved in the editor) drops every
profile and re-checks every open document.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from l2lint import __version__
from l2lint.lsp.actions import FIX_ALL_KIND, code_actions, fix_all_edit
from l2lint.lsp.checking import Checked, check_file, check_text, format_of
from l2lint.lsp.diagnostics import default_rule_docs, diagnostic, error_diagnostic, rule_page
from l2lint.lsp.hover import hover
from l2lint.lsp.profiles import CONFIG_NAMES, Profile, Profiles, is_config_file
from l2lint.sources import BINARY_FORMATS

logger = logging.getLogger(__name__)

DEBOUNCE_SECONDS = 0.15
# Checked from the file on disk, on open and on save: editors do not hold them as text.
DISK_FORMATS = BINARY_FORMATS


class L2LintServer(LanguageServer):
    """`initializationOptions` (all optional): `debounceMs` (int, default 150) and
    `ruleDocsUrl` (a URL template with `{code}`; see `default_rule_docs`)."""

    def __init__(self) -> None:
        super().__init__("l2lint", __version__)
        self.profiles = Profiles()
        self.checked: dict[str, Checked] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.debounce = DEBOUNCE_SECONDS
        self.docs_template = default_rule_docs()
        self.frozen_at = 0  # `profiles.built` when long-lived objects were last frozen

    # -- documents ---------------------------------------------------------------

    def path_of(self, uri: str) -> str:
        """The file-system path of a document (a made-up one in the working
        directory for an unsaved buffer, so that the CLI's configuration applies)."""
        path = to_fs_path(uri)
        if path is None or not uri.startswith("file:"):
            name = uri.rsplit("/", 1)[-1] or "untitled"
            return os.path.join(os.getcwd(), name)
        return path

    def document(self, uri: str) -> TextDocument | None:
        """The open document `uri` names, however the client percent-encoded it.

        pygls keeps documents under their percent-decoded URI (`Workspace` calls
        `urllib.parse.unquote` on every URI it stores or looks up), so `file:///a%20b.md`
        and `file:///a b.md` are one document; this looks it up the same way and never
        creates one from disk, as `Workspace.get_text_document` would.
        """
        return self.workspace.text_documents.get(unquote(uri))

    def profile_for(self, uri: str) -> Profile:
        """The profile of the configuration file that applies to the document `uri` names."""
        return self.profiles.for_path(self.path_of(uri))

    def check(self, uri: str) -> Checked | None:
        """Check the current version of a document; None when l2lint does not read it."""
        path = self.path_of(uri)
        profile = self.profiles.for_path(path)
        units = self.workspace.position_codec.client_num_units
        document = self.document(uri)
        language = document.language_id if document is not None else None
        fmt = format_of(path, language, profile.settings.extensions)
        if fmt is None or profile.excluded(path):
            return None
        if fmt in DISK_FORMATS:
            return check_file(path, fmt, profile, None, units)
        if document is None:
            return None
        return check_text(path, document.source, fmt, profile, document.version, units)

    def check_and_publish(self, uri: str) -> None:
        """Check a document and publish its diagnostics; a bug in l2lint becomes one
        diagnostic asking to report it (with the traceback in the server's log)."""
        try:
            self._check_and_publish(uri)
        except Exception as exc:
            logger.exception("checking %s failed", uri)
            self.checked.pop(unquote(uri), None)
            message = (
                f"internal error: {type(exc).__name__}: {exc}. This is a bug in l2lint; "
                "please report it with the file that caused it."
            )
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=[error_diagnostic(message)])
            )

    def _check_and_publish(self, uri: str) -> None:
        checked = self.check(uri)
        if self.profiles.built != self.frozen_at:  # before publishing: not in a keystroke
            self.frozen_at = self.profiles.built
            freeze_long_lived()
        diagnostics: list[types.Diagnostic] = []
        if checked is None:
            self.checked.pop(unquote(uri), None)
        else:
            self.checked[unquote(uri)] = checked
            if checked.error:
                diagnostics.append(error_diagnostic(checked.error))
            if checked.lines is not None:
                template = self.docs_template
                diagnostics.extend(diagnostic(f, checked.lines, template) for f in checked.findings)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri,
                diagnostics=diagnostics,
                version=checked.version if checked is not None else None,
            )
        )

    def current(self, uri: str) -> Checked | None:
        """The check of the document's current version (checking it if needed)."""
        document = self.document(uri)
        checked = self.checked.get(unquote(uri))
        version = document.version if document is not None else None
        if checked is None or (checked.version is not None and checked.version != version):
            self.cancel_pending(uri)
            self.check_and_publish(uri)
            checked = self.checked.get(unquote(uri))
        return checked

    def cancel_pending(self, uri: str) -> None:
        """Cancel the debounced check scheduled for the document, if any (`uri` is matched
        percent-decoded, as `document` does)."""
        task = self.pending.pop(unquote(uri), None)
        if task is not None:
            task.cancel()

    def schedule(self, uri: str) -> None:
        """Check after `debounce` seconds without another change to this document."""
        self.cancel_pending(uri)

        async def later() -> None:
            await asyncio.sleep(self.debounce)
            self.pending.pop(unquote(uri), None)
            self.check_and_publish(uri)

        self.pending[unquote(uri)] = asyncio.ensure_future(later())

    def resolves_edits(self) -> bool:
        """Whether the client fills in code actions' edits by `codeAction/resolve`."""
        document = self.client_capabilities.text_document
        action = document.code_action if document else None
        support = action.resolve_support if action else None
        return bool(support and "edit" in support.properties)

    def recheck_all(self) -> None:
        """Drop every profile and re-check every open document (a configuration file changed)."""
        self.profiles.clear()
        for document in list(self.workspace.text_documents.values()):
            uri = document.uri  # as the client sent it: diagnostics go back under it
            self.cancel_pending(uri)
            self.check_and_publish(uri)


def freeze_long_lived() -> None:
    """Move what is alive now (spaCy, rule packs, compiled patterns) out of the
    garbage collector's sight, so that a full collection during a keystroke's check
    does not scan it: such a collection otherwise adds 100-300 ms to one check in a
    few dozen (measured by benchmarks/lsp_latency.py). Python documents `gc.freeze`
    for long-lived objects ("gc" module reference)."""
    gc.collect()
    gc.freeze()


server = L2LintServer()


@server.feature(types.INITIALIZE)
def initialize(ls: L2LintServer, params: types.InitializeParams) -> None:
    """LSP `initialize`: read `initializationOptions` (`debounceMs`, `ruleDocsUrl`); an
    option of the wrong type is ignored. pygls answers with the server's capabilities."""
    options: Any = params.initialization_options or {}
    if isinstance(options, dict):
        if isinstance(options.get("debounceMs"), (int, float)):
            ls.debounce = max(0.0, options["debounceMs"] / 1000)
        if isinstance(options.get("ruleDocsUrl"), str):
            ls.docs_template = options["ruleDocsUrl"]


@server.feature(types.INITIALIZED)
async def initialized(ls: L2LintServer, params: types.InitializedParams) -> None:
    """Ask the client to report configuration files changing, where it can."""
    watched = ls.client_capabilities.workspace
    dynamic = watched and watched.did_change_watched_files
    if not (dynamic and dynamic.dynamic_registration):
        return
    watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in CONFIG_NAMES]
    try:
        await ls.client_register_capability_async(
            types.RegistrationParams(
                registrations=[
                    types.Registration(
                        id="l2lint-config-watcher",
                        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=types.DidChangeWatchedFilesRegistrationOptions(
                            watchers=watchers
                        ),
                    )
                ]
            )
        )
    except Exception as exc:  # the client refused: configuration is still re-read on save
        ls.window_log_message(
            types.LogMessageParams(
                type=types.MessageType.Warning,
                message=f"l2lint: cannot watch configuration files: {exc}",
            )
        )


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: L2LintServer, params: types.DidOpenTextDocumentParams) -> None:
    """LSP `textDocument/didOpen`: check the document at once and publish diagnostics."""
    ls.check_and_publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: L2LintServer, params: types.DidChangeTextDocumentParams) -> None:
    """LSP `textDocument/didChange`: check again after `debounce` seconds without typing."""
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: L2LintServer, params: types.DidSaveTextDocumentParams) -> None:
    """LSP `textDocument/didSave`: a saved configuration file re-checks every open
    document; any other document is checked at once."""
    uri = params.text_document.uri
    if is_config_file(ls.path_of(uri)):
        ls.recheck_all()
        return
    ls.cancel_pending(uri)
    ls.check_and_publish(uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: L2LintServer, params: types.DidCloseTextDocumentParams) -> None:
    """LSP `textDocument/didClose`: forget the document's check and clear its diagnostics
    (an empty `publishDiagnostics`)."""
    uri = params.text_document.uri
    ls.cancel_pending(uri)
    ls.checked.pop(unquote(uri), None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: L2LintServer, params: types.DidChangeWatchedFilesParams) -> None:
    """LSP `workspace/didChangeWatchedFiles`: a configuration file created, changed or
    deleted re-checks every open document; other files are ignored."""
    if any(is_config_file(ls.path_of(change.uri)) for change in params.changes):
        ls.recheck_all()


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND],
        resolve_provider=True,
    ),
)
def code_action(ls: L2LintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """The code actions at the request's range; a bug in computing them is logged and
    yields none, so that the request never fails (the editor would show an error)."""
    try:
        return _code_actions(ls, params)
    except Exception:
        logger.exception("code actions for %s failed", params.text_document.uri)
        return []


def _code_actions(ls: L2LintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    checked = ls.current(uri)
    if checked is None:
        return []
    only = [str(k.value if hasattr(k, "value") else k) for k in params.context.only or []]
    return code_actions(
        uri,
        checked,
        ls.profile_for(uri),
        params.range,
        list(params.context.diagnostics),
        only or None,
        lazy=ls.resolves_edits(),
    )


@server.feature(types.CODE_ACTION_RESOLVE)
def code_action_resolve(ls: L2LintServer, action: types.CodeAction) -> types.CodeAction:
    """Fill in the edit of a fix-all action offered without one."""
    data = action.data if isinstance(action.data, dict) else {}
    uri = data.get("fixAll")
    if isinstance(uri, str):
        try:
            checked = ls.current(uri)
            if checked is not None:
                action.edit = fix_all_edit(uri, checked, ls.profile_for(uri))
        except Exception:
            logger.exception("resolving fix-all for %s failed", uri)
    return action


@server.feature(types.TEXT_DOCUMENT_HOVER)
def on_hover(ls: L2LintServer, params: types.HoverParams) -> types.Hover | None:
    """LSP `textDocument/hover`: the findings whose range holds the position (0-based line
    and character, in the units agreed at `initialize`, UTF-16 by default), with their
    rules' documentation; None where there is none, or when computing it fails (logged)."""
    try:
        return _hover(ls, params)
    except Exception:  # as for code actions: logged, never a failed request
        logger.exception("hover in %s failed", params.text_document.uri)
        return None


def _hover(ls: L2LintServer, params: types.HoverParams) -> types.Hover | None:
    uri = params.text_document.uri
    checked = ls.current(uri)
    if checked is None or checked.lines is None:
        return None
    at = (params.position.line, params.position.character)
    here = []
    for finding in checked.findings:
        rng = checked.lines.range(finding.start_offset, finding.end_offset)
        if (rng.start.line, rng.start.character) <= at <= (rng.end.line, rng.end.character):
            here.append((finding, rng))
    profile = ls.profile_for(uri)
    return hover(here, profile.rules, lambda code: rule_page(code, ls.docs_template))


def serve() -> None:
    """Serve one client over standard input and output until it says `exit`."""
    server.start_io()
