"""Results at scale (#21): `--format jsonl`, `--format aggregate`, the scan's progress
line, the executor's flags and config keys; all without a cluster."""

from __future__ import annotations

import json

import pytest

from l2lint.report.aggregate import group_of
from l2lint.scanprogress import status_line
from tests.clirunner import run

FILES = {
    "press/2024/launch.md": "The new Lumix S5II.\n\nThe Lumix G9 too.\n",
    "press/2024/recap.md": "Leica and Panasonic merged.\n",
    "shop/page.html": "<p>Shop the Lumix G9.</p>\n",
    "shop/clean.txt": "Nothing about cameras.\n",
}


def make(tmp_path):
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")


def test_jsonl_is_the_json_report_one_finding_a_line(tmp_path):
    make(tmp_path)
    lines = run(["check", "--isolated", "--no-cache", "--format", "jsonl", "."], cwd=tmp_path)
    whole = run(["check", "--isolated", "--no-cache", "--format", "json", "."], cwd=tmp_path)
    assert lines.exit_code == whole.exit_code == 1
    assert [json.loads(line) for line in lines.stdout.splitlines()] == whole.json
    assert len(lines.stdout.splitlines()) == 4


def test_jsonl_to_a_file_streams_there_and_prints_nothing(tmp_path):
    make(tmp_path)
    result = run(
        ["check", "--isolated", "--no-cache", "--format", "jsonl", "-o", "out.jsonl", "shop"],
        cwd=tmp_path,
    )
    assert (result.exit_code, result.stdout) == (1, "")
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [(r["path"], r["line"], r["column"], r["code"]) for r in rows] == [
        ("shop/page.html", 1, 13, "B201")
    ]


def test_jsonl_with_no_findings_is_empty_and_exit_0(tmp_path):
    make(tmp_path)
    result = run(["check", "--isolated", "--format", "jsonl", "shop/clean.txt"], cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (0, "")


def test_the_aggregate_report_counts_per_rule_group_and_document(tmp_path):
    make(tmp_path)
    result = run(["check", "--isolated", "--no-cache", "--format", "aggregate", "."], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.json == {
        "documents": 4,
        "documents_with_findings": 3,
        "findings": 4,
        "by_severity": {"error": 4},
        "by_rule": [
            {"code": "B201", "name": "lumix-capitals", "severity": "error", "findings": 3},
            {"code": "A401", "name": "not-a-merger", "severity": "error", "findings": 1},
        ],
        "by_group": [
            {"group": "press/2024", "documents": 2, "findings": 3},
            {"group": "shop", "documents": 2, "findings": 1},
        ],
        "top_documents": [
            {"path": "press/2024/launch.md", "findings": 2},
            {"path": "press/2024/recap.md", "findings": 1},
            {"path": "shop/page.html", "findings": 1},
        ],
    }


@pytest.mark.parametrize(
    ("path", "group"),
    [
        ("https://www.Example.com/cameras/s5?x=1", "www.example.com"),
        ("http://shop.example.org:8080/", "shop.example.org:8080"),
        ("press/2024/launch.md", "press/2024"),
        ("launch.md", "."),
        ("zip://docs/a.md::site.zip", "zip://docs::site.zip"),
        ("s3://bucket/copy/a.md", "s3://bucket/copy"),
    ],
)
def test_a_document_is_grouped_by_domain_or_folder(path, group):
    assert group_of(path) == group


@pytest.mark.parametrize(
    ("args", "line"),
    [
        ((0, 100, 0, 0, 0.0), "0/100 files  0.0 MB/s  0 findings  ETA ?"),
        ((25, 100, 5_000_000, 7, 2.0), "25/100 files  2.5 MB/s  7 findings  ETA 0:00:06"),
        ((1, 10_001, 1_000, 0, 1.0), "1/10001 files  0.0 MB/s  0 findings  ETA 2:46:40"),
    ],
)
def test_the_progress_line_shows_files_throughput_findings_and_eta(args, line):
    assert status_line(*args) == line


def test_the_progress_line_is_drawn_on_a_terminal_and_erased(tmp_path, monkeypatch, capsys):
    import l2lint.scanprogress as scanprogress
    from l2lint.filecheck import FileResult, Input

    monkeypatch.setattr(scanprogress, "wanted", lambda enabled: enabled)
    (tmp_path / "a.md").write_bytes(b"x" * 1000)
    with scanprogress.scan_meter() as meter:
        assert meter is not None
        for done in range(1, 21):
            meter(done, 20, Input(str(tmp_path / "a.md"), "markdown"), FileResult("a.md"))
    err = capsys.readouterr().err
    assert "20/20 files" in err and "0 findings" in err
    assert err.endswith("\r")


def test_a_scheduler_without_the_dask_executor_is_a_usage_error(tmp_path):
    make(tmp_path)
    result = run(["check", "--isolated", "--scheduler", "tcp://127.0.0.1:8786", "."], cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "l2lint: --scheduler needs --executor dask\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('executor = "spark"\n', "'executor' must be 'local' or 'dask'"),
        ("scheduler = 8786\n", "'scheduler' must be a scheduler address such as 'tcp://host:8786'"),
    ],
)
def test_a_bad_executor_key_is_one_line_naming_the_file(tmp_path, content, message):
    make(tmp_path)
    (tmp_path / ".l2lint.toml").write_text(content, encoding="utf-8")
    result = run(["check", "."], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == f"l2lint: {tmp_path / '.l2lint.toml'}: {message}\n"


def test_a_task_that_fails_on_the_workers_is_an_executor_error():
    """check_file never raises, so a failing task means the workers cannot run l2lint
    (e.g. not installed there): the run stops with one line, not a traceback."""
    pytest.importorskip("distributed")
    from l2lint.dask_executor import ExecutorError, gather_batch

    class Failed:
        def result(self):
            raise ModuleNotFoundError("No module named 'l2lint'")

    with pytest.raises(ExecutorError) as caught:
        gather_batch(None, Failed(), [], None)
    assert str(caught.value) == (
        "the Dask workers cannot check files (ModuleNotFoundError: No module named 'l2lint'); "
        "is the same l2lint installed on them?"
    )
