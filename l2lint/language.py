"""The language of a block of copy: declared, configured or detected.

Order (brand guide section L, README "Languages"):

1. declared by the source: HTML `lang` on the element or the page, front-matter
   `lang`/`language`, a Word document's language, XLIFF `target-language`, a PO
   `Language` header (`Block.language`, then `Document.language`);
2. configured: `language = "de"` or a `per-file-language` glob (not `"auto"`);
3. detected per paragraph by `py3langid` (a maintained fork of langid.py, Lui & Baldwin
   2012: a naive Bayes model over byte n-grams, 97 languages), restricted to the
   languages the rule packs have sections for;
4. the pack's default language (`en`).

A declared or configured tag is reduced to its primary subtag (`de-CH` -> `de`). A
language no pack has data for (`fr`, or a tag spaCy does not know) is read with the
default language's data, as all copy was before packs had language sections.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache

AUTO = "auto"
DEFAULT = "en"


def primary_subtag(tag: str | None) -> str | None:
    """`"de-CH"` -> `"de"`, `"ja_JP"` -> `"ja"`, `""`/None -> None (BCP 47 primary subtag)."""
    if not tag:
        return None
    head = tag.strip().replace("_", "-").split("-")[0].lower()
    return head if head.isalpha() and 2 <= len(head) <= 3 else None


_UNSPACED = None


def unspaced(text: str) -> bool:
    """Whether `text` holds Han, Hiragana or Katakana, scripts written without spaces
    between words, whose tokens need the language's own tokenizer (SudachiPy for ja)."""
    global _UNSPACED
    if _UNSPACED is None:
        import regex

        _UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
    return _UNSPACED.search(text) is not None


@cache
def _identifier(languages: tuple[str, ...]):
    from l2lint.langidmodel import identifier

    return identifier(languages)


# A paragraph's language shows in its first characters; longer text is not read further
# (bounded time and cache memory for a huge one-paragraph file).
DETECT_CHARS = 2000


def detect(text: str, languages: tuple[str, ...]) -> str | None:
    """The most probable of `languages` (ISO 639-1 codes) for `text` (its first
    DETECT_CHARS characters), or None when it has no letters. Loads py3langid's model
    on first use (`l2lint.langidmodel`: milliseconds from the data cache, 0.6-0.9 s and
    40 MB the first time)."""
    return _detect(text[:DETECT_CHARS], languages)


@lru_cache(maxsize=4096)
def _detect(sample: str, languages: tuple[str, ...]) -> str | None:
    if len(languages) == 1:
        return languages[0]
    if not any(ch.isalpha() for ch in sample):
        return None
    language, _probability = _identifier(languages).classify(sample)
    return str(language)


def resolve(
    declared: Iterable[str | None],
    configured: str | None,
    text: str,
    languages: tuple[str, ...],
    default: str = DEFAULT,
) -> str:
    """The language code for one block (see the module docstring for the order).

    `declared`: the block's then the document's declared tags (None where absent);
    `configured`: the configured language or `"auto"`/None; `languages`: the codes the
    packs support, the detector's candidates."""
    for tag in declared:
        code = primary_subtag(tag)
        if code:
            return code if code in languages else default
    code = primary_subtag(configured) if configured and configured != AUTO else None
    if code:
        return code if code in languages else default
    if len(languages) > 1:
        return detect(text, languages) or default
    return default
