"""The HTML report never carries raw control or bidirectional-formatting characters
(#22): a pack's message or name, a file name and the copy itself may hold ESC, BEL or
U+202E; messages and names show them as visible escapes (`\\x1b`, `\\u202e`), the copy
as U+FFFD one for one (as `--output-format full` does), with highlights in place."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tests.clirunner import run

# C0/C1 controls other than tab and newline, DEL, bidi formatting, line separators
RAW = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)

PACK = """\
pack: hostile
language: en
rules:
  - code: X101
    name: acme-caps
    type: term
    severity: error
    canonical: 'ACME'
    variants: ['acme']
    fix: safe
    message: "Write ACME\\e]0;pwn\\a here \\u202eevil."
    rationale: "Brand\\e[31m rule."
"""


def _report(tmp_path: Path, name: str, copy: str) -> str:
    (tmp_path / "pack.yaml").write_text(PACK, encoding="utf-8")
    (tmp_path / name).write_text(copy, encoding="utf-8")
    result = run(
        ["check", "--no-cache", "--rules", "pack.yaml", "--select", "X", "--format", "html", name],
        cwd=tmp_path,
    )
    assert (result.exit_code, result.stderr) == (1, "")
    return result.stdout


def test_a_pack_message_and_name_with_controls_are_escaped_visibly(tmp_path):
    page = _report(tmp_path, "a.md", "Buy an acme rocket.\n")
    assert not RAW.findall(page)
    assert "Write ACME\\x1b]0;pwn\\x07 here \\u202eevil." in page
    assert "Brand\\x1b[31m rule." in page
    assert re.search(r'<mark class="finding sev-error" id="f-1"[^>]*>acme</mark>', page)


@pytest.mark.skipif(sys.platform == "win32", reason="control characters in a file name")
def test_copy_and_file_name_with_controls_are_masked_and_highlights_stay(tmp_path):
    copy = "Title \x1b]0;pwn\x07 and \u202eacme here.\n"
    page = _report(tmp_path, "x\x1b[2Jy.md", copy)
    assert not RAW.findall(page)
    assert "x\\x1b[2Jy.md" in page
    # one U+FFFD per control character, so the highlight still covers exactly "acme";
    # U+202E, default-ignorable, is not part of the prose a block reads (nor shows)
    assert "Title \ufffd]0;pwn\ufffd and " in page
    assert re.search(r' and <mark class="finding sev-error" id="f-1"[^>]*>acme</mark>', page)
