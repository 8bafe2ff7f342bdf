"""The Dask executor (#21): a LocalCluster of two worker processes on 127.0.0.1 checks a
generated archive (a folder, a zip and a WARC file) with exactly the output and exit
code of a local run; a worker killed mid-run loses no file."""

from __future__ import annotations

import json
import os
import pickle
import signal
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from l2lint.engine import Linter  # noqa: E402
from l2lint.filecheck import Input, Options, check_file  # noqa: E402
from l2lint.packs import load_rule_set  # noqa: E402
from l2lint.run import map_files  # noqa: E402
from tests.clirunner import run  # noqa: E402
from tests.test_warc import OTHER, PAGE, build_warc  # noqa: E402

pytestmark = pytest.mark.slow  # a cluster takes seconds to start

LINES = [
    "The new Lumix S5II ships with L2 technology inside.",
    "Leica and Panasonic merged their camera divisions.",
    "Shoot Micro 4/3 with the Leica-LUMIX lens.",
    "Nothing to see in this sentence about the weather.",
]


def make_archive(root: Path, files: int = 24) -> list[str]:
    """A folder (Markdown, HTML, text, one broken .docx), a zip and a WARC: the paths
    to give `l2lint check`."""
    site = root / "site"
    for index in range(files):
        folder = site / f"section{index % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        body = "\n\n".join(LINES[(index + k) % len(LINES)] for k in range(index % 4 + 1))
        suffix = (".md", ".html", ".txt")[index % 3]
        text = f"<p>{body}</p>\n" if suffix == ".html" else body + "\n"
        (folder / f"page{index:02d}{suffix}").write_text(text, encoding="utf-8")
    (site / "broken.docx").write_text("not a zip archive", encoding="utf-8")
    with zipfile.ZipFile(root / "export.zip", "w") as archive:
        for index in range(files // 2):
            archive.writestr(f"feed/item{index:02d}.txt", LINES[index % len(LINES)] + "\n")
    pages = [
        (f"https://shop{index % 2}.example.com/p/{index}", "text/html", body.encode(), [])
        for index, body in enumerate([PAGE, OTHER] * (files // 4))
    ]
    build_warc(root / "crawl.warc.gz", pages)
    (root / ".l2lint.toml").write_text(
        '[per-file-ignores]\n"site/section1/**" = ["B201"]\n', encoding="utf-8"
    )
    return ["site", "zip://::export.zip", "crawl.warc.gz"]


@pytest.fixture(scope="module")
def cluster():
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=40,
        ) as local,
        distributed.Client(local) as client,
    ):
        yield local.scheduler_address, client


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "aggregate"])
def test_a_two_worker_cluster_gives_exactly_the_local_output(tmp_path, cluster, fmt):
    address, _ = cluster
    paths = make_archive(tmp_path)
    args = ["check", "--no-cache", "--format", fmt, *paths]
    local = run(args, cwd=tmp_path)
    dask = run([*args, "--executor", "dask", "--scheduler", address], cwd=tmp_path)
    assert (dask.exit_code, dask.stdout, dask.stderr) == (
        local.exit_code,
        local.stdout,
        local.stderr,
    )
    assert local.exit_code == 2  # findings and the broken .docx file
    assert local.stderr == (
        "l2lint: error: site/broken.docx: not a valid .docx file: not a zip archive\n"
    )
    if fmt == "json":
        paths_seen = {f["path"] for f in local.json}
        assert "crawl.warc.gz#https://shop0.example.com/p/0" in paths_seen
        assert "zip://feed/item00.txt::export.zip" in paths_seen
        # per-file ignores hold on the workers too
        assert not [
            f for f in local.json if f["path"].startswith("site/section1/") and f["code"] == "B201"
        ]
        assert [
            f for f in local.json if f["path"].startswith("site/section0/") and f["code"] == "B201"
        ]


def test_the_results_cache_works_on_the_workers(tmp_path, cluster):
    address, _ = cluster
    paths = make_archive(tmp_path, files=6)
    args = ["check", "--format", "json", *paths]
    first = run([*args, "--executor", "dask", "--scheduler", address], cwd=tmp_path)
    stored = list((tmp_path / ".l2lint_cache" / "v3").rglob("*.json"))
    assert len(stored) == 6 + 6 // 2 + 6 // 4 * 2  # files, zip members, WARC pages; no error
    again = run(args, cwd=tmp_path)  # a local run served by the workers' cache
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)
    assert sorted((tmp_path / ".l2lint_cache" / "v3").rglob("*.json")) == sorted(stored)


def test_without_a_scheduler_a_local_cluster_is_started(tmp_path):
    paths = make_archive(tmp_path, files=6)
    args = ["check", "--no-cache", "--format", "json", *paths]
    local = run(args, cwd=tmp_path)
    dask = run([*args, "--executor", "dask", "-j", "2"], cwd=tmp_path)
    assert (dask.exit_code, dask.stdout, dask.stderr) == (
        local.exit_code,
        local.stdout,
        local.stderr,
    )


