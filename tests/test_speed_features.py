"""Lazy work, --jobs, the results cache and the progress bar (behaviour, not timings)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.clirunner import run

PROBE = """
import sys
from l2lint.api import lint_paths
lint_paths([{path!r}])
print('spacy' in sys.modules)
"""


def spacy_loaded_after_linting(path: Path) -> bool:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(path=str(path))],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip() == "True"


def test_import_does_not_load_spacy():
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, l2lint; print('spacy' in sys.modules, 'l2lint.engine' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "False False"


def test_clean_file_and_spelling_findings_never_reach_spacy(tmp_path):
    clean = tmp_path / "clean.md"
    clean.write_text("# Notes\n\nNothing about any brand at all.\n", encoding="utf-8")
    assert spacy_loaded_after_linting(clean) is False
    spelling = tmp_path / "spelling.md"
    spelling.write_text("# Notes\n\nThe Lumix S5II and leica optics.\n", encoding="utf-8")
    assert spacy_loaded_after_linting(spelling) is False
    claim = tmp_path / "claim.md"
    claim.write_text("# Notes\n\nLeica and Panasonic announced a merger.\n", encoding="utf-8")
    assert spacy_loaded_after_linting(claim) is True


def test_only_blocks_that_can_match_are_tokenized(monkeypatch):
    import l2lint.nlp
    from l2lint import lint_text

    seen: list[str] = []
    real = l2lint.nlp.analyse

    def counting(text, language="en"):
        seen.append(text)
        return real(text, language)

    monkeypatch.setattr(l2lint.nlp, "analyse", counting)
    text = "Plain words.\n\nMore plain words.\n\nLeica and Panasonic announced a merger.\n\nThe LUMIX S5II.\n"
    assert [f.code for f in lint_text(text)] == ["A401"]
    assert seen == ["Leica and Panasonic announced a merger."]


def test_file_without_trigger_words_is_not_even_parsed(monkeypatch, tmp_path):
    import l2lint.sources.markdown

    calls = []
    real = l2lint.sources.markdown.read_markdown
    monkeypatch.setattr(
        l2lint.sources.markdown, "read_markdown", lambda *a: calls.append(a) or real(*a)
    )
    (tmp_path / "a.md").write_text("# Plain\n\nNothing here.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Plain\n\n**Lu**mix here.\n", encoding="utf-8")
    result = run(["check", "--isolated", "--no-cache", "--format", "json", "."], cwd=tmp_path)
    assert [(f["path"], f["code"]) for f in result.json] == [("b.md", "B201")]
    assert [c[0] for c in calls] == ["b.md"]


def make_corpus(folder: Path, files: int = 48) -> None:
    folder.mkdir(exist_ok=True)
    for i in range(files):
        text = f"# Page {i}\n\nThe Lumix S{i} with L2 technology.\n\nLeica and Panasonic merged, they say.\n"
        (folder / f"page-{i:02d}.md").write_text(
            text if i % 3 else "# Plain page\n", encoding="utf-8"
        )


def test_jobs_output_is_identical_to_one_job(tmp_path):
    make_corpus(tmp_path / "copy")
    one = run(["check", "--isolated", "--no-cache", "-j", "1", "copy"], cwd=tmp_path)
    two = run(["check", "--isolated", "--no-cache", "-j", "2", "copy"], cwd=tmp_path)
    four = run(
        ["check", "--isolated", "--no-cache", "--jobs", "4", "--format", "json", "copy"],
        cwd=tmp_path,
    )
    assert one.stdout == two.stdout and one.exit_code == two.exit_code == 1
    assert len(four.json) == len(one.stdout.splitlines()) - 1


def test_cache_is_used_invalidated_and_tagged(tmp_path, monkeypatch):
    import l2lint.filecheck

    make_corpus(tmp_path / "copy", files=6)
    calls = []
    real = l2lint.filecheck.document_from_bytes  # each file read to be linted
    monkeypatch.setattr(
        l2lint.filecheck, "document_from_bytes", lambda *a, **k: calls.append(a[0]) or real(*a, **k)
    )
    first = run(["check", "--isolated", "-j", "1", "copy"], cwd=tmp_path)
    assert len(calls) == 6
    cache = tmp_path / ".l2lint_cache"
    assert (
        (cache / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    calls.clear()
    second = run(["check", "--isolated", "-j", "1", "copy"], cwd=tmp_path)
    assert calls == [] and second.stdout == first.stdout and second.exit_code == first.exit_code
    (tmp_path / "copy" / "page-01.md").write_text("Lumix again.\n", encoding="utf-8")
    run(["check", "--isolated", "-j", "1", "copy"], cwd=tmp_path)
    assert calls == [str(Path("copy/page-01.md"))]
    calls.clear()
    run(
        ["check", "--isolated", "-j", "1", "--select", "B", "copy"], cwd=tmp_path
    )  # other rules: other keys
    assert len(calls) == 6


@pytest.mark.parametrize("fmt", ["json", "sarif", "text"])
def test_a_cached_report_equals_a_fresh_one_though_entries_hold_no_rationale(tmp_path, fmt):
    (tmp_path / "a.md").write_text(
        "# Lumix news\n\nLeica and Panasonic have merged.\n\nThe L2 technology is here.\n",
        encoding="utf-8",
    )
    args = ["check", "--isolated", "-j", "1", "--format", fmt, "a.md"]
    fresh = run(
        ["check", "--isolated", "--no-cache", "-j", "1", "--format", fmt, "a.md"], cwd=tmp_path
    )
    first = run(args, cwd=tmp_path)
    second = run(args, cwd=tmp_path)
    assert fresh.exit_code == first.exit_code == second.exit_code == 1
    assert second.stdout == first.stdout == fresh.stdout
    entries = list((tmp_path / ".l2lint_cache" / "v3").rglob("*.json"))
    assert len(entries) == 1
    assert '"code":"B201"' in entries[0].read_text(encoding="utf-8")
    assert "rationale" not in entries[0].read_text(encoding="utf-8")


def test_no_cache_writes_nothing(tmp_path):
    make_corpus(tmp_path / "copy", files=2)
    run(["check", "--isolated", "--no-cache", "copy"], cwd=tmp_path)
    assert not (tmp_path / ".l2lint_cache").exists()


def test_fix_is_never_served_from_the_cache(tmp_path):
    (tmp_path / "a.txt").write_text("Lumix.\n", encoding="utf-8")
    run(["check", "--isolated", "a.txt"], cwd=tmp_path)
    run(["check", "--isolated", "--fix", "a.txt"], cwd=tmp_path)
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "LUMIX.\n"


@pytest.mark.parametrize(
    ("tty", "ci", "enabled", "expected"),
    [
        (True, None, True, True),
        (False, None, True, False),
        (True, "true", True, False),
        (True, None, False, False),
    ],
)
def test_progress_bar_only_on_a_terminal_outside_ci(monkeypatch, tty, ci, enabled, expected):
    from l2lint import progress

    monkeypatch.setattr(progress.sys.stderr, "isatty", lambda: tty, raising=False)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    assert progress.wanted(enabled) is expected


@pytest.mark.parametrize(
    "text",
    [
        "Leica designs lenses. Panasonic builds bodies, and the two teams merged their roadmaps.",
        "L² Technology is here. Then the two teams merged their roadmaps.",
        "Panasonic merged two plants. Leica opened a store.",
    ],
)
def test_claim_words_apart_from_the_brands_need_no_spacy(tmp_path, text):
    path = tmp_path / "a.md"
    path.write_text(text + "\n", encoding="utf-8")
    assert not spacy_loaded_after_linting(path)
    result = run(["check", "--isolated", "--no-cache", "--select", "A", "a.md"], cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (0, "No findings in 1 file.\n")


@pytest.mark.parametrize(
    "text",
    [
        "Leica and Panasonic have merged their camera businesses.",
        "Panasonic took over Leica to create L² Technology.",
    ],
)
def test_a_claim_in_one_sentence_still_reaches_spacy(tmp_path, text):
    path = tmp_path / "a.md"
    path.write_text(text + "\n", encoding="utf-8")
    assert spacy_loaded_after_linting(path)
    result = run(["check", "--isolated", "--no-cache", "--select", "A401", "a.md"], cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout.startswith("a.md:1:1: A401 ")


@pytest.mark.parametrize(("jobs", "pooled"), [(None, False), (2, True)])
def test_a_small_scan_stays_in_one_process_unless_jobs_are_asked_for(
    tmp_path, monkeypatch, jobs, pooled
):
    """The default (--jobs not given) forks only when each worker gets megabytes of copy."""
    import l2lint.run
    from l2lint.api import default_linter
    from l2lint.filecheck import Input, Options

    make_corpus(tmp_path / "copy", files=40)
    inputs = [Input(str(p), "markdown") for p in sorted((tmp_path / "copy").rglob("*.md"))]
    monkeypatch.setattr(l2lint.run, "default_jobs", lambda: 2)
    forks = []
    real = l2lint.run.multiprocessing.get_context
    monkeypatch.setattr(
        l2lint.run.multiprocessing, "get_context", lambda m: forks.append(m) or real(m)
    )
    results = list(l2lint.run.map_files(inputs, default_linter(), None, Options(), jobs))
    assert [r.path for r in results] == [i.path for i in inputs]
    assert all(r.findings for r in results[1::3]) and not any(r.findings for r in results[::3])
    assert forks == (["fork"] if pooled else [])


FORK_PROBE = """
import json, sys
import l2lint.run
from l2lint.api import default_linter
from l2lint.filecheck import Input, Options

