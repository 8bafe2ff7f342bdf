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
    )
    return ResultCache(settings.root, config)


class ResultCache:
    """Findings and notices per file, in `<root>/.l2lint_cache/v1/`."""

    def __init__(self, root: Path, config_fingerprint: str):
        self.dir = root / CACHE_DIR_NAME / "v1"
        self.config = config_fingerprint
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
            return [_finding(item) for item in raw["findings"]], list(raw["notices"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, findings: list[Finding], notices: list[str]) -> None:
        """Write atomically; a cache that cannot be written is silently skipped."""
        try:
            self._prepare()
            folder = self.dir / key[:2]
            folder.mkdir(exist_ok=True)
            data = json.dumps({"findings": [_record(f) for f in findings], "notices": notices})
            fd, temp = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(data)
            os.replace(temp, folder / f"{key}.json")
        except OSError:
            pass


def _record(f: Finding) -> dict:
    return {
        "path": f.path,
        "code": f.code,
        "name": f.name,
        "severity": f.severity.value,
        "message": f.message,
        "start": [f.start.line, f.start.column],
        "end": [f.end.line, f.end.column],
        "offsets": [f.start_offset, f.end_offset],
        "fix": f.fix.to_dict() if f.fix else None,
        "found": f.found,
        "rationale": f.rationale,
        "locus": f.locus,
    }


def _finding(item: dict) -> Finding:
    fix = item["fix"]
    return Finding(
        path=item["path"],
        code=item["code"],
        name=item["name"],
        severity=Severity(item["severity"]),
        message=item["message"],
        start=Position(*item["start"]),
        end=Position(*item["end"]),
        start_offset=item["offsets"][0],
        end_offset=item["offsets"][1],
        fix=Fix(fix["replacement"], fix["safe"]) if fix else None,
        found=item["found"],
        rationale=item["rationale"],
        locus=item.get("locus", ""),
    )
