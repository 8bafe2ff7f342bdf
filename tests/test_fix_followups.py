"""#12/#22 follow-ups through the CLI, with exact bytes: links and metadata kept by
--fix, UTF-8 with stray bytes, template tags, --diff without a final newline, and
the findings --diff reports."""

from __future__ import annotations

import io
import os
import stat
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document as new_docx
from hypothesis import given, settings
from hypothesis import strategies as st

from l2lint.cli import cli
from l2lint.sources.decode import decode, sniff
from tests.clirunner import run
from tests.conftest import examples

ARGS = ["check", "--isolated", "--no-cache"]


def notices(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("l2lint: notice:")]


# -- 1. links, metadata, temporary files, stdin .docx ------------------------------------


def linked_tree(tmp_path: Path) -> Path:
    (tmp_path / "shared").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "shared" / "copy.md").write_bytes(b"Leica: The Lumix S9.\n")
    os.symlink("../shared/copy.md", tmp_path / "docs" / "copy.md")
    os.link(tmp_path / "shared" / "copy.md", tmp_path / "docs" / "hard.md")
    return tmp_path


def test_links_stay_links_and_a_link_out_of_the_tree_is_refused(tmp_path):
    linked_tree(tmp_path)
    inode = (tmp_path / "shared" / "copy.md").stat().st_ino
    result = run([*ARGS, "--fix", "docs"], cwd=tmp_path)
    assert os.readlink(tmp_path / "docs" / "copy.md") == "../shared/copy.md"
    # the hard link is written in place: both names still name one inode, fixed
    assert (tmp_path / "docs" / "hard.md").stat().st_ino == inode
    assert (tmp_path / "shared" / "copy.md").stat().st_nlink == 2
    assert (tmp_path / "shared" / "copy.md").read_bytes() == b"Leica: The LUMIX S9.\n"
    # a walk does not follow a link out of the checked folders at all (#22)
    assert notices(result) == [
        "l2lint: notice: skipped 1 file (link out of the checked folders: 1); "
        "--show-files lists them"
    ]
    assert result.stdout.splitlines() == ["Fixed 1 finding in 1 file.", "No findings in 1 file."]
    assert result.exit_code == 0
    # named on the command line, the link is read but its target not written
    (tmp_path / "shared" / "copy.md").write_bytes(b"Leica: The Lumix S9.\n")
    result = run([*ARGS, "--fix", "docs/copy.md"], cwd=tmp_path)
    assert (tmp_path / "shared" / "copy.md").read_bytes() == b"Leica: The Lumix S9.\n"
    why = "symbolic link to shared/copy.md, outside the checked folders; fix the target itself"
    assert notices(result) == [f"l2lint: notice: docs/copy.md: not fixed: {why}"]
    assert result.stdout.splitlines() == [
        f"docs/copy.md:1:12: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. (not fixed: {why})",
        "Found 1 finding in 1 file checked (1 error, 0 warnings, 0 suggestions).",
    ]
    assert result.exit_code == 1
    assert not list((tmp_path / "docs").glob(".l2lint-*")) + list(
        (tmp_path / "shared").glob(".l2lint-*")
    )


def test_a_link_inside_the_tree_fixes_its_target(tmp_path):
    (tmp_path / "docs" / "real").mkdir(parents=True)
    target = tmp_path / "docs" / "real" / "copy.txt"
    target.write_bytes(b"The Lumix S9 by Leica.\n")
    os.symlink("real/copy.txt", tmp_path / "docs" / "link.txt")
    result = run([*ARGS, "--fix", "docs"], cwd=tmp_path)
    assert os.path.islink(tmp_path / "docs" / "link.txt")
    assert target.read_bytes() == b"The LUMIX S9 by Leica.\n"
    assert notices(result) == []
    assert result.exit_code == 0
    # a link named on the command line: the checked folder is the link's own folder
    outside = tmp_path / "elsewhere.txt"
    outside.write_bytes(b"The Lumix S9.\n")
    os.symlink("../elsewhere.txt", tmp_path / "docs" / "out.txt")
    result = run([*ARGS, "--fix", "docs/out.txt"], cwd=tmp_path)
    assert outside.read_bytes() == b"The Lumix S9.\n"
    assert os.path.islink(tmp_path / "docs" / "out.txt")
    assert "not fixed: symbolic link to" in result.stderr


