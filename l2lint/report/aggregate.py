"""`--format aggregate`: a scan summarized, for audits of whole sites and archives.

One JSON object: totals, findings per rule (with name and severity), per group and the
documents with the most findings. A document's group is its domain when its path is a
web URL or a WARC page ("crawl.warc.gz#https://www.example.com/a" →
"www.example.com": a site's pages in several archives make one group), else its folder
("press/2024/launch.md" → "press/2024"; "zip://docs/a.md::site.zip" → "zip://docs::site.zip").
Lists are sorted by count, most first, ties by name; `TOP` rows at most each. Documents
are counted once per distinct path.
"""

from __future__ import annotations

import json
import posixpath
from collections import Counter
from urllib.parse import urlsplit

from l2lint.report import Report
from l2lint.report.escape import json_safe
from l2lint.sources.warc import is_warc

TOP = 50


def group_of(path: str) -> str:
    """The domain of a web URL or WARC page, else the folder of the path ("." for none)."""
    archive, hashed, uri = path.partition("#")
    if hashed and is_warc(archive) and "://" in uri:
        path = uri
    head, chained, rest = path.partition("::")
    scheme = head.partition("://")[0].lower() if "://" in head else ""
    if scheme in ("http", "https"):
        return urlsplit(head).netloc.lower()
    if scheme:
        inner = head.partition("://")[2]
        folder = posixpath.dirname(inner)
        return f"{scheme}://{folder}" + (f"::{rest}" if chained else "")
    folder = posixpath.dirname(path.replace("\\", "/"))
    return folder or "."


def _ranked(counts: Counter, top: int = TOP) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]


def aggregate(report: Report) -> dict:
    """The summary as a JSON-ready dict (see the module docstring for its shape)."""
    by_rule = Counter(f.code for f in report.findings)
    by_document = Counter(f.path for f in report.findings)
    by_group = Counter(group_of(f.path) for f in report.findings)
    documents = sorted(set(report.files))
    documents_by_group = Counter(group_of(p) for p in documents)
    severities = Counter(f.severity.value for f in report.findings)
    rules = report.rules
    return {
        "documents": len(documents),
        "documents_with_findings": len(by_document),
        "findings": len(report.findings),
        "by_severity": dict(sorted(severities.items())),
        "by_rule": [
            {
                "code": code,
                "name": getattr(rules.get(code), "name", ""),
                "severity": getattr(getattr(rules.get(code), "severity", None), "value", ""),
                "findings": count,
            }
            for code, count in _ranked(by_rule, top=len(by_rule))
        ],
        "by_group": [
            {"group": group, "documents": documents_by_group[group], "findings": count}
            for group, count in _ranked(by_group)
        ],
        "top_documents": [
            {"path": path, "findings": count} for path, count in _ranked(by_document)
        ],
    }


def render_aggregate(report: Report) -> str:
    """The `--format aggregate` output: one indented JSON object (`aggregate`), ending in
    a newline."""
    return json.dumps(json_safe(aggregate(report)), ensure_ascii=False, indent=2) + "\n"
