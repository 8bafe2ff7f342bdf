"""The document model every source reader produces.

A reader turns a file into prose `Block`s. Each block keeps a piecewise map from its
prose characters back to character offsets in the original source, so that findings
are reported (and fixes applied) at the right place in the file, whatever markup,
entities or front matter surrounded the prose.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from dataclasses import dataclass, field

_LINE_ENDING = re.compile(r"\r\n|\r|\n")

# Characters that do not show inside a word and so are not part of the prose a rule
# reads (#13): soft hyphen U+00AD (HTML `&shy;`), zero-width space U+200B, zero-width
# non-joiner/joiner U+200C/U+200D, word joiner U+2060 and U+FEFF (a BOM inside text),
# all Unicode category Cf. A block leaves them out of its text and maps around them,
# so `Tech&shy;nology` reads "Technology" at the source positions of its letters.
# Characters a reader does not see, left out where a rule reads: Unicode's
# Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 15.1) -- soft hyphen,
# combining grapheme joiner, Arabic letter mark, Mongolian and other variation
# selectors, zero-width space/non-joiner/joiner, left-to-right and right-to-left marks
# and embeddings, word joiner, invisible operators, U+FEFF, tags -- except the Hangul
# fillers (U+115F, U+1160, U+3164, U+FFA0), which take part in composing Hangul.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\ufe00-\ufe0f\ufeff\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"
)
# Characters read as another one: the non-breaking hyphen U+2011 is a hyphen.
_READ_AS = str.maketrans({"\u2011": "-"})
_FORMAT = re.compile(f"[{_INVISIBLE}\u2011]")
_INVISIBLE_RUN = re.compile(f"[{_INVISIBLE}]+")
# Full-width forms of the ASCII characters "!" to "~" (U+FF01-U+FF5E, Unicode block
# "Halfwidth and Fullwidth Forms") are read as those ASCII characters: `Ｌｕｍｉｘ` is
# "Lumix". Each is one character either way, so the map stays one-to-one.
_FULL_WIDTH = re.compile("[\uff01-\uff5e]")
_READ_AS_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


@dataclass(frozen=True)
class Segment:
    """Prose [prose_start, prose_end) came from source [source_start, source_end).

    When both lengths are equal the map is one-to-one; otherwise (an entity such as
    `&sup2;`, or `<sup>2</sup>`) the whole prose range maps to the whole source range.
    """

    prose_start: int
    prose_end: int
    source_start: int
    source_end: int

    @property
    def linear(self) -> bool:
        """True when prose and source ranges have the same length: a one-to-one map."""
        return self.prose_end - self.prose_start == self.source_end - self.source_start


@dataclass
class Block:
    """A unit of prose: a paragraph, heading, list item, table cell, alt text …"""

    text: str
    kind: str = "paragraph"
    segments: list[Segment] = field(default_factory=list)
    _starts: list[int] | None = field(default=None, repr=False)
    # the language tag the source declares for this block (HTML `lang`), or None
    language: str | None = None
    # source ranges [start, end) (0-based characters, in source order) of the invisible
    # characters left out of `text` (`_INVISIBLE`: a raw soft hyphen run, an `&shy;`)
    invisible: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.segments and _needs_reading(self.text):
            self.text, self.segments, self.invisible = _as_read(self.text, self.segments)

    def segment_index(self, prose_offset: int) -> int:
        """The index in `segments` of the segment holding `prose_offset` (0-based
        characters into `text`): the last one starting at or before it (0 before the first)."""
        if self._starts is None:
            self._starts = [s.prose_start for s in self.segments]
        return max(0, bisect.bisect_right(self._starts, prose_offset) - 1)

    def source_start(self, prose_offset: int) -> int:
        """Source offset (0-based characters) of the prose character at `prose_offset`."""
        seg = self.segments[self.segment_index(prose_offset)]
        if seg.linear:
            return seg.source_start + min(
                prose_offset - seg.prose_start, seg.source_end - seg.source_start
            )
        return seg.source_start

    def source_end(self, prose_end: int) -> int:
        """Source offset (0-based characters) just after the prose character before
        `prose_end`: the exclusive end of a span."""
        if prose_end <= 0:
            return self.source_start(0)
        seg = self.segments[self.segment_index(prose_end - 1)]
        if seg.linear:
            return seg.source_start + (prose_end - seg.prose_start)
        return seg.source_end

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets [start, end) of the prose span [start, end): 0-based characters into
        the document's source, end exclusive (`source_start`, `source_end`)."""
        return self.source_start(start), self.source_end(end)

    def shifted(self, base: int) -> Block:
        """The same block for a text that starts `base` characters into the source."""
        segments = [
            Segment(s.prose_start, s.prose_end, s.source_start + base, s.source_end + base)
            for s in self.segments
        ]
        return Block(self.text, self.kind, segments, language=self.language)

    def is_verbatim(self, start: int, end: int, source: str) -> bool:
        """True when the prose span is a character-for-character copy of the source."""
        s, e = self.source_span(start, end)
        return source[s:e] == self.text[start:end]