inputs = [Input(p, "markdown") for p in sys.argv[1:]]
seen = []  # at the fork: (files checked here so far, spaCy loaded here)
real = l2lint.run.multiprocessing.get_context
checked = []
real_check = l2lint.run.check_file


def check_here(item, *args):
    checked.append(item.path)
    return real_check(item, *args)


def context(method):
    seen.append((len(checked), "spacy" in sys.modules))
    return real(method)


l2lint.run.check_file = check_here
l2lint.run.multiprocessing.get_context = context
jobs = {jobs}
if jobs is None:  # the default: any size pays by bytes; the cores are 2
    l2lint.run.MIN_BYTES_PER_WORKER = 1
    l2lint.run.default_jobs = lambda: 2
    l2lint.run.POOL_MIN_SECONDS = {pool_min}
results = list(l2lint.run.map_files(inputs, default_linter(), None, Options(), jobs))
print(json.dumps({"seen": seen, "findings": [len(r.findings) for r in results]}))
"""


def fork_point(paths: list[Path], jobs: int | None = 2, pool_min: float = 1.0) -> dict:
    probe = FORK_PROBE.replace("{jobs}", repr(jobs)).replace("{pool_min}", repr(pool_min))
    out = subprocess.run(
        [sys.executable, "-c", probe, *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
    )
    import json

    return json.loads(out.stdout)


@pytest.mark.parametrize("claim_at", [0, 3])
def test_a_pool_is_forked_once_a_claim_has_loaded_spacy(tmp_path, claim_at):
    """The workers inherit spaCy from the parent, which checks files until a claim
    loads it; the findings come back in input order."""
    paths = []
    for i in range(64):
        text = "Leica and Panasonic merged, they say.\n" if i == claim_at else "# Plain page\n"
        path = tmp_path / f"page-{i:02d}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    probe = fork_point(paths)
    assert probe["seen"] == [[claim_at + 1, True]]
    assert probe["findings"] == [1 if i == claim_at else 0 for i in range(64)]


@pytest.mark.parametrize("files", [32, 80])
def test_a_pool_without_claims_forks_after_a_share_of_the_files_without_spacy(tmp_path, files):
    """No claim: nothing is loaded on speculation; the parent checks 1/8 of the files
    (2 workers) before forking."""
    paths = []
    for i in range(files):
        path = tmp_path / f"page-{i:02d}.md"
        path.write_text(f"# Page {i}\n\nThe Lumix S{i} and the LUMIX G{i}.\n", encoding="utf-8")
        paths.append(path)
    probe = fork_point(paths)
    assert probe["seen"] == [[files // 8, False]]
    assert probe["findings"] == [1] * files


@pytest.mark.parametrize(("pool_min", "forked"), [(1.0, False), (0.0, True)])
def test_by_default_a_pool_is_forked_only_when_the_work_left_pays_for_it(
    tmp_path, pool_min, forked
):
    """--jobs not given: 80 small files without a claim leave each worker far less than
    a second of work, so the run stays in one process; results are the same."""
    paths = []
    for i in range(80):
        path = tmp_path / f"page-{i:02d}.md"
        path.write_text(f"# Page {i}\n\nThe Lumix S{i} and the LUMIX G{i}.\n", encoding="utf-8")
        paths.append(path)
    probe = fork_point(paths, jobs=None, pool_min=pool_min)
    assert probe["seen"] == ([[10, False]] if forked else [])
    assert probe["findings"] == [1] * 80
