"""The literal prefilter is sound: whenever a pattern matches a text, the prefilter lets
that text through (a block it drops could never have yielded a finding)."""

from __future__ import annotations

import regex
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from l2lint.literals import factors_of_expanded
from l2lint.patterns import PatternSpec, compile_spec
from l2lint.prefilter import Prefilter
from tests.conftest import examples

# Letters with case quirks (ß, ſ, the Kelvin sign, dotted İ), digits and look-alikes
# the packs care about (2, ², ₂), and separators.
ALPHABET = "aAbBlLsSkK2²₂ßſKİi- ."


def literal() -> st.SearchStrategy[str]:
    return st.sampled_from(ALPHABET).map(regex.escape)


def char_class() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from("abLls2²₂K"), min_size=1, max_size=5, unique=True).map(
        lambda chars: "[" + "".join(chars) + "]"
    )


def patterns() -> st.SearchStrategy[str]:
    atom = st.one_of(literal(), char_class(), st.just(r"\s"), st.just("."))
    return st.recursive(
        atom,
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=4).map("".join),
            st.lists(inner, min_size=2, max_size=3).map(lambda xs: "(?:" + "|".join(xs) + ")"),
            st.tuples(inner, st.sampled_from(["?", "*", "+", "{1,2}", "{2}", "??"])).map(
                lambda t: "(?:" + t[0] + ")" + t[1]
            ),
        ),
        max_leaves=8,
    )


def passes(pattern: str, text: str, ignore_case: bool) -> bool:
    """The prefilter, the pattern's factors and each of its conjuncts let `text` through."""
    spec = PatternSpec(pattern, ignore_case=ignore_case, boundary=False)
    compiled = compile_spec(spec)
    gate = Prefilter([compiled], lambda _c: {})
    folded = text.casefold()
    conjuncts_hold = all(any(s in folded for s in c) for c in compiled.conjuncts)
    return compiled.may_match(folded) and gate.may_match(text) and conjuncts_hold


@settings(max_examples=examples(400), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), pattern=patterns(), ignore_case=st.booleans())
@example(data=None, pattern="ss", ignore_case=True)
@example(data=None, pattern="L²", ignore_case=True)
@example(data=None, pattern=".(?:a|İ)", ignore_case=True)  # folds to two characters
@example(data=None, pattern="sKa\\s?(?:bal|lab)?ss(?:ab)?", ignore_case=True)  # conjuncts
@example(data=None, pattern="(?:a)?", ignore_case=False)  # an empty run guarantees nothing
def test_whatever_a_pattern_matches_passes_the_prefilter(data, pattern, ignore_case):
    flags = regex.V0 | (regex.IGNORECASE if ignore_case else 0)
    compiled = regex.compile(pattern, flags)
    if data is None:  # the explicit examples: texts that differ from the pattern in case
        texts = ["SS", "ß", "ſs", "l²", "L2", "2i", "", "SKA LABSS", "ska ssab", "ſka\tss"]
    else:
        texts = [
            data.draw(st.from_regex(pattern, fullmatch=False)),
            data.draw(st.text(ALPHABET, max_size=12)),
        ]
        if ignore_case:
            texts.append(texts[0].swapcase())
    for text in texts:
        if compiled.search(text):
            assert passes(pattern, text, ignore_case), (pattern, text, factors_of_expanded(pattern))


# ---------------------------------------------------------------- the one-pass gates (#17)

PROSE = "abLlSs2²₂ßſKİi -.:/@#\\\n\twww.comjpgLUMIX"


@settings(max_examples=examples(300), suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=PROSE, max_size=60), st.data())
def test_the_protected_gate_answers_as_the_full_check(text, data):
    """Skipping the URL/file-name regex where no hint character is near never changes
    whether a span is protected."""
    from l2lint.matchcache import BlockText
    from l2lint.protected import touches_protected

    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert BlockText(text, "en").is_protected(start, end) == touches_protected(text, start, end)


