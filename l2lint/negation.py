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

from dataclasses import dataclass
from functools import cache

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

    A sentence longer than the tokenizer's chunk size (`nlp.CHUNK_CHARS_BY_LANGUAGE`:
    SudachiPy reads at most 49,149 bytes) is read in pieces cut at a clause mark
    (`nlp.chunks`); a span is judged in the piece that holds its start."""
    from l2lint.nlp import CHUNK_CHARS_BY_LANGUAGE, chunks

    size = CHUNK_CHARS_BY_LANGUAGE.get(language)
    if size is not None and len(sentence) > size:
        flags = [False] * len(spans)
        for lo, hi in chunks(sentence, size):
            inside = [n for n, (s, _) in enumerate(spans) if lo <= s < hi]
            if inside:
                piece = [(spans[n][0] - lo, min(spans[n][1], hi) - lo) for n in inside]
                found = negated_words(sentence[lo:hi], piece, terms, language)
                for n, flag in zip(inside, found, strict=True):
                    flags[n] = flag
        return flags
    flags = [_refuted(sentence, end, terms.refutation) for _, end in spans]
    nlp, negex = _component(language, terms)
    doc = nlp.make_doc(clean_text(sentence))
    if not len(doc):
        return flags
    for i, token in enumerate(doc):
        token.is_sent_start = i == 0
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


@cache
def _refutation_pattern(refutations: tuple[str, ...]):
    import regex

    if not refutations:
        return None
    words = "|".join(regex.escape(p.lower().replace("’", "'")) for p in refutations)
    return regex.compile(rf"(?<!\w)(?:{words})(?!\w)")


def _refuted(sentence: str, after: int, refutations: tuple[str, ...]) -> bool:
    """Whether a refutation phrase (whole words, any case) follows offset `after`."""
    pattern = _refutation_pattern(refutations)
    return bool(pattern and pattern.search(sentence[after:].replace("’", "'").lower()))
