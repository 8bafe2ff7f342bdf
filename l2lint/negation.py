"""Whether a claim is negated, NegEx-style, with the cue lists of a rule pack.

The algorithm is NegEx (Chapman et al., "A Simple Algorithm for Identifying Negated
Findings and Diseases in Discharge Summaries", 2001) as implemented by `negspacy`: a
preceding cue (`not`, `no`, `without`) negates a claim word after it, a following cue
(`excluded`) one before it, but only inside the same clause: the scope stops at a
termination term (`but`, `however`, `;`, `:`) and at the sentence end. A cue inside a
pseudo-negation (`No. 1`, `not only`, `no doubt`, `nothing but`) negates nothing.
A termination word inside a longer cue is part of the cue (`anything but` negates what
follows; negspacy would end the scope at its `but`). A refutation (`it is not one`,
`that is a myth`) after the claim words denies the sentence's claim from a clause of its
own (`... a merger; it is not one.`).
All five lists are pack data (`negation:` in `rules/*.yaml`), matched on spaCy tokens,
case-insensitively.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

from l2lint.nlp import clean_text

_EXTENSION = "l2lint_negated"
_SPAN_KEY = "l2lint_claim"


@dataclass(frozen=True)
class NegationTerms:
    """The NegEx term lists of a pack (each entry a word or phrase)."""

    preceding: tuple[str, ...] = ()
    following: tuple[str, ...] = ()
    pseudo: tuple[str, ...] = ()
    termination: tuple[str, ...] = ()
    refutation: tuple[str, ...] = ()

    @classmethod
    def from_data(cls, data: dict) -> NegationTerms:
        """The term lists of a pack's `negation:` mapping; a list it leaves out is empty."""
        return cls(
            tuple(data.get("preceding", ())),
            tuple(data.get("following", ())),
            tuple(data.get("pseudo", ())),
            tuple(data.get("termination", ())),
            tuple(data.get("refutation", ())),
        )


@cache
def _negex_class() -> type:
    """negspacy's `Negex`, with termination terms inside a cue dropped (see above)."""
    from l2lint.spacyimport import import_spacy

    import_spacy()  # before negspacy imports it with its command line
    from negspacy.negation import Negex

    class CueAwareNegex(Negex):
        def process_negations(self, doc):
            preceding, following, terminating = super().process_negations(doc)
            cues = preceding + following
            kept = [t for t in terminating if not any(c[1] < t[1] < c[2] for c in cues)]
            return preceding, following, kept

    return CueAwareNegex


@cache
def _component(language: str, terms: NegationTerms):
    from l2lint.nlp import pipeline

    Negex = _negex_class()

    nlp = pipeline(language)
    termset = {
        "pseudo_negations": list(terms.pseudo),
        "preceding_negations": list(terms.preceding),
        "following_negations": list(terms.following),
        "termination": list(terms.termination),
    }
    return nlp, Negex(
        nlp, "l2lint_negex", termset, extension_name=_EXTENSION, span_keys=[_SPAN_KEY]
    )


