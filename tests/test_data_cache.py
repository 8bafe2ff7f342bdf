"""Derived data kept between runs (`l2lint.datacache`): the language detector restricted
to the packs' languages, the lemma tables cut to the phrases' lemmas, and spaCy imported
without its command line. None of it may change a finding: the same copy gives the same
findings with the cache off, empty, filled, damaged or unwritable (#17)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.clirunner import run_process

# Undeclared language (detected), claims through regexes and through lemma phrases only:
# "newly joined brands" and "freshly founded companies" need the lemmas brand, company.
COPY = {
    "en-merged.txt": "Leica and Panasonic merged to create L² Technology for LUMIX.\n",
    "en-brands.txt": "With L² Technology, Leica and Panasonic have become newly joined "
    "brands, LUMIX says.\n",
    "en-companies.txt": "L² Technology: Leica and LUMIX are now freshly founded companies.\n",
    "en-negated.txt": "L² Technology is not a merger of Leica and Panasonic, LUMIX says.\n",
    "de.txt": "Die L2-Technologie ist das Ergebnis der Fusion von Leica und Panasonic.\n",
    "ja.txt": "パナソニックはLumix S9を発表しました。L2テクノロジーはライカとの合併の成果です。\n",
}
EXPECTED = [
    "de.txt:1:5 A401",
    "de.txt:1:5 C301",
    "de.txt:1:5 T101",
    "en-brands.txt:1:6 A401",
    "en-companies.txt:1:1 A401",
    "en-merged.txt:1:1 A401",
    "ja.txt:1:24 A401",
    "ja.txt:1:24 T101",
    "ja.txt:1:8 B201",
]


def write_copy(folder: Path) -> None:
    for name, text in COPY.items():
        (folder / name).write_text(text, encoding="utf-8")


def check(folder: Path, data_cache: str) -> list[str]:
    """`l2lint check` in a fresh process with `$L2LINT_DATA_CACHE` set; sorted findings."""
    env = {**os.environ, "L2LINT_DATA_CACHE": data_cache}
    result = run_process(
        ["check", "--isolated", "--no-cache", "--format", "json", "."], cwd=folder, env=env
    )
    assert result.exit_code == 1, result.stderr
    assert result.stderr == ""
    return sorted(f"{f['path']}:{f['line']}:{f['column']} {f['code']}" for f in result.json)


def entries(cache: Path) -> list[str]:
    return sorted(p.name.split("-")[0] for p in cache.iterdir() if (p / "done").is_file())


def test_findings_are_the_same_with_the_cache_off_empty_and_filled(tmp_path):
    copy, cache = tmp_path / "copy", tmp_path / "cache"
    copy.mkdir()
    write_copy(copy)
    assert check(copy, "off") == EXPECTED
    assert not cache.exists()
    assert check(copy, str(cache)) == EXPECTED  # builds the entries
    # the detector and one lemma table per language with tables (en, de; ja has none)
    assert entries(cache) == ["langid", "lemmas", "lemmas"]
    assert check(copy, str(cache)) == EXPECTED  # reads them


def test_a_damaged_entry_is_rebuilt_and_changes_nothing(tmp_path):
    copy, cache = tmp_path / "copy", tmp_path / "cache"
    copy.mkdir()
    write_copy(copy)
    assert check(copy, str(cache)) == EXPECTED
    for entry in cache.iterdir():
        for part in entry.iterdir():
            if part.suffix == ".npy":
                part.write_bytes(part.read_bytes()[:200])  # truncated
            elif part.suffix == ".json":
                part.write_text('{"merged": ', encoding="utf-8")
    assert check(copy, str(cache)) == EXPECTED


def test_an_unwritable_cache_folder_changes_nothing(tmp_path):
    copy = tmp_path / "copy"
    copy.mkdir()
    write_copy(copy)
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")
    assert check(copy, str(not_a_folder / "cache")) == EXPECTED
    assert not_a_folder.read_text(encoding="utf-8") == ""


def test_concurrent_first_runs_share_one_cache_folder(tmp_path):
    """Pool workers or parallel hooks fill the same folder at once: each run gives the
    same findings, and the folder ends with whole entries only (no temporary ones)."""
    copy, cache = tmp_path / "copy", tmp_path / "cache"
    copy.mkdir()
    write_copy(copy)
    env = {**os.environ, "L2LINT_DATA_CACHE": str(cache)}
    command = [sys.executable, "-m", "l2lint", "check", "--isolated", "--no-cache", "."]
    procs = [
        subprocess.Popen(command, cwd=copy, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    outputs = [proc.communicate(timeout=300) for proc in procs]
    assert [proc.returncode for proc in procs] == [1, 1, 1]
    assert [err for _, err in outputs] == [b"", b"", b""]
    assert len({out for out, _ in outputs}) == 1
    assert b"de.txt:1:5: A401" in outputs[0][0]
    assert sorted(p.name.split("-")[0] for p in cache.iterdir()) == ["langid", "lemmas", "lemmas"]
    assert entries(cache) == ["langid", "lemmas", "lemmas"]


# --------------------------------------------------------- restricted lemma tables

# inflected forms whose lemma spaCy's English table gives (merged -> merge, took -> take,
# companies -> company, better -> well/good, data -> datum) and plain words
WORDS = [
    "merged",
    "mergers",
    "merging",
    "merge",
    "took",
    "taken",
    "takes",
    "taking",
    "over",
    "acquired",
    "acquiring",
    "acquisitions",
    "companies",
    "company",
    "brands",
    "brand",
    "firms",
    "newer",
    "newest",
    "newly",
    "new",
    "freshly",
    "joint",
    "ventures",
    "data",
    "ran",
    "running",
    "better",
    "best",
    "went",
    "is",
    "are",
    "was",
    "not",
    "a",
    "the",
    "and",
    ",",
    ".",
]
LEMMAS = [
    "merge",
    "merger",
    "take",
    "took",
    "over",
    "acquire",
    "acquisition",
    "company",
    "brand",
    "firm",
    "new",
    "newly",
    "freshly",
    "joint",
    "venture",
    "datum",
    "data",
    "run",
    "go",
    "be",
    "well",
    "good",
    "the",
]


@pytest.fixture(scope="module")
def full_english():
    """spaCy's blank English with its lookup lemmatizer and the whole table."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=12),
    phrase=st.lists(
        st.one_of(
            st.lists(st.sampled_from(LEMMAS), min_size=1, max_size=3).map("|".join),
            st.sampled_from(["*1", "*2"]),
        ),
        min_size=1,
        max_size=3,
    ).filter(lambda items: not items[0].startswith("*") and not items[-1].startswith("*")),
)
@example(words=["newly", "the", "companies"], phrase=["newly", "*2", "company"])
@example(words=["it", "took", "over"], phrase=["take|took", "over"])
@example(words=["the", "data", "ran"], phrase=["datum|run"])
def test_lemma_phrases_match_where_the_full_table_matches(full_english, words, phrase):
    from l2lint.nlp import LemmaPhrase, Token, analyse

    text = " ".join(words)
    lemma_phrase = LemmaPhrase.parse(" ".join(phrase))  # widens the cut table
    full = tuple(
        Token(t.idx, t.idx + len(t.text), False, (t.lemma_ or t.text).lower(), t.is_punct)
        for t in full_english(text)
    )
    assert lemma_phrase.find(analyse(text).tokens, text) == lemma_phrase.find(full, text)


