"""Long space-free runs and quadratic inputs (#14 item 1, #22): exact results, no hang.

Every input runs as a real `l2lint` process; `run_process` kills it after its time-out,
so a hang fails the test instead of stalling the suite. How fast these inputs are is
measured by benchmarks/adversarial.py, not asserted here.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.clirunner import run, run_process

SLUG = "Keywords: " + "-".join(
    ["leica", "lumix", "s5ii", "l2", "technology", "panasonic", "l-mount", "review"] * 40
)


def check(tmp_path, name: str, text: str, *extra: str):
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run_process(["check", "--no-cache", "--format", "json", *extra, name], cwd=tmp_path)
    assert result.exit_code in (0, 1), result.stderr
    assert result.stderr == ""
    return result, result.json


def per_code(findings) -> Counter:
    return Counter(f["code"] for f in findings)


def positions(findings, code: str) -> list[tuple[int, int]]:
    return [(f["line"], f["column"]) for f in findings if f["code"] == code]


def test_keyword_slug_f09_is_checked_word_by_word(tmp_path):
    result, findings = check(tmp_path, "slug.txt", SLUG + "\n")
    assert result.exit_code == 1
    # the case errors inside each fused "leica-lumix" are reported as well (they have a fix)
    assert per_code(findings) == {
        "B201": 40,
        "B202": 40,
        "B203": 40,
        "B204": 40,
        "C302": 40,
        "T101": 40,
    }
    # one 56-character repeat: leica-lumix (C302), l2-technology, panasonic, l-mount
    step = len("leica-lumix-s5ii-l2-technology-panasonic-l-mount-review-")
    assert positions(findings, "C302")[:2] == [(1, 11), (1, 11 + step)]
    assert positions(findings, "T101")[-1] == (1, 28 + 39 * step)


@pytest.mark.parametrize("repeats", [64, 250, 6400])
def test_leica_panasonic_run_f09_finishes_without_findings(tmp_path, repeats):
    result, findings = check(tmp_path, "run.txt", "Leica-Panasonic-" * repeats)
    assert (result.exit_code, findings) == (0, [])


def test_long_url_stays_protected_to_its_end(tmp_path):
    text = "See https://example.com/" + "Lumix-" * 5000 + " now, Lumix.\n"
    result, findings = check(tmp_path, "url.txt", text)
    assert positions(findings, "B201") == [(1, len(text) - len("Lumix.\n") + 1)]
    assert len(findings) == 1


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("lumix.", 5000),  # dots: each word is prose, not a file name or domain
        ("Lumix-", 5000),  # hyphens
        ("lumix.png-", 0),  # a run of file names
        ("lumix@example.com,", 0),  # a run of e-mail addresses
    ],
)
def test_long_runs_of_one_unit(tmp_path, unit, expected):
    result, findings = check(tmp_path, "run.txt", unit * 5000 + "\n")
    assert per_code(findings) == ({"B201": expected} if expected else {})


# #22: inputs that were quadratic (overlap resolution, exclusions, claims per sentence,
# suppressions), at the sizes the issue gives.


@pytest.mark.slow
def test_price_export_22(tmp_path):
    text = "".join(f"Lumix S5II,{i},1999.00\n" for i in range(40000))
    result, findings = check(tmp_path, "prices.txt", text)
    assert per_code(findings) == {"B201": 40000}
    assert positions(findings, "B201")[-1] == (40000, 1)


@pytest.mark.slow
def test_lumix_repeated_22(tmp_path):
    result, findings = check(tmp_path, "lumix.txt", "Lumix " * 16000)
    assert per_code(findings) == {"B201": 16000}
    assert positions(findings, "B201")[-1] == (1, 1 + 6 * 15999)


@pytest.mark.slow
def test_excluded_names_repeated_22(tmp_path):
    result, findings = check(tmp_path, "geo.txt", "Leica Geosystems Leica " * 20000)
    assert (result.exit_code, findings) == (0, [])


@pytest.mark.slow
def test_merger_claims_repeated_22(tmp_path):
    """Every one of the 10,000 sentences is a claim, also where spaCy's input is cut."""
    result, findings = check(tmp_path, "merged.txt", "Leica and LUMIX merged. " * 10000)
    assert per_code(findings) == {"A401": 10000}
    assert positions(findings, "A401")[4166] == (1, 1 + 24 * 4166)