def test_a_linked_folder_leading_out_of_the_tree_is_not_written(tmp_path):
    (tmp_path / "shared").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "shared" / "copy.txt").write_bytes(b"The Lumix S9.\n")
    os.symlink("../shared", tmp_path / "docs" / "sub")
    result = run([*ARGS, "--fix", "docs"], cwd=tmp_path)
    assert (tmp_path / "shared" / "copy.txt").read_bytes() == b"The Lumix S9.\n"
    assert notices(result) == [
        "l2lint: notice: skipped 1 folder (link out of the checked folders: 1); "
        "--show-files lists them"
    ]
    # checked from above, the same file is inside: fixed, and the link stays
    run([*ARGS, "--fix", "."], cwd=tmp_path)
    assert (tmp_path / "shared" / "copy.txt").read_bytes() == b"The LUMIX S9.\n"
    assert os.readlink(tmp_path / "docs" / "sub") == "../shared"


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file to another owner")
def test_owner_and_group_are_kept(tmp_path):
    target = tmp_path / "copy.txt"
    target.write_bytes(b"The Lumix S9.\n")
    os.chown(target, 1234, 5678)
    run([*ARGS, "--fix", "copy.txt"], cwd=tmp_path)
    assert target.read_bytes() == b"The LUMIX S9.\n"
    assert (target.stat().st_uid, target.stat().st_gid) == (1234, 5678)


def test_a_hard_link_outside_the_tree_sees_the_fix(tmp_path):
    (tmp_path / "docs").mkdir()
    outside = tmp_path / "backup.txt"
    outside.write_bytes(b"L2 technology by Leica, sold by Lumix.\r\n")
    os.link(outside, tmp_path / "docs" / "copy.txt")
    result = run([*ARGS, "--fix", "docs"], cwd=tmp_path)
    assert outside.read_bytes() == b"L\xc2\xb2 Technology by Leica, sold by LUMIX.\r\n"
    assert outside.stat().st_nlink == 2
    assert outside.stat().st_ino == (tmp_path / "docs" / "copy.txt").stat().st_ino
    assert result.exit_code == 0


def test_mode_and_extended_attributes_are_kept(tmp_path):
    target = tmp_path / "copy.txt"
    target.write_bytes(b"The Lumix S9.\n")
    os.chmod(target, 0o640)
    try:
        os.setxattr(target, "user.l2lint.test", b"kept")
    except (AttributeError, OSError):
        pytest.skip("no user extended attributes on this file system")
    run([*ARGS, "--fix", "copy.txt"], cwd=tmp_path)
    assert target.read_bytes() == b"The LUMIX S9.\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert os.getxattr(target, "user.l2lint.test") == b"kept"


def test_stale_temporary_files_are_removed_and_fresh_ones_kept(tmp_path):
    stale = tmp_path / ".l2lint-abc123.tmp"
    fresh = tmp_path / ".l2lint-def456.tmp"
    other = tmp_path / ".l2lint-baseline.json"
    for path in (stale, fresh, other):
        path.write_bytes(b"x")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    (tmp_path / "copy.txt").write_bytes(b"The Lumix S9.\n")
    run([*ARGS, "--fix", "copy.txt"], cwd=tmp_path)
    assert (tmp_path / "copy.txt").read_bytes() == b"The LUMIX S9.\n"
    assert not stale.exists()
    assert fresh.exists() and other.exists()


def docx_bytes(*paragraphs: str) -> bytes:
    document = new_docx()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_text(data: bytes) -> list[str]:
    from docx import Document as open_docx

    return [p.text for p in open_docx(io.BytesIO(data)).paragraphs]


@pytest.mark.parametrize(
    ("paragraphs", "fixed"),
    [
        (["Leica: The Lumix S9."], ["Leica: The LUMIX S9."]),
        (["Leica and L2 technology", "by Lumix"], ["Leica and L² Technology", "by LUMIX"]),
        (["Nothing to fix here."], ["Nothing to fix here."]),
    ],
)
def test_fix_of_a_docx_on_stdin_writes_a_docx(tmp_path, paragraphs, fixed):
    data = docx_bytes(*paragraphs)
    result = CliRunner().invoke(
        cli, [*ARGS, "--fix", "--stdin-filename", "x.docx", "-"], input=data
    )
    out = result.stdout_bytes
    assert zipfile.is_zipfile(io.BytesIO(out))
    assert docx_text(out) == fixed
    if paragraphs == fixed:
        assert out == data


