"""`--format json`: a JSON array, one object per finding, sorted by path and position."""

from __future__ import annotations

import json

from l2lint.report import Report


def render_json(report: Report) -> str:
    return json.dumps([f.to_dict() for f in report.findings], ensure_ascii=False, indent=2) + "\n"
