"""Inline suppression comments in Markdown, HTML and plain text."""

from __future__ import annotations

from pathlib import Path

from tests.clirunner import run


def lint(tmp_path: Path, name: str, text: str, *args: str):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return run(
        ["check", "--isolated", "--format", "json", "--select", "B", *args, name], cwd=tmp_path
    )


def found(result) -> list[tuple[str, int]]:
    return [(f["code"], f["line"]) for f in result.json]


def test_markdown_disable_enable_range_for_one_code(tmp_path):
    text = (
        "Lumix one.\n\n"
        "<!-- l2lint-disable B201 -->\n"
        "Lumix two and leica.\n\n"
        "<!-- l2lint-enable B201 -->\n"
        "Lumix three.\n"
    )
    assert found(lint(tmp_path, "a.md", text)) == [("B201", 1), ("B202", 4), ("B201", 7)]


def test_markdown_disable_without_codes_and_without_enable(tmp_path):
    text = "Lumix one.\n\n<!-- l2lint-disable -->\n\nLumix two and leica.\n"
    assert found(lint(tmp_path, "a.md", text)) == [("B201", 1)]


def test_markdown_disable_next_line(tmp_path):
    text = "<!-- l2lint-disable-next-line B201 -->\nLumix and leica.\nLumix again.\n"
    assert found(lint(tmp_path, "a.md", text)) == [("B202", 2), ("B201", 3)]


def test_markdown_disable_file(tmp_path):
    text = "Lumix.\n\n<!-- l2lint-disable-file -->\n"
    assert found(lint(tmp_path, "a.md", text)) == []


def test_html_comments(tmp_path):
    text = (
        "<p>Lumix one.</p>\n"
        "<!-- l2lint-disable-next-line B201,B202 -->\n"
        "<p>Lumix and leica two.</p>\n"
        "<!-- l2lint-disable B2 --><p>Lumix three.</p><!-- l2lint-enable -->\n"
        "<p>Lumix four.</p>\n"
    )
    assert found(lint(tmp_path, "a.html", text)) == [("B201", 1), ("B201", 5)]


def test_plain_text_directive_lines(tmp_path):
    text = "Lumix one.\nl2lint: disable-next-line B201\nLumix two.\nLumix three.\n"
    assert found(lint(tmp_path, "a.txt", text)) == [("B201", 1), ("B201", 4)]


def test_unused_disables_are_reported_only_on_request(tmp_path):
    text = "<!-- l2lint-disable-next-line C302 -->\nLumix.\n\n<!-- l2lint-disable-next-line B201 -->\nLumix.\n"
    assert found(lint(tmp_path, "a.md", text)) == [("B201", 2)]
    result = lint(tmp_path, "a.md", text, "--report-unused-disables")
    assert [(f["code"], f["line"], f["column"], f["severity"]) for f in result.json] == [
        ("L001", 1, 1, "warning"),
        ("B201", 2, 1, "error"),
    ]
    assert "C302" in result.json[0]["message"]


def test_comment_text_itself_is_not_prose(tmp_path):
    assert found(lint(tmp_path, "a.md", "<!-- Lumix draft note -->\nLUMIX.\n")) == []
