"""One file: read (whole, or slice by slice when huge), cache, lint, suppressions, fix, write.

`check_file` is the only entry point for a file (the API and the language server reuse
its steps: `document_from_bytes`, `lint_doc`, `finish_findings`, `fix_loop`). It looks up
the result cache in one place (`_cached`) and turns every failure into that file's
one-line error in one place (its `except` clauses), so one bad file never stops a run.
A file in which no rule can match (`engine.Linter.may_match_source` on its decoded
text) is not parsed at all; `--fix` runs verified passes (`fixverify.run_fixes`).
Standard input is an `Input` like any file: its bytes are in memory, it is never cached,
and a fix goes to standard output instead of back to disk.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import BinaryIO

from l2lint.cache import ResultCache, location
from l2lint.document import Document
from l2lint.engine import Linter, RuleTimeout, lint_in_slices
from l2lint.finding import Finding
from l2lint.fix import fixable
from l2lint.fixverify import INEXACT, decodes_exactly, fixed_bytes, reread, run_fixes
from l2lint.nlp import LanguageUnavailable
from l2lint.pathfilter import PerFileIgnores
from l2lint.protected import template_spans, touches_spans
from l2lint.regularfile import open_regular
from l2lint.report.escape import diff_path
from l2lint.sources import (
    BINARY_FORMATS,
    SLICED_FORMATS,
    VALIDATED_FORMATS,
    read_binary_document,
    read_text_document,
)
from l2lint.sources.declared import decode_declared
from l2lint.sources.decode import (
    NOT_UTF8,
    BinaryFileError,
    DecodedText,
    decode,
    decode_pieces,
    sniff,
)
from l2lint.sources.slices import SLICE_SIZE, SLICE_THRESHOLD
from l2lint.suppress import Directive, apply_suppressions, unused_findings
from l2lint.writer import WriteError, WriteRefused, shown_target, write_atomic

MAX_FIX_PASSES = 10

STDIN = "-"

# What a document's content can cause while it is linted, not bugs: a rule's pattern ran
# too long on it, or its language needs a tokenizer extra that is not installed. Every
# caller (the CLI here, the language server) reports the message as the file's one-line
# error.
DOCUMENT_ERRORS: tuple[type[Exception], ...] = (RuleTimeout, LanguageUnavailable)


class InputError(Exception):
    """An input that could not be read or checked: reported as `path: reason`.

    `skipped_binary` marks a binary file that was skipped (a notice, not a failure);
    `detail` holds the traceback of an internal error, shown under --verbose.
    """

    def __init__(self, path: str, reason: str, skipped_binary: bool = False, detail: str = ""):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason, self.skipped_binary = path, reason, skipped_binary
        self.detail = detail

    def __reduce__(self):  # survive the trip back from a worker process
        return (InputError, (self.path, self.reason, self.skipped_binary, self.detail))


@dataclass
class Options:
    """How each file is checked.

    `mode` is "check", "fix" or "diff"; `keep_source` keeps the copy for reporters that
    show it; `cache` is used for plain checks of files on disk only. A file larger than
    `slice_threshold` bytes is checked slice by slice in bounded memory (plain checks
    only: fixes and reports that show the copy need the whole document), in slices of
    about `slice_size` characters. The findings are the same as for the whole document:
    these two only trade memory for speed. A `slice_size` below 1 or a negative
    `slice_threshold` raises ValueError. `roots` are the folders being checked (a file
    given by name: its folder): --fix follows a symbolic link only to a target inside
    them (None: any target; see `writer`). `skipped_targets` maps an input's path to
    why a walk would not read its link's target (`discovery.target_reason`): no fix is
    written through such a link.
    """

    mode: str = "check"
    roots: tuple[str, ...] | None = None
    skipped_targets: dict[str, str] | None = None
    unsafe: bool = False
    report_unused: bool = False
    keep_source: bool = False
    cache: ResultCache | None = None
    slice_threshold: int = SLICE_THRESHOLD
    slice_size: int = SLICE_SIZE

    def __post_init__(self) -> None:
        if self.slice_size < 1:
            raise ValueError(f"slice_size must be at least 1 character, not {self.slice_size}")
        if self.slice_threshold < 0:
            raise ValueError(f"slice_threshold must be 0 bytes or more, not {self.slice_threshold}")


@dataclass(frozen=True)
class Input:
    """One input: a file on disk (`data` None) or standard input (`path` "-", its bytes).

    `fmt` is the reader's format (None: plain text); `name` is the path shown in
    findings (for stdin, --stdin-filename or "-").
    """

    path: str
    fmt: str | None
    name: str | None = None
    data: bytes | None = None

    @property
    def shown(self) -> str:
        """The path as reports show it: the name given (stdin's `--stdin-filename`, a
        URL as typed), else the path relative to the working folder when below it."""
        if self.name is not None:
            return self.name
        return self.path if self.data is not None else display_path(self.path)

    def size(self) -> int:
        """Size in bytes (0 when the file cannot be stat'ed: reading it will say why)."""
        if self.data is not None:
            return len(self.data)
        try:
            return os.stat(self.path).st_size
        except OSError:
            return 0

    def read(self) -> bytes:
        """The input's bytes, whole (raises OSError, `regularfile.NotRegularFileError`
        for a FIFO or device, never blocking)."""
        if self.data is not None:
            return self.data
        with open_regular(self.path) as handle:
            return handle.read()

    def open(self) -> BinaryIO:
        """The bytes as a binary stream; a file on disk only when it is a regular file
        (raises `regularfile.NotRegularFileError`, never blocks on a FIFO)."""
        return io.BytesIO(self.data) if self.data is not None else open_regular(self.path)


@dataclass
class FileResult:
    """What one input yielded. `checked` is False when it could not be checked at all."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    error: InputError | None = None
    notices: list[str] = field(default_factory=list)
    fixed: int = 0
    diff: str = ""
    source: str | None = None  # the copy, for reporters that show it
    stdout_text: bytes | None = None  # --fix on stdin: the fixed input, in its encoding
    checked: bool = True


def check_file(
    item: Input, linter: Linter, ignores: PerFileIgnores | None, options: Options
) -> FileResult:
    """Check (and with options.mode "fix"/"diff", fix) one input; never raises `Exception`.

    Returns a `FileResult`; whatever goes wrong becomes its one-line `error`.
    """
    shown = item.shown
    try:
        result = _check(item, shown, linter, ignores, options)
    except InputError as exc:
        result = FileResult(shown, error=exc, checked=False)
    except BinaryFileError as exc:
        result = FileResult(shown, error=skipped_binary(shown, exc), checked=False)
    except OSError as exc:
        result = FileResult(shown, error=input_error(shown, exc), checked=False)
    except DOCUMENT_ERRORS as exc:
        result = FileResult(shown, error=InputError(shown, str(exc)), checked=False)
    except Exception as exc:  # a bug in l2lint: this file's error, the run goes on
        reason = (
            f"internal error: {type(exc).__name__}: {exc}. This is a bug in l2lint; please "
            "report it with the command you ran (--verbose shows the traceback)"
        )
        error = InputError(shown, reason, detail=traceback.format_exc())
        result = FileResult(shown, error=error, checked=False)
    if item.data is not None and options.mode == "fix" and result.stdout_text is None:
        result.stdout_text = item.data  # unchanged, byte for byte
    return result


def sliceable(size: int, fmt: str | None, linter: Linter, options: Options) -> bool:
    """Whether an input of `size` bytes is checked slice by slice, in bounded memory."""
    return (
        size > options.slice_threshold
        and (fmt or "text") in SLICED_FORMATS
        and options.mode == "check"
        and not options.keep_source
        and linter.can_slice
    )


def _check(
    item: Input, shown: str, linter: Linter, ignores: PerFileIgnores | None, options: Options
) -> FileResult:
    cache = options.cache if options.mode == "check" and item.data is None else None
    fmt = item.fmt
    if sliceable(item.size(), fmt, linter, options):
        # Read twice, a megabyte at a time: to hash it and settle its encoding, then to lint.
        with item.open() as handle:
            found = sniff(handle)

            def lint_slices() -> FileResult:
                result = FileResult(shown)
                if found.notice:
                    result.notices.append(f"{shown}: {found.notice}")
                sliced = lint_in_slices(
                    shown,
                    decode_pieces(handle, found),
                    fmt or "text",
                    linter,
                    options.slice_size,
                )
                whole = sliced.document(shown, fmt or "text")
                result.findings = finish_findings(
                    whole, sliced.findings, ignores, options, sliced.directives
                )
                return result

            return _cached(cache, item, linter, ignores, found.sha256, lint_slices)
    data = item.read()
    result = _cached(
        cache,
        item,
        linter,
        ignores,
        hashlib.sha256(data).digest() if cache is not None else b"",
        lambda: _lint_whole(item, shown, data, linter, ignores, options),
    )
    if options.keep_source and result.source is None:  # a cache hit
        result.source = document_from_bytes(shown, data, fmt).source
    return result


def _cached(
    cache: ResultCache | None,
    item: Input,
    linter: Linter,
    ignores: PerFileIgnores | None,
    sha256: bytes,
    lint: Callable[[], FileResult],
) -> FileResult:
    """The result cache's one site: a hit replaces `lint()`, a clean result is stored.

    The key holds the file's resolved path and the settings that apply to that path
    (its `per-file-ignores` codes and configured language), so one file's result never
    stands for another's, even with the same bytes and the same shown name.
    """
    if cache is None:
        return lint()
    shown = item.shown
    language = linter.language_setting
    scope = (
        tuple(ignores.ignored_codes(shown)) if ignores is not None else (),
        language.language_for(shown) if language is not None else None,
    )
    key = cache.key_for_file(location(item.path), shown, scope, sha256)
    hit = cache.get(key)
    if hit is not None:
        return FileResult(shown, findings=hit[0], notices=hit[1])
    result = lint()
    if result.error is None:
        cache.put(key, result.findings, result.notices)
    return result


def _lint_whole(
    item: Input,
    shown: str,
    data: bytes,
    linter: Linter,
    ignores: PerFileIgnores | None,
    options: Options,
) -> FileResult:
    wanted = None if options.keep_source or options.report_unused else linter.may_match_source
    doc = document_from_bytes(shown, data, item.fmt, wanted)
    result = FileResult(shown, notices=[f"{shown}: {n}" for n in doc.notices])
    if options.keep_source:
        result.source = doc.source
    inexact = options.mode != "check" and doc.fixable and not decodes_exactly(doc, data)
    if inexact:  # a file not decoded exactly is never written: one line says both
        doc.fixable = False
        why = f"not fixed: {INEXACT}"
        decoded = next((n for n in doc.notices if n.startswith(NOT_UTF8)), None)
        if decoded is not None:
            result.notices.remove(f"{shown}: {decoded}")
            why = f"{decoded}; {why}"
        result.notices.append(f"{shown}: {why}")
    if options.mode == "check" or not doc.fixable:
        result.findings = lint_doc(doc, linter, ignores, options)
        if options.mode != "check" and result.findings and not inexact:
            why = doc.unfixable_reason or f".{doc.format} files are read-only"
            result.notices.append(f"{shown}: not fixed: {why}")
        final = doc
    else:
        final, result.findings, result.fixed = fix_loop(doc, linter, ignores, options)
        if options.keep_source and options.mode == "fix":
            result.source = final.source
    if options.mode == "diff" and final.source != doc.source:
        result.diff = unified_diff(doc.source, final.source, shown)
    unwritten = options.mode == "fix" and _write(
        item,
        shown,
        data,
        final,
        result,
        options.roots,
        (options.skipped_targets or {}).get(item.path),
    )
    if unwritten:
        # Nothing was written: the file still holds every finding it had, and says why.
        findings = lint_doc(document_from_bytes(shown, data, item.fmt), linter, ignores, options)
        result.findings = [
            replace(f, message=f"{f.message} (not fixed: {unwritten})", fix=None)
            if fixable(f, options.unsafe)
            else f
            for f in findings
        ]
    return result


NO_NEWLINE = "\\ No newline at end of file\n"


def _lines(text: str) -> list[str]:
    """`text` split after each "\\n" only (a CR, form feed or U+2028 is not a line
    break in a diff); the last line may lack its "\\n"."""
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def unified_diff(old: str, new: str, shown: str) -> str:
    """The unified diff of `old` and `new` as git writes it (paths `a/…` and `b/…`):
    a last line without a newline is followed by git's "\\ No newline at end of file"
    marker, so the diff applies with `patch`/`git apply` and always ends in "\\n"."""
    out = []
    for line in difflib.unified_diff(
        _lines(old), _lines(new), fromfile=diff_path(f"a/{shown}"), tofile=diff_path(f"b/{shown}")
    ):
        out.append(line if line.endswith("\n") else line + "\n" + NO_NEWLINE)
    return "".join(out)


def _write(
    item: Input,
    shown: str,
    data: bytes,
    final: Document,
    result: FileResult,
    roots: tuple[str, ...] | None = None,
    skipped_target: str | None = None,
) -> str:
    """The fixed copy back to disk (see `writer.write_atomic`), or to stdout in the
    input's encoding and BOM. Returns why a fixed file could not be written ("": it
    was, or there was nothing to write); a refusal by design (a link out of `roots`,
    or to a target a walk skips for the reason `skipped_target`) is a notice, any
    other failure the file's error."""
    if item.data is not None:
        result.stdout_text = fixed_bytes(final, data)
        return ""
    if not result.fixed:
        return ""
    new_bytes = fixed_bytes(final, data)
    if new_bytes == data:
        return ""
    try:
        if skipped_target is not None:
            raise WriteRefused(_skipped_link(item.path, skipped_target))
        write_atomic(item.path, new_bytes, expected=data, roots=roots)
    except WriteRefused as exc:
        why = str(exc)
        result.notices.append(f"{shown}: not fixed: {why}")
    except WriteError as exc:
        why = str(exc)
        result.error = InputError(shown, f"not fixed: {why}")
    else:
        return ""
    result.fixed = 0
    return why


