"""The edition's Schematron rules (schemas/edition.sch), reported with the line of the node.

lxml's Schematron reports no line numbers; the SVRL report gives each failure's location as
an XPath, which is evaluated on the checked tree to find the node and its source line.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree, isoschematron

SVRL = "http://purl.oclc.org/dsdl/svrl"


@lru_cache(maxsize=4)
def compiled(path: Path) -> isoschematron.Schematron:
    return isoschematron.Schematron(etree.parse(str(path)), store_report=True)


def failures(tree: etree._ElementTree, sch_path: Path) -> list[tuple[int, str | None, str, str]]:
    """(line, local name of the node, message, rule id) for every failed assertion."""
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