@settings(max_examples=examples(300))
@given(
    st.lists(st.text(alphabet=PROSE, min_size=1, max_size=4), min_size=1, max_size=6),
    st.text(alphabet=PROSE, max_size=80),
)
def test_the_factor_index_finds_exactly_the_factors_in_the_text(words, text):
    """The automaton reports a known factor if and only if the folded text contains it
    (overlapping and nested factors included), so a set it rules out cannot match."""
    from l2lint.matchcache import BlockText
    from l2lint.prefilter import FactorIndex

    class Pattern:
        def __init__(self, factors):
            self.factors = factors
            self.conjuncts = ()

    factors = frozenset(w.casefold() for w in words)
    index = FactorIndex([Pattern(factors)])
    folded = text.casefold()
    assert index.present(folded) == {f for f in factors if f in folded}
    block = BlockText(text, "en", index)
    for factor in factors:
        assert block.may_contain(frozenset([factor])) == (factor in folded)


MARKED = "lumixLUMIXleicaL2²tech *_`\\[]&<>;amp sup/ \n"


def _two_pass_reference(prefilter: Prefilter, source: str) -> bool:
    """The raw-file gate as two automaton passes: the case-folded text, then the same
    without inline marks (the answer before the one-pass form, #17)."""
    folded = source.casefold()
    stripped = regex.sub(r"[*_`\\\[\]]", "", folded)
    return prefilter._any(folded) or prefilter._any(stripped)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=MARKED, max_size=40))
@example("**Lu**mix")
@example("Lei`ca` and L\\2")
@example("lumix")
def test_the_one_pass_raw_gate_answers_as_two_passes(text):
    from l2lint.api import default_linter

    (prefilter,) = default_linter()._prefilters
    if "&" in text or "<" in text:  # entities and tags take the other path
        return
    assert prefilter._window_may_match(text) == _two_pass_reference(prefilter, text)


# ------------------------------------------- invisible characters inside names (#14)

# The characters a block leaves out of its prose (document._INVISIBLE), as raw
# characters and as the HTML entities that stand for them.
INVISIBLE = ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
INVISIBLE_ENTITIES = ["&shy;", "&#173;", "&#x200B;", "&ZeroWidthSpace;", "&zwnj;", "&NoBreak;"]
NAMES = ["Lumix", "LUMIX", "leica", "Leica", "L2 Technology", "L² technology", "Panasonic"]


@settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(NAMES),
    cuts=st.lists(st.integers(0, 20), min_size=1, max_size=3),
    fmt=st.sampled_from(["text", "markdown", "html"]),
    data=st.data(),
)
@example(name="Lumix", cuts=[2], fmt="text", data=None)
@example(name="Lumix", cuts=[2], fmt="html", data=None)
def test_invisible_characters_inside_a_name_never_hide_it_from_the_raw_gate(name, cuts, fmt, data):
    """Whatever the linter finds in a file (read without the raw-file gate), the gate
    lets the file through, with soft hyphens, zero-width characters or their entities
    inside the name (`Lu&shy;mix`)."""
    from l2lint.api import default_linter
    from l2lint.filecheck import document_from_bytes

    pool = INVISIBLE + (INVISIBLE_ENTITIES if fmt == "html" else [])
    broken = name
    for cut in sorted({min(c, len(name)) for c in cuts}, reverse=True):
        mark = pool[0] if data is None else data.draw(st.sampled_from(pool))
        broken = broken[:cut] + mark + broken[cut:]
    prose = f"The {broken} S5II."
    source = f"<p>{prose}</p>\n" if fmt == "html" else prose + "\n"
    linter = default_linter()
    doc = document_from_bytes("copy", source.encode(), fmt)
    if linter.lint_document(doc):
        assert linter.may_match_source(source), source


@settings(max_examples=examples(400))
@given(
    st.text(
        st.sampled_from(
            "aLuÜU\u0308\u00ad\u200b\u200c\u200d\u2060\ufeff\u2011\uff2c\uff41\u1100\u1161 \n-"
        )
        | st.characters(),
        max_size=40,
    )
)
def test_the_raw_gate_reads_characters_as_a_block_does(text):
    """`read_characters` (what the raw-file gate reads) is the text of a block over the
    same characters: invisible characters left out, U+2011 as "-", full-width as ASCII,
    NFC."""
    from l2lint.document import Block, Segment, read_characters

    block = Block(text, segments=[Segment(0, len(text), 0, len(text))])
    assert read_characters(text) == block.text
