"""GNU gettext PO files: the text of every translation (`msgstr`, `msgstr[n]`), nothing else.

The header entry (`msgid ""`), msgids, comments and obsolete (`#~`) entries are not
linted. polib parses the file and is the authority on what each translation says; polib
does not say where a string lies, so the reader also walks the file's quoted strings
(PO's grammar: a keyword line, then continuation lines holding one "…" string each,
concatenated) and maps every character to its place in the file. An escape such as `\\"`
maps as a whole. The two readings must agree string for string, or the file is refused.

Positions are the file's own lines and columns. Source: GNU gettext manual, section 3
"The Format of PO Files".
"""

from __future__ import annotations

import re

import polib

from l2lint.document import Block, BlockBuilder, Document
from l2lint.sources.empty import EMPTY_NOTICE
from l2lint.sources.trim import trimmed

_KEYWORD = re.compile(r'[ \t]*(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[ \t]+"')
_CONTINUATION = re.compile(r'[ \t]*"')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v"}  # fmt: skip


class _String:
    """One keyword's string: its decoded text and a builder mapping it into the file."""

    def __init__(self, keyword: str) -> None:
        self.keyword = keyword
        self.builder = BlockBuilder("target")
        self.text = ""

    def add_quoted(self, source: str, start: int) -> None:
        """Read the "…" string whose opening quote is at `start`."""
        pos = start + 1
        parts = []
        while pos < len(source) and source[pos] not in '"\n':
            if source[pos] == "\\" and pos + 1 < len(source) and source[pos + 1] in _ESCAPES:
                self.builder.add(_ESCAPES[source[pos + 1]], pos, pos + 2)
                parts.append(_ESCAPES[source[pos + 1]])
                pos += 2
                continue
            run_end = pos
            while run_end < len(source) and source[run_end] not in '"\n\\':
                run_end += 1
            if run_end == pos:  # a backslash gettext does not know: polib keeps it as is
                run_end += 1
            self.builder.add(source[pos:run_end], pos)
            parts.append(source[pos:run_end])
            pos = run_end
        self.text += "".join(parts)


def _strings(source: str) -> list[list[_String]]:
    """The entries of a PO file (obsolete ones left out), each a list of its strings."""
    entries: list[list[_String]] = []
    current: _String | None = None
    offset = 0
    for line in source.splitlines(keepends=True):
        match = _KEYWORD.match(line)
        if match:
            keyword = match.group(1)
            if keyword in ("msgctxt", "msgid") and not (
                keyword == "msgid" and entries and entries[-1][-1].keyword == "msgctxt"
            ):
                entries.append([])
            if not entries:
                entries.append([])
            current = _String(keyword)
            entries[-1].append(current)
            current.add_quoted(source, offset + match.end() - 1)
        elif current is not None and (cont := _CONTINUATION.match(line)):
            current.add_quoted(source, offset + cont.end() - 1)
        else:
            current = None
        offset += len(line)
    return entries


def _is_header(entry: list[_String]) -> bool:
    keywords = {s.keyword: s.text for s in entry}
    return keywords.get("msgid") == "" and "msgctxt" not in keywords


def _translations(entry: polib.POEntry) -> list[str]:
    if entry.msgstr_plural:
        return [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def read_po(path: str, text: str) -> Document:
    """Read a PO file (already decoded) into one `target` block per non-empty translation.

    Raises ValueError("not a valid PO file: …") when polib cannot parse the text or the
    strings found do not match polib's reading.
    """
    if not text.strip():
        return Document(path=path, source=text, blocks=[], format="po", notices=[EMPTY_NOTICE])
    try:
        catalog = polib.pofile(text if "\n" in text else text + "\n")
    except (OSError, ValueError, UnicodeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ValueError(f"not a valid PO file: {reason}") from None
    expected = [t for e in catalog if not e.obsolete for t in _translations(e)]
    found: list[_String] = []
    for entry in _strings(text):
        if _is_header(entry):
            continue
        found.extend(s for s in entry if s.keyword.startswith("msgstr"))
    if [s.text for s in found] != expected:
        raise ValueError("not a valid PO file: its translations could not be located")
    blocks: list[Block] = []
    for string in found:
        block = trimmed(string.builder.build())
        if block is not None:
            blocks.append(block)
    language = (catalog.metadata.get("Language") or "").strip() or None
    return Document(path=path, source=text, blocks=blocks, format="po", language=language)


def escape(text: str) -> str:
    """Replacement prose written inside a PO "…" string (C escapes for `\\`, `"`, tab,
    newline)."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
