"""spaCy, owned in one place: a blank pipeline with a sentencizer, built once per process.

Rules ask for a block's sentences (claim rules) and tokens (fixes that need the next
word) only for blocks where they already have a match, and spaCy itself is imported on
first use, so `import l2lint`, clean files and files with only spelling findings never
pay for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# Long blocks are tokenized in chunks so memory stays bounded and spaCy's max_length never trips.
CHUNK_CHARS = 100_000


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    content_word: bool  # alphabetic, not a stop word: "noun-like" for fixes that need one


@dataclass(frozen=True)
class Analysis:
    """What the rules need from spaCy for one block, as plain offsets."""

    tokens: tuple[Token, ...]
    sentences: tuple[tuple[int, int], ...]

    def next_token(self, offset: int) -> Token | None:
        import bisect

        index = bisect.bisect_left([t.start for t in self.tokens], offset)
        return self.tokens[index] if index < len(self.tokens) else None


@cache
def pipeline(language: str = "en"):
    """A blank spaCy pipeline for `language` with a rule-based sentencizer."""
    import spacy

    nlp = spacy.blank(language)
    nlp.add_pipe("sentencizer")
    nlp.max_length = CHUNK_CHARS * 2
    return nlp


def _chunks(text: str) -> list[tuple[int, int]]:
    """Split into pieces of at most CHUNK_CHARS characters: (start, end) offsets, 0-based,
    end exclusive; after a sentence end where one lies in reach, else at white space."""
    spans = []
    start = 0
    while len(text) - start > CHUNK_CHARS:
        limit = start + CHUNK_CHARS
        # after the last sentence end if there is one (cutting at the last space could
        # split a sentence, and a claim in it would be lost), else after the last space
        cut = max(text.rfind(end, start, limit) for end in (". ", "! ", "? ", "\n"))
        if cut <= start:
            cut = text.rfind(" ", start, limit)
        cut = cut + 1 if cut > start else limit
        spans.append((start, cut))
        start = cut
    spans.append((start, len(text)))
    return spans


_SURROGATE = re.compile("[\ud800-\udfff]")


def analyse(text: str, language: str = "en") -> Analysis:
    # spaCy hashes UTF-8; a lone surrogate (possible through the API) becomes U+FFFD, same length
    text = _SURROGATE.sub("\ufffd", text)
    nlp = pipeline(language)
    tokens: list[Token] = []
    sentences: list[tuple[int, int]] = []
    for chunk_start, chunk_end in _chunks(text):
        doc = nlp(text[chunk_start:chunk_end])
        for tok in doc:
            start = chunk_start + tok.idx
            end = start + len(tok.text)
            tokens.append(Token(start, end, tok.is_alpha and not tok.is_stop))
        for sent in doc.sents:
            sentences.append((chunk_start + sent.start_char, chunk_start + sent.end_char))
    return Analysis(tuple(tokens), tuple(sentences))
