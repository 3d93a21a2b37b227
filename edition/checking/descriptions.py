"""Checks on what a register entry says about itself: its description is what a reader sees on
every name card and entry page, so it must name the entry, be whole, and say where it comes from.

The editors' own identification of an entry ("Name (dates), role in these events") is the first
`<note type="editorial" resp="#ed">` of the entry, with a `<ref>` to a passage that states it.
Entries still described by a passage quoted from a text are listed, most mentioned first, so the
warning says what remains to be written."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from lxml import etree

from .xml import NS, TEI_NS, XML_ID

# an initial or a two-letter abbreviation at the very end: "… S. Ia.", "… ed. Iu.", "… p. 453; Ia."
_CUT = re.compile(r"(?:^|[\s,;(])(?:[A-Z][a-z]?\.\s?)+$")
_WORD = re.compile(r"\w[\w'’-]*")


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def description(note) -> str:
    """The note's text without its source citations (what registers.load_entries shows)."""
    copy = etree.fromstring(etree.tostring(note))
    for bibl in copy.findall(".//t:bibl", NS):
        bibl.getparent().remove(bibl)
    return _text(copy)


def names(entry, name_tag: str) -> list[str]:
    out = []
    for n in entry.iterfind(f"t:{name_tag}", NS):
        out.append(_text(n))
        for part in n.iterfind("t:surname", NS):
            out.append(_text(part))
    return [n for n in out if n]


def names_entry(text: str, forms: list[str]) -> bool:
    """Whether `text` holds one of `forms` as whole words, case aside: what
    `re.search(r"(?<!\w)" + re.escape(form) + r"(?!\w)")` finds, by str.find and a look at the
    characters either side (a pattern per form overflowed re's cache of compiled patterns
    with the registers' ~1,500 forms, so each was compiled again on every run)."""
    folded = text.casefold()
    for form in forms:
        f = form.casefold()
        i = folded.find(f)
        while i >= 0:
            j = i + len(f)
            if not (i and _wordchar(folded[i - 1])) and not (j < len(folded) and _wordchar(folded[j])):
                return True
            i = folded.find(f, i + 1)
    return False


def _wordchar(c: str) -> bool:
    return c.isalnum() or c == "_"  # re's \w for str patterns


def is_cut(text: str) -> bool:
    """Ends at an initial, as a sentence cut inside a name does; "U.S.S.R." and the like are names
    the texts print whole, so two or more capitals run together without a space are not taken."""
    t = text.rstrip()
    if t.endswith("…"):
        return True
    m = _CUT.search(t)
    if not m:
        return False
    tail = m.group(0).strip(" ,;(")
    return not re.fullmatch(r"(?:[A-Z]\.){2,}", tail)


def is_identification(note) -> bool:
    return note.get("type") == "editorial" and note.get("resp") == "#ed"


def check(ed, registers: dict[str, tuple[str, str, str]], name_of_entry: dict[str, str]) -> list:
    """Findings (path, line, element, severity, message, rule) for every register of `ed`."""
    out = []
    counts: Counter[str] = Counter()
    for path in ed.docs.values():
        for el in ed.trees[path].getroot().iter():
            if isinstance(el.tag, str) and el.get("ref") and ":" in el.get("ref"):
                counts[el.get("ref")] += 1
    for prefix, entries in ed.entries.items():
        path: Path = ed.register_paths[prefix]
        kind = registers[prefix][1]
        tag = name_of_entry[kind]
        remaining = []
        for ident, entry in entries.items():
            note = entry.find("t:note", NS)
            if note is None:
                out.append((path, entry.sourceline, kind, "warning",
                            f'register entry "{prefix}:{ident}" has no description', "description-missing"))
                continue
            text = description(note)
            forms = names(entry, tag)
            if forms and not names_entry(text, forms):
                out.append((path, note.sourceline, "note", "warning",
                            f'the description of "{prefix}:{ident}" does not name it ({forms[0]}): '
                            f'"{text[:80]}{"…" if len(text) > 80 else ""}"', "description-unnamed"))
            if is_cut(text):
                how = "is cut short" if text.endswith("…") else "ends inside a name"
                out.append((path, note.sourceline, "note", "warning",
                            f'the description of "{prefix}:{ident}" {how}: "…{text[-40:]}"', "description-cut"))
            if is_identification(note):
                if note.find(".//t:ref[@target]", NS) is None:
                    out.append((path, note.sourceline, "note", "warning",
                                f'the editors\' description of "{prefix}:{ident}" points to no passage '
                                f'that states it (a <ref target="../DOC.xml#DOC-pN">)', "description-unsourced"))
            else:
                remaining.append(ident)
        if remaining:
            remaining.sort(key=lambda i: (-counts[f"{prefix}:{i}"], i))
            first = entries[remaining[0]]
            shown = ", ".join(f"{i} ({counts[f'{prefix}:{i}']})" for i in remaining[:12])
            out.append((path, first.sourceline, kind, "warning",
                        f"{len(remaining)} of {len(entries)} entries are described by a quoted passage, not yet "
                        f"by the editors' identification (note type=\"editorial\" resp=\"#ed\"); most "
                        f"mentioned first: {shown}{', …' if len(remaining) > 12 else ''}", "description-quoted"))
    return out
