"""The one way this project parses XML: no DTD, no entities, no network, bounded size."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NS = {"t": TEI_NS}
XML_ID = f"{{{XML_NS}}}id"
MAX_BYTES = 20 * 1024 * 1024


@dataclass
class ParseError(Exception):
    """A file that cannot be read as XML, with the place where reading stopped."""

    path: Path
    line: int
    column: int
    message: str
    rule: str = "xml"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: error: {self.message} [{self.rule}]"


def parser() -> etree.XMLParser:
    # huge_tree stays False: libxml2 then bounds depth and text node size for us.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_blank_text=False)


def parse(path: Path) -> etree._ElementTree:
    """Parse a source file or raise ParseError; a DOCTYPE is refused (sources never need one)."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ParseError(path, 0, 0, f"cannot read file: {e.strerror or e}", "io") from None
    if len(data) > MAX_BYTES:
        raise ParseError(path, 1, 1, f"file is larger than {MAX_BYTES // 2**20} MiB", "size")
    if not data.strip():
        raise ParseError(path, 1, 1, "file is empty", "xml")
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser(), base_url=path.resolve().as_uri()))
    except etree.XMLSyntaxError as e:
        line, col = e.position if e.position else (e.lineno or 1, e.offset or 1)
        msg = e.msg or str(e)
        # libxml2 appends its own (often wrong) location for some errors; the position is ours.
        msg = msg.split(", line ")[0]
        raise ParseError(path, line or 1, max(col, 1), msg) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise ParseError(path, 1, 1, "a DOCTYPE is not allowed in edition sources", "doctype")
    return tree
