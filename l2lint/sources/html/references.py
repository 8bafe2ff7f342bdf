"""HTML5 character references (`&amp;`, `&#178;`, legacy `&copy` without `;`)."""

from __future__ import annotations

import re
from html.entities import html5 as _HTML5

_NUMERIC_REF = re.compile(r"&#(?:([0-9]+)|[xX]([0-9a-fA-F]+));?")
_NAMED_REF = re.compile(r"&([A-Za-z][A-Za-z0-9]{0,31})(;?)")
_LEGACY_MAX = max(len(name) for name in _HTML5 if not name.endswith(";"))
# `&#128;` and the like mean the windows-1252 character (HTML5); other controls stay as they
# are, unlike in `html.unescape`, which drops them.
_C1_CONTROLS = {
    code: bytes([code]).decode("cp1252")
    for code in range(0x80, 0xA0)
    if code not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


def charref(text: str, i: int, attribute: bool = False) -> tuple[str, int] | None:
    """(decoded text, end) of the character reference at i, as HTML5 reads it; else None.

    In an attribute, a legacy reference without `;` followed by `=` or a letter or digit
    stays literal (`?a=1&copy=2`), as the HTML5 tokenizer says.
    """
    m = _NUMERIC_REF.match(text, i)
    if m is not None:
        digits = (m.group(1) or m.group(2)).lstrip("0")
        if len(digits) > 8:  # out of range, and no huge int() conversion
            return "\ufffd", m.end()
        value = int(digits or "0", 10 if m.group(1) else 16)
        if value == 0 or value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            return "\ufffd", m.end()
        return _C1_CONTROLS.get(value) or chr(value), m.end()
    m = _NAMED_REF.match(text, i)
    if m is None:
        return None
    name = m.group(1)
    if m.group(2) and name + ";" in _HTML5:
        return _HTML5[name + ";"], m.end()
    for k in range(min(len(name), _LEGACY_MAX), 1, -1):
        if name[:k] in _HTML5:
            end = i + 1 + k
            after = text[end : end + 1]
            if attribute and after and (after == "=" or (after.isascii() and after.isalnum())):
                return None
            return _HTML5[name[:k]], end
    return None