def _needs_reading(text: str) -> bool:
    """True when `_as_read` would change `text` (never for ASCII text: a fast path for
    the raw-file prefilter and every block)."""
    return not text.isascii() and bool(
        _FORMAT.search(text)
        or _FULL_WIDTH.search(text)
        or not unicodedata.is_normalized("NFC", text)
    )


def read_characters(text: str) -> str:
    """`text` with its characters as a block reads them: invisible characters
    (`_INVISIBLE`: Unicode's default-ignorable characters, such as the soft hyphen, the
    zero-width space, joiners, direction marks and U+FEFF)
    left out, full-width ASCII forms as ASCII, canonically composed (NFC), U+2011 as
    "-". The same `text` (no copy) when nothing changes, always for ASCII text. For
    checks that need no source map, such as the literal prefilter run on a raw file:
    `Lu` + U+00AD + `mix` reads "Lumix" here as in a block (#14). Line ends are kept."""
    if not _needs_reading(text):
        return text
    # as `_read_piece`, with each step only where it changes something: `str.translate`
    # with a table runs at about 0.25 s a megabyte of non-ASCII text, these at 0.04 s
    text = _INVISIBLE_RUN.sub("", text)
    if "\u2011" in text:
        text = text.replace("\u2011", "-")
    if _FULL_WIDTH.search(text):
        text = _FULL_WIDTH.sub(lambda m: chr(ord(m.group()) - 0xFEE0), text)
    return unicodedata.normalize("NFC", text)


