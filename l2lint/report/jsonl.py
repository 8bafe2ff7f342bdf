"""`--format jsonl`: JSON Lines, one finding per line (the objects of `--format json`).

The command line streams it: each file's findings are written as soon as that file's
result arrives, in input order (the order of a local run), so a scan of millions of
pages can be piped into other tools while it runs. `render_jsonl` gives the same lines
for a finished run, sorted by path and position.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from l2lint.finding import Finding
from l2lint.report import Report
from l2lint.report.escape import json_safe


def finding_lines(findings: Iterable[Finding]) -> str:
    """One JSON object per finding, each on its own line ending in "\\n"."""
    out = []
    for finding in findings:
        data = json_safe(finding.to_dict())
        try:
            line = json.dumps(data, ensure_ascii=False)
            line.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: escape them, stay valid JSON
            line = json.dumps(data, ensure_ascii=True)
        out.append(line + "\n")
    return "".join(out)


def render_jsonl(report: Report) -> str:
    """The `--format jsonl` output of a finished run: `finding_lines` of its findings."""
    return finding_lines(report.findings)
