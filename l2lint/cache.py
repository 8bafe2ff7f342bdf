"""Results cache for the pre-commit and CI use: unchanged files are not linted again.

A file's findings are stored under a key made of everything that changes them: the
file's bytes (SHA-256), its resolved path and the path it is shown as, the settings
that apply to that path (`per-file-ignores` codes, language), a fingerprint of the
configuration (pack contents, enabled rules, options) and one of the code that lints it
(`code_fingerprint`: l2lint's own files, the Python version, the installed
distributions). Entries live in `.l2lint_cache/` (with a CACHEDIR.TAG and its own
.gitignore, so backup tools and git leave it alone). Only plain checks are cached,
never --fix or --diff.

The folder is the configuration's: a repository may commit anything there. A
`.l2lint_cache` (or its `v3`) that is a symbolic link or not a folder is not used at all
(`cache_for` says so in a notice), nothing is written through a link, and an entry that
is not a small regular file holding exactly the expected JSON shapes is a miss.

Nothing in the key is secret, so shapes alone would let a committed entry say "no
findings" for any file. An entry file is therefore `<HMAC-SHA256 in 64 hex digits>\n`
followed by the JSON, the MAC taken over the entry's key and the JSON with the user's
secret (`cachesecret.cache_key`, kept outside the working tree): an entry forged,
edited, or copied from another key does not verify and is a miss, then overwritten.
Without a secret the cache is off (a notice says so). A verified entry is still checked:
positions ordered and 1-based (line and column at least 1, start not after end, start
offset not after end offset) and no character `report.escape.printable` would escape
(controls, bidirectional formatting, line separators) in codes, messages, rule names
and notices; otherwise it is a miss.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import stat
import sys
import tempfile
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import l2lint
from l2lint.cachesecret import ENV as KEY_ENV
from l2lint.cachesecret import key_status
from l2lint.finding import Finding, Fix, Position, Severity
from l2lint.regularfile import read_regular
from l2lint.report.escape import printable

if TYPE_CHECKING:
    from l2lint.config import Settings
    from l2lint.engine import Linter

CACHE_DIR_NAME = ".l2lint_cache"
VERSION_DIR = "v3"  # v3: keys hold the resolved path, per-path settings and code content
MAX_ENTRY_BYTES = 64 * 1024 * 1024  # a bigger entry is not read: a miss
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by l2lint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


@functools.cache
def code_fingerprint() -> str:
    """SHA-256 (64 hex digits) of the code that turns a file into findings, computed once
    per process (about 10 ms): the relative path and bytes of every file of the installed
    `l2lint` package (bytecode caches left out), the Python version and its Unicode
    database version, and the names of the `*.dist-info`/`*.egg-info` folders in the
    absolute `sys.path` folders, which carry each installed distribution's version
    (spaCy and its models, regex, ...).

    Any edit, reinstall or dependency upgrade thus starts a fresh cache; the version
    number alone would let an edited or patched install reuse stale findings.
    """
    digest = hashlib.sha256(f"{sys.version}\0{unicodedata.unidata_version}\0".encode())
    package = Path(l2lint.__file__).parent
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = Path(folder, name)
            digest.update(path.relative_to(package).as_posix().encode("utf-8", "surrogateescape"))
            try:
                digest.update(b"\0" + hashlib.sha256(path.read_bytes()).digest())
            except OSError:
                digest.update(b"\0unreadable")
    installed: set[str] = set()
    for entry in sys.path:
        if not os.path.isabs(entry):  # "" is the working folder: not part of the install
            continue
        try:
            names = os.listdir(entry)
        except OSError:
            continue
        installed.update(n for n in names if n.endswith((".dist-info", ".egg-info")))
    for name in sorted(installed):
        digest.update(b"\0" + name.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def fingerprint(*parts: object) -> str:
    """A stable digest (64 hex digits) of the effective configuration (rules, selection,
    options) and of the code (`code_fingerprint`)."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for part in parts:
        digest.update(b"\0" + repr(part).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def location(path: str) -> str:
    """Where an input really lies, for its key: a URL (`zip://…`, `s3://…`) as it is, its
    local parts already absolute (`remote.absolute_url`), a local path resolved
    (`os.path.realpath`: links followed, absolute), so the same answer comes from any
    working directory and any worker."""
    return path if "://" in path else os.path.realpath(path)


def unusable_cache_dir(root: Path) -> str | None:
    """Why `<root>/.l2lint_cache` (or its version folder) must not be used: it is a
    symbolic link or exists and is not a folder; None when it is a plain folder or does
    not exist yet (it is created on the first write)."""
    top = root / CACHE_DIR_NAME
    for path in (top, top / VERSION_DIR):
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            return None
        except OSError as exc:
            return f"{path}: cannot be used ({exc.strerror or exc}); running without the cache"
        if stat.S_ISLNK(mode):
            return f"{path}: is a symbolic link; running without the cache"
        if not stat.S_ISDIR(mode):
            return f"{path}: is not a folder; running without the cache"
    return None


def cache_for(settings: Settings, linter: Linter, report_unused: bool) -> ResultCache:
    """The results cache under the configuration's folder, keyed by everything that
    changes what a file yields: pack files, enabled rules, ascii mode, severities,
    per-file ignores, unused-suppression reports, extensions and languages (and per
    file, `ResultCache.key_for_file`). When the cache folder is unusable
    (`unusable_cache_dir`) the cache is off: `notice` says why, `get` always misses and
    `put` writes nothing."""
    packs = []
    for pack in linter.rule_set.packs:
        try:
            packs.append(Path(pack.path).read_bytes())
        except OSError:
            packs.append(pack.path.encode())
    config = fingerprint(
        packs,
        [r.code for r in linter.rules],
        settings.ascii,
        sorted(settings.severity.items()),
        sorted(settings.per_file_ignores.items()),
        report_unused,
        sorted(settings.extensions.items()),
        settings.language,
        list(settings.per_file_language.items()),
    )
    rules = {r.code: (r.name, r.rationale) for r in linter.rule_set.rules}
    secret, why = key_status()
    cache = ResultCache(settings.root, config, rules, secret)
    cache.notice = unusable_cache_dir(settings.root)
    if secret is None and cache.notice is None:
        cache.notice = (
            f"the results cache is off: no key to sign entries with ({why}; set {KEY_ENV})"
        )
    return cache


class ResultCache:
    """Findings and notices per file, in `<root>/.l2lint_cache/v3/`, each entry signed
    with `secret` (HMAC-SHA256 key; None: the cache is off).

    An entry is lean: a finding's rule name and rationale are left out when they are
    those of its rule in `rules` (code → (name, rationale)) and filled in again on `get`.
    `notice` set (see `cache_for`): the cache is off.
    """

    def __init__(
        self,
        root: Path,
        config_fingerprint: str,
        rules: dict[str, tuple[str, str]] | None = None,
        secret: bytes | None = None,
    ):
        self.dir = root / CACHE_DIR_NAME / VERSION_DIR
        self.config = config_fingerprint
        self.rules = rules or {}
        self.secret = secret
        self.notice: str | None = None
        self._ready = False

    def _prepare(self) -> bool:
        """Create the folders and the tag files; False when a folder on the way is a
        link or not a folder (planted since `cache_for` looked): nothing is written."""
        if self._ready:
            return True
        top = self.dir.parent
        os.makedirs(top.parent, exist_ok=True)  # the configuration's folder: trusted
        for folder in (top, self.dir):
            if not _own_folder(folder):
                self.notice = f"{folder}: is a symbolic link or not a folder"
                return False
        for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", "# Created by l2lint.\n*\n")):
            _create_new(top / name, text.encode("utf-8"))
        self._ready = True
        return True

    def key_for_file(self, real: str, shown: str, scope: object, sha256: bytes) -> str:
        """The key (64 hex digits) of a file: `real` where it lies (`location`),
        `shown` the path findings name, `scope` the settings that apply to that path only
        (a value with a stable `repr`, e.g. the `per-file-ignores` codes and language),
        `sha256` the digest of its bytes; the configuration and code fingerprints too."""
        digest = hashlib.sha256(self.config.encode())
        for part in (real, shown, repr(scope)):
            digest.update(b"\0" + part.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(sha256)
        return digest.hexdigest()

    def get(self, key: str) -> tuple[list[Finding], list[str]] | None:
        """The findings and notices stored under `key`; None (a miss) when there is no
        entry, the cache is off, or the entry is not a regular file of at most
        MAX_ENTRY_BYTES holding exactly the shapes `put` writes, signed for this `key`
        with this cache's secret (see the module docs)."""
        if self.notice is not None or self.secret is None:
            return None
        data = _read_entry(self.dir / key[:2] / f"{key}.json")
        if data is None:
            return None
        mac, newline, body = data.partition(b"\n")
        if not newline or not hmac.compare_digest(mac, self.sign(key, body)):
            return None
        try:
            raw = json.loads(body.decode("utf-8"))
        except (ValueError, RecursionError):
            return None
        return _entry(raw, self.rules)

    def put(self, key: str, findings: list[Finding], notices: list[str]) -> None:
        """Write atomically; a cache that cannot be written is silently skipped."""
        if self.notice is not None or self.secret is None:
            return
        try:
            if not self._prepare():
                return
            folder = self.dir / key[:2]
            if not _own_folder(folder):
                return
            records = [_record(f, self.rules) for f in findings]
            data = json.dumps({"findings": records, "notices": notices}, separators=(",", ":"))
            body = data.encode("utf-8", "surrogatepass")
            fd, temp = tempfile.mkstemp(dir=folder, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(self.sign(key, body) + b"\n" + body)
                os.replace(temp, folder / f"{key}.json")
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError:
            pass

    def sign(self, key: str, body: bytes) -> bytes:
        """HMAC-SHA256 (64 hex digits, ASCII) of entry `key` and its JSON `body`."""
        assert self.secret is not None
        message = key.encode("ascii", "replace") + b"\0" + body
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest().encode("ascii")


def _own_folder(path: Path) -> bool:
    """Create `path` if missing; True when it is then a folder and not a symbolic link."""
    try:
        os.mkdir(path)
    except FileExistsError:
        pass
    except OSError:
        return False
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return False
    return stat.S_ISDIR(mode) and not stat.S_ISLNK(mode)


def _create_new(path: Path, data: bytes) -> None:
    """Write `data` to `path` unless something (a file, a link, even a dangling one) is
    there already: O_CREAT|O_EXCL never follows a link."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)
    except OSError:
        return
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _read_entry(path: Path) -> bytes | None:
    """The bytes of a regular file `path` of at most MAX_ENTRY_BYTES, not through a link;
    None otherwise."""
    try:
        return read_regular(path, MAX_ENTRY_BYTES, follow_links=False)
    except OSError:  # missing, a link, not regular, too large
        return None


def _record(f: Finding, rules: dict[str, tuple[str, str]]) -> dict:
    record = {
        "path": f.path,
        "code": f.code,
        "severity": f.severity.value,
        "message": f.message,
        "start": [f.start.line, f.start.column],
        "end": [f.end.line, f.end.column],
        "offsets": [f.start_offset, f.end_offset],
        "fix": f.fix.to_dict() if f.fix else None,
        "found": f.found,
        "locus": f.locus,
    }
    if rules.get(f.code) != (f.name, f.rationale):
        record["name"], record["rationale"] = f.name, f.rationale
    return record


_SEVERITIES = {s.value: s for s in Severity}


def _has_controls(text: str) -> bool:
    """Whether `text` holds a character `report.escape.printable` would escape: C0/C1
    controls, DEL, bidirectional formatting, line and paragraph separators, lone
    surrogates (what could start an output line, drive a terminal, reorder a line)."""
    return printable(text) != text


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _pair(value: object) -> tuple[int, int] | None:
    if isinstance(value, list) and len(value) == 2 and all(_is_int(v) for v in value):
        return value[0], value[1]
    return None


def _entry(raw: Any, rules: dict[str, tuple[str, str]]) -> tuple[list[Finding], list[str]] | None:
    """The findings and notices of a parsed entry, or None when any part of it is not of
    the shape `put` writes (wrong types, missing keys, unknown severity or rule)."""
    if not isinstance(raw, dict):
        return None
    items, notices = raw.get("findings"), raw.get("notices")
    if not isinstance(items, list) or not isinstance(notices, list):
        return None
    if not all(isinstance(n, str) and not _has_controls(n) for n in notices):
        return None
    findings = []
    for item in items:
        finding = _finding(item, rules)
        if finding is None:
            return None
        findings.append(finding)
    return findings, list(notices)


def _finding(item: Any, rules: dict[str, tuple[str, str]]) -> Finding | None:
    if not isinstance(item, dict):
        return None
    texts = [item.get(k) for k in ("path", "code", "message", "found")]
    if not all(isinstance(t, str) for t in texts):
        return None
    start, end, offsets = (
        _pair(item.get("start")),
        _pair(item.get("end")),
        _pair(item.get("offsets")),
    )
    level = item.get("severity")
    severity = _SEVERITIES.get(level) if isinstance(level, str) else None
    locus = item.get("locus", "")
    if None in (start, end, offsets, severity) or not isinstance(locus, str):
        return None
    assert start is not None and end is not None and offsets is not None
    if min(start + end) < 1 or start > end or offsets[0] > offsets[1]:
        return None  # 1-based lines and columns, ordered spans
    if any(_has_controls(item[k]) for k in ("code", "message")):
        return None
    if "name" in item:
        name, rationale = item["name"], item.get("rationale")
        if not isinstance(name, str) or not isinstance(rationale, str):
            return None
        if _has_controls(name) or _has_controls(rationale):
            return None
    elif item["code"] in rules:
        name, rationale = rules[item["code"]]
    else:
        return None
    fix, raw_fix = None, item.get("fix")
    if raw_fix is not None:
        if not (
            isinstance(raw_fix, dict)
            and isinstance(raw_fix.get("replacement"), str)
            and isinstance(raw_fix.get("safe"), bool)
        ):
            return None
        fix = Fix(raw_fix["replacement"], raw_fix["safe"])
    assert start is not None and end is not None and offsets is not None and severity is not None
    return Finding(
        path=item["path"],
        code=item["code"],
        name=name,
        severity=severity,
        message=item["message"],
        start=Position(*start),
        end=Position(*end),
        start_offset=offsets[0],
        end_offset=offsets[1],
        fix=fix,
        found=item["found"],
        rationale=rationale,
        locus=locus,
    )
