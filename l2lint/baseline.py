"""Baselines: switch the gate on for existing copy without fixing it all first.

`l2lint check --write-baseline .l2lint-baseline.json` records today's findings;
`l2lint check --baseline .l2lint-baseline.json` then reports only findings that are not in
it, and lists the entries that no longer occur (the copy was fixed) as stale, so the file
can shrink (`--prune-baseline`). Like ESLint's bulk suppressions and ruff's `--add-noqa`,
but kept outside the copy.

Entries are matched by the stable fingerprint of `l2lint.report.fingerprint` (path, rule
code, matched text, occurrence), never by line: a finding whose line moved still matches.
Paths in the file, and in the fingerprints, are POSIX paths relative to the folder that
holds the baseline file, so the same file works from any working directory.

File format (JSON, UTF-8, sorted, one entry per finding):

    {"l2lint-baseline": 1,
     "findings": [{"path": "press/a.md", "code": "B201", "found": "Lumix",
                   "fingerprint": "<64 hex digits>"}, ...]}
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from l2lint.finding import Finding
from l2lint.outputfile import write_output
from l2lint.regularfile import FileTooLargeError, NotRegularFileError, read_regular
from l2lint.report.escape import unicode_text
from l2lint.report.fingerprint import fingerprints, matched_text

FORMAT_KEY = "l2lint-baseline"
FORMAT_VERSION = 1
# A baseline holds about 200 bytes per finding: 64 MiB is some 300,000 findings, far more
# than a repository gates on; a bigger file is refused before it is read.
MAX_BASELINE_BYTES = 64 * 1024 * 1024


class BaselineError(ValueError):
    """A baseline file that cannot be read or written; the message names the file."""


@dataclass(frozen=True)
class Entry:
    """One recorded finding: `path` relative to the baseline's folder, POSIX separators."""

    path: str
    code: str
    found: str
    fingerprint: str

    def to_dict(self) -> dict[str, str]:
        """The entry as stored in the baseline file's `findings` list: four strings."""
        return {
            "path": self.path,
            "code": self.code,
            "found": self.found,
            "fingerprint": self.fingerprint,
        }


@dataclass
class Baseline:
    """A baseline file: where it lies (`path`) and its recorded findings (`entries`)."""

    path: Path
    entries: list[Entry] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        """The folder that holds the baseline file (resolved); entry paths are relative to it."""
        return self.path.resolve().parent

    def relative(self, finding_path: str) -> str:
        """A finding's path (relative to the working directory, or absolute) as stored;
        bytes of a name that is not UTF-8 as `\\xNN` (`report.escape.unicode_text`), so
        the file stays valid JSON and entries still match."""
        path = Path(os.path.relpath(os.path.abspath(finding_path), self.folder)).as_posix()
        return unicode_text(path)


@dataclass
class Applied:
    """What a baseline leaves of a run: the findings to report, and entries fixed since."""

    new: list[Finding]
    known: int  # findings the baseline matched (not reported)
    stale: list[Entry]


def entries_for(baseline: Baseline, findings: list[Finding]) -> list[Entry]:
    """The entries recording `findings`, sorted by path, code and fingerprint."""
    prints = fingerprints(findings, baseline.relative)
    entries = {
        Entry(baseline.relative(f.path), f.code, matched_text(f), prints[id(f)]) for f in findings
    }
    return sorted(entries, key=lambda e: (e.path, e.code, e.found, e.fingerprint))


def write_baseline(path: str | Path, findings: list[Finding]) -> Baseline:
    """Record `findings` in a new baseline file at `path` (replacing it atomically, never
    through a symbolic link or into a non-regular file: `outputfile.write_output`).

    Raises BaselineError naming the file when it cannot be written.
    """
    baseline = Baseline(Path(path))
    baseline.entries = entries_for(baseline, findings)
    _save(baseline)
    return baseline