# --------------------------------------------------------- spaCy without its CLI


def test_spacy_is_imported_without_its_command_line_which_stays_importable():
    code = (
        "import sys\n"
        "from l2lint.spacyimport import import_spacy\n"
        "spacy = import_spacy()\n"
        "print(sorted(m for m in ('typer', 'weasel', 'spacy.cli') if m in sys.modules))\n"
        "print([t.text for t in spacy.blank('en')(\"Leica isn't LUMIX.\")])\n"
        "import spacy.cli\n"
        "print(callable(spacy.cli.download), 'spaCy version' in spacy.info(silent=True) "
        "or 'spacy_version' in spacy.info(silent=True))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "[]",
        "['Leica', 'is', \"n't\", 'LUMIX', '.']",
        "True True",
    ]


def test_old_entries_of_a_kind_are_pruned_most_recently_used_kept(tmp_path, monkeypatch):
    from l2lint import datacache

    monkeypatch.setenv(datacache.ENV, str(tmp_path))
    names = [datacache.key("t", i) for i in range(datacache.KEEP)]
    for i, name in enumerate(names):  # entry i last used i seconds after the epoch
        assert datacache.store(name, lambda folder, i=i: (folder / "v").write_text(str(i)))
        os.utime(tmp_path / name / "done", ns=(i * 10**9, i * 10**9))
    other = datacache.key("other", 0)
    datacache.store(other, lambda folder: None)
    os.utime(tmp_path / other / "done", ns=(0, 0))
    assert datacache.lookup(names[0]) is not None  # used again: now the most recent
    newer = [datacache.key("t", "new", i) for i in range(2)]
    for name in newer:
        datacache.store(name, lambda folder: None)
    kept = sorted(p.name for p in tmp_path.glob("t-*"))
    assert kept == sorted([names[0], names[-1], *newer])  # 1 and 2 were the least recent
    assert (tmp_path / other / "done").is_file()  # another kind is left alone
    assert (tmp_path / names[0] / "v").read_text() == "0"


def test_a_data_cache_inside_a_git_work_tree_is_neither_read_nor_written(tmp_path):
    """`XDG_CACHE_HOME=$PWD/.cache` in CI: the entries there could be committed (#22)."""
    import shutil

    copy, cache = tmp_path / "copy", tmp_path / "cache"
    copy.mkdir()
    write_copy(copy)
    assert check(copy, str(cache)) == EXPECTED
    (tmp_path / ".git").mkdir()  # the copy and the caches below are one work tree
    planted = tmp_path / "ci-cache" / "l2lint"
    shutil.copytree(cache, planted)
    for done in planted.glob("*/done"):
        os.utime(done, (1_000_000, 1_000_000))
    assert check(copy, str(planted)) == EXPECTED
    assert {d.stat().st_mtime for d in planted.glob("*/done")} == {1_000_000}  # not read
    empty = tmp_path / "sub" / "cache"
    assert check(copy, str(empty)) == EXPECTED
    assert not empty.exists()  # not written
