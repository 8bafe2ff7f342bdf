"""XLIFF 1.2 and 2.0 translation files: the text of every `<target>`, nothing else.

Source text, notes, attributes, suggested translations (1.2 `<alt-trans>`) and the
elements of other namespaces (2.0 modules such as translation candidates) are not
linted, nor is text marked not to be translated (`<mrk mtype="protected">`,
`<mrk translate="no">`); inside a target, the text of inline
markup that wraps translatable text (1.2 `<g>`, `<mrk>`; 2.0 `<pc>`, `<mrk>`) is prose,
while native codes and placeholders (1.2 `<x/>`, `<bx/>`, `<ex/>`, `<ph>`, `<bpt>`,
`<ept>`, `<it>`; 2.0 `<ph/>`, `<sc/>`, `<ec/>`, `<cp/>`, `<sm/>`, `<em/>`) are left
out of the prose, so a fix never touches them.

Positions are the file's own lines and columns: the XML is parsed with the standard
library's expat, whose `CurrentByteIndex` gives the byte offset of every event, so each
piece of character data maps back to its exact place in the file (an entity reference
such as `&amp;` maps as a whole). Documents with a DOCTYPE are refused: XLIFF needs
none, and refusing one rules out entity-expansion attacks.

Sources: XLIFF 1.2 (OASIS, 2008), sections 2.4 "Inline elements"; XLIFF 2.0 (OASIS,
2014), section 4.2.2 "Inline elements".
"""

from __future__ import annotations

import html
from xml.parsers import expat

from l2lint.document import Block, BlockBuilder, Document
from l2lint.sources.empty import EMPTY_NOTICE
from l2lint.sources.trim import trimmed

XLIFF_12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF_20 = "urn:oasis:names:tc:xliff:document:2.0"
_SEP = "\x1f"  # namespace separator handed to expat; never in a tag name
# Inline elements whose content is native code or a placeholder, not translatable text.
_CODE = frozenset({"x", "bx", "ex", "ph", "bpt", "ept", "it", "sc", "ec", "cp", "sm", "em"})


