"""Inputs through fsspec URLs (#21): file:// and zip:// for real; only the files the
filters select are read; errors are one line naming the URL; URLs are never written."""

from __future__ import annotations

import json
import zipfile

import pytest

pytest.importorskip("fsspec")

import l2lint.remote  # noqa: E402
from tests.clirunner import run  # noqa: E402

COPY = {
    "press/launch.md": "# Launch\n\nThe new Lumix S5II is here.\n",
    "press/old/notes.txt": "Leica and Panasonic merged.\n",
    "shop/page.html": "<p>Shop the Lumix G9.</p>\n",
    "shop/image.png": "not copy",  # no reader: never listed, never fetched
    "shop/.hidden.md": "The Lumix G9.\n",  # hidden: skipped as in folder scans
}


def make_tree(root):
    for name, text in COPY.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


def make_zip(path, prefix=""):
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in COPY.items():
            archive.writestr(prefix + name, text)
    return path


def rows(stdout):
    return [(f["path"], f["line"], f["column"], f["code"]) for f in json.loads(stdout)]


def test_a_zip_archive_is_checked_member_by_member(tmp_path):
    make_zip(tmp_path / "site.zip")
    result = run(
        ["check", "--isolated", "--no-cache", "--format", "json", "zip://::site.zip"], cwd=tmp_path
    )
    assert result.exit_code == 1
    assert rows(result.stdout) == [
        ("zip://press/launch.md::site.zip", 3, 9, "B201"),
        ("zip://press/old/notes.txt::site.zip", 1, 1, "A401"),
        ("zip://shop/page.html::site.zip", 1, 13, "B201"),
    ]


def test_a_folder_inside_a_zip_and_a_file_url_give_the_findings_of_the_plain_files(tmp_path):
    make_tree(tmp_path / "tree")
    make_zip(tmp_path / "site.zip", prefix="export/")
    plain = run(
        ["check", "--isolated", "--no-cache", "--format", "json", "tree/press"], cwd=tmp_path
    )
    zipped = run(
        ["check", "--isolated", "--no-cache", "--format", "json"]
        + [f"zip://export/press::file://{tmp_path}/site.zip"],
        cwd=tmp_path,
    )
    url = run(
        ["check", "--isolated", "--no-cache", "--format", "json", f"file://{tmp_path}/tree/press"],
        cwd=tmp_path,
    )
    assert plain.exit_code == zipped.exit_code == url.exit_code == 1
    expected = [(line, col, code) for _, line, col, code in rows(plain.stdout)]
    assert [(line, col, code) for _, line, col, code in rows(zipped.stdout)] == expected
    assert [(line, col, code) for _, line, col, code in rows(url.stdout)] == expected
    assert [r[0] for r in rows(url.stdout)] == [
        f"file://{tmp_path}/tree/press/launch.md",
        f"file://{tmp_path}/tree/press/old/notes.txt",
    ]


def test_only_the_selected_files_are_fetched(tmp_path, monkeypatch):
    make_tree(tmp_path / "tree")
    fetched = []
    real = l2lint.remote.read_url

    def spy(url):
        fetched.append(url)
        return real(url)

    monkeypatch.setattr(l2lint.remote, "read_url", spy)
    (tmp_path / ".l2lint.toml").write_text('exclude = ["tree/press/old/"]\n', encoding="utf-8")
    result = run(["check", "--no-cache", f"file://{tmp_path}/tree"], cwd=tmp_path)
    assert result.exit_code == 1
    assert sorted(fetched) == [
        f"file://{tmp_path}/tree/press/launch.md",
        f"file://{tmp_path}/tree/shop/page.html",
    ]


@pytest.mark.parametrize("members", [1, 60])
def test_an_archive_directory_is_read_once_per_scan_not_once_per_member(
    tmp_path, monkeypatch, members
):
    """Reading each member through a fresh `zip://m::site.zip` chain parsed the archive's
    whole directory per member: quadratic in the members (2,000 members took 71 s)."""
    with zipfile.ZipFile(tmp_path / "site.zip", "w") as archive:
        for i in range(members):
            archive.writestr(
                f"p{i:02}.md", f"Page {i}.\n" + ("The Lumix G9.\n" if i % 20 == 0 else "")
            )
    opened = []
    real = zipfile.ZipFile.__init__

    def counting(self, file, *args, **kwargs):
        opened.append(file)
        real(self, file, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "__init__", counting)
    result = run(
        [
            "check",
            "--isolated",
            "--no-cache",
            "--jobs",
            "1",
            "--format",
            "json",
            "zip://::site.zip",
        ],
        cwd=tmp_path,
    )
    assert result.exit_code == 1
    assert rows(result.stdout) == [
        (f"zip://p{i:02}.md::site.zip", 2, 5, "B201") for i in range(0, members, 20)
    ]
    assert len(opened) <= 3  # listing, the zip-archive check, reading: not one per member


def test_an_archive_changed_between_reads_is_read_anew(tmp_path):
    archive = tmp_path / "site.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("a.md", "First.\n")
    url = f"zip://a.md::{archive}"
    assert l2lint.remote.read_url(url) == b"First.\n"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("a.md", "Second, longer.\n")
    assert l2lint.remote.read_url(url) == b"Second, longer.\n"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("zip://nothing/here::site.zip", "no such file or directory"),
        ("file:///nonexistent/l2lint/folder", "no such file or directory"),
        ("zip://::missing.zip", "no such file or directory"),
    ],
)
def test_a_missing_url_is_one_error_line_and_the_others_are_checked(tmp_path, url, reason):
    make_zip(tmp_path / "site.zip")
    result = run(["check", "--isolated", "--no-cache", url, "zip://shop::site.zip"], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == f"l2lint: error: {url}: {reason}\n"
    assert result.stdout.splitlines()[0] == (
        "zip://shop/page.html::site.zip:1:13: B201 error: Write 'LUMIX' in capitals, not 'Lumix'. [*]"
    )


def test_a_bucket_without_its_protocol_library_names_the_extra(tmp_path):
    try:
        import s3fs  # noqa: F401

        pytest.skip("s3fs is installed")
    except ImportError:
        pass
    result = run(["check", "--isolated", "s3://bucket/copy/"], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "l2lint: error: s3://bucket/copy/: cannot read URLs: Install s3fs to access S3 "
        "(pip install 'l2lint[s3]')"
    )


@pytest.mark.parametrize("flag", ["--fix", "--diff"])
def test_files_read_through_a_url_are_never_written(tmp_path, flag):
    make_tree(tmp_path / "tree")
    before = (tmp_path / "tree/press/launch.md").read_bytes()
    url = f"file://{tmp_path}/tree/press/launch.md"
    result = run(["check", "--isolated", flag, url], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"l2lint: error: {url}: not fixed: files read through a URL are read-only"
    )
    assert (tmp_path / "tree/press/launch.md").read_bytes() == before