def _save(baseline: Baseline) -> None:
    data = {FORMAT_KEY: FORMAT_VERSION, "findings": [e.to_dict() for e in baseline.entries]}
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    try:
        write_output(baseline.path, text.encode("utf-8"))
    except OSError as exc:
        raise BaselineError(
            f"{baseline.path}: cannot write baseline: {exc.strerror or exc}"
        ) from None


def load_baseline(path: str | Path) -> Baseline:
    """Read a baseline file. Raises BaselineError (one line naming the file) when it is
    missing, not a regular file (a FIFO, a link to /dev/zero), larger than
    MAX_BASELINE_BYTES, not UTF-8 JSON (or nested too deeply for the parser), or not an
    l2lint baseline of a known version."""
    baseline = Baseline(Path(path))
    try:
        data = json.loads(read_regular(baseline.path, MAX_BASELINE_BYTES).decode("utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found") from None
    except (NotRegularFileError, FileTooLargeError) as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc}") from None
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise BaselineError(f"{path}: cannot read baseline: not UTF-8 ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}: not a baseline file: invalid JSON ({exc})") from None
    except RecursionError:
        raise BaselineError(f"{path}: not a baseline file: JSON nested too deeply") from None
    if not isinstance(data, dict) or FORMAT_KEY not in data:
        raise BaselineError(f"{path}: not a baseline file (no '{FORMAT_KEY}' key)")
    if data[FORMAT_KEY] != FORMAT_VERSION:
        raise BaselineError(
            f"{path}: baseline version {data[FORMAT_KEY]!r} is not supported "
            f"(this l2lint reads version {FORMAT_VERSION})"
        )
    rows = data.get("findings")
    if not isinstance(rows, list):
        raise BaselineError(f"{path}: 'findings' must be a list")
    for number, row in enumerate(rows, start=1):
        keys = ("path", "code", "found", "fingerprint")
        if not isinstance(row, dict) or not all(isinstance(row.get(k), str) for k in keys):
            raise BaselineError(
                f"{path}: entry {number} must have string 'path', 'code', 'found' and 'fingerprint'"
            )
        baseline.entries.append(Entry(*(row[k] for k in keys)))
    return baseline


def apply_baseline(
    baseline: Baseline,
    findings: list[Finding],
    checked: Mapping[str, Collection[str]] | Collection[str],
) -> Applied:
    """Split `findings` into new ones and ones the baseline knows.

    `checked` names the files checked in this run (paths as the run names them), each
    with the rule codes that ran on it (after select, ignore, per-file-ignores and the
    file's nested configuration); a plain collection of paths means every rule ran.
    An entry is stale when its file was checked, its rule ran on that file, and no
    finding matches it. Entries for files not checked (a pre-commit run sees only staged
    files) or for rules that did not run (`--select T`, `--ignore B205`) are left alone:
    that the rule found nothing is unknown, not fixed.
    """
    known = {e.fingerprint for e in baseline.entries}
    prints = fingerprints(findings, baseline.relative)
    new = [f for f in findings if prints[id(f)] not in known]
    seen = set(prints.values())
    ran: dict[str, Collection[str] | None] = {}
    for path in checked:
        codes = checked[path] if isinstance(checked, Mapping) else None
        ran[baseline.relative(path)] = codes
    for finding in findings:
        ran.setdefault(baseline.relative(finding.path), None)

    def rule_ran(entry: Entry) -> bool:
        if entry.path not in ran:
            return False
        codes = ran[entry.path]
        return codes is None or entry.code in codes

    stale = [e for e in baseline.entries if e.fingerprint not in seen and rule_ran(e)]
    return Applied(new=new, known=len(findings) - len(new), stale=stale)


def prune_baseline(baseline: Baseline, stale: list[Entry]) -> int:
    """Drop `stale` entries from the baseline file; never adds one. Returns how many went.

    Raises BaselineError when the file cannot be written.
    """
    drop = set(stale)
    kept = [e for e in baseline.entries if e not in drop]
    removed = len(baseline.entries) - len(kept)
    if removed:
        baseline.entries = kept
        _save(baseline)
    return removed