def _skipped_link(path: str, reason: str) -> str:
    """Why a fix through the link `path` is not written: its target is skipped."""
    shown = shown_target(os.path.realpath(path))
    return f"symbolic link to {shown}, skipped by the walk ({reason}); fix the target itself"


def lint_doc(
    doc: Document, linter: Linter, ignores: PerFileIgnores | None, options: Options
) -> list[Finding]:
    """The findings of a whole document, after suppressions (see `finish_findings`)."""
    return finish_findings(doc, linter.lint_document(doc), ignores, options)


def finish_findings(
    doc: Document,
    findings: list[Finding],
    ignores: PerFileIgnores | None,
    options: Options | None = None,
    directives: list[Directive] | None = None,
) -> list[Finding]:
    """Template tags (`protected.template_spans`), inline suppressions, per-file ignores
    and (option) unused-suppression findings.

    `directives` are the document's suppression comments when `doc` is a stand-in
    without text (a huge file checked in slices); otherwise they are read from `doc`.
    """
    if not findings and (options is None or not options.report_unused):
        return findings  # nothing to drop, and unused suppressions are not reported
    spans = template_spans(doc.source)
    if spans:  # template markup is code, not prose: never a finding, never a fix
        findings = [f for f in findings if not touches_spans(spans, f.start_offset, f.end_offset)]
    findings, suppressions = apply_suppressions(doc, findings, directives)
    if ignores is not None:
        codes = ignores.ignored_codes(doc.path)
        if codes:
            findings = [f for f in findings if not any(f.code.startswith(c) for c in codes)]
    if options is not None and options.report_unused and suppressions:
        findings = sorted(findings + unused_findings(doc, suppressions), key=lambda f: f.sort_key)
    return findings