@pytest.mark.slow
def test_many_disable_next_line_directives_22(tmp_path):
    text = "<!-- l2lint-disable-next-line B201 -->\nThe Lumix S5II.\n\n" * 8000
    text += "The Lumix G9.\n"
    result, findings = check(tmp_path, "page.md", text)
    assert positions(findings, "B201") == [(24001, 5)]
    assert len(findings) == 1


def test_disable_next_line_covers_only_its_line(tmp_path):
    """The indexed suppressions: each directive covers its next line and nothing else."""
    text = "<!-- l2lint-disable-next-line B201 -->\nThe Lumix S5II.\nThe Lumix G9.\n\n" * 50
    result, findings = check(tmp_path, "page.md", text)
    assert positions(findings, "B201") == [(3 + 4 * i, 5) for i in range(50)]


def test_overlapping_hits_keep_the_longest(tmp_path):
    """'leica-lumix' is a fused name (C302) holding a wrongly cased LUMIX (B201): the
    longer hit wins, for each of many in one block (overlaps found by binary search)."""
    result, findings = check(tmp_path, "a.txt", "leica-lumix " * 300 + "\n")
    assert per_code(findings) == {"B201": 300, "B202": 300, "C302": 300}
    assert positions(findings, "C302") == [(1, 1 + 12 * i) for i in range(300)]
    assert {(f["end_column"] - f["column"]) for f in findings if f["code"] == "C302"} == {11}


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # a directive comment of many spaces took cubic time (5,000 spaces: 200 s)
        ("page.md", "<!-- l2lint-disable" + " " * 20000 + "! -->\nThe Lumix S5II.\n", [(2, 5)]),
        ("page.html", "<!-- l2lint-disable" + " ," * 20000 + "-->\n<p>The Lumix S5II.</p>\n", []),
        ("copy.txt", "l2lint: disable B201" + " \t" * 20000 + "!\nThe Lumix S5II.\n", [(2, 5)]),
        ("copy.txt", " " * 50000 + "\nl2lint: disable-next-line B201 \r\nThe Lumix S5II.\n", []),
    ],
)
def test_long_suppression_comments(tmp_path, name, text, expected):
    """Not a directive (a '!' in it): the finding stays; a directive with a long code list
    or after a long blank line still works."""
    result, findings = check(tmp_path, name, text)
    assert positions(findings, "B201") == expected


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("page.md", "<" * 300000 + "\nNo brand here.\n"),
        ("page.html", "<" * 300000 + "\nNo brand here.\n"),
        ("page.md", "<sup" * 100000 + "\nNo brand here.\n"),
        ("page.md", "L<sup" * 50000 + ">2</sup> technology\n"),
    ],
)
def test_unclosed_markup_in_the_prefilter(tmp_path, name, text):
    """The literal prefilter strips markup from files that name no brand as written;
    an unclosed `<` repeated made that quadratic (300,000: about 40 s)."""
    result, findings = check(tmp_path, name, text)
    assert (result.exit_code, findings) == (0, [])


def test_text_between_table_cells_22(tmp_path):
    """#22's input: text right inside a table, outside cells, which the parser moves
    before the table into one growing text node (memory quadratic in it: 3 GB)."""
    (tmp_path / "plain.html").write_text(
        "<table><tr>" + "plain text <td>cell</td>" * 40000, encoding="utf-8"
    )
    (tmp_path / "brand.html").write_text(
        "<table><tr>" + "Lumix text <td>cell</td>" * 40000, encoding="utf-8"
    )
    (tmp_path / "few.html").write_text(
        "<table><tr>" + "Lumix text <td>cell</td>" * 3, encoding="utf-8"
    )
    (tmp_path / "other.md").write_text("The Lumix G9.\n", encoding="utf-8")
    names = ["plain.html", "brand.html", "few.html", "other.md"]
    result = run_process(["check", "--no-cache", *names], cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        "l2lint: error: brand.html: not read, over a limit: more than 50,000 characters of "
        "text inside a <table> but outside its cells (parsing it would take memory "
        "quadratic in it)\n"
    )
    assert [line.split(": ")[0] for line in result.stdout.splitlines()[:2]] == [
        "few.html:1:12",
        "other.md:1:5",
    ]


