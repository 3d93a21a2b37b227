"""The print HTML parsed for WeasyPrint without its HTML5 parser, when that gives the same tree.

WeasyPrint 70 parses with tinyhtml5, an HTML5 parser in pure Python that reads a character at a
time: 0.5-0.6 CPU s for the volume's 1 MB, on the render's critical path, and again for its
indexes. The print HTML is a serialised tree (Saxon's and Jinja's output): every element opened
and closed explicitly, attributes quoted, only a few character references. For such markup an
HTML5 parser builds exactly the tree the tags spell, unless one of the parser's repairs applies
(a block closing an open paragraph, an implied table body, a nested link, raw text...). So the
tags are read with one regular expression and the tree built as they nest, and whenever the
markup could meet a repair, or is anything but a literal tree of the elements listed below,
`parse` returns None and WeasyPrint's own parser is used. tests/test_printparse.py compares
the trees with tinyhtml5's for every print page of the edition and checks each way out."""

from __future__ import annotations

import html as htmlentities
import re
from xml.etree import ElementTree

PINNED = "70.0"   # the WeasyPrint whose HTML object is filled in by document()

VOID = {"br", "hr", "img", "link", "meta", "wbr"}
HEAD = {"meta", "title", "link"}
# the elements the print HTML uses; an HTML5 parser repairs none of them when properly nested
SAFE = VOID | HEAD | {
    "html", "head", "body", "section", "article", "header", "footer", "nav", "aside", "main", "hgroup",
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "blockquote", "figure", "figcaption",
    "ul", "ol", "li", "dl", "dt", "dd",
    "span", "a", "i", "b", "em", "strong", "cite", "sup", "sub", "small", "time", "q", "abbr", "code", "s", "u",
    "mark", "var", "dfn", "kbd", "samp", "bdi", "bdo", "data"}
