"""`--format json`: a JSON array, one object per finding, sorted by path and position."""

from __future__ import annotations

import json

from l2lint.report import Report
from l2lint.report.escape import json_safe


def render_json(report: Report) -> str:
    """The `--format json` output: an indented JSON array of `Finding.to_dict` objects,
    ending in a newline; ASCII-escaped only when a string holds a lone surrogate."""
    data = json_safe([f.to_dict() for f in report.findings])
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from API input: escape them, stay valid JSON
        text = json.dumps(data, ensure_ascii=True, indent=2) + "\n"
    return text
