"""spaCy, owned in one place: tokens with lemmas, sentences as a reader sees them.

Rules ask for a block's sentences (claim rules) and tokens (fixes that need the next
word) only for blocks where they already have a match, and spaCy itself is imported on
first use, so `import l2lint`, clean files and files with only spelling findings never
pay for it.

- Tokens come from spaCy's rule-based tokenizer (`spacy.blank`) for the block's
  language (`l2lint.language`); Japanese is tokenized by SudachiPy (the `l2lint[ja]`
  extra). Lemmas come from spaCy's lookup lemmatizer with the tables of
  `spacy-lookups-data` (English, German, ...); a language without tables gets the
  lower-cased text as its lemma.
- Sentences come from `sentencex` (Wikimedia's rule-based segmenter, ~300 languages,
  exact character offsets), corrected by the rule pack's `sentences` data: a listed
  abbreviation (`Fig.`, `No.`, `approx.`, `Co., Ltd.`) followed by a digit, a lower-case
  letter or punctuation does not end a sentence, and an ellipsis (`...`, `…`) followed by
  white space and a capital letter does.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# Long blocks are tokenized in chunks so memory stays bounded and spaCy's max_length never trips.
CHUNK_CHARS = 100_000
# SudachiPy reads at most 49,149 bytes at once; a Japanese character is 3 bytes in UTF-8
CHUNK_CHARS_BY_LANGUAGE = {"ja": 12_000}


@dataclass(frozen=True)
class Token:
    """One spaCy token: [start, end) character offsets (0-based) into the block text."""

    start: int
    end: int
    content_word: bool  # alphabetic, not a stop word: "noun-like" for fixes that need one
    lemma: str = ""  # lower-cased lemma ("merged" -> "merge")
    is_punct: bool = False


@dataclass(frozen=True)
class Analysis:
    """What the rules need from spaCy for one block, as plain offsets."""

    tokens: tuple[Token, ...]
    sentences: tuple[tuple[int, int], ...]

    def next_token(self, offset: int) -> Token | None:
        """The first token starting at or after `offset` (0-based characters into the block's
        text), or None when no token does."""
        index = bisect.bisect_left([t.start for t in self.tokens], offset)
        return self.tokens[index] if index < len(self.tokens) else None


class LanguageUnavailable(RuntimeError):
    """The tokenizer of a language needs a package that is not installed (Japanese:
    SudachiPy and its dictionary, the `l2lint[ja]` extra)."""


# spaCy languages whose tokenizer needs an optional extra, and the extra's name
EXTRAS = {"ja": "ja"}


# Every word of every `LemmaPhrase` made in this process (lower-cased): the only lemmas a
# phrase compares a token with. It only grows, so its size versions the lemma tables.
_PHRASE_WORDS: set[str] = set()
# language -> (size of _PHRASE_WORDS its lemma table was restricted to, pipeline)
_PIPELINES: dict[str, tuple[int, Any]] = {}


def pipeline(language: str = "en"):
    """A blank spaCy pipeline for `language`: tokenizer plus lookup lemmatizer if tables
    exist. Japanese uses SudachiPy (split mode A) through spaCy's `ja` language.

    The lemmatizer's table holds only the entries whose lemma is a word of some lemma
    phrase (`l2lint.lemmatables`): a token whose lemma is no phrase word can match a
    phrase only by its own text, so its lemma is then the text, as spaCy gives for a
    word missing from the table. Phrases made later widen the table in place.

    Raises LanguageUnavailable when the language's tokenizer package is missing."""
    held = _PIPELINES.get(language)
    version = len(_PHRASE_WORDS)
    if held is None:
        nlp = _blank(language)
        _PIPELINES[language] = (version, nlp)
        _set_lemmas(nlp, language)
        return nlp
    if held[0] != version:
        _PIPELINES[language] = (version, held[1])
        _set_lemmas(held[1], language)
    return held[1]


def _blank(language: str):
    from l2lint.spacyimport import import_spacy

    spacy = import_spacy()
    try:
        nlp = spacy.blank(language)
    except ImportError as exc:
        extra = EXTRAS.get(language, language)
        raise LanguageUnavailable(
            f"copy in language {language!r} needs a tokenizer that is not installed "
            f"({type(exc).__name__}): pip install 'l2lint[{extra}]'"
        ) from None
    try:
        nlp.initialize()
    except Exception:  # data the language's defaults ask for is missing: tokenizer as is
        nlp = spacy.blank(language)
    nlp.max_length = CHUNK_CHARS * 2
    return nlp


