"""Stable finding fingerprints, shared by SARIF, GitLab Code Quality and baselines.

A fingerprint is the SHA-256 (64 hex digits) of the file's report path, the rule code, the
matched text with whitespace runs collapsed to one space, and the occurrence index of that
(path, code, text) triple in the file, counted in position order. It ignores lines and
columns, so adding or removing lines elsewhere in the file keeps every fingerprint, and
re-wrapping a paragraph too; the occurrence index keeps two equal findings in one file apart.
This is the scheme SARIF calls a partial fingerprint (SARIF 2.1.0 §3.27.17).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from l2lint.finding import Finding


def report_path(path: str) -> str:
    """The path CI systems can map to the repository: POSIX, relative to the working directory.

    Absolute paths inside the working directory are made relative; others stay absolute.
    `./` prefixes and doubled slashes go, so the same file always gets the same name.
    """
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            return p.as_posix()
    return p.as_posix()


def matched_text(finding: Finding) -> str:
    """The finding's matched text with every whitespace run collapsed to one space."""
    return " ".join(finding.found.split())


def fingerprint_material(path: str, code: str, text: str, occurrence: int) -> str:
    """The SHA-256 hex digest of the four parts, joined with U+001F."""
    material = "\x1f".join([path, code, text, str(occurrence)])
    # surrogatepass: a name that is not UTF-8 (lone surrogates) still hashes, and
    # every other name to the same digest as with plain UTF-8
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()


def fingerprints(
    findings: Iterable[Finding], path_of: Callable[[str], str] = report_path
) -> dict[int, str]:
    """id(finding) -> fingerprint (64 hex digits) for every finding.

    `path_of` maps a finding's path to the name that goes into the hash (default:
    `report_path`); the order of `findings` does not matter.
    """
    seen: dict[tuple[str, str, str], int] = defaultdict(int)
    result: dict[int, str] = {}
    for finding in sorted(findings, key=lambda f: f.sort_key):
        path = path_of(finding.path)
        text = matched_text(finding)
        key = (path, finding.code, text)
        index = seen[key]
        seen[key] += 1
        result[id(finding)] = fingerprint_material(path, finding.code, text, index)
    return result
