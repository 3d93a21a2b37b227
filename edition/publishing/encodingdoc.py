"""The encoding documentation page, generated from the ODD (schemas/edition.odd) and the
edition itself, so that it cannot drift from the schema: every element the grammar allows,
the edition's description of it, its attribute value lists, the rules, how often the edition
uses it and an example from the texts."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from markupsafe import Markup, escape

from ..checking.xml import TEI_NS

T = f"{{{TEI_NS}}}"
SCH = "{http://purl.oclc.org/dsdl/schematron}"
EXAMPLE_CHARS = 320


@dataclass
class ElementDoc:
    name: str
    module: str
    desc: str = ""
    attributes: list[dict] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    count: int = 0
    example: str = ""
    example_doc: str = ""
    example_href: str = ""


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _prose(p, conventions: bool = True) -> Markup:
    """An ODD paragraph as HTML: element, attribute and value names as code."""
    out = [escape(p.text or "")]
    for child in p:
        name = etree.QName(child).localname
        inner = escape("".join(child.itertext()))
        if name == "gi":
            out.append(Markup(f"<code>&lt;{inner}&gt;</code>"))
        elif name == "att":
            out.append(Markup(f"<code>@{inner}</code>"))
        elif name in ("val", "code", "ident"):
            out.append(Markup(f"<code>{inner}</code>"))
        elif name in ("ptr", "ref"):
            target = child.get("target", "")
            label = inner or target.lstrip("./")
            if target.endswith(".md") and not conventions:
                out.append(Markup("<code>{}</code>").format(label))
            else:
                out.append(Markup('<a href="{}">{}</a>').format(_odd_href(target), label))
        else:
            out.append(inner)
        out.append(escape(child.tail or ""))
    return Markup("".join(out))


def _odd_href(target: str) -> str:
    """A pointer in the ODD (relative to schemas/) → its page in the site: the schema files are
    published under schemas/, the encoding conventions (docs/encoding.md) as conventions.html."""
    if target.endswith("encoding.md"):
        return "conventions.html"
    if "://" in target or target.startswith(("#", "mailto:")):
        return target
    return "schemas/" + target


def conventions(md: Path) -> dict:
    """docs/encoding.md as a page: its first heading as title, the rest as HTML, every heading
    with an id so that a section can be linked."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = parser.parse(md.read_text(encoding="utf-8"))
    title, seen = "", set()
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            text = tokens[i + 1].content
            if tok.tag == "h1" and not title:
                title = text
            slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"
            while slug in seen:
                slug += "-"
            seen.add(slug)
            tok.attrSet("id", slug)
    body = parser.renderer.render(tokens, parser.options, {})
    body = re.sub(r"<h1[^>]*>.*?</h1>\s*", "", body, count=1, flags=re.S)  # the page gives the h1
    # wide tables scroll inside a focusable, labelled region on narrow screens
    body = body.replace("<table>", '<div class="table-scroll" tabindex="0" role="region" aria-label="table">'
                        "<table>").replace("</table>", "</table></div>")
    return {"title": title or "Encoding conventions", "body": Markup(body)}


def _example(el) -> str:
    copy = etree.fromstring(etree.tostring(el, with_tail=False))
    etree.cleanup_namespaces(copy)
    text = etree.tostring(copy, encoding="unicode").replace(f' xmlns="{TEI_NS}"', "")
    return text if len(text) <= EXAMPLE_CHARS else text[:EXAMPLE_CHARS].rsplit(" ", 1)[0] + " …"


def tree_facts(tree: etree._ElementTree) -> tuple[dict[str, int], dict[str, str]]:
    """What the page takes from one file: how often each TEI element occurs in it, and the first
    example of each (JSON-able: the build keeps it per file)."""
    counts: Counter = Counter()
    examples: dict[str, str] = {}
    for el in tree.getroot().iter():
        if not isinstance(el.tag, str) or not el.tag.startswith(T):
            continue
        name = el.tag[len(T):]
        counts[name] += 1
        if name not in examples and el.getparent() is not None:
            examples[name] = _example(el)
    return dict(counts), examples


def document(odd: Path, trees: dict[str, etree._ElementTree], hrefs: dict[str, str] | None = None,
             conventions: bool = True, facts=None) -> dict:
    """Everything the page shows; `trees` maps document ids to parsed TEI, `hrefs` gives the page
    of a file whose page is not ID.html (the registers). `facts(doc id)`, when given, answers
    for tree_facts of that file (kept from a previous build) and parses only where it must."""
    hrefs = hrefs or {}
    facts = facts or (lambda doc_id: tree_facts(trees[doc_id]))
    tree = etree.parse(str(odd))
    spec = tree.find(f".//{T}schemaSpec")
    elements: dict[str, ElementDoc] = {}
    for ref in spec.iterfind(f"{T}moduleRef"):
        for name in ref.get("include", "").split():
            elements[name] = ElementDoc(name, ref.get("key"))
    for es in spec.iterfind(f"{T}elementSpec"):
        doc = elements.get(es.get("ident"))
        if doc is None:
            continue
        doc.desc = _text(es.find(f"{T}desc"))
        for att in es.iterfind(f"{T}attList/{T}attDef"):
            values = [(v.get("ident"), _text(v.find(f"{T}desc"))) for v in att.iterfind(f"{T}valList/{T}valItem")]
            doc.attributes.append({"name": att.get("ident"), "required": att.get("usage") == "req",
                                   "closed": att.find(f"{T}valList[@type='closed']") is not None,
                                   "choices": values})
        for a in es.iterfind(f".//{T}constraintSpec//{SCH}assert"):
            doc.rules.append(_text(a))
    counts: Counter = Counter()
    for doc_id in sorted(trees):  # one tree at a time: `trees` may parse each when asked
        found, examples = facts(doc_id)
        counts.update(found)
        for name, example in examples.items():
            d = elements.get(name)
            if d is not None and not d.example:
                d.example, d.example_doc = example, doc_id
                d.example_href = hrefs.get(doc_id, f"{doc_id}.html")
    for name, d in elements.items():
        d.count = counts[name]
    intro = [_prose(p, conventions) for p in tree.getroot().iterfind(f"{T}text/{T}body/{T}p")]
    sections = [{"head": _text(div.find(f"{T}head")), "paras": [_prose(p, conventions) for p in div.iterfind(f"{T}p")]}
                for div in tree.getroot().iterfind(f"{T}text/{T}body/{T}div")]
    modules = sorted({d.module for d in elements.values()})
    return {"intro": intro, "sections": sections, "modules": modules,
            "elements": sorted(elements.values(), key=lambda d: (d.module, d.name.lower())),
            "used": sum(1 for d in elements.values() if d.count), "total": len(elements)}
