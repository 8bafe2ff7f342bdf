"""The parts of a .docx package the reader needs, read under zip and XML limits.

python-docx loads every part the package's relationships reach (images, the thumbnail,
embedded files, headers …) and builds a tree of every XML part. Before it sees a file,
this module copies into a new, small package only the parts the reader uses: the content
types, the main document, its styles and the core properties (for the title), with the
relationships rewritten to name just those. Each is inflated and checked by `SafeZip`
(size, compression ratio, XML elements); nothing else in the archive is ever inflated.
Relationship types and targets follow ECMA-376 Part 2 (Open Packaging Conventions).
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from l2lint.sources.safezip import SafeZip, ZipLimits

_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
# relationship type suffixes (transitional and strict namespaces end the same way)
_PACKAGE_KEEP = ("/officeDocument", "/core-properties")
_DOCUMENT_KEEP = ("/styles",)


def _rels_name(part: str) -> str:
    """`word/document.xml` -> `word/_rels/document.xml.rels` (OPC's relationship part)."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _kept_relationships(
    archive: SafeZip, rels: str, source_folder: str, keep: tuple[str, ...]
) -> tuple[bytes, dict[str, str]]:
    """The relationship part reduced to the kept types, and their targets: type suffix ->
    member name (resolved against `source_folder`, internal targets only)."""
    from lxml import etree

    data, _outline = archive.read_xml(rels)
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    targets: dict[str, str] = {}
    for rel in list(root):
        kind = rel.get("Type", "")
        suffix = next((k for k in keep if kind.endswith(k)), None)
        if suffix is None or rel.get("TargetMode") == "External" or suffix in targets:
            root.remove(rel)
            continue
        target = rel.get("Target", "")
        base = "/" if target.startswith("/") else "/" + source_folder
        targets[suffix] = posixpath.normpath(posixpath.join(base, target)).lstrip("/")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), targets


def reduced_package(data: bytes, limits: ZipLimits | None = None) -> bytes:
    """A .docx package holding only the parts the reader needs (see the module docstring).

    Raises ZipLimitError (a ValueError) for a part over a limit, ValueError for a package
    without a main document, zipfile.BadZipFile for a broken archive.
    """
    archive = SafeZip(data, limits)
    if "_rels/.rels" not in archive:
        raise ValueError("no Word document inside the zip archive")
    package_rels, targets = _kept_relationships(archive, "_rels/.rels", "", _PACKAGE_KEEP)
    main = targets.get("/officeDocument")
    if main is None or main not in archive:
        raise ValueError("no Word document inside the zip archive")
    parts: dict[str, bytes] = {"_rels/.rels": package_rels}
    if "[Content_Types].xml" in archive:
        parts["[Content_Types].xml"] = archive.read_xml("[Content_Types].xml")[0]
    parts[main], outline = archive.read_xml(main)
    # the reader walks <w:document><w:body> (transitional or strict namespace)
    if not outline.root.endswith("}document") or not any(
        tag.endswith("}body") for tag in outline.children
    ):
        raise ValueError(f"{main} is not a Word document body")
    core = targets.get("/core-properties")
    if core is not None and core in archive:
        parts[core] = archive.read_xml(core)[0]
    main_rels = _rels_name(main)
    if main_rels in archive:
        folder = posixpath.dirname(main) + "/"
        parts[main_rels], own = _kept_relationships(archive, main_rels, folder, _DOCUMENT_KEEP)
        styles = own.get("/styles")
        if styles is not None and styles in archive:
            data, outline = archive.read_xml(styles)
            if not outline.root.endswith("}styles"):
                raise ValueError(f"{styles} is not a Word style sheet")
            parts[styles] = data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return out.getvalue()