def test_long_list_is_one_brand_context(tmp_path):
    """A list's intro puts every item in brand context (brand guide B205); asking every
    earlier item for each item was quadratic in the list's length."""
    items = "".join(
        "- plain item\n" if i % 3 else "- about L2 technology here\n" for i in range(3000)
    )
    text = "Leica notes:\n\n" + items + "\nNew paragraph.\n\n" + "- about L2 technology\n" * 50
    result, findings = check(tmp_path, "list.md", text)
    assert per_code(findings) == {"T101": 1000, "C301": 1}
    assert positions(findings, "T101")[:2] == [(3, 9), (6, 9)]
    assert positions(findings, "T101")[-1] == (3 + 2997, 9)


# #14: work per candidate. A space-free run in a block that holds a URL or file-name hint
# elsewhere (the colon of "Keywords:"), and a claim sentence without punctuation. The
# characters the protected-span check and the refutation search hand to the regular
# expression engine are counted through the CLI, in process: linear work gives about 10
# from 10 kB to 100 kB, per-candidate rescanning about 100.


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


SLUG_UNIT = "-".join(["leica", "lumix", "s5ii", "l2", "technology", "panasonic", "l-mount"])
SLUG_UNIT += "-review-"
CLAIM_UNIT = "Leica and LUMIX merged and "

# name -> (text of `size` characters, its expected findings per rule code at 10 kB)
SCALING_CASES = {
    "keyword slug": (
        lambda size: "Keywords: " + _repeat(SLUG_UNIT, size - 10),
        {"B201": 179, "B202": 179, "B203": 178, "B204": 178, "C302": 179, "T101": 178},
    ),
    "Lumix.": (lambda size: _repeat("Lumix.", size), {"B201": 1666}),
    "Lumix:": (lambda size: _repeat("Lumix:", size), {"B201": 1666}),
    "#Lumix": (lambda size: _repeat("#Lumix", size), {"B201": 1665}),
    "Lumix/": (lambda size: _repeat("Lumix/", size), {}),
    # variants: a hint in an e-mail address before the run, a URL before a dotted run
    "slug after an e-mail address": (
        lambda size: "Mail info@leica.example: " + _repeat("Lumix-L2-", size - 25),
        {"B201": 1108, "T104": 1108},
    ),
    "dotted run after a URL": (
        lambda size: "https://leica.example/ " + _repeat("lumix.leica.l2.", size - 23),
        {"B201": 665, "B202": 665},
    ),
    "claim sentence": (lambda size: _repeat(CLAIM_UNIT, size), {"A401": 1}),
    # variant: refutations and negations in one long sentence
    "refuted claims": (
        lambda size: _repeat("Leica and LUMIX merged and it is a myth and ", size),
        {},
    ),
}


class _Counting:
    """A compiled pattern that adds to `counter[0]` the characters each call may scan:
    the [pos, endpos) window of a search, the characters a match consumed plus one."""

    def __init__(self, pattern, counter: list[int]):
        self._pattern, self._counter = pattern, counter

    def __getattr__(self, name):
        return getattr(self._pattern, name)

    def _window(self, string, args, kwargs) -> None:
        pos = (args[0] if args else kwargs.get("pos")) or 0
        endpos = args[1] if len(args) > 1 else kwargs.get("endpos")
        end = len(string) if endpos is None else min(endpos, len(string))
        self._counter[0] += max(0, end - pos)

    def search(self, string, *args, **kwargs):
        self._window(string, args, kwargs)
        return self._pattern.search(string, *args, **kwargs)

    def finditer(self, string, *args, **kwargs):
        self._window(string, args, kwargs)
        return self._pattern.finditer(string, *args, **kwargs)

    def findall(self, string, *args, **kwargs):
        self._window(string, args, kwargs)
        return self._pattern.findall(string, *args, **kwargs)

    def match(self, string, *args, **kwargs):
        found = self._pattern.match(string, *args, **kwargs)
        self._counter[0] += 1 + (found.end() - found.start() if found else 0)
        return found

    fullmatch = match


