"""Reading zip-based formats (.docx, and later .pptx, .odt …) without decompression bombs.

A member is inflated only when asked for, in chunks, counting the bytes it really yields
(the sizes a zip header declares can lie): it may not exceed `max_member_bytes`, all
members read from one archive together `max_total_bytes`, and past `ratio_floor_bytes`
a member may not inflate to more than `max_ratio` times its compressed size. An XML part
is also checked as a stream (lxml's incremental parser, each element dropped once seen,
so memory stays bounded) against `max_xml_elements` before anything builds a tree of it.
Any limit exceeded raises `ZipLimitError`, whose text is one line naming the member, the
limit and how to change it.

Defaults, and the environment variables that change them (whole numbers):

| limit | default | variable |
|---|---|---|
| inflated size of one member | 64 MiB | `L2LINT_ZIP_MAX_MEMBER_MB` |
| inflated size of all members read | 256 MiB | `L2LINT_ZIP_MAX_TOTAL_MB` |
| compression ratio of a member over 1 MiB | 100 | `L2LINT_ZIP_MAX_RATIO` |
| members in the archive | 10,000 | `L2LINT_ZIP_MAX_MEMBERS` |
| XML elements in one part | 2,000,000 | `L2LINT_XML_MAX_ELEMENTS` |

Text compresses about 3 to 10 times and Office XML up to about 30 (OWASP's zip-bomb
guidance uses a ratio of 100 as its example threshold); 20 MB of `<w:p/>` packed into
83 kB is a ratio of 240.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass

from l2lint.sources.limits import InputLimitError

MIB = 1024 * 1024
_CHUNK = 64 * 1024


class ZipLimitError(InputLimitError):
    """A member of a zip archive is over a limit (see the module docstring)."""


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        return default
    return value if value > 0 else default


@dataclass(frozen=True)
class ZipLimits:
    """Caps for one archive; sizes in bytes."""

    max_member_bytes: int = 64 * MIB
    max_total_bytes: int = 256 * MIB
    max_ratio: int = 100
    ratio_floor_bytes: int = 1 * MIB
    max_members: int = 10_000
    max_xml_elements: int = 2_000_000

    @classmethod
    def from_env(cls) -> ZipLimits:
        """The defaults, changed by the L2LINT_ZIP_* / L2LINT_XML_* environment variables."""
        default = cls()
        return cls(
            max_member_bytes=_env_int("L2LINT_ZIP_MAX_MEMBER_MB", default.max_member_bytes // MIB)
            * MIB,
            max_total_bytes=_env_int("L2LINT_ZIP_MAX_TOTAL_MB", default.max_total_bytes // MIB)
            * MIB,
            max_ratio=_env_int("L2LINT_ZIP_MAX_RATIO", default.max_ratio),
            max_members=_env_int("L2LINT_ZIP_MAX_MEMBERS", default.max_members),
            max_xml_elements=_env_int("L2LINT_XML_MAX_ELEMENTS", default.max_xml_elements),
        )


class SafeZip:
    """A zip archive in memory whose members are read under `ZipLimits`.

    Raises zipfile.BadZipFile (or ValueError) for a broken archive and ZipLimitError for
    one with too many members.
    """

    def __init__(self, data: bytes, limits: ZipLimits | None = None) -> None:
        self.limits = limits or ZipLimits.from_env()
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.infos = {info.filename: info for info in self.zip.infolist()}
        if len(self.infos) > self.limits.max_members:
            raise ZipLimitError(
                f"the zip archive has {len(self.infos):,} members, over the limit of "
                f"{self.limits.max_members:,} (L2LINT_ZIP_MAX_MEMBERS)"
            )
        self.total = 0  # bytes inflated so far

    def __contains__(self, name: str) -> bool:
        return name in self.infos

    def read(self, name: str) -> bytes:
        """The member's bytes, inflated under the limits; KeyError if there is none."""
        info = self.infos[name]
        limits = self.limits
        ratio_cap = max(limits.ratio_floor_bytes, info.compress_size * limits.max_ratio)
        out = bytearray()
        with self.zip.open(info) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                out += chunk
                self.total += len(chunk)
                if len(out) > limits.max_member_bytes:
                    raise ZipLimitError(
                        f"{name} inflates to more than {limits.max_member_bytes // MIB} MiB "
                        "(limit: L2LINT_ZIP_MAX_MEMBER_MB)"
                    )
                if len(out) > ratio_cap:
                    raise ZipLimitError(
                        f"{name} inflates to more than {limits.max_ratio} times its "
                        f"compressed size of {info.compress_size:,} bytes: a decompression "
                        "bomb? (limit: L2LINT_ZIP_MAX_RATIO)"
                    )
                if self.total > limits.max_total_bytes:
                    raise ZipLimitError(
                        f"the archive inflates to more than {limits.max_total_bytes // MIB} "
                        "MiB (limit: L2LINT_ZIP_MAX_TOTAL_MB)"
                    )
        return bytes(out)

    def read_xml(self, name: str) -> tuple[bytes, XmlOutline]:
        """`read`, then `check_xml`: an XML member safe to build a tree of, and its outline."""
        data = self.read(name)
        return data, check_xml(data, name, self.limits.max_xml_elements)


@dataclass(frozen=True)
class XmlOutline:
    """The root element's tag and its children's tags ("{namespace}name")."""

    root: str
    children: frozenset[str]


def check_xml(data: bytes, name: str, max_elements: int) -> XmlOutline:
    """Count the elements of an XML document as a stream, in bounded memory.

    Raises ZipLimitError past `max_elements`, ValueError (one line) for XML that does
    not parse. DTDs, entities and network access are off (lxml's XMLPullParser with
    resolve_entities=False, no_network=True).
    """
    from lxml import etree

    parser = etree.XMLPullParser(
        events=("start", "end"), resolve_entities=False, no_network=True, huge_tree=False
    )
    count = depth = 0
    root = ""
    children: set[str] = set()
    view = memoryview(data)
    try:
        for start in range(0, len(data), _CHUNK):
            parser.feed(bytes(view[start : start + _CHUNK]))
            for event, element in parser.read_events():
                if event == "start":
                    if depth == 0:
                        root = str(element.tag)
                    elif depth == 1:
                        children.add(str(element.tag))
                    depth += 1
                    continue
                depth -= 1
                count += 1
                element.clear()
                parent = element.getparent()
                if parent is not None:  # drop what was read, so memory stays bounded
                    while element.getprevious() is not None:
                        del parent[0]
            if count > max_elements:
                raise ZipLimitError(
                    f"{name} holds more than {max_elements:,} XML elements "
                    "(limit: L2LINT_XML_MAX_ELEMENTS)"
                )
        parser.close()
    except etree.XMLSyntaxError as exc:
        reason = " ".join(str(exc).split())
        raise ValueError(f"{name}: invalid XML: {reason}") from None
    return XmlOutline(root, frozenset(children))