class _Reader:
    """Collects (text, source start, source end) pieces of every target, in order."""

    def __init__(self, source: str) -> None:
        self.source = source
        data = source.encode("utf-8")
        self.data = data
        # byte offset → character offset, for the offsets expat reports
        self._char_at = _byte_to_char(source)
        self.targets: list[list[tuple[str, int]]] = []
        # the declared target language: XLIFF 1.2 <file target-language>, 2.0 <xliff trgLang>
        self.language: str | None = None
        self.target_languages: list[str | None] = []  # per target
        self.target_depth = 0  # >0 while inside a <target>
        self.code_depth = 0  # >0 while inside native code within a target
        self.pending: list[tuple[str, int]] = []  # (text, byte index) of the current target
        self.version: str | None = None
        self.core = ""  # the namespace of the <xliff> root
        self.skip_depth = 0  # >0 inside <alt-trans> or another namespace's element
        # translate="yes"/"no" of the open elements outside targets (inherited)
        self.translate: list[bool] = []
        self.cdata_at: int | None = None  # inside a CDATA section: the byte index reached
        self.comments: list[tuple[int, int, str]] = []  # XML comments (for suppressions)
        parser = expat.ParserCreate("utf-8", namespace_separator=_SEP)
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.chars
        parser.StartDoctypeDeclHandler = self.doctype
        parser.StartCdataSectionHandler = self.cdata_start
        parser.EndCdataSectionHandler = self.cdata_end
        parser.CommentHandler = self.comment
        parser.buffer_text = False
        self.parser = parser

    def parse(self) -> None:
        try:
            self.parser.Parse(self.data, True)
        except expat.ExpatError as exc:
            line, column = exc.lineno, exc.offset + 1
            reason = expat.errors.messages[exc.code] if exc.code else str(exc)
            raise ValueError(
                f"not a valid XLIFF file: {reason} at line {line}, column {column}"
            ) from None
        if self.version is None:
            raise ValueError("not a valid XLIFF file: no <xliff> root element")

    def doctype(self, *_args) -> None:
        raise ValueError("not a valid XLIFF file: a DOCTYPE is not allowed")

    def start(self, name: str, attrs: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(_SEP)
        if self.version is None:
            if local != "xliff" or namespace not in (XLIFF_12, XLIFF_20, ""):
                raise ValueError("not a valid XLIFF file: the root element is not <xliff>")
            self.version = attrs.get("version", "1.2" if namespace != XLIFF_20 else "2.0")
            self.core = namespace
        if local in ("xliff", "file") and not self.skip_depth:
            self.language = attrs.get("trgLang") or attrs.get("target-language") or self.language
        if self.skip_depth or (
            not self.target_depth and (local == "alt-trans" or namespace != self.core)
        ):
            self.skip_depth += 1  # suggestions and other modules' elements are not copy
        elif self.target_depth:
            self.target_depth += 1
            if self.code_depth or local in _CODE or _protected(local, attrs):
                self.code_depth += 1
            self._mark()
        elif local == "target" and not self._translatable(attrs):
            self.skip_depth += 1  # a unit not to be translated: its target is not copy
        elif local == "target":
            self.target_depth = 1
            self.pending = []
        else:
            self.translate.append(self._translatable(attrs))

    def _translatable(self, attrs: dict[str, str]) -> bool:
        """XLIFF 1.2 and 2.0 `translate` ("yes"/"no"), inherited from the enclosing
        <file>, <group>, <trans-unit> or <unit> when absent."""
        inherited = self.translate[-1] if self.translate else True
        value = attrs.get("translate")
        return inherited if value is None else value != "no"

    def end(self, name: str) -> None:
        if self.skip_depth:
            self.skip_depth -= 1
            return
        if not self.target_depth:
            if self.translate:
                self.translate.pop()
            return
        self.target_depth -= 1
        if self.target_depth == 0:
            self.pending.append(("", self.parser.CurrentByteIndex))
            self.targets.append(self.pending)
            self.target_languages.append(self.language)
            self.pending = []
            return
        if self.code_depth:
            self.code_depth -= 1
        self._mark()

    def _mark(self) -> None:
        """A boundary: the text before it ends where this tag starts."""
        self.pending.append(("", self.parser.CurrentByteIndex))

    def chars(self, text: str) -> None:
        at = self.parser.CurrentByteIndex
        if self.cdata_at is not None:  # expat reports the section's start: count ourselves
            at = self.cdata_at
            self.cdata_at += len(text.encode("utf-8"))
        if self.target_depth and not self.code_depth:
            self.pending.append((text, at))
        elif self.target_depth:
            self._mark()

    def cdata_start(self) -> None:
        """`<![CDATA[`: its text is literal, and starts 9 bytes on."""
        if self.target_depth:
            self._mark()
        self.cdata_at = self.parser.CurrentByteIndex + len("<![CDATA[")

    def cdata_end(self) -> None:
        self.cdata_at = None
        if self.target_depth:
            self._mark()  # `]]>` is not prose

    def comment(self, text: str) -> None:
        start = self._char_at(self.parser.CurrentByteIndex)
        end = start + len("<!--") + len(text) + len("-->")
        if self.source[start:end] == f"<!--{text}-->":
            self.comments.append((start, end, text))

    def blocks(self) -> list[Block]:
        out: list[Block] = []
        for pieces, language in zip(self.targets, self.target_languages, strict=True):
            builder = BlockBuilder("target")
            builder.language = language
            for (text, at), (_, next_at) in zip(pieces, pieces[1:], strict=False):
                if not text:
                    continue
                start, end = self._char_at(at), self._char_at(next_at)
                if self.source[start:end] == text:
                    builder.add(text, start)
                else:  # an entity or character reference, or a normalised line end
                    builder.add(text, start, end)
            block = trimmed(builder.build())
            if block is not None:
                block.language = language
                out.append(block)
        return out


def _protected(local: str, attrs: dict[str, str]) -> bool:
    """A marker whose text is not to be translated (1.2 mtype="protected", 2.0
    translate="no"): a name or code the linter must not touch."""
    return local == "mrk" and (attrs.get("mtype") == "protected" or attrs.get("translate") == "no")


def _byte_to_char(source: str):
    """A function from UTF-8 byte offsets of `source` to character offsets."""
    if source.isascii():
        return lambda offset: offset
    starts = []
    position = 0
    for char in source:
        starts.append(position)
        position += len(char.encode("utf-8"))
    import bisect

    def char_at(offset: int) -> int:
        return bisect.bisect_left(starts, offset)

    return char_at


def read_xliff(path: str, text: str) -> Document:
    """Read an XLIFF 1.2 or 2.0 file (already decoded) into one `target` block per target.

    Raises ValueError("not a valid XLIFF file: …") for text that is not well-formed XML,
    has a DOCTYPE, or whose root is not `<xliff>`.
    """
    if not text.strip():
        return Document(path=path, source=text, blocks=[], format="xliff", notices=[EMPTY_NOTICE])
    reader = _Reader(text)
    reader.parse()
    return Document(
        path=path,
        source=text,
        blocks=reader.blocks(),
        format="xliff",
        comments=reader.comments,
    )


def escape(text: str) -> str:
    """Replacement prose written as XML character data (`&`, `<`, `>` escaped)."""
    return html.escape(text, quote=False)


def escape_ascii(text: str) -> str:
    """As `escape`, with every non-ASCII character written as a decimal character
    reference (`²` → `&#178;`), which XML reads in any encoding (XML 1.0, 4.1)."""
    return escape(text).encode("ascii", "xmlcharrefreplace").decode("ascii")
