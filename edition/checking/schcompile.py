"""schemas/edition.sch.xsl: the edition's Schematron compiled once to XSLT 1.0, committed beside
the .sch, rather than by lxml's isoschematron on every run (three XSLT passes, and importing it
compiles its own stylesheets).

The compiled form also checks faster: the ISO skeleton walks the whole document once per
pattern (19 walks, attributes included); this one selects each pattern's context nodes with one
XPath (`//context`, which is exactly the nodes the pattern matches: a pattern's steps go only
down the tree) and reports, for each failed assert or successful report, the pattern's id, the
element (its position in document order, from which the caller takes the line) and the message.
A node takes the first rule of a pattern it matches, as in Schematron.

Only what the edition's rules use is compiled: patterns with ids, rules with `let`, `assert`
and `report` whose messages hold text, `value-of` and `name`; namespaces from `ns`. Anything
else raises Unsupported, and the caller keeps isoschematron.

    python tools/schema/build.py        # writes it with the other generated schemas
"""

from __future__ import annotations

import hashlib
import re

from lxml import etree

SCH = "http://purl.oclc.org/dsdl/schematron"
XSL = "http://www.w3.org/1999/XSL/Transform"
ED = "urn:x-edition:derived"
SOURCE = f"{{{ED}}}source-sha256"  # schematron.SOURCE reads it
_S, _X = f"{{{SCH}}}", f"{{{XSL}}}"
# the element a context node stands for: itself, or an attribute's (or text's) parent
_ELEMENT = "(ancestor-or-self::*)[last()]"
_INDEX = f"count({_ELEMENT}/ancestor::*) + count({_ELEMENT}/preceding::*)"


class Unsupported(ValueError):
    """A construct of Schematron this compiler does not handle."""


def _context_select(context: str) -> str:
    """`//p` for each branch of a pattern `p | q`: the nodes the pattern matches."""
    branches = _split_union(context)
    for b in branches:
        if b.startswith("/") or b.startswith("(") or re.match(r"\s*(id|key)\s*\(", b):
            raise Unsupported(f"rule context {context!r}")
        last = re.split(r"/(?![^\[]*\])", b)[-1]
        if not re.match(r"^(@?[\w.-]+:)?(@?[\w.*-]+)(\[.*\])?$", last.strip()):
            raise Unsupported(f"rule context {context!r}")  # text(), node(), comment()...
    return " | ".join("//" + b for b in branches)


def _split_union(expr: str) -> list[str]:
    out, depth, quote, start = [], 0, None, 0
    for i, ch in enumerate(expr):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
        elif ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(expr[start:i].strip())
            start = i + 1
    out.append(expr[start:].strip())
    return out


def compile_schematron(source: bytes) -> bytes:
    """The compiled stylesheet (bytes of edition.sch.xsl) for the bytes of edition.sch."""
    schema = etree.fromstring(source)
    if schema.tag != f"{_S}schema" or schema.get("queryBinding", "xslt") not in ("xslt", "xslt1"):
        raise Unsupported("not an ISO Schematron schema with the XSLT 1.0 binding")
    nsmap = {"xsl": XSL, "ed": ED}
    for ns in schema.iterfind(f"{_S}ns"):
        nsmap[ns.get("prefix")] = ns.get("uri")
    sheet = etree.Element(f"{_X}stylesheet", nsmap=nsmap, version="1.0")
    sheet.set(SOURCE, hashlib.sha256(source).hexdigest())
    etree.SubElement(sheet, f"{_X}output", method="xml", encoding="UTF-8")
    for name, child in _elements(schema):
        if name == "let":
            etree.SubElement(sheet, f"{_X}variable", name=child.get("name"), select=child.get("value"))
        elif name not in ("ns", "pattern", "title", "p"):
            raise Unsupported(f"schema-level <{name}>")
    top = etree.SubElement(sheet, f"{_X}template", match="/")
    out = etree.SubElement(top, "failures")
    for pattern in schema.iterfind(f"{_S}pattern"):
        _pattern(out, pattern)
    return etree.tostring(sheet, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _elements(node):
    """(local name, element) of each child element: comments and PIs left out."""
    for child in node:
        if isinstance(child.tag, str):
            yield etree.QName(child).localname, child


def _pattern(out, pattern) -> None:
    ident = pattern.get("id")
    if not ident or pattern.get("abstract") == "true" or pattern.get("is-a"):
        raise Unsupported("a pattern without id, or an abstract one")
    rules = []
    for name, child in _elements(pattern):
        if name == "rule" and not child.get("abstract"):
            if child.find(f"{_S}extends") is not None:
                raise Unsupported("rule/extends")
            rules.append(child)
        elif name not in ("title", "p"):
            raise Unsupported(f"pattern-level <{name}>")
    if not rules:
        return
    selects = [_context_select(r.get("context")) for r in rules]
    if len(rules) == 1:  # nothing to share out (and no union per node, which is quadratic)
        _rule(etree.SubElement(out, f"{_X}for-each", select=selects[0]), rules[0], ident)
        return
    # each rule's matches, to give a node to the first rule of the pattern it matches
    for i, sel in enumerate(selects):
        etree.SubElement(out, f"{_X}variable", name=f"ed-{ident}-{i}", select=sel)
    each = etree.SubElement(out, f"{_X}for-each", select=" | ".join(f"$ed-{ident}-{i}" for i in range(len(rules))))
    choose = etree.SubElement(each, f"{_X}choose")
    for i, rule in enumerate(rules):
        var = f"$ed-{ident}-{i}"
        when = etree.SubElement(choose, f"{_X}when", test=f"count(. | {var}) = count({var})")
        _rule(when, rule, ident)


def _rule(parent, rule, ident: str) -> None:
    for name, child in _elements(rule):
        if name == "let":
            etree.SubElement(parent, f"{_X}variable", name=child.get("name"), select=child.get("value"))
        elif name in ("assert", "report"):
            test = child.get("test")
            cond = f"not({test})" if name == "assert" else f"({test})"
            when = etree.SubElement(parent, f"{_X}if", test=cond)
            f = etree.SubElement(when, "f", p=ident)
            etree.SubElement(f, f"{_X}attribute", name="n").append(
                etree.Element(f"{_X}value-of", select=_INDEX))
            _message(f, child)
        else:
            raise Unsupported(f"rule-level <{name}>")


def _message(target, assertion) -> None:
    def text(s):
        if s:
            etree.SubElement(target, f"{_X}text").text = s

    text(assertion.text)
    for child in assertion:
        if isinstance(child.tag, str):
            name = etree.QName(child).localname
            if name == "value-of":
                etree.SubElement(target, f"{_X}value-of", select=child.get("select"))
            elif name == "name":
                etree.SubElement(target, f"{_X}value-of", select=f"name({child.get('path') or '.'})")
            elif name in ("emph", "dir", "span") and not len(child):
                text(child.text)
            else:
                raise Unsupported(f"<{name}> in a message")
        text(child.tail)
