"""Write the registers (tei/register/*.xml) from the editors' lists in tools/register/*.tsv.

    python tools/register/build.py

The lists name each entity and the spellings the editors found; everything else comes from the
texts themselves: a spelling is kept only if a text prints it; life dates only where a text
prints them right after the name ("(1885-1937)", "(b. 1882)"); the description is the sentence
of the edition where the entity is first described, with a pointer to that note or section.
After this first run the register files are the source of truth and are edited by hand.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
TEI = "http://www.tei-c.org/ns/1.0"
T = f"{{{TEI}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
ORDER = ["pirani-intro", "pirani-vlasov", "pirani-wpsp", "pirani-collectivists", "pirani-workers-truth",
         "pirani-litvinov", "avrich", "allen", "gaido", "fitz"]
LABEL = {"allen": "Allen", "gaido": "Gaido", "fitz": "Fitz", "avrich": "Avrich",
         "pirani-intro": "Pirani, Introduction", "pirani-vlasov": "Pirani, doc. 1", "pirani-wpsp": "Pirani, doc. 2",
         "pirani-collectivists": "Pirani, doc. 3", "pirani-workers-truth": "Pirani, doc. 4",
         "pirani-litvinov": "Pirani, doc. 5"}
BLOCKS = {f"{T}{t}" for t in ("p", "head", "item", "note", "quote", "salute", "signed", "dateline", "titlePart",
                              "byline", "bibl")}
# "(1885-1937)", "(1898-?)", "(b. 1882)" right after a name; a lone "(1901)" is not a life date
# (Allen's list of signatories gives the year each joined the party that way)
LIFE = re.compile(r"^\s*\((?:b\.\s*(?P<b>\d{4})|(?P<from>\d{4})\s*[-–]\s*(?P<to>\d{2,4}|\?))\)")
ABBREV = re.compile(r"(?:\b[A-Z][a-z]?|\b(?:f|op|d|l|ll|p|pp|vol|no|ed|eds|trans|cf|Univ|St|Dr|Mr|b|c|izd|gos|Gos|kn|ob|Ts\.K)\.?)$")


class Block:
    def __init__(self, doc: str, el, text: str):
        self.doc, self.el, self.text = doc, el, text

    def pointer(self) -> tuple[str, str]:
        note = self.el if self.el.tag == f"{T}note" else next(self.el.iterancestors(f"{T}note"), None)
        if note is not None and note.get(XML_ID):
            return f"../{self.doc}.xml#{note.get(XML_ID)}", f"{LABEL[self.doc]}, n. {note.get('n')}"
        for a in [self.el, *self.el.iterancestors()]:
            if a.tag == f"{T}div" and a.get(XML_ID):
                head = a.find(f"{T}head")
                name = flat(head) if head is not None else ""  # not the text of a note on the heading
                name = re.sub(r"[⁰-⁹\d]+$", "", name).strip()
                where = f", “{name}”" if name else ""
                return f"../{self.doc}.xml#{a.get(XML_ID)}", f"{LABEL[self.doc]}{where}"
        return f"../{self.doc}.xml", LABEL[self.doc]


def flat(el) -> str:
    """A block's text as read: notes inside it and editorial corrections left out."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag not in (f"{T}note", f"{T}corr"):
            parts.append(flat(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def blocks() -> list[Block]:
    out = []
    for doc in ORDER:
        tree = etree.parse(str(ROOT / "tei" / f"{doc}.xml"))
        for el in tree.getroot().find(f"{T}text").iter():
            if el.tag in BLOCKS:
                out.append(Block(doc, el, flat(el)))
    return out


def occurs(form: str, text: str) -> re.Match | None:
    return re.search(rf"(?<![\w-]){re.escape(form)}(?!\w|-\w)", text)


def _ends(text: str) -> list[int]:
    """Where sentences end: a full stop and a space, not after an initial or an abbreviation."""
    return [m.start() + 1 for m in re.finditer(r"[.?!] ", text) if not ABBREV.search(text[: m.start()])]


def sentence(text: str, at: int) -> str:
    ends = _ends(text)
    start = max([e for e in ends if e <= at], default=0)
    end = min([e for e in ends if e > at], default=len(text))
    s = text[start:end].strip()
    return s if len(s) <= 260 else s[:260].rsplit(" ", 1)[0] + " …"


def read_tsv(name: str) -> list[list[str]]:
    rows = []
    for line in (ROOT / "tools" / "register" / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def header(title: str, xml_id: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="{TEI}" xml:id="{xml_id}" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title>{title}</title>
        <respStmt xml:id="ed">
          <resp>compiled by</resp>
          <orgName>The editors of Communist Dissent in Early Soviet Russia, 1919–1923</orgName>
        </respStmt>
      </titleStmt>
      <publicationStmt>
        <publisher>Communist Dissent in Early Soviet Russia, 1919–1923: a digital edition</publisher>
        <availability status="free">
          <licence target="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</licence>
        </availability>
      </publicationStmt>
      <sourceDesc>
        <p>Compiled from the edition's own texts: every name form is one a text prints, every
          date and description comes from the passage the entry points to. No authority
          identifiers are given.</p>
      </sourceDesc>
    </fileDesc>
    <revisionDesc>
      <change when="2026-11-22" who="#ed">First compiled with tools/register/build.py.</change>
    </revisionDesc>
  </teiHeader>
  <text>
    <body>
"""


def esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def tagged_in(block: Block, ref: str | None) -> list[str]:
    """The words of the names in this block that are tagged as `ref`."""
    if not ref:
        return []
    names = [el for el in block.el.iter() if el.get("ref") == ref]
    return [" ".join(flat(el).split()) for el in names if flat(el).strip()]


def describe(forms: list[str], all_blocks: list[Block], ref: str | None = None) -> tuple[Block, re.Match, str, str] | None:
    """The passage that best describes the entity: a name with life dates, else its first mention.
    Once the texts are tagged, only passages where the name is tagged as this entry count, so that
    people who share a surname get their own passages."""
    first = None
    tagged_anywhere = ref and any(tagged_in(b, ref) for b in all_blocks)
    for b in all_blocks:
        if tagged_anywhere:
            here = tagged_in(b, ref)
            if not here:
                continue
            candidates = sorted(set(here), key=len, reverse=True)
        else:
            candidates = sorted(forms, key=len, reverse=True)
        for f in candidates:
            m = occurs(f, b.text)
            if not m:
                continue
            life = LIFE.match(b.text[m.end():])
            if life:
                born = life.group("b") or life.group("from")
                end = life.group("to") or ""
                if end and end != "?" and len(end) < 4:
                    end = born[: 4 - len(end)] + end
                return b, m, born, end
            first = first or (b, m, "", "")
    return first


def main() -> int:
    only = set(sys.argv[1:])  # e.g. "persons": rebuild only these registers, keep hand-edited ones
    all_blocks = blocks()
    corpus = "\n".join(b.text for b in all_blocks)
    dropped = []
    # persons
    out = [header("Persons named in the edition", "persons"), "      <listPerson>"]
    if only and "persons" not in only:
        out = None
    for row in (read_tsv("persons.tsv") if out is not None else []):
        row += [""] * (6 - len(row))
        ident, forename, surname, variants, misprints, distinction = row[:6]
        preferred = f"{forename} {surname}".strip()
        if forename and surname and not (occurs(preferred, corpus) or any(occurs(v, corpus) and forename.split()[0] in v for v in variants.split(";") if v)):
            forename, preferred = "", surname
        forms = [preferred] + [v for v in variants.split(";") if v] + [m for m in misprints.split(";") if m]
        found = [f for f in dict.fromkeys(forms) if occurs(f, corpus)]
        if surname and not occurs(surname, corpus) and not found:
            dropped.append(ident)
            continue
        if not found and not occurs(surname, corpus):
            dropped.append(ident)
            continue
        best = describe(found + ([surname] if surname else []), all_blocks, f"per:{ident}")
        if not surname:  # named by a forename only ("His son Yuri")
            pref = f"<forename>{esc(forename)}</forename>"
        elif forename:
            pref = f"<forename>{esc(forename)}</forename> <surname>{esc(surname)}</surname>"
        else:
            pref = f"<surname>{esc(surname)}</surname>"
        lines = [f'        <person xml:id="{ident}">', f'          <persName type="preferred">{pref}</persName>']
        for v in dict.fromkeys(v for v in variants.split(";") if v and v != preferred and occurs(v, corpus)):
            lines.append(f'          <persName type="variant">{esc(v)}</persName>')
        for v in (m for m in misprints.split(";") if m and occurs(m, corpus)):
            lines.append(f'          <persName type="variant" subtype="misprint">{esc(v)}</persName>')
        if best:
            b, m, born, died = best
            target, label = b.pointer()
            if born:
                lines.append(f'          <birth when="{born}"/>')
            if died and died != "?":
                lines.append(f'          <death when="{died}"/>')
            desc = esc(sentence(b.text, m.start()))
            if distinction:
                desc = f"{esc(distinction)}. {desc}"
            lines.append(f'          <note>{desc} <bibl><ref target="{target}">{esc(label)}</ref></bibl></note>')
        lines.append("        </person>")
        out += lines
    if out is not None:
        out += ["      </listPerson>", "    </body>", "  </text>", "</TEI>", ""]
        (ROOT / "tei" / "register" / "persons.xml").write_text("\n".join(out), encoding="utf-8")

    for kind, tag, list_tag, title, tsv in (("org", "orgName", "listOrg", "Organisations named in the edition", "organisations"),
                                           ("place", "placeName", "listPlace", "Places named in the edition", "places"),
                                           ("event", "label", "listEvent", "Congresses and conferences named in the edition", "events")):
        if only and tsv not in only:
            continue
        out = [header(title, tsv), f"      <{list_tag}>"]
        for row in read_tsv(f"{tsv}.tsv"):
            row += [""] * (3 - len(row))
            ident, preferred, variants = row[:3]
            forms = [f for f in dict.fromkeys([preferred] + [v for v in variants.split(";") if v]) if occurs(f, corpus)]
            if not forms:
                dropped.append(ident)
                continue
            best = describe(forms, all_blocks, f"{ {'org': 'org', 'place': 'pla', 'event': 'evt'}[kind] }:{ident}")
            lines = [f'        <{kind} xml:id="{ident}">', f'          <{tag} type="preferred">{esc(preferred)}</{tag}>']
            for v in forms:
                if v != preferred:
                    lines.append(f'          <{tag} type="variant">{esc(v)}</{tag}>')
            if best:
                b, m, _, _ = best
                target, label = b.pointer()
                lines.append(f'          <note>{esc(sentence(b.text, m.start()))} <bibl><ref target="{target}">{esc(label)}</ref></bibl></note>')
            lines.append(f"        </{kind}>")
            out += lines
        out += [f"      </{list_tag}>", "    </body>", "  </text>", "</TEI>", ""]
        (ROOT / "tei" / "register" / f"{tsv}.xml").write_text("\n".join(out), encoding="utf-8")
    if dropped:
        print("not printed in any text, left out:", ", ".join(dropped))
    return 0


if __name__ == "__main__":
    sys.exit(main())
