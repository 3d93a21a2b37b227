"""The edition's Schematron rules (schemas/edition.sch), reported with the line of the node.

The rules run as schemas/edition.sch.xsl, the .sch compiled once (edition/checking/schcompile.py)
and committed beside it; it names each failing node by its position in document order, from
which the line is read. When that file is missing or was made from another .sch, lxml's
isoschematron compiles the .sch as before: its SVRL report gives each failure's location as an
XPath, evaluated on the checked tree to find the node and its source line.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from lxml import etree

SVRL = "http://purl.oclc.org/dsdl/svrl"
SOURCE = "{urn:x-edition:derived}source-sha256"  # as schcompile writes it (not imported: not needed to run)


@lru_cache(maxsize=4)
def compiled(path: Path):
    from lxml import isoschematron  # compiles its own stylesheets on import: only when needed

    return isoschematron.Schematron(etree.parse(str(path)), store_report=True)


@lru_cache(maxsize=4)
def precompiled(path: Path) -> etree.XSLT | None:
    """schemas/edition.sch.xsl, when it was compiled from this edition.sch."""
    try:
        sheet = etree.parse(str(path.with_name(path.name + ".xsl")))
        if sheet.getroot().get(SOURCE) != hashlib.sha256(path.read_bytes()).hexdigest():
            return None
        return etree.XSLT(sheet)
    except (OSError, etree.LxmlError):
        return None


def failures(tree: etree._ElementTree, sch_path: Path, precompiled_ok: bool = True) -> list[tuple[int, str | None, str, str]]:
    """(line, local name of the node, message, rule id) for every failed assertion."""
    sheet = precompiled(sch_path) if precompiled_ok else None
    if sheet is not None:
        return _from_precompiled(tree, sheet)
    sch = compiled(sch_path)
    if sch.validate(tree):
        return []
    out = []
    pattern = "schematron"
    for el in sch.validation_report.getroot():
        if not isinstance(el.tag, str):
            continue  # comments and processing instructions in the report
        tag = etree.QName(el).localname
        if tag == "active-pattern":
            pattern = el.get("id") or el.get("name") or "schematron"
        elif tag in ("failed-assert", "successful-report"):
            text = el.find(f"{{{SVRL}}}text")
            message = " ".join("".join(text.itertext()).split()) if text is not None else el.get("test", "")
            line, local = 1, None
            try:
                hit = tree.xpath(el.get("location", "/"))
            except etree.XPathError:
                hit = []
            node = hit[0] if hit else None
            if isinstance(node, etree._Element):
                line, local = node.sourceline or 1, etree.QName(node).localname
            elif node is not None and hasattr(node, "getparent") and node.getparent() is not None:
                parent = node.getparent()  # an attribute or text: report its element
                line, local = parent.sourceline or 1, etree.QName(parent).localname
            out.append((line, local, message, pattern))
    return out


def _from_precompiled(tree: etree._ElementTree, sheet: etree.XSLT) -> list[tuple[int, str | None, str, str]]:
    found = sheet(tree).getroot()
    if found is None or not len(found):
        return []
    elements = list(tree.getroot().iter(etree.Element))  # document order, as the sheet counts
    out = []
    for f in found:
        el = elements[int(f.get("n"))]
        out.append((el.sourceline or 1, etree.QName(el).localname, " ".join("".join(f.itertext()).split()), f.get("p")))
    return out
