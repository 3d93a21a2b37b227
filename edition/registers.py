"""The registers and everything said about their entries across the edition: names, dates,
descriptions, and every mention with its place and a keyword-in-context snippet."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from lxml import etree

from .xml import NS, TEI_NS, XML_ID

# prefix → (register file, entry element, name element, folder in the site, heading)
KINDS = {
    "per": ("persons", "person", "persName", "persons", "Persons"),
    "org": ("organisations", "org", "orgName", "organisations", "Organisations"),
    "pla": ("places", "place", "placeName", "places", "Places"),
    "evt": ("events", "event", "label", "events", "Events"),
}
MENTION_TAGS = {f"{{{TEI_NS}}}{t}" for t in ("persName", "orgName", "placeName", "name", "rs")}
BLOCKS = {f"{{{TEI_NS}}}{t}" for t in ("p", "head", "item", "quote", "note", "salute", "signed",
                                        "dateline", "titlePart", "byline", "l", "cell", "seg")}
NOTE = f"{{{TEI_NS}}}note"


def exempt(text: str, phrases) -> "Callable[[int, int], bool]":
    """Whether the span start–end of `text` lies inside one of `phrases` (edition.toml's
    registers.not_within: publishers' names and the like, in which a name is not a mention).
    The tagger and the validator both ask this, so they agree on what is a mention."""
    spans = [(m.start(), m.end()) for p in phrases for m in re.finditer(re.escape(p), text)]
    return lambda start, end: any(a <= start and end <= b for a, b in spans)
WIDTH = 70  # characters of context on each side


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def sort_key(name: str) -> str:
    """Alphabetical order by the Latin letters, diacritics and apostrophes (soft signs) ignored."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c) and (c.isalnum() or c == " "))
    return " ".join(letters.casefold().split())


@dataclass
class Mention:
    doc_id: str
    anchor: str
    before: str
    text: str
    after: str
    in_note: str = ""  # the printed number of the note it stands in, if any


@dataclass
class Entry:
    prefix: str
    id: str
    name: str
    sort_name: str
    variants: list[str]
    dates: str
    description: str
    sources: list[tuple[str, str]]  # (href in the site, label)
    element: etree._Element
    mentions: list[Mention] = field(default_factory=list)
    more: list[str] = field(default_factory=list)  # further notes of the entry, e.g. dates the sources disagree on
    # events: the dates the texts print next to a mention (filled in by edition/chronology.py)
    printed_dates: list = field(default_factory=list)
    date_key: str = ""

    @property
    def ref(self) -> str:
        return f"{self.prefix}:{self.id}"

    @property
    def folder(self) -> str:
        return KINDS[self.prefix][3]

    @property
    def initial(self) -> str:
        return (self.sort_name[:1] or "#").upper() if self.sort_name[:1].isalpha() else "#"

    def card(self) -> dict:
        return {"name": self.name, "dates": self.dates, "desc": self.description[:220],
                "href": f"{self.folder}/{self.id}.html", "kind": KINDS[self.prefix][1]}


def _site_href(target: str) -> str:
    """A pointer in a register (relative to tei/register/) → an href from a register page."""
    file, _, frag = target.partition("#")
    stem = Path(file).stem
    return f"../{stem}.html" + (f"#{frag}" if frag else "")


def _dates(entry) -> str:
    def year(tag):
        el = entry.find(f"t:{tag}", NS)
        if el is None:
            return ""
        return el.get("when") or el.get("notBefore") or _text(el)
    b, d = year("birth"), year("death")
    if b or d:
        return f"{b or '?'}–{d or '?'}" if d else f"b. {b}"
    fl = entry.find("t:floruit", NS)
    return f"fl. {fl.get('when') or _text(fl)}" if fl is not None else ""


def load_entries(register_dir: Path, trees: dict[Path, etree._ElementTree] | None = None) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for prefix, (stem, kind, name_tag, _, _) in KINDS.items():
        path = register_dir / f"{stem}.xml"
        if not path.exists():
            continue
        tree = (trees or {}).get(path.resolve()) or etree.parse(str(path))
        for el in tree.getroot().iter(f"{{{TEI_NS}}}{kind}"):
            ident = el.get(XML_ID)
            if not ident:
                continue
            names = el.findall(f"t:{name_tag}", NS)
            preferred = next((n for n in names if n.get("type") == "preferred"), names[0] if names else None)
            name = _text(preferred) or ident
            surname = preferred.find("t:surname", NS) if preferred is not None else None
            sort_name = sort_key((_text(surname) + " " + name) if surname is not None else name)
            if sort_name.startswith("the "):
                sort_name = sort_name[4:]
            variants = []
            for n in names:
                t = _text(n)
                if n is not preferred and t and t not in variants and t != name:
                    variants.append(t)
            note = el.find("t:note", NS)
            description, sources = "", []
            if note is not None:
                desc = etree.fromstring(etree.tostring(note))
                for bibl in desc.findall(".//t:bibl", NS):
                    for ref in bibl.iterfind(".//t:ref", NS):
                        sources.append((_site_href(ref.get("target", "")), _text(ref)))
                    parent = bibl.getparent()
                    if parent is not None:
                        parent.remove(bibl)
                description = _text(desc)
                if not sources:
                    for ref in note.iterfind(".//t:ref", NS):
                        sources.append((_site_href(ref.get("target", "")), _text(ref)))
            more = [_text(n) for n in el.findall("t:note", NS)[1:]]
            entries[f"{prefix}:{ident}"] = Entry(prefix, ident, name, sort_name, variants, _dates(el),
                                                 description, sources, el, more=more)
    return entries


def anchor_mentions(doc_id: str, tree: etree._ElementTree) -> list[etree._Element]:
    """Give every tagged mention in the text an id (in memory: the TEI file is not changed), so
    register pages can link to the exact place. Existing ids are kept."""
    out = []
    n = 0
    for text in tree.getroot().iterfind("t:text", NS):
        for el in text.iter():
            if el.tag in MENTION_TAGS and el.get("ref"):
                n += 1
                if not el.get(XML_ID):
                    el.set(XML_ID, f"{doc_id}-m{n}")
                out.append(el)
    return out


def _block(el):
    for a in el.iterancestors():
        if a.tag in BLOCKS:
            return a
    return el.getparent()


def _flat(block, target) -> tuple[str, str, str]:
    """The block's text split around `target`, notes inside the block left out."""
    before, inside, after = [], [], []
    state = [before]

    def walk(node):
        if node is target:
            inside.append("".join(node.itertext()))
            state[0] = after
            return
        if node.tag == NOTE and node is not block:
            return
        if node.text:
            state[0].append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                state[0].append(child.tail)

    walk(block)
    # whitespace folded but kept at the edges, so "Medvedev's" and "Medvedev ," read as printed
    fold = lambda parts: re.sub(r"\s+", " ", "".join(parts))  # noqa: E731
    return fold(before).lstrip(), fold(inside).strip(), fold(after).rstrip()


def collect_mentions(entries: dict[str, Entry], docs) -> dict[str, set[str]]:
    """Attach to each entry every mention in the documents (anchoring them), in order; return the
    refs each document names."""
    named: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        for el in anchor_mentions(d.id, d.tree):
            entry = entries.get(el.get("ref"))
            if entry is None:
                continue
            named[d.id].add(entry.ref)
            block = _block(el)
            before, text, after = _flat(block, el)
            if len(before) > WIDTH:
                before = "…" + before[-WIDTH:].split(" ", 1)[-1]
            if len(after) > WIDTH:
                after = after[:WIDTH].rsplit(" ", 1)[0] + "…"
            note = next((a for a in el.iterancestors(NOTE)), None)
            entry.mentions.append(Mention(d.id, el.get(XML_ID), before, text, after,
                                          note.get("n", "") if note is not None and note.get("place") else ""))
    return named


def by_document(entry: Entry, titles: dict[str, str]) -> list[tuple[str, str, list[Mention]]]:
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in entry.mentions:
        groups[m.doc_id].append(m)
    return [(doc_id, titles.get(doc_id, doc_id), ms) for doc_id, ms in groups.items()]
