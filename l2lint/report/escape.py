"""File names (and other untrusted text) made safe to print, serialize and address.

A file name is whatever bytes the file system allows: a newline followed by
`::error …` would start a GitHub workflow command of its own in the job log, an ANSI
escape sequence would drive the terminal, and a name that is not UTF-8 (Python keeps its
bytes as lone surrogates U+DC80–U+DCFF, PEP 383 "surrogateescape") cannot be encoded
into a JSON, XML or SARIF report at all.

`printable` is the one escaping function for text meant for people (the text report,
notices, errors, `--show-files`, Markdown, HTML, the GitHub file property): every
character that could change what the terminal or a log shows is replaced by a visible
backslash escape, the way Python's `repr` writes it (`\\n`, `\\x1b`, `\\u202e`), and each
byte of a non-UTF-8 name by `\\xNN`; other text, backslashes included, is left as it is,
like git and ruff show quoted names. `unicode_text` escapes the non-UTF-8 bytes only,
for formats whose own escaping handles control characters (JSON, GitLab, SARIF, JUnit,
baselines); `uri_path` percent-encodes a path's raw bytes for SARIF URIs (RFC 3986
§2.1); `diff_path` quotes a path for a diff header as git does.
"""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import quote

# C0 and C1 controls and DEL; the bidirectional formatting characters that reorder a
# line on screen ("Trojan Source", CVE-2021-42574: U+061C, U+200E/F, U+202A–E,
# U+2066–9); the line and paragraph separators some terminals and editors break lines
# at; and lone surrogates (undecodable bytes, or text no UTF-8 codec accepts).
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    point = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= point <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{point - 0xDC00:02x}"
    if point < 0x100:
        return f"\\x{point:02x}"
    return f"\\u{point:04x}"


def printable(text: str, keep: str = "") -> str:
    """`text` with every control, bidirectional-formatting, line-separator and lone
    surrogate character replaced by a visible escape (`\\n`, `\\x1b`, `\\u202e`, and
    `\\xe9` for the undecodable byte 0xE9); the result is one line of valid Unicode.

    Characters in `keep` are left for the caller's own escaping (GitHub workflow
    commands encode CR and LF as %0D and %0A). Other text is returned unchanged.
    """
    if keep:
        return _UNPRINTABLE.sub(lambda m: m.group(0) if m.group(0) in keep else _escape(m), text)
    return _UNPRINTABLE.sub(_escape, text)


# What `unicode_text` writes for a lone surrogate, found literally in a name.
_LITERAL_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})")


def masked(text: str, keep: str = "") -> str:
    """`text` with each character `printable` would escape, except those in `keep`,
    replaced by U+FFFD, one for one, so character offsets into `text` stay valid; for
    copy shown with highlighted spans (the text report's source lines, the HTML copy)."""
    return _UNPRINTABLE.sub(lambda m: m.group(0) if m.group(0) in keep else "\ufffd", text)


def has_unprintable(text: str) -> bool:
    """Whether `text` holds a character `printable` would escape (a control character,
    line break, tab, bidirectional formatting character or lone surrogate)."""
    return _UNPRINTABLE.search(text) is not None


def unicode_text(text: str) -> str:
    """`text` made encodable as UTF-8, one-to-one: each lone surrogate escaped as in
    `printable` (`\\xe9` for the undecodable byte 0xE9, `\\ud800` for another lone
    surrogate); control characters are kept for the format's own escaping.

    Text with no lone surrogate and no literal `\\xNN` or `\\uNNNN` is returned as it
    is (Windows paths keep their backslashes). Otherwise a literal backslash is doubled
    where it comes before `x`, `u`, a backslash or a lone surrogate, so no two texts give
    the same result (#22: the file `bad\\xff.md` and the file `bad` + byte 0xFF + `.md`
    differ in JSON reports and baselines). Reading back a result that holds `\\xNN` or
    `\\uNNNN`: `\\\\` is a backslash, `\\xNN` and `\\uNNNN` the escapes, any other
    backslash itself; a result without them is the text itself.
    """
    if not _SURROGATE.search(text) and not _LITERAL_ESCAPE.search(text):
        return text
    out = []
    last = len(text) - 1
    for index, char in enumerate(text):
        if char == "\\":
            following = text[index + 1] if index < last else ""
            doubled = following in ("x", "u", "\\") or _SURROGATE.match(following)
            out.append("\\\\" if doubled else "\\")
        elif "\ud800" <= char <= "\udfff":
            out.append(_escape_surrogate(char))
        else:
            out.append(char)
    return "".join(out)


def surrogates_escaped(text: str) -> str:
    """`text` with its lone surrogates only escaped as in `printable` (`\\xe9`) and
    nothing else changed: valid UTF-8 for pages people read (HTML), where a name that
    reads like another is no harm; machine formats use the one-to-one `unicode_text`."""
    return _SURROGATE.sub(_escape, text)


def _escape_surrogate(char: str) -> str:
    point = ord(char)
    if 0xDC80 <= point <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{point - 0xDC00:02x}"
    return f"\\u{point:04x}"


def json_safe(value: Any) -> Any:
    """A copy of a JSON-shaped value (dicts, lists, strings, numbers) whose strings, keys
    included, encode to UTF-8 (`unicode_text`); values that need nothing are returned as
    they are."""
    if isinstance(value, str):
        return unicode_text(value)
    if isinstance(value, dict):
        return {json_safe(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def uri_path(path: str) -> str:
    """A POSIX path as a URI path: the path's bytes as the OS names the file
    (`os.fsencode`, so a non-UTF-8 name keeps its own bytes), every byte outside RFC
    3986's unreserved set and `/` percent-encoded (`caf\\xe9.md` → `caf%E9.md`)."""
    return quote(os.fsencode(path), safe="/")


_GIT_NAMED = {"\a": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f", "\r": "r"}


def diff_path(path: str) -> str:
    """A path for a unified diff's `---`/`+++` line, quoted the way git quotes it when it
    must be (git's `quote_c_style`, with `core.quotePath` false): as it is unless it
    holds a control character, DEL, `"`, `\\` or a byte that is not UTF-8; then in
    double quotes with `\\n`, `\\t`, `\\"`, `\\\\` … and other such bytes as 3-digit octal
    (`"a/x\\n.md"`, `"a/caf\\351.md"`), which `git apply` and GNU `patch` read back.
    A C1 control, bidirectional formatting character or line separator (what `printable`
    escapes) is quoted too, as the octal of its UTF-8 bytes, as git does for every
    non-ASCII byte under its default `core.quotePath` (#22: U+202E no longer reorders
    the header on screen)."""
    if not any(c in '"\\' or _UNPRINTABLE.match(c) for c in path):
        return path
    out = []
    for char in path:
        if char in '"\\':
            out.append("\\" + char)
        elif char in _GIT_NAMED:
            out.append("\\" + _GIT_NAMED[char])
        elif char < " " or char == "\x7f":
            out.append(f"\\{ord(char):03o}")
        elif "\udc80" <= char <= "\udcff":
            out.append(f"\\{ord(char) - 0xDC00:03o}")
        elif _UNPRINTABLE.match(char):
            data = char.encode("utf-8", "surrogatepass")
            out.append("".join(f"\\{byte:03o}" for byte in data))
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