def negated_words(
    sentence: str, spans: list[tuple[int, int]], terms: NegationTerms, language="en"
) -> list[bool]:
    """For each span (0-based character offsets into `sentence`, read as one sentence):
    whether a cue's scope covers it, or a refutation follows it.

    A sentence longer than the tokenizer's chunk size (`nlp.CHUNK_CHARS`, 100,000
    characters, half of spaCy's `max_length` as l2lint sets it; less for Japanese,
    `nlp.CHUNK_CHARS_BY_LANGUAGE`: SudachiPy reads at most 49,149 bytes) is read in
    pieces cut at a clause mark (`nlp.chunks`); a span is judged in the piece that holds
    its start."""
    from l2lint.nlp import CHUNK_CHARS, CHUNK_CHARS_BY_LANGUAGE, chunks

    size = CHUNK_CHARS_BY_LANGUAGE.get(language, CHUNK_CHARS)
    if len(sentence) > size:
        flags = [False] * len(spans)
        pieces = chunks(sentence, size)  # contiguous, in order, covering the sentence
        starts = [lo for lo, _ in pieces]
        holding: dict[int, list[int]] = {}  # piece -> the spans starting in it
        for n, (s, _) in enumerate(spans):
            k = bisect_right(starts, s) - 1
            if k >= 0 and s < pieces[k][1]:
                holding.setdefault(k, []).append(n)
        for k, inside in sorted(holding.items()):
            lo, hi = pieces[k]
            piece = [(spans[n][0] - lo, min(spans[n][1], hi) - lo) for n in inside]
            found = negated_words(sentence[lo:hi], piece, terms, language)
            for n, flag in zip(inside, found, strict=True):
                flags[n] = flag
        return flags
    refuted = _refutations_after(sentence, terms.refutation)
    flags = [refuted(end) for _, end in spans]
    nlp, negex = _component(language, terms)
    doc = nlp.make_doc(clean_text(sentence))
    if not len(doc):
        return flags
    _one_sentence(doc)
    claim, owners = [], []
    for n, (start, end) in enumerate(spans):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and len(span):
            claim.append(span)
            owners.append(n)
    doc.spans[_SPAN_KEY] = claim
    negex(doc)
    for n, span in zip(owners, doc.spans[_SPAN_KEY], strict=True):
        flags[n] = flags[n] or bool(span._.get(_EXTENSION))
    return flags


def negated(
    sentence: str, spans: list[tuple[int, int]], terms: NegationTerms, language="en"
) -> bool:
    """True when any of `spans` is negated (see `negated_words`)."""
    return any(negated_words(sentence, spans, terms, language))


def _one_sentence(doc) -> None:
    """Marks `doc` as one sentence: its first token starts it, no other does.

    One array for the whole doc: setting `Token.is_sent_start` token by token costs
    O(len(doc)) each (spaCy checks `doc.has_annotation("DEP")` on every set), O(n^2) in
    all. -1 is spaCy's "not a sentence start" (`Doc.to_array([SENT_START])`)."""
    import numpy

    starts = numpy.full((len(doc), 1), -1, dtype="int64").astype("uint64")
    starts[0, 0] = 1
    doc.from_array(["SENT_START"], starts)


@cache
def _refutation_patterns(refutations: tuple[str, ...]):
    """The refutation phrases as whole words (`(?<!\\w)…(?!\\w)`), and the same
    without the look-behind (a phrase right at the start of a slice)."""
    import regex

    if not refutations:
        return None
    words = "|".join(regex.escape(p.lower().replace("’", "'")) for p in refutations)
    return (
        regex.compile(rf"(?<!\w)(?:{words})(?!\w)"),
        regex.compile(rf"(?:{words})(?!\w)"),
    )


def _refutations_after(sentence: str, refutations: tuple[str, ...]) -> Callable[[int], bool]:
    """A test "does a refutation phrase (whole words, any case) follow offset `after`
    (0-based characters into `sentence`)?", as if searched in `sentence[after:]`.

    O(len(sentence)) once, then O(1) per offset plus one anchored match (#14: searching
    a lower-cased copy of the rest of the sentence for every claim word was quadratic).
    The sentence is lower-cased once; a phrase found at an offset after `after` in the
    whole sentence is one in the slice, and one starting right at `after` has no word
    before it in the slice, so it is matched there without the look-behind.
    (`str.lower` lower-cases a final Σ by what precedes it: a phrase holding "σ" or "ς"
    right at `after` may be read as in the whole sentence, not as in the slice.)
    """
    patterns = _refutation_patterns(refutations)
    if patterns is None:
        return lambda after: False
    whole, anchored = patterns
    folded = sentence.replace("’", "'").lower()
    if len(folded) == len(sentence):
        offsets = None
    else:  # a letter lower-cased to two ("İ"): offsets into `folded`
        offsets = list(accumulate((len(c.lower()) for c in sentence), initial=0))
    last = max((m.start() for m in whole.finditer(folded, overlapped=True)), default=-1)

    def refuted(after: int) -> bool:
        at = offsets[after] if offsets is not None else after
        return last >= at or anchored.match(folded, at) is not None

    return refuted
