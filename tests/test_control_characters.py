"""Control characters from packs and copy never reach the terminal or the copy (#22);
diffs stay byte-exact so that `git apply` takes them."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys

import pytest

from l2lint import cli
from l2lint.report.escape import diff_path
from tests.clirunner import run

PACK = """\
pack: hostile
rules:
  - code: Z901
    name: s5-name
    summary: s
    type: term
    severity: error
    canonical: "{canonical}"
    variants: ['S5ii']
    fix: safe
    message: "Write '{{canonical}}', not '{{found}}'.{extra}"
"""


def pack(tmp_path, canonical: str, extra: str = "") -> None:
    (tmp_path / "p.yaml").write_text(PACK.format(canonical=canonical, extra=extra), "utf-8")


COPY = b"Meet the S5ii today.\n"
CASES = [
    # (canonical as YAML writes it, as printed)
    ("S5 II\\x1b]0;T\\x07\\n::error::CANON", "S5 II\\x1b]0;T\\x07 ::error::CANON"),
    ("S5\\u202eII", "S5\\u202eII"),
    ("S5\\x9b31mII", "S5\\x9b31mII"),
]


@pytest.mark.parametrize(("canonical", "shown"), CASES, ids=["osc-newline", "bidi", "c1-csi"])
def test_a_pack_canonical_with_controls_is_shown_escaped_and_never_written(
    tmp_path, canonical, shown
):
    pack(tmp_path, canonical)
    (tmp_path / "a.md").write_bytes(COPY)
    message = f"Write '{shown}', not 'S5ii'."
    result = run(["check", "--isolated", "--no-cache", "--rules", "p.yaml", "a.md"], cwd=tmp_path)
    # --fix would refuse the replacement, so no report offers it: no [*], no count
    assert result.stdout.splitlines() == [
        f"a.md:1:10: Z901 error: {message}",
        "Found 1 finding in 1 file checked (1 error, 0 warnings, 0 suggestions).",
    ]
    assert result.exit_code == 1
    result = run(
        ["check", "--isolated", "--no-cache", "--rules", "p.yaml", "--format", "json", "a.md"],
        cwd=tmp_path,
    )
    assert [(f["code"], f["fix"]) for f in json.loads(result.stdout)] == [("Z901", None)]
    result = run(
        ["check", "--isolated", "--no-cache", "--rules", "p.yaml", "--format", "github", "a.md"],
        cwd=tmp_path,
    )
    assert result.stdout == (
        f"::error file=a.md,line=1,col=10,endLine=1,endColumn=14,title=Z901 s5-name::{message}\n"
    )
    result = run(
        ["check", "--isolated", "--no-cache", "--rules", "p.yaml", "--fix", "a.md"], cwd=tmp_path
    )
    assert (tmp_path / "a.md").read_bytes() == COPY
    assert result.stdout.splitlines() == [
        f"a.md:1:10: Z901 error: {message}",
        "Found 1 finding in 1 file checked (1 error, 0 warnings, 0 suggestions).",
    ]
    assert result.exit_code == 1


def test_a_plain_canonical_is_still_fixed(tmp_path):
    pack(tmp_path, "S5 II")
    (tmp_path / "a.md").write_bytes(COPY)
    result = run(
        ["check", "--isolated", "--no-cache", "--rules", "p.yaml", "--fix", "a.md"], cwd=tmp_path
    )
    assert (tmp_path / "a.md").read_bytes() == b"Meet the S5 II today.\n"
    assert result.exit_code == 0


def test_a_message_with_bidi_and_bell_is_escaped(tmp_path):
    pack(tmp_path, "S5 II", extra="\\u202e\\x07")
    (tmp_path / "a.md").write_bytes(COPY)
    result = run(["check", "--isolated", "--no-cache", "--rules", "p.yaml", "a.md"], cwd=tmp_path)
    assert result.stdout.splitlines()[0] == (
        "a.md:1:10: Z901 error: Write 'S5 II', not 'S5ii'.\\u202e\\x07 [*]"
    )


HOSTILE = [
    b"The Lumix S9 \x1b]0;pwn\x07\x1b[2J here.\n",
    b"The Lumix S9 \x1b[31mred\x1b[0m \xe2\x80\xae here.\n",
    b"The Lumix S9 \xc2\x9b2J and \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\.\n",
]


@pytest.mark.skipif(shutil.which("git") is None, reason="git applies the patch")
@pytest.mark.parametrize("copy", HOSTILE, ids=["osc-csi", "sgr-bidi", "c1-hyperlink"])
def test_diff_is_byte_exact_and_git_applies_it(tmp_path, copy):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "a.md").write_bytes(copy)
    result = subprocess.run(
        [sys.executable, "-m", "l2lint", "check", "--isolated", "--no-cache", "--diff", "a.md"],
        cwd=tmp_path,
        capture_output=True,
    )
    assert result.returncode == 1
    patch = result.stdout.split(b"1 file(s) would be changed.")[0]
    fixed = copy.replace(b"Lumix", b"LUMIX")
    assert patch == (b"--- a/a.md\n+++ b/a.md\n@@ -1 +1 @@\n-" + copy + b"+" + fixed)
    (tmp_path / "p.diff").write_bytes(patch)
    subprocess.run(["git", "apply", "p.diff"], cwd=tmp_path, check=True)
    assert (tmp_path / "a.md").read_bytes() == fixed


def test_diff_headers_quote_bidi_and_c1_as_git_does():
    assert diff_path("a/rtl\u202egnp.md") == '"a/rtl\\342\\200\\256gnp.md"'
    assert diff_path("a/c\x9bx.md") == '"a/c\\302\\233x.md"'
    assert diff_path("a/café.md") == "a/café.md"


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_diff_on_a_terminal_shows_controls_escaped(monkeypatch):
    out = _Tty()
    monkeypatch.setattr(cli.sys, "stdout", out)
    cli._echo_diff("-a\x1b]0;pwn\x07\tb\n+A\u202e\tb\n", err=False)
    assert out.getvalue() == "-a\\x1b]0;pwn\\x07\tb\n+A\\u202e\tb\n"


def test_full_output_shows_bidi_and_c1_in_copy_as_replacement_characters(tmp_path):
    (tmp_path / "b.md").write_bytes("The Lumix \u202e S9 \x9b2J \x1b]0;t\x07.\n".encode())
    result = run(["check", "--no-cache", "--output-format", "full", "b.md"], cwd=tmp_path)
    assert result.stdout.splitlines()[:4] == [
        "b.md:1:5: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]",
        "  |",
        "1 | The Lumix \ufffd S9 \ufffd2J \ufffd]0;t\ufffd.",
        "  |     ^^^^^ B201",
    ]


def test_rules_and_explain_show_a_packs_controls_escaped(tmp_path):
    text = PACK.format(canonical="S5 II", extra="").replace(
        "summary: s", 'summary: "sum\\x1b]0;pwn\\x07mary"'
    )
    (tmp_path / "p.yaml").write_text(
        text.replace("pack: hostile", 'pack: "ho\\u202estile"'), "utf-8"
    )
    result = run(["explain", "--rules", "p.yaml", "Z901"], cwd=tmp_path)
    assert result.exit_code == 0
    assert "sum\\x1b]0;pwn\\x07mary" in result.stdout
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    result = run(["rules", "--rules", "p.yaml"], cwd=tmp_path)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1].endswith(" ho\\u202estile")
    assert "\u202e" not in result.stdout


def test_an_unsafe_fix_with_controls_is_not_offered_either(tmp_path):
    (tmp_path / "p.yaml").write_text(
        PACK.format(canonical="S5\\u2066II", extra="").replace("fix: safe", "fix: unsafe"), "utf-8"
    )
    (tmp_path / "a.md").write_bytes(COPY)
    args = ["check", "--isolated", "--no-cache", "--rules", "p.yaml"]
    result = run([*args, "a.md"], cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (
        1,
        "a.md:1:10: Z901 error: Write 'S5\\u2066II', not 'S5ii'.\n"
        "Found 1 finding in 1 file checked (1 error, 0 warnings, 0 suggestions).\n",
    )
    result = run([*args, "--fix", "--unsafe-fixes", "a.md"], cwd=tmp_path)
    assert (result.exit_code, (tmp_path / "a.md").read_bytes()) == (1, COPY)
