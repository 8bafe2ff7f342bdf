"""Pieces several rule types share: fix settings, message templates, exceptions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

_WHITESPACE = regex.compile(r"\s+")


def normalize_space(text: str) -> str:
    """Any run of white space (no-break spaces, line breaks) counts as one space."""
    return _WHITESPACE.sub(" ", text)


@dataclass(frozen=True)
class FixSpec:
    """A rule's `fix:` setting: `kind` "safe", "unsafe" or "none", the `replacement`
    (None: the rule's own, e.g. the canonical term) and `when_followed_by` ("word": offer
    the fix only before a content word)."""

    kind: str  # "safe", "unsafe" or "none"
    replacement: str | None = None
    when_followed_by: str | None = None

    @classmethod
    def parse(cls, raw: Any, default: str = "none") -> FixSpec:
        """A fix setting from pack data: None gives `default`, a string is the kind, a mapping
        gives `safe` (default true), `replacement` and `when_followed_by`."""
        if raw is None:
            return cls(default)
        if isinstance(raw, str):
            return cls(raw)
        return cls(
            "safe" if raw.get("safe", True) else "unsafe",
            raw.get("replacement"),
            raw.get("when_followed_by"),
        )

    @property
    def safe(self) -> bool:
        """Whether the fix may be applied without review (`--fix` alone applies it)."""
        return self.kind == "safe"


def render(template: str, **values: str) -> str:
    """Fill {found}, {canonical}, {missing} … leaving unknown braces alone."""
    out = template
    for key, value in values.items():
        out = out.replace("{" + key + "}", value)
    return " ".join(out.split())


def covered_by_exception(match_cache, exceptions, index: int, start: int, end: int) -> bool:
    """An exception pattern whose match contains the whole finding span cancels it."""
    text = match_cache.block(index).text
    lo = max(0, start - 200)
    window = text[lo : end + 200]
    for compiled in exceptions:
        for match in compiled.finditer(window):
            if match.start() + lo <= start and end <= match.end() + lo:
                return True
    return False


def followed_by_content_word(match_cache, index: int, end: int) -> bool:
    """Whether the next token after `end` is a content word ("noun-like" without a tagger)."""
    if index == -1:
        return False
    token = match_cache.block(index).nlp.next_token(end)
    return bool(
        token
        and token.content_word
        and match_cache.block(index).text[end : token.start].strip() == ""
    )


# A unit symbol of up to three lower-case letters written onto a number (25mm, 4k,
# 60fps, 12mp). Spaced off ("PANASONIC S5 is") the word is copy and counts.
_UNIT_AFTER_NUMBER = regex.compile(r"(?<=\d)\p{Ll}{1,3}\b")


def line_is_upper(text: str, start: int, end: int) -> bool:
    """True when the line holding the span has letters and all of them are capitals.

    A letter without case (Kanji, Kana) means the line is not written in capitals:
    `LEICAとLUMIXのカメラ` is Japanese copy with a Latin name in capitals (#18). A unit
    symbol written onto a number (`25mm`, `4k`, `60fps`) is written in its own case whatever
    the line's: its letters do not count (#13: `PANASONIC LUMIX G 25mm F1.7 LENS`)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    line = _UNIT_AFTER_NUMBER.sub("", line)
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)