# -- 2. UTF-8 with stray bytes ---------------------------------------------------------

STRAY = (
    "# Leica und LUMIX\n\nDie Kamera f\u00fcr Fotografen, gro\u00dfartig. Die Lumix S9 mit L2 "
    "technology.\n"
).encode() + b" Preis: 1.999 \x80\n"

INEXACT = (
    "not fixed: its bytes do not decode exactly (some have no character in the encoding "
    "it was read with), so writing it would change them"
)


@pytest.mark.parametrize(
    ("name", "data", "expected", "notice"),
    [
        (
            "s.md",
            STRAY,
            ["s.md:3:43: B201", "s.md:3:56: T101"],
            "not valid UTF-8: 1 invalid byte sequence read as U+FFFD",
        ),
        (  # two stray bytes before the name, in a text file
            "s.txt",
            "Gr\u00fc\u00dfe \u00e0 tous: ".encode() + b"\xff\xfe " + "caf\u00e9 Lumix".encode(),
            ["s.txt:1:23: B201"],
            "not valid UTF-8: 2 invalid byte sequences read as U+FFFD",
        ),
        (  # a truncated sequence at the very end
            "s.html",
            "<p>Caf\u00e9 cr\u00e8me, Lumix S9 \u2014 ".encode() + b"\xe2\x80</p>\n",
            ["s.html:1:16: B201"],
            "not valid UTF-8: 1 invalid byte sequence read as U+FFFD",
        ),
    ],
)
def test_utf8_with_stray_bytes_is_read_as_utf8_and_never_written(
    tmp_path, name, data, expected, notice
):
    target = tmp_path / name
    target.write_bytes(data)
    result = run([*ARGS, "--fix", name], cwd=tmp_path)
    assert target.read_bytes() == data
    assert [line.split(" error")[0] for line in result.stdout.splitlines()[:-1]] == expected
    assert notices(result) == [f"l2lint: notice: {name}: {notice}; {INEXACT}"]
    assert result.exit_code == 1


def test_ascii_with_one_stray_byte_stays_cp1252_and_is_fixed(tmp_path):
    target = tmp_path / "price.txt"
    target.write_bytes(b"The Lumix S9: 1.999 \x80\n")
    result = run([*ARGS, "--fix", "price.txt"], cwd=tmp_path)
    assert target.read_bytes() == b"The LUMIX S9: 1.999 \x80\n"
    assert notices(result) == ["l2lint: notice: price.txt: not valid UTF-8, read as cp1252"]


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.sampled_from([b"a", b" ", b"\xc3\xbc", b"\xe2\x80\x94", b"\x80", b"\xfc"])))
def test_sniff_decides_as_decode(pieces):
    data = b"".join(pieces)
    decoded = decode(data)
    found = sniff(io.BytesIO(data))
    assert (found.encoding, found.notice) == (decoded.encoding, decoded.notice)


# -- 3. template tags -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "source", "fixed"),
    [
        (
            "hugo.md",
            '# Leica and LUMIX\n\n{{< product id="lumix-s9" >}}\n\nText {{< ref "lumix" >}} here.\n',
            None,
        ),
        (
            "liquid.html",
            '<p>{% include "lumix-s9.html" %} The Lumix {{ page.lumix }} and '
            '{{% note "Lumix" %}}</p>\n',
            '<p>{% include "lumix-s9.html" %} The LUMIX {{ page.lumix }} and '
            '{{% note "Lumix" %}}</p>\n',
        ),
        (
            "go.txt",
            'Leica, made by Lumix.\n{{ if eq .Brand "lumix" }}\n  L2 technology {{ end }}\n',
            'Leica, made by LUMIX.\n{{ if eq .Brand "lumix" }}\n  L² Technology {{ end }}\n',
        ),
    ],
)
def test_template_tags_are_not_prose(tmp_path, name, source, fixed):
    target = tmp_path / name
    target.write_text(source, encoding="utf-8")
    result = run([*ARGS, "--fix", name], cwd=tmp_path)
    assert target.read_text(encoding="utf-8") == (fixed or source)
    assert result.exit_code == 0
    if fixed is None:
        assert result.stdout == "No findings in 1 file.\n"


# -- 4. --diff of a file without a final newline -----------------------------------------


