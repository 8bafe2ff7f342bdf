"""One editor document → findings, and its text with every safe fix applied.

The same steps as `l2lint check` on one file: the reader chosen by extension, the
configured linter, inline suppressions and per-file ignores (`filecheck.lint_doc`),
and for "fix all" the CLI's own fix loop (`filecheck.fix_loop`), so that the editor
and `l2lint check --fix` produce the same text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from l2lint.document import Document
from l2lint.filecheck import (
    DOCUMENT_ERRORS,
    InputError,
    Options,
    document_from_bytes,
    fix_loop,
    input_error,
    lint_doc,
)
from l2lint.finding import Finding
from l2lint.fixverify import verified_pass
from l2lint.lsp.positions import LineTable
from l2lint.lsp.profiles import Profile
from l2lint.regularfile import open_regular
from l2lint.sources import VALIDATED_FORMATS, format_for, read_text_document

# LSP language identifiers (as editors send them) → l2lint's readers, for documents
# whose extension does not say (an untitled buffer, an `.mdx` page).
LANGUAGE_FORMATS = {"markdown": "markdown", "mdx": "mdx", "html": "html", "plaintext": "text"}
EXTRA_EXTENSIONS = {".mdx": "mdx"}


def format_of(path: str, language_id: str | None, extensions: dict[str, str]) -> str | None:
    """The reader for a document: the configured extension table first (as the CLI),
    then `.mdx` as MDX, then the editor's language id; None: not checked."""
    fmt = format_for(path, extensions)
    if fmt is None:
        fmt = EXTRA_EXTENSIONS.get(PurePath(path).suffix.lower())
    if fmt is None and language_id:
        fmt = LANGUAGE_FORMATS.get(language_id)
    return fmt


@dataclass
class Checked:
    """The result of checking one version of one document.

    `doc.source` is the text the findings' offsets (characters, 0-based) refer to;
    `lines` converts them to LSP positions. `doc` is None when nothing was read.
    """

    path: str
    version: int | None
    fmt: str | None
    doc: Document | None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    lines: LineTable | None = None


def check_text(
    path: str, text: str, fmt: str, profile: Profile, version: int | None = None, units=None
) -> Checked:
    """Lint the editor's `text` of the file at `path` as `l2lint check` would.

    `units(str) -> int` counts the client's position units (default UTF-16).
    Never raises for bad input: problems are in `Checked.error`.
    """
    if fmt == "docx":
        return check_file(path, fmt, profile, version, units)
    linter = profile.linter
    if linter is None:
        return Checked(path, version, fmt, None, error=profile.error)
    if fmt in VALIDATED_FORMATS or linter.may_match_source(text):
        try:
            doc = read_text_document(path, text, fmt)
        except ValueError as exc:  # a PO or XLIFF file that does not parse
            return Checked(path, version, fmt, None, error=str(exc))
    else:  # no rule can match anywhere: not even parsed, as the CLI does
        doc = Document(path=path, source=text, blocks=[], format=fmt)
    return _lint(doc, profile, version, units)


def check_file(
    path: str, fmt: str | None, profile: Profile, version: int | None = None, units=None
) -> Checked:
    """Lint the file on disk (for .docx, .pptx and .pdf, `server.DISK_FORMATS`, which
    editors do not hold as text)."""
    if profile.linter is None:
        return Checked(path, version, fmt, None, error=profile.error)
    try:
        with open_regular(path) as handle:
            data = handle.read()
        doc = document_from_bytes(path, data, fmt)
    except OSError as exc:
        return Checked(path, version, fmt, None, error=str(input_error(path, exc)))
    except InputError as exc:
        return Checked(path, version, fmt, None, error=str(exc))
    return _lint(doc, profile, version, units)


def _lint(doc: Document, profile: Profile, version: int | None, units) -> Checked:
    assert profile.linter is not None
    lines = LineTable(doc.source, units) if units else LineTable(doc.source)
    try:
        findings = lint_doc(doc, profile.linter, profile.ignores, Options())
    except DOCUMENT_ERRORS as exc:
        return Checked(doc.path, version, doc.format, doc, error=f"{doc.path}: {exc}", lines=lines)
    return Checked(doc.path, version, doc.format, doc, findings, lines=lines)


def fixed_text(checked: Checked, profile: Profile) -> str | None:
    """The text after every safe fix, by the CLI's fix loop (`l2lint check --fix`);
    None when the document cannot be fixed (.docx, .pptx or .pdf, unreadable, bad
    configuration)."""
    doc = checked.doc
    if doc is None or profile.linter is None or not doc.fixable or doc.format == "docx":
        return None
    if not doc.blocks:  # not parsed because nothing could match: nothing to fix
        return doc.source
    try:
        final, _, _ = fix_loop(doc, profile.linter, profile.ignores, Options(mode="fix"))
    except DOCUMENT_ERRORS:
        return None
    return final.source


def fixed_by(checked: Checked, finding: Finding) -> str | None:
    """The text with this one finding's fix applied (safe or not), verified as
    `l2lint check --fix` verifies it (`fixverify.verified_pass`); None: no fix, or a
    fix that verification refuses (it is then not offered)."""
    doc = checked.doc
    if doc is None or finding.fix is None or not doc.fixable or doc.format == "docx":
        return None
    outcome = verified_pass(doc, [finding], unsafe=True)
    return outcome.doc.source if outcome.applied else None