def test_the_config_key_chooses_the_executor(tmp_path, cluster):
    address, client = cluster
    paths = make_archive(tmp_path, files=3)
    local = run(["check", "--no-cache", *paths], cwd=tmp_path)
    config = tmp_path / ".l2lint.toml"  # top-level keys before make_archive's table
    config.write_text(
        f'executor = "dask"\nscheduler = "{address}"\n'
        '[per-file-ignores]\n"site/section1/**" = ["B201"]\n',
        encoding="utf-8",
    )
    with distributed.get_task_stream(client) as stream:
        dask = run(["check", "--no-cache", *paths], cwd=tmp_path)
    assert (dask.exit_code, dask.stdout, dask.stderr) == (
        local.exit_code,
        local.stdout,
        local.stderr,
    )
    assert any("_check_batch" in str(task["key"]) for task in stream.data), stream.data[:2]


@dataclass(frozen=True)
class SlowInput(Input):
    """A file that takes a while to read, so that a worker is busy when it is killed."""

    delay: float = 0.3

    def read(self) -> bytes:
        time.sleep(self.delay)
        return super().read()


def test_a_worker_killed_mid_run_loses_no_file(tmp_path, cluster):
    from l2lint.dask_executor import dask_map

    address, client = cluster
    site = tmp_path / "site"
    site.mkdir()
    inputs = []
    for index in range(16):
        path = site / f"page{index:02d}.md"
        path.write_text(LINES[index % len(LINES)] + "\n", encoding="utf-8")
        inputs.append(SlowInput(str(path), "markdown"))
    linter = Linter(load_rule_set(()))
    options = Options()
    expected = [check_file(item, linter, None, options) for item in inputs]
    before = client.run(os.getpid)
    results = []
    killed = None
    for result in dask_map(inputs, linter, None, options, 2, scheduler=address, batch_bytes=1):
        results.append(result)
        if killed is None:  # both workers are busy with the next files: kill one
            killed = sorted(before.values())[0]
            os.kill(killed, signal.SIGKILL)
    assert [(r.path, r.findings, r.error) for r in results] == [
        (r.path, r.findings, r.error) for r in expected
    ]
    assert len(results) == 16
    client.wait_for_workers(2, timeout=60)
    assert killed not in client.run(os.getpid).values()  # it died; the nanny restarted it


def test_a_linter_checks_the_same_after_pickling(tmp_path):
    """What a worker receives is a pickled Linter: it must find what the original finds
    (state compared by identity, such as a "not computed yet" marker, must survive)."""
    linter = Linter(load_rule_set(()))
    copy = pickle.loads(pickle.dumps(linter))
    samples = Path(__file__).parent / "data" / "samples"
    inputs = [
        Input(str(p), {".md": "markdown", ".html": "html"}.get(p.suffix, "text"))
        for p in sorted(samples.iterdir())
    ]
    original = list(map_files(inputs, linter, None, Options(), 1))
    shipped = [check_file(item, copy, None, Options()) for item in inputs]
    assert [r.findings for r in shipped] == [r.findings for r in original]
    assert sum(len(r.findings) for r in original) > 10


def test_an_unreachable_scheduler_is_one_error_line(tmp_path):
    (tmp_path / "a.md").write_text("The Lumix G9.\n", encoding="utf-8")
    result = run(
        ["check", "--isolated", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9", "a.md"],
        cwd=tmp_path,
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("l2lint: cannot reach the Dask scheduler tcp://127.0.0.1:9: ")
    assert result.stderr.count("\n") == 1


def test_jsonl_streams_one_finding_a_line_in_input_order(tmp_path, cluster):
    address, _ = cluster
    paths = make_archive(tmp_path, files=6)
    out = run(
        [
            "check",
            "--no-cache",
            "--format",
            "jsonl",
            "--executor",
            "dask",
            "--scheduler",
            address,
            "-o",
            "report.jsonl",
            *paths,
        ],
        cwd=tmp_path,
    )
    assert out.exit_code == 2
    rows = [json.loads(line) for line in (tmp_path / "report.jsonl").read_text().splitlines()]
    whole = run(["check", "--no-cache", "--format", "json", *paths], cwd=tmp_path).json
    assert sorted(map(json.dumps, rows)) == sorted(map(json.dumps, whole))
    order = [r["path"] for r in rows]
    assert order.index("site/section0/page00.md") < order.index("zip://feed/item00.txt::export.zip")
    assert order.index("zip://feed/item00.txt::export.zip") < order.index(
        "crawl.warc.gz#https://shop0.example.com/p/0"
    )