def _set_lemmas(nlp, language: str) -> None:
    """Give `nlp` a lookup lemmatizer whose table covers the phrase words known now;
    without lemma tables for the language, no lemmatizer (lemmas are the text)."""
    from l2lint.lemmatables import lemma_lookups

    if "lemmatizer" in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
    else:
        try:
            lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        except Exception:  # no lookup lemmatizer for this language
            return
    try:
        lemmatizer.initialize(lookups=lemma_lookups(lemmatizer, language, frozenset(_PHRASE_WORDS)))
    except Exception:  # no lemma tables for this language: lemmas are the lower-cased text
        nlp.remove_pipe("lemmatizer")


def chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """[start, end) pieces covering `text`, each at most `size` characters (0-based offsets):
    cut after the last sentence end in reach (cutting elsewhere could split a sentence, and
    a claim in it would be lost), else after a Japanese comma or white space, else anywhere."""
    spans = []
    start = 0
    while len(text) - start > size:
        limit = start + size
        cut = max(text.rfind(end, start, limit) for end in (". ", "! ", "? ", "\n"))
        cut = max(cut, text.rfind("。", start, limit - 1))
        if cut <= start:
            cut = max(text.rfind("、", start, limit - 1), text.rfind(" ", start, limit))
        cut = cut + 1 if cut > start else limit
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    return spans


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD: same length, so offsets hold."""
    # spaCy hashes UTF-8; a lone surrogate (possible through the API) becomes U+FFFD, same length
    return _SURROGATE.sub("\ufffd", text)


def analyse(text: str, language: str = "en", abbreviations: Iterable[str] = ()) -> Analysis:
    """Tokens (with lemmas) and sentences of one block; offsets are 0-based characters."""
    text = clean_text(text)
    nlp = pipeline(language)
    tokens: list[Token] = []
    for chunk_start, chunk_end in chunks(text, CHUNK_CHARS_BY_LANGUAGE.get(language, CHUNK_CHARS)):
        doc = nlp(text[chunk_start:chunk_end])
        for tok in doc:
            start = chunk_start + tok.idx
            tokens.append(
                Token(
                    start,
                    start + len(tok.text),
                    tok.is_alpha and not tok.is_stop,
                    (tok.lemma_ or tok.text).lower(),
                    tok.is_punct,
                )
            )
    return Analysis(tuple(tokens), sentences(text, language, tuple(abbreviations)))


# ------------------------------------------------------------------------ sentences

_ELLIPSIS_BREAK = re.compile(r"(?:\.\.\.|…)[\"'”’)\]]*(?=\s+[\"'“‘(\[]*[A-Z])")


@lru_cache(maxsize=512)
def sentences(
    text: str, language: str = "en", abbreviations: tuple[str, ...] = ()
) -> tuple[tuple[int, int], ...]:
    """Sentence spans [start, end) (0-based character offsets) covering `text` in order.

    Segmenter: `sentencex` (rule-based, Wikimedia), then two corrections from the pack's
    data: no break after a listed abbreviation when what follows starts with a digit,
    a lower-case letter or punctuation; a break after an ellipsis followed by a capital.
    Trailing white space belongs to the sentence before it.
    """
    if not text.strip():
        return ((0, len(text)),) if text else ()
    bounds = _segment(clean_text(text), language)
    bounds = _join_abbreviations(text, bounds, abbreviations)
    bounds = _split_ellipses(text, bounds)
    return tuple(bounds)


def _segment(text: str, language: str) -> list[tuple[int, int]]:
    import sentencex

    spans: list[tuple[int, int]] = []
    finder = getattr(sentencex, "get_sentence_boundaries", None)
    if finder is not None:  # sentencex >= 1.0: offsets given
        for item in finder(language, text):
            spans.append((item["start_index"], item["end_index"]))
    else:  # older pure-Python releases: sentence strings, located in order
        pos = 0
        for sentence in sentencex.segment(language, text):
            at = text.find(sentence, pos)
            if at < 0:
                continue
            spans.append((at, at + len(sentence)))
            pos = at + len(sentence)
    # make the spans cover the text exactly: gaps go to the sentence before
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if end <= start:
            continue
        if out:
            out[-1] = (out[-1][0], start)
        else:
            start = 0
        out.append((start, end))
    if not out:
        return [(0, len(text))]
    out[-1] = (out[-1][0], len(text))
    return out


def _join_abbreviations(
    text: str, bounds: list[tuple[int, int]], abbreviations: tuple[str, ...]
) -> list[tuple[int, int]]:
    if not abbreviations or len(bounds) < 2:
        return bounds
    wanted = {a.lower() for a in abbreviations}
    longest = max(len(a) for a in wanted)
    out = [bounds[0]]
    for start, end in bounds[1:]:
        prev_start, prev_end = out[-1]
        head = text[prev_start:prev_end].rstrip()
        tail = head[-longest - 1 :].lower()
        ends_with_abbreviation = any(
            tail.endswith(a) and (len(tail) == len(a) or not tail[-len(a) - 1].isalnum())
            for a in wanted
        )
        nxt = text[start:end].lstrip()[:1]
        if ends_with_abbreviation and nxt and not nxt.isupper():
            out[-1] = (prev_start, end)
        else:
            out.append((start, end))
    return out


def _split_ellipses(text: str, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in bounds:
        cut = start
        for match in _ELLIPSIS_BREAK.finditer(text, start, end):
            stop = match.end()
            while stop < end and text[stop].isspace():
                stop += 1
            if stop < end:
                out.append((cut, stop))
                cut = stop
        out.append((cut, end))
    return out


# ------------------------------------------------------------------------ lemma phrases


PREFIX_LETTERS = 4  # letters of a lemma an inflection keeps, for `LemmaPhrase.may_match`


@dataclass(frozen=True)
class LemmaPhrase:
    """A phrase of lemmas with optional gaps, as a pack writes it.

    Written as words separated by spaces: each word is `a|b|c` (lemma alternatives,
    matched against the token's lemma or its lower-cased text) and `*N` allows up to N
    words (never punctuation) in between: `new|newly|freshly *2 brand|company`.
    """

    source: str
    items: tuple[frozenset[str] | int, ...]

    def __post_init__(self) -> None:
        for item in self.items:
            if not isinstance(item, int):
                _PHRASE_WORDS.update(item)

    @classmethod
    def parse(cls, source: str) -> LemmaPhrase:
        """Raises ValueError for an empty phrase, a gap first or last, or a bad gap."""
        items: list[frozenset[str] | int] = []
        for word in source.split():
            if word.startswith("*"):
                if not word[1:].isdigit():
                    raise ValueError(f"bad gap {word!r} in phrase {source!r} (write *N)")
                items.append(int(word[1:]))
            else:
                items.append(frozenset(w.lower() for w in word.split("|") if w))
        if not items or isinstance(items[0], int) or isinstance(items[-1], int):
            raise ValueError(f"phrase {source!r} must start and end with a word")
        return cls(source, tuple(items))

    def may_match(self, folded: str) -> bool:
        """False when the case-folded text cannot hold the phrase, without spaCy: every
        word of the phrase needs one alternative whose first four letters appear (an
        inflection keeps them: merge, merged, merging). Irregular forms that change them
        (took for take) must be listed as alternatives of their own."""
        return all(
            any(w[:PREFIX_LETTERS] in folded for w in item)
            for item in self.items
            if not isinstance(item, int)
        )

    def find(self, tokens: tuple[Token, ...], text: str) -> list[tuple[int, int]]:
        """Character spans [start, end) in `text` where the phrase matches `tokens`."""
        found: list[tuple[int, int]] = []
        for i in range(len(tokens)):
            end = self._match(tokens, text, i, 0)
            if end is not None:
                found.append((tokens[i].start, tokens[end].end))
        return found

    def _match(self, tokens, text, i: int, k: int) -> int | None:
        item = self.items[k]
        if isinstance(item, int):
            for skip in range(item + 1):
                if skip and (i + skip - 1 >= len(tokens) or tokens[i + skip - 1].is_punct):
                    break
                end = self._match(tokens, text, i + skip, k + 1)
                if end is not None:
                    return end
            return None
        if i >= len(tokens):
            return None
        tok = tokens[i]
        if tok.lemma not in item and text[tok.start : tok.end].lower() not in item:
            return None
        return i if k == len(self.items) - 1 else self._match(tokens, text, i + 1, k + 1)
