"""Results cache for the pre-commit and CI use: unchanged files are not linted again.

A file's findings are stored under a key made of its path, the hash of its bytes,
the l2lint version and a fingerprint of the effective rule set and options, in
`.l2lint_cache/` (with a CACHEDIR.TAG and its own .gitignore, so backup tools and
git leave it alone). Only plain checks are cached, never --fix or --diff.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from l2lint import __version__
from l2lint.finding import Finding, Fix, Position, Severity

if TYPE_CHECKING:
    from l2lint.config import Settings
    from l2lint.engine import Linter

CACHE_DIR_NAME = ".l2lint_cache"
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by l2lint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


def fingerprint(*parts: object) -> str:
    """A stable digest of the effective configuration (rules, selection, options)."""
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        digest.update(b"\0" + repr(part).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def cache_for(settings: Settings, linter: Linter, report_unused: bool) -> ResultCache:
    """The results cache under the configuration's folder, keyed by everything that
    changes what a file yields: pack files, enabled rules, ascii mode, severities,
    per-file ignores, unused-suppression reports and extensions."""
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
    return ResultCache(settings.root, config, rules)


class ResultCache:
    """Findings and notices per file, in `<root>/.l2lint_cache/v2/`.

    An entry is lean: a finding's rule name and rationale are left out when they are
    those of its rule in `rules` (code → (name, rationale)) and filled in again on `get`.
    """

    def __init__(
        self,
        root: Path,
        config_fingerprint: str,
        rules: dict[str, tuple[str, str]] | None = None,
    ):
        self.dir = root / CACHE_DIR_NAME / "v2"
        self.config = config_fingerprint
        self.rules = rules or {}
        self._ready = False

    def _prepare(self) -> None:
        if self._ready:
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        top = self.dir.parent
        for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", "# Created by l2lint.\n*\n")):
            target = top / name
            if not target.exists():
                target.write_text(text, encoding="utf-8")
        self._ready = True

    def key(self, path: str, data: bytes) -> str:
        return self.key_for_hash(path, hashlib.sha256(data).digest())

    def key_for_hash(self, path: str, sha256: bytes) -> str:
        """The key of a file whose SHA-256 is known (huge files are hashed as they stream)."""
        digest = hashlib.sha256(self.config.encode())
        digest.update(b"\0" + path.encode("utf-8", "surrogatepass") + b"\0")
        digest.update(sha256)
        return digest.hexdigest()

    def get(self, key: str) -> tuple[list[Finding], list[str]] | None:
        try:
            raw = json.loads((self.dir / key[:2] / f"{key}.json").read_text(encoding="utf-8"))
            return [_finding(item, self.rules) for item in raw["findings"]], list(raw["notices"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, findings: list[Finding], notices: list[str]) -> None:
        """Write atomically; a cache that cannot be written is silently skipped."""
        try:
            self._prepare()
            folder = self.dir / key[:2]
            folder.mkdir(exist_ok=True)
            records = [_record(f, self.rules) for f in findings]
            data = json.dumps({"findings": records, "notices": notices}, separators=(",", ":"))
            fd, temp = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(data)
            os.replace(temp, folder / f"{key}.json")
        except OSError:
            pass


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


def _finding(item: dict, rules: dict[str, tuple[str, str]]) -> Finding:
    fix = item["fix"]
    name, rationale = (
        rules[item["code"]] if "name" not in item else (item["name"], item["rationale"])
    )
    return Finding(
        path=item["path"],
        code=item["code"],
        name=name,
        severity=Severity(item["severity"]),
        message=item["message"],
        start=Position(*item["start"]),
        end=Position(*item["end"]),
        start_offset=item["offsets"][0],
        end_offset=item["offsets"][1],
        fix=Fix(fix["replacement"], fix["safe"]) if fix else None,
        found=item["found"],
        rationale=rationale,
        locus=item.get("locus", ""),
    )