def _clusters(piece: str) -> list[tuple[int, int]]:
    """[start, end) of each run of `piece` that normalizes on its own: a character
    with canonical combining class 0 and the characters after it that are not
    (combining marks, e.g. U+0308, U+3099), or a Hangul syllable's conjoining jamo
    (U+1160-U+11FF read with the jamo before them). Offsets are 0-based characters."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(piece) + 1):
        if i == len(piece):
            bounds.append((start, i))
        elif unicodedata.combining(piece[i]) == 0 and not "\u1160" <= piece[i] <= "\u11ff":
            bounds.append((start, i))
            start = i
    return bounds


def _read_piece(piece: str) -> str:
    """`piece` as a rule reads it: U+2011 as "-", full-width ASCII forms as ASCII,
    canonically composed (Unicode normalization form NFC, UAX #15)."""
    return unicodedata.normalize("NFC", piece.translate(_READ_AS).translate(_READ_AS_ASCII))


def _as_read(
    text: str, segments: list[Segment]
) -> tuple[str, list[Segment], list[tuple[int, int]]]:
    """`text` as a rule reads it, its segments remapped to the source, and the source
    ranges of the invisible characters left out (see `Block.invisible`).

    Invisible characters of `_INVISIBLE` are left out, U+2011 reads "-", full-width
    forms U+FF01-U+FF5E read as ASCII "!"-"~" and decomposed sequences (NFD, e.g.
    "U" + U+0308) are composed to NFC ("Ü"), so that a rule matches the text a reader
    sees whatever its encoding. A one-to-one segment is split around each invisible run
    and each sequence that composes; a composed character maps to the whole source span
    of its sequence, so a finding on it covers (and a fix replaces) all of it. Positions
    reported stay characters of the source as written: "Ü" written as two characters
    spans two columns. A many-to-one segment (an entity, `<sup>2</sup>`) keeps its whole
    source range, or is dropped when its prose is only invisible characters (`&shy;`).
    Offsets are 0-based characters."""
    parts: list[str] = []
    out: list[Segment] = []
    hidden: list[tuple[int, int]] = []
    length = 0

    def emit(piece: str, source_start: int, source_end: int) -> None:
        nonlocal length
        if piece:
            parts.append(piece)
            out.append(Segment(length, length + len(piece), source_start, source_end))
            length += len(piece)

    def emit_linear(piece: str, source_start: int) -> None:
        """`piece` copied from source[source_start:]; composed sequences map whole."""
        if unicodedata.is_normalized("NFC", piece):
            emit(_read_piece(piece), source_start, source_start + len(piece))
            return
        at = 0  # start of the run not emitted yet, which reads as itself length for length
        for s, e in _clusters(piece):
            read = _read_piece(piece[s:e])
            if len(read) != e - s:
                emit(_read_piece(piece[at:s]), source_start + at, source_start + s)
                emit(read, source_start + s, source_start + e)
                at = e
        emit(_read_piece(piece[at:]), source_start + at, source_start + len(piece))

    for seg in segments:
        piece = text[seg.prose_start : seg.prose_end]
        if not seg.linear:
            read = _read_piece(_INVISIBLE_RUN.sub("", piece))
            if not read:
                hidden.append((seg.source_start, seg.source_end))
            emit(read, seg.source_start, seg.source_end)
            continue
        at = 0
        for run in _INVISIBLE_RUN.finditer(piece):
            emit_linear(piece[at : run.start()], seg.source_start + at)
            hidden.append((seg.source_start + run.start(), seg.source_start + run.end()))
            at = run.end()
        emit_linear(piece[at:], seg.source_start + at)
    if not out:  # only invisible characters: an empty block, still anchored in the source
        out.append(Segment(0, 0, segments[0].source_start, segments[0].source_start))
    return "".join(parts) + text[segments[-1].prose_end :], out, hidden


class BlockBuilder:
    """Accumulates prose text and its source map for one block."""

    def __init__(self, kind: str = "paragraph") -> None:
        self.kind = kind
        self._parts: list[str] = []
        self._segments: list[Segment] = []
        self._length = 0

    @property
    def length(self) -> int:
        """Characters of prose added so far: the prose offset of the next `add`."""
        return self._length

    def add(self, text: str, source_start: int, source_end: int | None = None) -> None:
        """Append prose `text` taken from source[source_start:source_end].

        Without `source_end` the text is a verbatim copy of the source there.
        """
        if not text:
            return
        if source_end is None:
            source_end = source_start + len(text)
        self._parts.append(text)
        self._segments.append(
            Segment(self._length, self._length + len(text), source_start, source_end)
        )
        self._length += len(text)

    language: str | None = None  # the declared language tag of the block, if any

    def build(self) -> Block:
        """The block of the prose added so far, with its segments and declared language."""
        return Block(
            text="".join(self._parts),
            kind=self.kind,
            segments=self._segments,
            language=self.language,
        )


@dataclass
class Document:
    """A source file read as prose blocks, plus what is needed to report positions."""

    path: str
    source: str
    blocks: list[Block]
    title: str | None = None
    format: str = "text"
    fixable: bool = True
    # why a file that is otherwise written is not fixed, e.g. "nesting deeper than 512
    # levels is read as plain text"; None when not fixable means its format is read-only
    unfixable_reason: str | None = None
    encoding: str = "utf-8"
    bom: bytes = b""
    notices: list[str] = field(default_factory=list)
    # (source_start, source_end, inner text) of every markup comment, for inline suppressions
    comments: list[tuple[int, int, str]] = field(default_factory=list)
    # A slice of a huge file: `source` is its text, which starts at offset `base` of the
    # file; blocks and comments hold file offsets, `lines` is shared by every slice.
    base: int = 0
    lines: LineIndex | None = field(default=None, repr=False)
    # Readers that build their source (.pptx, .pdf): where each source line is in the
    # original, e.g. "slide 2:shape 1:paragraph 3"; index 0 is line 1.
    line_labels: list[str] | None = field(default=None, repr=False)
    # The language tag the document declares (page `lang`, front matter, Word, XLIFF,
    # PO header) and the one configured for its path (`per-file-language`), or None.
    language: str | None = None
    configured_language: str | None = None

    def locus(self, line: int) -> str:
        """The label of 1-based source `line` (see `line_labels`), or "" when none."""
        if self.line_labels is None or not 0 < line <= len(self.line_labels):
            return ""
        return self.line_labels[line - 1]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source character offset."""
        if self.lines is None:
            self.lines = LineIndex(self.source)
        return self.lines.line_col(offset)


class LineIndex:
    """Where each line of a source starts: 8 bytes a line, however long the file.

    A line ends at "\\r\\n", "\\r" or "\\n", as CommonMark (0.31, section 2.1 "line
    ending") and HTML define it; unlike `str.splitlines`, no other character (form feed,
    U+0085, U+2028, ...) ends one. A huge file read slice by slice adds each slice as it
    comes (`add`); a "\\r\\n" split between two slices is one line ending.
    """

    def __init__(self, source: str = "") -> None:
        self.starts = array("q", [0])
        self._cr_end = -1  # offset just after a "\r" that ended the text added last
        self.add(source, 0)

    def add(self, text: str, base: int) -> None:
        """Record the line starts in `text`, whose first character is at offset `base`
        (0-based character offsets)."""
        starts = self.starts
        joined = self._cr_end == base and text.startswith("\n")
        if "\r" not in text and not joined:
            find = text.find
            pos = find("\n")
            while pos != -1:
                starts.append(base + pos + 1)
                pos = find("\n", pos + 1)
        else:
            for m in _LINE_ENDING.finditer(text):
                if m.start() == 0 and joined:
                    starts[-1] = base + 1  # the "\n" of a "\r\n" cut in two
                else:
                    starts.append(base + m.end())
        if text:
            self._cr_end = base + len(text) if text.endswith("\r") else -1

    def __len__(self) -> int:
        return len(self.starts)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a 0-based source character offset."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1