# a start tag of one of these closes an open <p> (HTML5, "in body" insertion mode)
CLOSES_P = {"address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
            "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p",
            "search", "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "listing",
            "form", "li", "dd", "dt", "plaintext", "table", "hr", "xmp"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# "special" elements (HTML5) among SAFE: where the search for an open <li> or <dd>/<dt> stops
SPECIAL = {"article", "aside", "blockquote", "body", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
           "footer", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "img", "li",
           "link", "main", "meta", "nav", "ol", "p", "section", "title", "ul", "wbr"}

# HTML's whitespace is these four (and CR, refused below), not every character \s matches
WS = " \t\n\f"
TOKEN = re.compile(
    r"<(?:(?P<end>/)(?P<etag>[a-zA-Z][a-zA-Z0-9]*)[ \t\n\f]*"
    r"|(?P<stag>[a-zA-Z][a-zA-Z0-9]*)"
    r"(?P<attrs>(?:[ \t\n\f]+[^ \t\n\f\"'=/<>]+(?:[ \t\n\f]*=[ \t\n\f]*(?:\"[^\"]*\"|'[^']*'|[^ \t\n\f\"'=<>`]+))?)*)"
    r"[ \t\n\f]*(?P<slash>/?)"
    r")>")
ATTR = re.compile(r"""([^ \t\n\f"'=/<>]+)(?:[ \t\n\f]*=[ \t\n\f]*(?:"([^"]*)"|'([^']*)'|([^ \t\n\f"'=<>`]+)))?""")
DOCTYPE = re.compile(r"\A[ \t\n\f]*<!DOCTYPE html>", re.IGNORECASE)
# a character reference other than these might be read otherwise by an HTML5 parser
REFERENCE = re.compile(r"&(?!(?:#[0-9]+|#[xX][0-9a-fA-F]+|amp|lt|gt|quot|apos|nbsp);)")


class Unsafe(Exception):
    """The markup may be repaired by an HTML5 parser: use one."""


def parse(markup: str) -> ElementTree.Element | None:
    """The root <html> element, as tinyhtml5 (namespace_html_elements=False) would build it, or
    None if the markup is not a literal tree that an HTML5 parser leaves as it is."""
    try:
        return _Builder().run(markup)
    except Unsafe:
        return None


def _unescape(s: str) -> str:
    return htmlentities.unescape(s) if "&" in s else s


class _Builder:
    def __init__(self):
        self.root: ElementTree.Element | None = None
        self.stack: list[ElementTree.Element] = []
        self.last: ElementTree.Element | None = None   # the element whose tail takes the next text
        self.body_closed = self.html_closed = False
        self.after: list[str] = []   # text after </body>: an HTML5 parser puts it back in the body

    def run(self, markup: str) -> ElementTree.Element:
        if "\r" in markup or "\x00" in markup or "<!--" in markup or REFERENCE.search(markup):
            raise Unsafe
        m = DOCTYPE.match(markup)
        pos = m.end() if m else 0
        for t in TOKEN.finditer(markup, pos):
            self.text(markup[pos:t.start()])
            pos = t.end()
            if t.group("end"):
                self.end(t.group("etag").lower())
            else:
                self.start(t.group("stag").lower(), t.group("attrs"), bool(t.group("slash")))
        self.text(markup[pos:])
        if not self.body_closed:
            raise Unsafe
        body = self.stack[-1]
        if self.after:
            text = "".join(self.after)
            if len(body):
                body[-1].tail = (body[-1].tail or "") + text
            else:
                body.text = (body.text or "") + text
        return self.root

    def text(self, s: str) -> None:
        if not s:
            return
        if "<" in s:
            raise Unsafe   # a "<" that is no tag read here: a bogus tag, CDATA...
        s = _unescape(s)
        blank = not s.strip(WS)
        if not self.stack or self.body_closed:
            if not blank:
                raise Unsafe
            if self.body_closed:
                self.after.append(s)
            return   # before <html>: dropped
        top = self.stack[-1]
        if top.tag in ("html", "head") and not blank:
            raise Unsafe   # text outside the body (a title's is inside the title)
        if top.tag == "html" and self.last is top:
            return   # whitespace before <head>: dropped
        if self.last is not top:
            self.last.tail = (self.last.tail or "") + s
        else:
            top.text = (top.text or "") + s

    def end(self, tag: str) -> None:
        if self.body_closed:
            if tag == "html" and not self.html_closed:
                self.html_closed = True
                return
            raise Unsafe
        if not self.stack or self.stack[-1].tag != tag or tag in VOID or tag == "html":
            raise Unsafe
        if tag == "body":
            self.body_closed = True   # the body stays the current node (see self.after)
            return
        self.last = self.stack.pop()

    def start(self, tag: str, attrs: str, slash: bool) -> None:
        names = [el.tag for el in self.stack]
        if tag not in SAFE or self.body_closed or (slash and tag not in VOID):
            raise Unsafe   # (HTML5 ignores the slash of a non-void element: it stays open)
        if not names:
            ok = tag == "html" and self.root is None
        elif names == ["html"]:
            ok = (tag == "head" and len(self.root) == 0) or (tag == "body" and len(self.root) == 1)
        elif names[-1] == "head":
            ok = tag in HEAD
        else:
            ok = tag not in ("html", "head", "body", "title") and names[-1] != "title"
        if not ok:
            raise Unsafe
        # the repairs an HTML5 parser makes to properly nested markup
        if tag in CLOSES_P and "p" in names:
            raise Unsafe
        if tag in HEADINGS and names[-1] in HEADINGS:
            raise Unsafe
        if tag == "a" and "a" in names:
            raise Unsafe
        if tag in ("li", "dd", "dt"):
            seek = ("li",) if tag == "li" else ("dd", "dt")
            for name in reversed(names):
                if name in seek:
                    raise Unsafe
                if name in SPECIAL and name not in ("address", "div", "p"):
                    break
        attrib: dict[str, str] = {}
        for a in ATTR.finditer(attrs):
            name = a.group(1).lower()
            if name not in attrib:   # HTML5 keeps the first of a repeated attribute
                value = next((v for v in a.group(2, 3, 4) if v is not None), "")
                attrib[name] = _unescape(value) if value else ""
        el = ElementTree.Element(tag, attrib)
        if self.stack:
            self.stack[-1].append(el)
        else:
            self.root = el
        self.last = el
        if tag not in VOID:
            self.stack.append(el)


def document(markup: str, base_url: str):
    """WeasyPrint's HTML object for the markup: its tree built by parse() where that is exact,
    by WeasyPrint's own parser otherwise (or under another WeasyPrint than the pinned one)."""
    import weasyprint
    from weasyprint import HTML

    root = parse(markup) if weasyprint.__version__ == PINNED else None
    if root is None:
        return HTML(string=markup, base_url=base_url)
    import cssselect2
    from weasyprint.urls import URLFetcher, ensure_url

    # what HTML.__init__ sets once tinyhtml5 has parsed (WeasyPrint 70.0)
    doc = HTML.__new__(HTML)
    doc.base_url = weasyprint._find_base_url(root, ensure_url(base_url))
    doc.url_fetcher = URLFetcher()
    doc.media_type = "print"
    doc.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
    doc.etree_element = doc.wrapper_element.etree_element
    return doc
