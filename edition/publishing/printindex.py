"""The volume's indexes of persons, places and organisations: headings from the registers,
page numbers from the laid-out volume (the pages WeasyPrint put each mention's anchor on).

Entries, their mentions and the mentions' anchors come from edition/registers.py; this module
only turns them into index lines: inverted names, life dates, "see" references for spellings
that would be looked up elsewhere, pages collapsed into ranges, notes marked "n", and the whole
collated by the Unicode Collation Algorithm (pyuca) rather than by code point."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ..registers import KINDS, Entry, sort_key
from ..checking.xml import NS

# The indexes the volume prints, in order: register prefix → heading.
INDEXES = {"per": "Index of persons", "pla": "Index of places", "org": "Index of organisations"}


@lru_cache(maxsize=1)
def _collator():
    import pyuca

    return pyuca.Collator()


def collation_key(heading: str) -> tuple:
    """Word by word, letters first: punctuation and apostrophes (soft signs) do not decide the
    order unless all else is equal; diacritics and case are secondary, as the UCA makes them."""
    c = _collator()
    letters = "".join(ch for ch in unicodedata.normalize("NFC", heading) if ch.isalnum() or ch.isspace())
    return (c.sort_key(" ".join(letters.split())), c.sort_key(heading))


@dataclass
class PageRef:
    """One page of an index line: its number, and an anchor on it for the link."""
    page: int
    anchor: str
    note_only: bool


@dataclass
class Line:
    heading: str
    dates: str = ""
    refs: list[PageRef] = field(default_factory=list)
    see: str = ""           # for a cross-reference: the heading to look under
    anchor: str = ""        # the entry's id, for "see" links

    @property
    def key(self) -> tuple:
        return collation_key(self.heading)


def heading(entry: Entry) -> str:
    """A person as an index lists him: surname first ("Shliapnikov, Alexander"); other entries
    under their preferred name, a leading article dropped."""
    if entry.prefix == "per":
        names = entry.element.findall(f"t:{KINDS['per'][2]}", NS)
        preferred = next((n for n in names if n.get("type") == "preferred"), names[0] if names else None)
        if preferred is not None:
            words = lambda el: " ".join("".join(el.itertext()).split())  # noqa: E731
            surname = " ".join(words(s) for s in preferred.findall("t:surname", NS))
            rest = " ".join(words(f) for f in preferred
                            if f.tag.split("}")[-1] in ("forename", "roleName", "addName", "genName"))
            if surname and rest:
                return f"{surname}, {rest}"
    name = entry.name
    return name[4:] if name.lower().startswith("the ") else name


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\s.,]+", text) if t]


def _same_word(a: str, b: str) -> bool:
    return sort_key(a) == sort_key(b)


def see_references(entry: Entry, main: str) -> list[str]:
    """Spellings of the sources a reader would look up in another place than the heading: for a
    person, a surname spelt otherwise (Shlyapnikov), under that surname; for a body or a place, a
    name beginning with another word (RCP for the Russian Communist Party)."""
    out: list[str] = []
    if entry.prefix == "per":
        surname = _tokens(main.split(",")[0])[-1:] or [main]
        by_word: dict[str, str] = {}
        for v in entry.variants:
            words = _tokens(v)
            if not words or _same_word(words[-1], surname[0]):
                continue
            # a variant that is part of a longer one ("Grand Duke" of "Grand Duke Michael") adds nothing
            if any(w.startswith(v + " ") for w in entry.variants):
                continue
            last = words[-1]
            form = last if len(words) == 1 else f"{last}, {' '.join(v.split()[:-1])}"
            key = sort_key(last)
            if key not in by_word or len(words) == 1:
                by_word[key] = form
        return list(by_word.values())
    seen = set()
    for v in entry.variants:
        form = v[4:] if v.lower().startswith("the ") else v
        if _tokens(form) and not _same_word(_tokens(form)[0], (_tokens(main) or [main])[0]) \
                and sort_key(form) not in seen:
            seen.add(sort_key(form))
            out.append(form)
    return out


@dataclass
class Subject:
    """An entry as the index needs it, plain data that can go to another process."""
    prefix: str
    id: str
    heading: str
    dates: str
    see: list[str]
    mentions: list[tuple[str, bool]]     # (anchor, stands in a note)


def subjects(entries: dict[str, Entry], in_notes: set[str]) -> list[Subject]:
    out = []
    for e in entries.values():
        if e.prefix not in INDEXES or not e.mentions:
            continue
        main = heading(e)
        out.append(Subject(e.prefix, e.id, main, e.dates if e.prefix == "per" else "", see_references(e, main),
                           [(m.anchor, m.anchor in in_notes) for m in e.mentions]))
    return out


def page_refs(subject: Subject, page_of: dict[str, int]) -> list[PageRef]:
    """One reference per page the entry is mentioned on; a page whose every mention stands in a
    note (the source's or the editors') is marked as a note page."""
    pages: dict[int, PageRef] = {}
    for anchor, in_note in subject.mentions:
        page = page_of.get(anchor)
        if page is None:
            continue
        ref = pages.get(page)
        if ref is None:
            pages[page] = PageRef(page, anchor, in_note)
        elif not in_note and ref.note_only:
            pages[page] = PageRef(page, anchor, False)
    return [pages[p] for p in sorted(pages)]


def ranges(refs: list[PageRef]) -> list[tuple[PageRef, PageRef | None]]:
    """Consecutive text pages as one range (12–14); a note page stands alone (45n)."""
    out: list[tuple[PageRef, PageRef | None]] = []
    for r in refs:
        if out and not r.note_only:
            first, last = out[-1]
            prev = last or first
            if not first.note_only and not prev.note_only and r.page == prev.page + 1:
                out[-1] = (first, r)
                continue
        out.append((r, None))
    return out


def build(subjects: list[Subject], prefix: str, page_of: dict[str, int]) -> list[Line]:
    lines: list[Line] = []
    see: dict[str, list[Line]] = {}
    for sub in subjects:
        if sub.prefix != prefix:
            continue
        refs = page_refs(sub, page_of)
        if not refs:
            continue
        main = Line(sub.heading, sub.dates, refs, anchor=f"index-{prefix}-{sub.id}")
        lines.append(main)
        for form in sub.see:
            see.setdefault(form, []).append(main)
    headings = {line.heading for line in lines}
    for form, targets in see.items():
        if form in headings:  # another entry's own heading: the reader finds it there already
            continue
        targets = sorted(targets, key=lambda t: t.key)
        lines.append(Line(form, see="; ".join(t.heading for t in targets), anchor=targets[0].anchor))
    lines.sort(key=lambda line: (line.key, bool(line.see)))
    return lines


def letter(line: Line) -> str:
    """The letter an index groups a line under."""
    first = unicodedata.normalize("NFKD", line.heading.lstrip("'‘’\"“(["))[:1].upper()
    return first if first.isalpha() else "#"