def test_diff_marks_a_missing_final_newline(tmp_path):
    (tmp_path / "nonl.txt").write_bytes(b"Leica and LUMIX: L2 technology")
    result = run([*ARGS, "--diff", "nonl.txt"], cwd=tmp_path)
    assert result.stdout == (
        "--- a/nonl.txt\n+++ b/nonl.txt\n@@ -1 +1 @@\n"
        "-Leica and LUMIX: L2 technology\n\\ No newline at end of file\n"
        "+Leica and LUMIX: L² Technology\n\\ No newline at end of file\n"
        "1 file(s) would be changed.\n"
    )
    assert result.exit_code == 1


def test_diff_marker_only_on_the_last_line_and_crlf_kept(tmp_path, monkeypatch):
    (tmp_path / "two.txt").write_bytes(b"The Lumix S9\r\nby Leica\xe2\x80\xa8and Lumix")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, [*ARGS, "--diff", "two.txt"])
    assert result.stdout_bytes.decode("utf-8") == (
        "--- a/two.txt\n+++ b/two.txt\n@@ -1,2 +1,2 @@\n"
        "-The Lumix S9\r\n-by Leica\u2028and Lumix\n\\ No newline at end of file\n"
        "+The LUMIX S9\r\n+by Leica\u2028and LUMIX\n\\ No newline at end of file\n"
        "1 file(s) would be changed.\n"
    )


def test_diff_of_a_docx_marks_the_missing_final_newline(tmp_path):
    (tmp_path / "a.docx").write_bytes(docx_bytes("Leica: The Lumix S9."))
    result = run([*ARGS, "--diff", "a.docx"], cwd=tmp_path)
    assert result.stdout == (
        "--- a/a.docx\n+++ b/a.docx\n@@ -1 +1 @@\n"
        "-Leica: The Lumix S9.\n\\ No newline at end of file\n"
        "+Leica: The LUMIX S9.\n\\ No newline at end of file\n"
        "1 file(s) would be changed.\n"
    )


# -- 6. --diff reports what --fix would leave --------------------------------------------

C302 = (
    "C302 error: Do not fuse the brands into one name ('Leica-Lumix'): Leica products "
    "are branded Leica, Panasonic products LUMIX."
)


def test_diff_in_text_lists_the_findings_that_remain(tmp_path):
    (tmp_path / "d.md").write_bytes(b"The Leica-Lumix S9 by Lumix.\n")
    result = run([*ARGS, "--diff", "d.md"], cwd=tmp_path)
    assert result.stdout == (
        "--- a/d.md\n+++ b/d.md\n@@ -1 +1 @@\n"
        "-The Leica-Lumix S9 by Lumix.\n+The Leica-LUMIX S9 by LUMIX.\n"
        f"d.md:1:5: {C302.replace('Leica-Lumix', 'Leica-LUMIX')}\n"
        "Found 1 finding in 1 file checked (1 error, 0 warnings, 0 suggestions).\n"
        "1 file(s) would be changed.\n"
    )
    assert result.exit_code == 1
    fixed = run([*ARGS, "--fix", "d.md"], cwd=tmp_path)
    assert f"d.md:1:5: {C302.replace('Leica-Lumix', 'Leica-LUMIX')}" in fixed.stdout.splitlines()


def test_diff_in_json_lists_the_same_findings(tmp_path):
    (tmp_path / "d.md").write_bytes(b"The Leica-Lumix S9 by Lumix.\n")
    result = run([*ARGS, "--diff", "--format", "json", "d.md"], cwd=tmp_path)
    assert [(f["code"], f["line"], f["column"]) for f in result.json] == [("C302", 1, 5)]
    assert "+The Leica-LUMIX S9 by LUMIX.\n" in result.stderr


def test_diff_without_a_change_still_fails_on_a_remaining_finding(tmp_path):
    (tmp_path / "e.md").write_bytes(b"The Leica-LUMIX S9.\n")
    result = run([*ARGS, "--diff", "e.md"], cwd=tmp_path)
    assert result.stdout == (
        f"e.md:1:5: {C302.replace('Leica-Lumix', 'Leica-LUMIX')}\n"
        "Found 1 finding in 1 file checked (1 error, 0 warnings, 0 suggestions).\n"
        "0 file(s) would be changed.\n"
    )
    assert result.exit_code == 1
