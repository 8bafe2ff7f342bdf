"""Reading zip-based formats (.docx, .pptx, and any later one) without decompression bombs.

Every reader of a zip-based format opens it with `SafeZip` and turns what it raises into
its one-line error with `refusal`, so all of them have the same limits, messages and
environment variables.

A member is inflated only when asked for, in chunks, counting the bytes it really yields
(the sizes a zip header declares can lie): it may not exceed `max_member_bytes`, all
members read from one archive together `max_total_bytes`, and past `ratio_floor_bytes`
a member may not inflate to more than `max_ratio` times its compressed size. An XML part
is also checked as a stream (lxml's incremental parser, each element dropped once seen,
so memory stays bounded) before anything builds a tree of it: all XML parts read from one
archive together may hold at most `max_xml_elements` elements, none may nest elements
deeper than `MAX_XML_DEPTH` (256, libxml2's limit without its XML_PARSE_HUGE option, the
parser python-docx and python-pptx build their trees with), and none may have a DOCTYPE
(ECMA-376 Part 2, the Open Packaging Conventions' XML usage rules: a part must not
contain a DTD declaration; a DTD's entities would hide text from the readers, and an
external one names files or URLs). Any limit exceeded raises `ZipLimitError`, whose text
is one line naming the member, the limit and the variable that changes it, if any.

Nesting deeper than 256 levels is refused, not read on as plain text the way the HTML
reader caps depth: python-docx and python-pptx build their trees with that same parser
and cannot go deeper, Office applications write a few dozen levels at most, and raising
the parser's limit (XML_PARSE_HUGE) would lift its other limits too (text nodes over
10 MB). Such a part is not copy but a hostile file, and says so in one line.

Defaults, and the environment variables that change them (whole numbers):

| limit | default | variable |
|---|---|---|
| inflated size of one member | 64 MiB | `L2LINT_ZIP_MAX_MEMBER_MB` |
| inflated size of all members read | 256 MiB | `L2LINT_ZIP_MAX_TOTAL_MB` |
| compression ratio of a member over 1 MiB | 100 | `L2LINT_ZIP_MAX_RATIO` |
| members in the archive | 10,000 | `L2LINT_ZIP_MAX_MEMBERS` |
| XML elements in all parts read | 1,000,000 | `L2LINT_XML_MAX_ELEMENTS` |
| nesting depth of XML elements | 256 | (libxml2's, fixed) |
| one run of text between two tags | 10,000,000 bytes | (libxml2's, fixed) |

Text compresses about 3 to 10 times and Office XML up to about 30 (OWASP's zip-bomb
guidance uses a ratio of 100 as its example threshold); 20 MB of `<w:p/>` packed into
83 kB is a ratio of 240. python-docx and python-pptx build a tree of every part they
read: a slide of 100,000 text boxes (about 1,000,000 elements) takes 13 s and 500 MB to
read and check, and a 300-page report or a 200-slide deck holds about a tenth of that.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import zipfile
import zlib
from dataclasses import dataclass
from types import ModuleType

from l2lint.sources.limits import MIB, InputLimitError, env_limit

MAX_XML_DEPTH = 256
_CHUNK = 64 * 1024


class ZipLimitError(InputLimitError):
    """A member of a zip archive is over a limit (see the module docstring)."""


@dataclass(frozen=True)
class ZipLimits:
    """Caps for one archive; sizes in bytes."""

    max_member_bytes: int = 64 * MIB
    max_total_bytes: int = 256 * MIB
    max_ratio: int = 100
    ratio_floor_bytes: int = 1 * MIB
    max_members: int = 10_000
    max_xml_elements: int = 1_000_000

    @classmethod
    def from_env(cls) -> ZipLimits:
        """The defaults, changed by the L2LINT_ZIP_* / L2LINT_XML_* environment variables
        (raises `limits.LimitSettingError` for a value that is not a whole number above 0)."""
        default = cls()
        return cls(
            max_member_bytes=env_limit("L2LINT_ZIP_MAX_MEMBER_MB", default.max_member_bytes // MIB)
            * MIB,
            max_total_bytes=env_limit("L2LINT_ZIP_MAX_TOTAL_MB", default.max_total_bytes // MIB)
            * MIB,
            max_ratio=env_limit("L2LINT_ZIP_MAX_RATIO", default.max_ratio),
            max_members=env_limit("L2LINT_ZIP_MAX_MEMBERS", default.max_members),
            max_xml_elements=env_limit("L2LINT_XML_MAX_ELEMENTS", default.max_xml_elements),
        )


class FormatError(ValueError):
    """A file a reader of a zip-based format refuses; its text is the one-line reason."""


def refusal(extension: str, exc: Exception) -> FormatError:
    """The one-line error a reader of a zip-based format raises for `exc`.

    `extension` is the format's, with its dot (".docx"). A `ZipLimitError` gives
    "not read, over a limit: <reason>", any other ValueError "not a valid .docx file:
    <reason>" (the first line of its text); a FormatError is returned as it is.
    """
    if isinstance(exc, FormatError):
        return exc
    reason = (str(exc) or type(exc).__name__).splitlines()[0]
    if isinstance(exc, KeyError):  # python-docx/-pptx: a part or relationship not there
        key = str(exc.args[0]) if exc.args else ""
        reason = key if " " in key else f"missing part or relationship {key}".strip()
    if isinstance(exc, (AttributeError, TypeError)):
        reason = f"a part is not of the kind its content type or relationship says ({reason})"
    if isinstance(exc, ZipLimitError):
        return FormatError(f"not read, over a limit: {reason}")
    return FormatError(f"not a valid {extension} file: {reason}")


def raised_inside(exc: BaseException, *packages: ModuleType) -> bool:
    """Whether the innermost frame of `exc`'s traceback is in one of `packages`' folders.

    python-docx and python-pptx pick a class for each part by its content type and for
    each element by its tag, so a package whose parts are of the wrong kind makes them
    raise AttributeError or TypeError from inside, or the reader's code to ask one of
    their objects for an attribute it lacks (AttributeError.obj); a reader treats those
    (and only those) as a malformed file, and other such errors as its own bug.
    """
    names = tuple(package.__name__ for package in packages)
    owner = getattr(exc, "obj", None)  # AttributeError: the object without the attribute
    if owner is not None and type(owner).__module__.split(".")[0] in names:
        return True  # a part object of the wrong kind, reached from the reader's code
    folders = [os.path.dirname(str(package.__file__)) + os.sep for package in packages]
    tb = exc.__traceback__
    if tb is None:
        return False
    while tb.tb_next is not None:
        tb = tb.tb_next
    return tb.tb_frame.f_code.co_filename.startswith(tuple(folders))


class SafeZip:
    """A zip archive in memory whose members are read under `ZipLimits`.

    Raises ValueError("not a zip archive") for a file that is not one, and ZipLimitError
    for one with too many members.
    """

    def __init__(self, data: bytes, limits: ZipLimits | None = None) -> None:
        self.limits = limits or ZipLimits.from_env()
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise ValueError("not a zip archive") from None
        self.infos = {info.filename: info for info in self.zip.infolist()}
        if len(self.infos) > self.limits.max_members:
            raise ZipLimitError(
                f"the zip archive has {len(self.infos):,} members, over the limit of "
                f"{self.limits.max_members:,} (L2LINT_ZIP_MAX_MEMBERS)"
            )
        self.total = 0  # bytes inflated so far
        self.elements = 0  # XML elements counted so far

    def __contains__(self, name: str) -> bool:
        return name in self.infos

    def names(self) -> list[str]:
        """The members' names, in the archive's order."""
        return list(self.infos)

    def read(self, name: str) -> bytes:
        """The member's bytes, inflated under the limits; KeyError if there is none,
        ValueError("<name> cannot be inflated: …") for a broken or encrypted member."""
        try:
            return self._read(name)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
            reason = (str(exc) or type(exc).__name__).splitlines()[0]
            raise ValueError(f"{name} cannot be inflated: {reason}") from None

    def _read(self, name: str) -> bytes:
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
        """`read`, then `check_xml`: an XML member safe to build a tree of, and its outline.

        Its elements count against the archive's `max_xml_elements`, with those of every
        XML member read before it.
        """
        data = self.read(name)
        outline = check_xml(data, name, self.limits.max_xml_elements, self.elements)
        self.elements += outline.elements
        return data, outline


@dataclass(frozen=True)
class XmlOutline:
    """The root element's tag, its children's tags ("{namespace}name") and the number of
    elements in the document."""

    root: str
    children: frozenset[str]
    elements: int = 0


def check_xml(data: bytes, name: str, max_elements: int, counted: int = 0) -> XmlOutline:
    """Count the elements of an XML document as a stream, in bounded memory.

    `counted` elements were already read from other parts of the same archive. Raises
    ZipLimitError when `counted` plus this document's elements pass `max_elements`, or
    its elements nest deeper than `MAX_XML_DEPTH`; ValueError (one line) for a document
    with a DOCTYPE ("DTDs are not allowed (…)") or XML that does not parse. Entities and
    network access are off (lxml's XMLPullParser with resolve_entities=False,
    no_network=True).
    """
    from lxml import etree

    parser = etree.XMLPullParser(
        events=("start", "end"), resolve_entities=False, no_network=True, huge_tree=False
    )
    count = depth = 0
    root = ""
    children: set[str] = set()
    view = memoryview(data)
    chunks = (bytes(view[start : start + _CHUNK]) for start in range(0, len(data), _CHUNK))
    try:
        for chunk in itertools.chain(chunks, [None]):  # None: the end; its events come at close()
            if chunk is None:
                parser.close()
            else:
                parser.feed(chunk)
            for event, element in parser.read_events():
                if event == "start":
                    if depth == 0:
                        if element.getroottree().docinfo.doctype:
                            raise ValueError(
                                f"DTDs are not allowed ({name} has a DOCTYPE; Office Open XML "
                                "parts must not declare one)"
                            )
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
    except etree.XMLSyntaxError as exc:
        reason = re.sub(r" \(<string>, line \d+\)$", "", " ".join(str(exc).split()))
        if "Excessive depth" in reason:  # libxml2's message (lxml gives no own error type)
            raise ZipLimitError(
                f"{name} nests XML elements deeper than {MAX_XML_DEPTH} levels (the limit of "
                "the XML parser; Office documents nest a few dozen)"
            ) from None
        if "Text node too long" in reason:  # libxml2's XML_MAX_TEXT_LENGTH
            raise ZipLimitError(
                f"{name} has a run of text over 10,000,000 bytes (the limit of the XML parser)"
            ) from None
        raise ValueError(f"{name}: invalid XML: {reason}") from None
    if counted + count > max_elements:
        raise ZipLimitError(
            f"the XML parts read up to {name} hold more than {max_elements:,} elements in all "
            "(limit: L2LINT_XML_MAX_ELEMENTS)"
        )
    return XmlOutline(root, frozenset(children), count)
