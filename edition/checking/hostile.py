"""Content that would reach a reader as script or markup instead of text: refused with its place.

The XSLT neutralises the same things on its own (a refused pointer never becomes a link, every
attribute is escaped), so a file that escapes validation still cannot run script in a page;
these checks tell the contributor, at the line, what the site would silently drop.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from .xml import TEI_NS, XML_ID, XML_NS

Finding = tuple[Path, int, str | None, str, str, str]

# Schemes a pointer may use; anything else (javascript:, data:, vbscript:, file:, …) is refused.
# The register prefixes are the edition's own pointers (per:ID → persons/ID.html).
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
OWN_PREFIXES = frozenset({"per", "org", "pla", "evt"})
POINTER_ATTRIBUTES = ("target", "ref", "url", "facs", "corresp", "source", "sameAs", "ana", "scheme")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
# Characters that end an attribute or open a tag in HTML: never needed in an edition's values.
_MARKUP = re.compile(r"[<>\"`]")
_QUOTE = re.compile(r"'")
_QUOTE_MATTERS = {"rend", "n", "target", "ref", XML_ID}
# Processing instructions a TEI editor (oXygen, the TEI's own tools) writes to find the schema;
# harmless in a browser. Every other one (xml-stylesheet above all) is refused: the TEI
# download is served from the edition's own address, where a stylesheet could run script.
ALLOWED_PIS = frozenset({"xml-model"})
# XML 1.0 allows DEL, the C1 controls and the noncharacters, HTML calls them parse errors, and in
# a source they are almost always a misread encoding (Windows-1252 read as Latin-1).
_CONTROL = re.compile("[\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\U0001fffe\U0001ffff\U0010fffe\U0010ffff]")


def _name(att: str) -> str:
    return "xml:id" if att == XML_ID else etree.QName(att).localname


def check(path: Path, tree: etree._ElementTree) -> list[Finding]:
    out: list[Finding] = []
    root = tree.getroot()
    siblings = [*root.itersiblings(preceding=True), *root.itersiblings()]
    for node in [*siblings, *root.iter(etree.PI)]:
        if isinstance(node, etree._ProcessingInstruction) and node.target not in ALLOWED_PIS:
            out.append((path, node.sourceline or 1, None, "error",
                        f"processing instruction <?{node.target} …?> is not allowed in edition sources "
                        f"(only {', '.join(sorted(ALLOWED_PIS))})", "processing-instruction"))
    if not _suspect(tree):
        return out
    for el in root.iter(etree.Element):
        q = etree.QName(el)
        line = el.sourceline or 1
        for chunk in (el.text, el.tail, *el.attrib.values()):
            bad = _CONTROL.search(chunk) if chunk else None
            if bad:
                where = el if chunk is not el.tail or el.getparent() is None else el.getparent()
                out.append((path, line, etree.QName(where).localname, "error",
                            f"the character U+{ord(bad.group(0)):04X} (a control character or noncharacter) "
                            "is not text: is the file in the encoding it declares?", "control-character"))
                break
        if q.namespace != TEI_NS:
            out.append((path, line, q.localname, "error",
                        f'element "{q.localname}" in namespace "{q.namespace or "(none)"}": only TEI elements '
                        "are allowed (no XHTML, SVG or other markup inside a source)", "foreign-namespace"))
        for att, value in el.attrib.items():
            aq = etree.QName(att)
            if aq.namespace not in (None, XML_NS):
                out.append((path, line, q.localname, "error",
                            f'attribute "{aq.localname}" in namespace "{aq.namespace}" is not allowed',
                            "foreign-namespace"))
            bad = _MARKUP.search(value) or (att in _QUOTE_MATTERS and _QUOTE.search(value))
            if bad:
                out.append((path, line, q.localname, "error",
                            f'@{_name(att)} of "{q.localname}" contains {bad.group(0)!r}: quotes, backticks '
                            "and angle brackets are not allowed in attribute values", "attribute-markup"))
            if aq.localname in POINTER_ATTRIBUTES and aq.namespace is None:
                for tok in value.split():
                    m = _SCHEME.match(tok)
                    if not m:
                        continue  # #id, DOC.xml, DOC.xml#id: relative, checked by crossref
                    scheme = m.group(1).lower()
                    if scheme in SAFE_SCHEMES or m.group(1) in OWN_PREFIXES:
                        continue
                    out.append((path, line, q.localname, "error",
                                f'@{aq.localname} "{_short(tok)}" uses the scheme "{m.group(1)}:"; allowed are '
                                "http:, https:, mailto: and the edition's own pointers "
                                "(#id, DOC.xml#id, per:/org:/pla:/evt:)", "pointer-scheme"))
    return out


# (descendant:: rather than //, and no unions: both cost libxml2 several times as much)
_FOREIGN = etree.XPath(f"boolean(descendant-or-self::*[namespace-uri() != '{TEI_NS}']) or "
                       f"boolean(descendant-or-self::*/@*[namespace-uri() != '' and namespace-uri() != '{XML_NS}'])")
_TEXTS = etree.XPath("descendant::text()", smart_strings=False)
_ATTRIBUTES = etree.XPath("descendant-or-self::*/@*", smart_strings=False)
# a token of any attribute that starts with a scheme other than the edition's own prefixes
_TOKEN_SCHEME = re.compile(r"(?:^|(?<=\s))(?!(?:" + "|".join(sorted(OWN_PREFIXES)) + r"):)([A-Za-z][A-Za-z0-9+.\-]*):")
_MARKUP_OR_QUOTE = re.compile(r"[<>\"`']")


def _suspect(tree: etree._ElementTree) -> bool:
    """Whether the walk over every element could find anything: asked of the whole text at once
    (a few XPaths and regular expressions in C), as nearly every file has nothing to report. It
    may say yes where the walk then finds nothing, never no where the walk would find something."""
    if _FOREIGN(tree):
        return True
    attributes = "\n".join(_ATTRIBUTES(tree))
    if _CONTROL.search("\n".join(_TEXTS(tree))) or _CONTROL.search(attributes):
        return True
    if _MARKUP_OR_QUOTE.search(attributes):
        return True
    for m in _TOKEN_SCHEME.finditer(attributes):
        scheme = m.group(1)
        if scheme.lower() not in SAFE_SCHEMES and scheme not in OWN_PREFIXES:
            return True
    return False


def _short(value: str, n: int = 60) -> str:
    return value if len(value) <= n else value[:n] + "…"
