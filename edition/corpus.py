"""The edition's documents: found, parsed once, and described for the pages that list them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .config import Project
from .checking.xml import DEFAULT_LIMITS, NS, XML_ID, LazyTrees, Limits, parse  # noqa: F401 (LazyTrees: for the build)


def _text(el: etree._Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


# a Document's fields that hold its tree or bytes (held or not) or how to re-anchor a parse
HEAVY = ("_tree", "_data", "anchors")


@dataclass
class Document:
    """A document described from its header. Its tree is either held (`_tree`), or, in a build
    (a corpus of a thousand documents does not fit in memory parsed), parsed again from the file
    on each use and dropped after it: `anchors` then re-applies the ids the build gave the
    tree in memory (mentions, dates), in the order they were given, so every use sees the same
    tree. A caller that walks the tree takes `d.tree` once and keeps that."""
    path: Path
    _tree: etree._ElementTree | None
    _data: bytes | None
    id: str
    title: str
    subtitle: str = ""
    authors: list[str] = field(default_factory=list)
    translator: str = ""
    date: str = ""          # the document's own date as printed (creation, else publication)
    date_iso: str = ""
    source: str = ""        # one-line bibliographic description of the original
    collection: str = ""
    note_count: int = 0
    rights: str = ""        # the header's statement of the text's rights and the markup's licence
    anchors: list = field(default_factory=list, repr=False)  # fn(doc id, tree), applied on each parse
    limits: Limits = field(default=DEFAULT_LIMITS, repr=False)  # the bounds a streamed file is parsed within

    @property
    def tree(self) -> etree._ElementTree:
        if self._tree is not None:
            return self._tree
        tree = parse(self.path, self.limits)
        for anchor in self.anchors:
            anchor(self.id, tree)
        return tree

    def anchor(self, fn, tree: etree._ElementTree) -> list:
        """Apply fn(doc id, tree) to `tree` (this document's, just taken) and to every later parse."""
        found = fn(self.id, tree)
        if self._tree is None:
            self.anchors.append(fn)
        return found

    def plain(self) -> dict:
        """What the pages may show of the document: its fields without its tree, its bytes and
        how to anchor a parse (they are neither data for a page's key nor for a worker)."""
        return {k: v for k, v in self.__dict__.items() if k not in HEAVY}

    @property
    def data(self) -> bytes:
        return self._data if self._data is not None else self.path.read_bytes()

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def describe(path: Path, tree: etree._ElementTree, hold: bool = True, limits: Limits = DEFAULT_LIMITS) -> Document:
    """`hold`: keep the tree and the file's bytes; else read them from `path` when asked
    (parsed within `limits`, the project's)."""
    root = tree.getroot()
    h = root.find("t:teiHeader", NS)
    doc_id = root.get(XML_ID) or path.stem
    title = _text(h.find("t:fileDesc/t:titleStmt/t:title[@type='main']", NS)) or _text(
        h.find("t:fileDesc/t:titleStmt/t:title", NS)) if h is not None else path.stem
    d = Document(path=path, _tree=tree if hold else None, _data=path.read_bytes() if hold else None, id=doc_id,
                 title=title or path.stem, limits=limits)
    if h is None:
        return d
    d.subtitle = _text(h.find("t:fileDesc/t:titleStmt/t:title[@type='sub']", NS))
    d.authors = [_text(a) for a in h.iterfind("t:fileDesc/t:titleStmt/t:author", NS)]
    d.translator = _text(h.find("t:fileDesc/t:titleStmt/t:editor[@role='translator']", NS))
    date = h.find("t:profileDesc/t:creation/t:date", NS)
    if date is None:
        date = h.find("t:fileDesc/t:sourceDesc//t:imprint/t:date", NS)
    if date is not None and not _unstated(_text(date)):
        d.date = _text(date)
        d.date_iso = date.get("when") or date.get("from") or date.get("notBefore") or ""
    d.collection = _text(h.find("t:fileDesc/t:publicationStmt/t:idno[@type='collection']", NS))
    bibl = h.find("t:fileDesc/t:sourceDesc/*", NS)
    d.source = _source_line(bibl)
    d.note_count = len(root.findall("t:text//t:note[@place='foot']", NS))
    avail = h.find("t:fileDesc/t:publicationStmt/t:availability", NS)
    if avail is not None:
        d.rights = " ".join(_text(c) for c in avail if isinstance(c.tag, str))
    return d


def _source_line(bibl: etree._Element | None) -> str:
    """A short citation of the original from sourceDesc (biblStruct or bibl)."""
    if bibl is None:
        return ""
    if bibl.tag.endswith("biblStruct"):
        monogr = bibl.find("t:monogr", NS)
        if monogr is None:
            return _text(bibl)
        parts = []
        titles = [t for t in monogr.iterfind("t:title", NS)]
        main = ": ".join(_text(t) for t in titles)
        if main:
            parts.append(main)
        imprint = monogr.find("t:imprint", NS)
        if imprint is not None:
            bits = [_text(imprint.find(p, NS)) for p in ("t:pubPlace", "t:publisher", "t:date")]
            bits = [b for b in bits if b and not _unstated(b)]
            if bits:
                parts.append(", ".join(bits))
        scope = [_text(s) for s in monogr.iterfind("t:biblScope", NS)] + [
            _text(s) for s in monogr.iterfind("t:imprint/t:biblScope", NS)]
        parts.extend(s for s in scope if s)
        parts = [p for p in parts if not _unstated(p)]
        if not parts:  # the source does not say where it appeared: say what the header says instead
            note = bibl.find("t:note", NS)
            return _text(note).split(". ")[0].rstrip(".") + "." if note is not None else ""
        return ". ".join(parts)
    return _text(bibl)


def _unstated(text: str) -> bool:
    return "not stated" in text


def tei_files(project: Project) -> list[Path]:
    return sorted(p for p in project.tei_dir.glob("*.xml") if p.is_file())


def order_key(project: Project):
    rank = {doc_id: i for i, doc_id in enumerate(project.order)}
    return lambda d: (rank.get(d.id, len(rank)), d.id)


def load(project: Project, paths: list[Path] | None = None) -> list[Document]:
    docs = [describe(p, parse(p)) for p in (paths if paths is not None else tei_files(project))]
    return sorted(docs, key=order_key(project))
