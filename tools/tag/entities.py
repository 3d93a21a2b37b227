"""Tag mentions of the registers' persons, organisations and places in TEI documents.

    python tools/tag/entities.py tei/allen.xml [tei/…] [--dry-run] [--ambiguous out.tsv]

Every name form the registers give (preferred names, variants, surnames, with initials or a
forename before them) is looked for in the text (notes included, the header and the edition's
own notes left out). A form that belongs to one entry is tagged; a form shared by several
(Medvedev) is tagged only when initials or a forename decide, or when tools/tag/defaults.toml
names the entry meant in that document; the rest is listed as ambiguous for a person to decide.
Existing tags are kept, so the tool can be re-run after hand corrections.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from edition.registers import KINDS as REGISTER_KINDS
from edition.registers import (NAME_START, article_length, closed, exempt, is_short, short_names_by_document,
                               whole_foreign_name)

ROOT = Path(__file__).resolve().parents[2]
TEI = "http://www.tei-c.org/ns/1.0"
T = f"{{{TEI}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
# prefix → (register file stem, entry element, name element): the edition's one table of registers
KINDS = {prefix: kind[:3] for prefix, kind in REGISTER_KINDS.items()}

@dataclass(frozen=True)
class Form:
    text: str
    refs: frozenset[str]


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def _initial(s: str) -> str:
    s = unicodedata.normalize("NFKD", s.strip())
    return s[:1].upper()


def load_forms(register_dir: Path) -> tuple[dict[str, set[str]], dict[str, dict]]:
    """name form → entry refs; ref → {"kind", "forenames" (initials)}."""
    forms: dict[str, set[str]] = defaultdict(set)
    info: dict[str, dict] = {}
    for prefix, (stem, kind, name_tag) in KINDS.items():
        path = register_dir / f"{stem}.xml"
        if not path.exists():
            continue
        for entry in etree.parse(str(path)).getroot().iter(f"{T}{kind}"):
            ref = f"{prefix}:{entry.get(XML_ID)}"
            initials, forenames = set(), set()
            for name in entry.iterfind(f"{T}{name_tag}"):
                if is_short(name):
                    continue  # a name only where its @source says (load_short_forms)
                full = _text(name)
                if full:
                    forms[full].add(ref)
                    if len(full.split()) > 1 and name.find(f"{T}surname") is None:
                        initials.add(_initial(full))  # "A. I. Medvedev", "Vladimir Il'ich"
                        forenames.add(full.split()[0])
                surname = name.find(f"{T}surname")
                if surname is not None and _text(surname):
                    forms[_text(surname)].add(ref)
                for fn in name.iterfind(f"{T}forename"):
                    if _text(fn):
                        initials.add(_initial(_text(fn)))
                        forenames.update(_text(fn).split())
            info[ref] = {"kind": prefix, "initials": initials, "forenames": forenames}
    return forms, info


def load_short_forms(register_dir: Path) -> dict[str, list[tuple[str, dict[str, set[str]]]]]:
    """document id → [(passage id or "" for the whole text, {form: refs})]: the short names
    (edition.registers.SHORT, "the Soviet") that stand for an entry only there."""
    entries = []
    for prefix, (stem, kind, name_tag) in KINDS.items():
        path = register_dir / f"{stem}.xml"
        if path.exists():
            entries.extend((f"{prefix}:{e.get(XML_ID)}", e, f"{T}{name_tag}")
                           for e in etree.parse(str(path)).getroot().iter(f"{T}{kind}"))
    return short_names_by_document(entries)


def tag_short_names(tree, doc_id: str, short, info) -> Counter:
    """Tag the short names of this document, each only in its passage, its article left outside."""
    tagged: Counter = Counter()
    for frag, scoped in short.get(doc_id, []):
        # by article: the article is context before the name, never inside it
        by_article: dict[str, dict[str, set[str]]] = defaultdict(dict)
        for form, refs in scoped.items():
            n = article_length(form)
            by_article[form[:n]][form[n:]] = refs
        for article, forms in by_article.items():
            body = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
            before = re.escape(article) if article else NAME_START
            pattern = re.compile(rf"{before}(?P<lead>(?!))?(?P<name>{body})(?!\w|-\w)")
            done, _ = tag_tree(tree, doc_id, forms, info, pattern, {}, within=frag, compounds=False)
            tagged.update(done)
    return tagged


INITIALS = re.compile(r"(?:[A-Z][a-z]?\.\s?){1,3}\s?")  # "S. P. ", "S.P."


def build_pattern(forms: dict[str, set[str]]) -> re.Pattern:
    alts = sorted(forms, key=len, reverse=True)
    body = "|".join(re.escape(f) for f in alts)
    # optional initials ("S. P. ", "S.P.") or a capitalised forename before a surname form
    lead = rf"(?P<lead>{INITIALS.pattern}|[A-Z][a-z]+\s)?"
    # not inside a longer word or a hyphenated compound (Litvin-Sedoi, Leninist), but after a
    # prefix (anti-WO); a possessive 's after the name is fine and stays outside the tag
    return re.compile(rf"{NAME_START}{lead}(?P<name>{body})(?!\w|-\w)")


NEVER_ALONE: set[str] = set()  # surnames that are also common words: matched only with a forename
NOT_WITHIN: list[str] = []  # phrases in which a name is not a mention ("Oxford University Press")



def lead_fits(lead: str, ref: str, info) -> bool:
    """Initials fit a person when the first one is one of theirs; a word only when it is one of
    their forenames ("Simon Pirani"), so that "See Pirani" or "As Shlyapnikov" stay outside."""
    if not lead or not ref.startswith("per:"):
        return False
    if INITIALS.fullmatch(lead):
        return _initial(lead) in info[ref]["initials"]
    return lead.strip() in info[ref]["forenames"]


def decide(match: re.Match, forms, info, defaults: dict[str, str]) -> str | None:
    name = match.group("name")
    refs = forms[name]
    lead = (match.group("lead") or "").strip()
    if name in NEVER_ALONE and not lead:
        return None
    if len(refs) == 1:
        return next(iter(refs))
    if lead:
        narrowed = [r for r in refs if lead_fits(match.group("lead"), r, info)]
        if len(narrowed) == 1:
            return narrowed[0]
    return defaults.get(name)


def tag_tree(tree, doc_id: str, forms, info, pattern, defaults, within: str = "",
             compounds: bool = True) -> tuple[Counter, list[tuple[str, str]]]:
    """Tag the forms in the document's text (`within`: only in the passage with that xml:id);
    `compounds`: also wrap longer names around the ones tagged, and tag names inside names."""
    tagged: Counter = Counter()
    ambiguous: list[tuple[str, str]] = []

    def split(text: str) -> list:
        out, pos = [], 0
        exempted = exempt(text, NOT_WITHIN)
        for m in pattern.finditer(text):
            if exempted(m.start("name"), m.end()):
                continue
            ref = decide(m, forms, info, defaults)
            if ref is None:
                if len(forms[m.group("name")]) > 1 and m.group("name") not in NEVER_ALONE:
                    ambiguous.append((m.group(0), text[max(0, m.start() - 60): m.end() + 60].replace("\n", " ")))
                continue
            # the lead is part of the name only when it is initials or a forename of that person
            start = m.start() if lead_fits(m.group("lead") or "", ref, info) else m.start("name")
            out.append(text[pos:start])
            out.append((ref, text[start:m.end()]))
            tagged[ref] += 1
            pos = m.end()
        out.append(text[pos:])
        return out

    def make(ref: str, surface: str):
        prefix = ref.split(":")[0]
        # an event is named with <name type="event">; the register holds its labels
        el = (etree.Element(f"{T}name", type="event", ref=ref) if prefix == "evt"
              else etree.Element(f"{T}{KINDS[prefix][2]}", ref=ref))
        el.text = surface
        return el

    def walk(el):
        if closed(el):  # the one rule of "not a mention here", shared with the validator
            return
        # a misprinted name in choice/sic, or a name printed as a foreign word (the italic
        # "orgburo", "Kommunistische Arbeiter-Partei Deutschlands"): the whole element becomes
        # the name. Names merely inside a foreign phrase are not mentions.
        for child in list(el):
            if not isinstance(child.tag, str):
                continue
            whole = (child.find(f"{T}sic") if child.tag == f"{T}choice"
                     else child if child.tag == f"{T}foreign" else None)
            if whole is not None:
                refs = forms.get(_text(whole), set())
                if len(refs) == 1:
                    ref = next(iter(refs))
                    wrapper = make(ref, None)
                    wrapper.text = None
                    child.addprevious(wrapper)
                    wrapper.append(child)  # moves the tail along; give it back
                    wrapper.tail, child.tail = child.tail, None
                    tagged[ref] += 1
                    continue
            walk(child)
        originals = list(el)  # names inserted below carry text already split
        if el.text:
            parts = split(el.text)
            if len(parts) > 1:
                el.text = parts[0]
                insert_marked(el, 0, parts[1:], make)
        for child in originals:
            if child.tail:
                parts = split(child.tail)
                if len(parts) > 1:
                    child.tail = parts[0]
                    insert_marked(el, el.index(child) + 1, parts[1:], make)

    roots = (tree.getroot().iterfind(f".//{T}text//*[@{XML_ID}='{within}']") if within
             else tree.getroot().iterfind(f"{T}text"))
    for root in roots:
        if not any(closed(a) for a in root.iterancestors()):
            walk(root)
    if compounds:
        tagged.update(tag_compounds(tree, forms, make))
        tagged.update(tag_names_inside(tree, forms, make))
    return tagged, ambiguous


def tag_names_inside(tree, forms: dict[str, set[str]], make) -> Counter:
    """A place named inside the name of an organisation or an event ("University of Durham",
    "Stockholm Congress", "Moscow Committee"), or an organisation inside an event's name ("Fifth
    Congress of the Metalworkers' Union"), is a mention too. A person's name inside one ("Sverdlov
    University") names the body after him and is not a mention."""
    tagged: Counter = Counter()
    unique = {f: next(iter(r)) for f, r in forms.items() if len(r) == 1}
    # one pattern per kind of outer name, made of the inner forms alone: the longer name around
    # them would match first otherwise
    inner = {}
    for tag, kinds in ((f"{T}orgName", ("pla:",)), (f"{T}name", ("pla:", "org:"))):
        wanted = {f: {r} for f, r in unique.items() if r.startswith(kinds)}
        if wanted:
            inner[tag] = build_pattern(wanted)
    if not inner:
        return tagged  # iter() with no tags would walk every element
    for text in tree.getroot().iterfind(f"{T}text"):
        for outer in list(text.iter(*inner)):
            if outer.get("ref") is None or any(a.tag in NAME_TAGS for a in outer.iterancestors()):
                continue
            inside = inner[outer.tag]
            slots = [(outer, "text")] + [(c, "tail") for c in outer if isinstance(c.tag, str)]
            while slots:
                owner, attr = slots.pop(0)
                s = getattr(owner, attr)
                m = inside.search(s or "")
                if not m:
                    continue
                ref = unique[m.group("name")]
                a, b = m.start("name"), m.end("name")
                el = make(ref, s[a:b])
                el.tail = s[b:] or None
                setattr(owner, attr, s[:a] or None)
                if attr == "text":
                    outer.insert(0, el)
                else:
                    owner.addnext(el)
                slots.insert(0, (el, "tail"))  # the rest of the string may name another
                tagged[ref] += 1
    return tagged


def insert_marked(parent, index: int, parts: list, make) -> None:
    """parts alternate (attributes, surface) and the text after it; insert the new elements
    made by make() at index. Shared by the name and the date taggers."""
    last = None
    for part in parts:
        if isinstance(part, tuple):
            last = make(*part)
            parent.insert(index, last)
            index += 1
        elif last is not None:
            last.tail = part or None


_STARTS = re.compile(NAME_START)
NAME_TAGS = {f"{T}persName", f"{T}orgName", f"{T}placeName", f"{T}name"}


def tag_compounds(tree, forms: dict[str, set[str]], make) -> Counter:
    """Names that contain a name already tagged ("Fifth Congress of the <orgName>Metalworkers'
    Union</orgName>", "<placeName>Moscow</placeName> Regional Headquarters") are wrapped around it."""
    tagged: Counter = Counter()
    compounds = {f: next(iter(r)) for f, r in forms.items() if len(r) == 1 and " " in f}
    for text in tree.getroot().iterfind(f"{T}text"):
        for inner in list(text.iter(*NAME_TAGS)):
            parent = inner.getparent()
            if parent is None or parent.tag in NAME_TAGS or inner.get("ref") is None:
                continue
            middle = "".join(inner.itertext())
            prev = inner.getprevious()
            before = (prev.tail if prev is not None else parent.text) or ""
            after = inner.tail or ""
            for form, ref in compounds.items():
                at = form.find(middle)
                if at < 0 or form == middle:
                    continue
                head, tail = form[:at], form[at + len(middle):]
                if not (before.endswith(head) and after.startswith(tail)):
                    continue
                lead_text = before[: len(before) - len(head)]
                if head and not _STARTS.match(before, len(lead_text)):
                    continue  # the compound would start inside a word or a compound ("post-Soviet Russia")
                rest_after = after[len(tail):]
                if re.match(r"\w", rest_after):
                    continue
                wrapper = make(ref, None)
                wrapper.text = head or None
                if prev is not None:
                    prev.tail = lead_text or None
                else:
                    parent.text = lead_text or None
                inner.addprevious(wrapper)
                wrapper.append(inner)
                inner.tail = tail or None
                wrapper.tail = rest_after or None
                tagged[ref] += 1
                break
    return tagged


def unwrap(el) -> None:
    """Replace an element by its content, keeping every character of text in place."""
    parent, prev = el.getparent(), el.getprevious()
    if el.text:
        if prev is not None:
            prev.tail = (prev.tail or "") + el.text
        else:
            parent.text = (parent.text or "") + el.text
    children = list(el)
    at = parent.index(el)
    for i, child in enumerate(children):
        parent.insert(at + i, child)  # moves the child, with its tail
    last = children[-1] if children else prev
    if el.tail:
        if last is not None:
            last.tail = (last.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def untag(tree) -> int:
    """Remove the register tags of a text (keeping their words), to tag afresh after the
    registers changed."""
    n = 0
    for text in tree.getroot().iterfind(f"{T}text"):
        for el in list(text.iter(f"{T}persName", f"{T}orgName", f"{T}placeName", f"{T}name")):
            if (el.get("ref") or "").startswith(("per:", "org:", "pla:", "evt:")):
                unwrap(el)
                n += 1
    return n


def write(tree, path: Path) -> None:
    data = etree.tostring(tree.getroot(), encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n' + data + "\n", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", type=Path, nargs="+")
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--ambiguous", type=Path, help="write the undecided mentions here (TSV)")
    ap.add_argument("--retag", action="store_true", help="remove the existing register tags first")
    args = ap.parse_args()
    forms, info = load_forms(ROOT / "tei" / "register")
    pattern = build_pattern(forms)
    short = load_short_forms(ROOT / "tei" / "register")
    defaults_file = Path(__file__).with_name("defaults.toml")
    all_defaults = tomllib.loads(defaults_file.read_text()) if defaults_file.exists() else {}
    project = tomllib.loads((ROOT / "edition.toml").read_text(encoding="utf-8"))
    NEVER_ALONE.update(project.get("registers", {}).get("never_alone", []))
    NOT_WITHIN.extend(project.get("registers", {}).get("not_within", []))
    rows = []
    for path in args.files:
        tree = etree.parse(str(path))
        if args.retag:
            untag(tree)
        doc_id = tree.getroot().get(XML_ID) or path.stem
        defaults = {k: (v if ":" in v else f"per:{v}") for k, v in all_defaults.get(doc_id, {}).items()}
        tagged, ambiguous = tag_tree(tree, doc_id, forms, info, pattern, defaults)
        tagged.update(tag_short_names(tree, doc_id, short, info))
        print(f"{path}: {sum(tagged.values())} tagged ({len(tagged)} entries), {len(ambiguous)} ambiguous")
        rows.extend((doc_id, surface, ctx) for surface, ctx in ambiguous)
        if not args.dry_run:
            write(tree, path)
    if args.ambiguous:
        args.ambiguous.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