def _scanned(monkeypatch, tmp_path, text: str) -> tuple[int, list]:
    """(characters scanned by the protected-span check and the refutation search,
    findings) of `l2lint check` on `text`."""
    import re

    import regex

    from l2lint import matchcache, negation, protected

    counter = [0]
    with monkeypatch.context() as patch:
        for module in (protected, matchcache, negation):
            for name, value in vars(module).items():
                if isinstance(value, (re.Pattern, regex.Pattern)):
                    patch.setattr(module, name, _Counting(value, counter))
        original = negation._refutation_patterns

        def counted(refutations):
            found = original(refutations)
            return found and tuple(_Counting(p, counter) for p in found)

        patch.setattr(negation, "_refutation_patterns", counted)
        protected.protected_spans.cache_clear()
        (tmp_path / "input.txt").write_text(text + "\n", encoding="utf-8")
        result = run(["check", "--no-cache", "--format", "json", "input.txt"], cwd=tmp_path)
        protected.protected_spans.cache_clear()
    assert result.exit_code in (0, 1), result.stderr
    return counter[0], result.json


@pytest.mark.slow
@pytest.mark.parametrize("case", list(SCALING_CASES))
def test_work_per_candidate_is_bounded_14(monkeypatch, tmp_path, case):
    """Exact findings at 10 kB; 10x the input costs at most 12x the characters scanned."""
    make, expected = SCALING_CASES[case]
    small, findings = _scanned(monkeypatch, tmp_path, make(10_000))
    assert per_code(findings) == expected
    large, findings = _scanned(monkeypatch, tmp_path, make(100_000))
    assert large > 0
    assert large <= 12 * max(small, 1), (small, large)


REFUTATIONS = ("it is not one", "a myth", "not true")


@settings(max_examples=300, deadline=None)
@example("Leica merged, it is not one.", 5)
@example("xa myth", 1)  # a phrase right at `after`, a letter before it
@example("xa myth", 0)
@example("İİ a myth", 2)  # "İ" lower-cases to two characters
@example("İİ a myth", 4)
@example("ΣΣ a myth ΣΣ", 3)
@given(
    st.text(alphabet="itsnoeamyhrucx İΣ’'.-", max_size=60),
    st.integers(min_value=0, max_value=60),
)
def test_refutation_search_once_per_sentence_matches_the_slice_14(sentence, after):
    """The once-per-sentence search answers as searching `sentence[after:]` did, also
    where lower-casing changes the length ("İ") or a phrase starts right at `after`."""
    from l2lint.negation import _refutation_patterns, _refutations_after

    after = min(after, len(sentence))
    whole, _ = _refutation_patterns(REFUTATIONS)
    sliced = whole.search(sentence[after:].replace("’", "'").lower()) is not None
    assert _refutations_after(sentence, REFUTATIONS)(after) == sliced


@given(
    spans=st.lists(
        st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda p: (p[0], p[0] + p[1])),
        max_size=12,
    ),
    a=st.integers(0, 70),
    width=st.integers(0, 40),
)
def test_a_sentence_holds_a_claim_word_as_the_plain_search_says(spans, a, width):
    """`claim._holds` (binary search, #14: testing every span against every sentence made
    a paragraph of 16,000 short claims cost 8 s) answers as testing every span does."""
    from l2lint.ruletypes.claim import _holds

    spans = sorted(spans)
    b = a + width
    plain = any(a <= start and end <= b for start, end in spans)
    assert _holds(spans, [s for s, _ in spans], a, b) == plain


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("Leica and LUMIX merged and ", ["1:1: A401"]),  # one claim sentence of 250 kB
        ("Leica and LUMIX never merged and ", []),  # the same, negated
    ],
)
def test_a_sentence_longer_than_the_tokenizer_limit_is_read_in_pieces(tmp_path, unit, expected):
    """spaCy refuses a text over its `max_length` (200,000 characters as l2lint sets it):
    a claim sentence without any punctuation was an internal error past that (#14)."""
    (tmp_path / "long.txt").write_text((unit * (250_000 // len(unit) + 1))[:250_000] + "\n")
    result = run(["check", "--no-cache", "--isolated", "--select", "A", "long.txt"], cwd=tmp_path)
    found = [
        line.split(" error")[0].removeprefix("long.txt:")
        for line in result.stdout.splitlines()
        if ": A" in line
    ]
    assert (found, result.stderr) == (expected, "")
    assert result.exit_code == (1 if expected else 0)