def fix_loop(
    doc: Document, linter: Linter, ignores: PerFileIgnores | None, options: Options
) -> tuple[Document, list[Finding], int]:
    """Fix, re-lint and repeat until nothing changes (at most MAX_FIX_PASSES passes).

    Returns the final document, its remaining findings and the number of fixes applied.
    Each pass is verified before it counts (`fixverify.run_fixes`): a fix that fails is
    not applied, and its finding says why.
    """
    outcome = run_fixes(
        doc, lambda d: lint_doc(d, linter, ignores, options), options.unsafe, reread, MAX_FIX_PASSES
    )
    return outcome.doc, outcome.findings, outcome.applied


def document_from_bytes(
    path: str, data: bytes, fmt: str | None, wanted: Callable[[str], bool] | None = None
) -> Document:
    """Decode and parse; the format decides the reader (None: plain text).

    `wanted(source)` may say a file cannot yield anything: it is then not parsed and
    comes back as a document without prose. Raises `InputError` for an unreadable
    .docx or a binary file.
    """
    if fmt in BINARY_FORMATS:
        try:
            return read_binary_document(path, data, fmt)
        except ValueError as exc:
            raise InputError(path, str(exc)) from None
    decoded = decode_declared(data, fmt) or decode_input(path, data)
    if wanted is not None and fmt not in VALIDATED_FORMATS and not wanted(decoded.text):
        doc = Document(path=path, source=decoded.text, blocks=[], format=fmt or "text")
    else:
        try:
            doc = read_text_document(path, decoded.text, fmt or "text")
        except ValueError as exc:
            raise InputError(path, str(exc)) from None
    doc.encoding, doc.bom = decoded.encoding, decoded.bom
    if decoded.notice:
        doc.notices.append(decoded.notice)
    return doc


def decode_input(path: str, data: bytes) -> DecodedText:
    """`decode(data)`; a binary file raises `InputError` marked `skipped_binary`."""
    try:
        return decode(data)
    except BinaryFileError as exc:
        raise skipped_binary(path, exc) from None


def skipped_binary(path: str, exc: BinaryFileError) -> InputError:
    """The notice for a file skipped as binary (it counts as not checked, not as an error)."""
    return InputError(path, f"skipped: {exc}", skipped_binary=True)


def input_error(path: str, exc: OSError) -> InputError:
    """The one-line reason for a file that could not be read."""
    if isinstance(exc, FileNotFoundError):
        return InputError(path, "no such file or directory")
    if isinstance(exc, IsADirectoryError):
        return InputError(path, "is a directory")
    if isinstance(exc, PermissionError):
        return InputError(path, "permission denied")
    return InputError(path, exc.strerror or str(exc))


def display_path(path: str) -> str:
    """Paths as given, relative to the working directory when they lie below it."""
    if os.path.isabs(path):
        try:
            rel = os.path.relpath(path)
        except ValueError:
            return path
        return path if rel.startswith("..") else rel
    return os.path.normpath(path)
