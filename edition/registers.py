"""The registers and everything said about their entries across the edition: names, dates,
descriptions, and every mention with its place and a keyword-in-context snippet."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from collections.abc import Callable

from lxml import etree

from .checking.xml import NS, TEI_NS, XML_ID

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
    any_phrase, each = _phrase_patterns(tuple(phrases))
    if any_phrase is None or not any_phrase.search(text):
        return _never  # nearly every text node: one search, no spans
    # Each phrase on its own, as before, so that overlapping phrases all count.
    spans = [(m.start(), m.end()) for rx in each for m in rx.finditer(text)]
    return lambda start, end: any(a <= start and end <= b for a, b in spans)


def _never(start: int, end: int) -> bool:
    return False


@lru_cache(maxsize=8)
def _phrase_patterns(phrases: tuple[str, ...]) -> tuple["re.Pattern | None", list["re.Pattern"]]:
    """The phrases compiled once per run: one pattern to rule a text out, one per phrase for spans."""
    if not phrases:
        return None, []
    return re.compile("|".join(map(re.escape, phrases))), [re.compile(re.escape(p)) for p in phrases]
# Text inside these is not the source's words, or is already a name: never a mention to tag.
NOT_SOURCE = {f"{{{TEI_NS}}}{t}" for t in ("persName", "orgName", "placeName", "name", "rs", "corr", "reg",
                                            "expan", "gap", "ptr", "idno", "email", "term")}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HEADER = f"{{{TEI_NS}}}teiHeader"
FOREIGN = f"{{{TEI_NS}}}foreign"


def closed(el) -> bool:
    """Whether `el` itself closes its text to mentions: a name or an editor's reading already, a
    term, the editors' own note, or a phrase in another language (a foreign word or a title in
    Russian: "Desiat' let Komintern"; a foreign word that is a name as a whole is the exception
    the caller handles, see whole_foreign_name)."""
    if el.tag in NOT_SOURCE or el.tag == HEADER:
        return True
    if el.tag == NOTE and el.get("type") == "editorial":
        return True
    lang = el.get(XML_LANG)
    return lang is not None and el.getparent() is not None and not lang.startswith("en")


def not_a_mention_here(el) -> bool:
    """The one test of "not a mention here" for text inside `el`, shared by the tagger and the
    validator's untagged-name warnings, so the two never disagree."""
    return any(closed(a) for a in (el, *el.iterancestors()) if isinstance(a.tag, str))


def whole_foreign_name(el) -> bool:
    """A name printed as a foreign word (the italic "orgburo"): a mention, though foreign."""
    return el.tag == FOREIGN and not not_a_mention_here(el.getparent())


# Where a name may begin: not inside a word or after another name's hyphen (Litvin-Sedoi), but
# after a word-forming prefix ("anti-WO campaigns": WO is the Workers' Opposition), or after a
# hyphen printed for a dash, with a space before it and none after ("tracts -Kollontai's"). The
# tagger and the untagged-name warning both start their patterns with it.
PREFIXES = ("anti", "pro")  # not "non-Bolsheviks" (other people), nor "post-Soviet Russia"
NAME_START = ("(?:(?<![\\w-])|(?<=\\s-)|"
              + "|".join(rf"(?<=\b[{p[0].upper()}{p[0]}]{p[1:]}-)" for p in PREFIXES) + ")")


# A short name that stands for one body only where a text has named it in full ("the Soviet" in
# the WPSP's declaration to the Moscow Soviet, "the Union" after "the Soviet Union"): a register
# name with type="short" whose @source points to where it is used, a document ("../pirani-wpsp.xml")
# or one passage of it ("../allen.xml#allen-p56"). Elsewhere it is an ordinary word. Its leading
# article is context, not name: it must be printed, and stays outside the tag ("the <orgName>Soviet</orgName>").
SHORT = "short"
ARTICLE = re.compile(r"(?:[Tt]he|[Aa]n?) (?=\S)")


def is_short(name_el) -> bool:
    return name_el.get("type") == SHORT and bool(name_el.get("source"))


def short_scopes(name_el) -> list[tuple[str, str]]:
    """(document id, passage xml:id or "" for the whole document) where a short name is used."""
    out = []
    for tok in (name_el.get("source") or "").split():
        file, _, frag = tok.partition("#")
        if file:
            out.append((Path(file).stem, frag))
    return out


def short_forms(form: str) -> list[str]:
    """The spellings a short name is matched in: as registered, and with its article capitalised
    at the start of a sentence ("The Soviet …")."""
    out = [form]
    if ARTICLE.match(form) and form[0].islower():
        out.append(form[0].upper() + form[1:])
    return out


def short_names_by_document(entries) -> dict[str, list[tuple[str, dict[str, set[str]]]]]:
    """document id → [(passage id or "" for the whole text, {form: refs})] of the short names.
    `entries`: (ref, entry element, its name tag in Clark notation) for every register entry.
    The tagger and the untagged-name warning both read the short names from here."""
    scopes: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for ref, entry, name_tag in entries:
        for n in entry.iterfind(name_tag):
            if is_short(n):
                text = " ".join("".join(n.itertext()).split())
                for scope in short_scopes(n):
                    for form in short_forms(text):
                        scopes[scope][form].add(ref)
    out: dict[str, list[tuple[str, dict[str, set[str]]]]] = defaultdict(list)
    for (doc, frag), forms in sorted(scopes.items()):
        out[doc].append((frag, dict(forms)))
    return out


def article_length(form: str) -> int:
    """How many characters of a matched short name are its article (left outside the tag)."""
    m = ARTICLE.match(form)
    return m.end() if m else 0


WIDTH = 70  # characters of context on each side


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def sort_key(name: str) -> str:
    """Alphabetical order by the Latin letters, diacritics and apostrophes (soft signs) ignored."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c) and (c.isalnum() or c == " "))
    return " ".join(letters.casefold().split())


@dataclass(slots=True)  # one per mention: hundreds of thousands in a large edition
class Mention:
    doc_id: str
    anchor: str
    # the context as UTF-8: a str with one "…" or "’" in it takes two bytes a character, and
    # the contexts are most of the memory of 400,000 mentions (×100)
    before_utf8: bytes
    text: str
    after_utf8: bytes
    in_note: str = ""  # the printed number of the note it stands in, if any
    target: str = ""   # the id of the paragraph, note or section it stands in

    @property
    def before(self) -> str:
        return self.before_utf8.decode()

    @property
    def after(self) -> str:
        return self.after_utf8.decode()

    @property
    def fragment(self) -> str:
        """Where a link to this mention lands: its paragraph (any browser), and the name itself
        where the browser follows text fragments (all current ones). The reading view gives names
        no ids of their own, which keeps the longest page a third lighter."""
        return (self.target or self.anchor) + text_directive(self.before, self.text, self.after)


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
    xml: bytes  # the entry's element serialised: entries outlive the register's tree, which is not held
    mentions: list[Mention] = field(default_factory=list)
    more: list[str] = field(default_factory=list)  # further notes of the entry, e.g. dates the sources disagree on
    # events: the dates the texts print next to a mention (filled in by edition/chronology.py)
    printed_dates: list = field(default_factory=list)
    date_key: str = ""
    # names the texts date (Petrograd, Leningrad…): {"name", "period", "start", "sources": [pointer]}
    names_by_period: list[dict] = field(default_factory=list)

    @property
    def element(self) -> etree._Element:
        """The entry's element, parsed afresh from `xml` (a copy, outside its register)."""
        return etree.fromstring(self.xml)

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
                "href": f"{self.folder}/{self.id}.html", "kind": KINDS[self.prefix][1],
                "mentions": len(self.mentions), "docs": len(mention_documents(self))}


def mention_documents(entry: Entry) -> dict[str, int]:
    """How many mentions `entry` has in each document, in document order (known without reading
    them where the build keeps them on disk, edition/publishing/mentionstore.py)."""
    known = getattr(entry.mentions, "documents", None)
    if known is not None:
        return known
    out: dict[str, int] = {}
    for m in entry.mentions:
        out[m.doc_id] = out.get(m.doc_id, 0) + 1
    return out


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


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def _readable(value: str) -> str:
    """An ISO year or month as printed on a page: "1920-09" → "September 1920"."""
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if not m:
        return value
    day = f"{int(m.group(3))} " if m.group(3) else ""
    return f"{day}{_MONTHS[int(m.group(2)) - 1]} {m.group(1)}"


def _period(name) -> tuple[str, str]:
    """(what a reader sees, a sortable start) of the years in which the texts use a name."""
    when, start, end = name.get("when"), name.get("from"), name.get("to")
    if when:
        return _readable(when), when
    if start or end:
        return f"{_readable(start) if start else '?'}–{_readable(end) if end else '?'}", start or end
    return "", ""


def names_by_period(names) -> list[dict]:
    """The names of an entry dated by when the texts use them (@when, @from/@to: a city's names by
    its periods), earliest first, with the undated names that point to a passage after them; none
    when no name is so dated. Dates of existence (@notBefore/@notAfter on the preferred name) are
    not a name's period; short names (SHORT) are one document's usage."""
    dated = [n for n in names if not is_short(n) and any(n.get(a) for a in ("when", "from", "to"))]
    if not dated:
        return []
    out = []
    for n in names:
        if is_short(n) or not (n in dated or n.get("source")):
            continue
        period, start = _period(n)
        out.append({"name": _text(n), "period": period, "start": start,
                    "sources": (n.get("source") or "").split()})
    return sorted(out, key=lambda d: (not d["start"], d["start"]))


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
                                                 description, sources, etree.tostring(el), more=more,
                                                 names_by_period=names_by_period(names))
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


def _flatten(block, targets) -> tuple[str, dict]:
    """The block's text once, notes inside it left out, with where each of `targets` starts and
    ends in it: every mention of a paragraph from one walk, not one walk per mention."""
    pieces: list[str] = []
    spans: dict = {}
    pos = 0

    def walk(node) -> None:
        nonlocal pos
        if node.tag == NOTE and node is not block:
            return
        start = pos
        if node.text:
            pieces.append(node.text)
            pos += len(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                pieces.append(child.tail)
                pos += len(child.tail)
        if node in targets:
            spans[node] = (start, pos)

    walk(block)
    return "".join(pieces), spans


def _flat(block, target) -> tuple[str, str, str]:
    """The block's text split around `target` (notes inside the block left out), whitespace folded:
    one element's context, for callers that need only one (the chronology's dates)."""
    text, spans = _flatten(block, {target})
    a, b = spans.get(target, (len(text), len(text)))
    return _fold(text[:a]).lstrip(), _fold(text[a:b]).strip(), _fold(text[b:]).rstrip()


_SPACE = re.compile(r"\s+")


def _fold(text: str) -> str:
    # whitespace folded but kept at the edges, so "Medvedev's" and "Medvedev ," read as printed
    return _SPACE.sub(" ", text)


def _fold_before(text: str) -> str:
    # Only the end of a paragraph is shown: fold a window first (folding a piece of the text
    # gives the end of the folded whole), the whole only when the window is mostly spaces.
    before = _fold(text[-3 * WIDTH:]).lstrip()
    if len(before) <= WIDTH and len(text) > 3 * WIDTH:
        before = _fold(text).lstrip()
    return "…" + before[-WIDTH:].split(" ", 1)[-1] if len(before) > WIDTH else before


def _fold_after(text: str) -> str:
    after = _fold(text[:3 * WIDTH]).rstrip()
    if len(after) <= WIDTH and len(text) > 3 * WIDTH:
        after = _fold(text).rstrip()
    return after[:WIDTH].rsplit(" ", 1)[0] + "…" if len(after) > WIDTH else after


def collect_mentions(entries: dict[str, Entry], docs) -> dict[str, set[str]]:
    """Attach to each entry every mention in the documents (anchoring them), in order; return the
    refs each document names."""
    named: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        found = [(el, entries.get(el.get("ref"))) for el in d.anchor(anchor_mentions, d.tree)]
        found = [(el, entry) for el, entry in found if entry is not None]
        by_block: dict = defaultdict(set)
        blocks = []
        for el, _ in found:
            block = _block(el)
            blocks.append(block)
            by_block[block].add(el)
        flat = {block: _flatten(block, targets) for block, targets in by_block.items()}
        for (el, entry), block in zip(found, blocks):
            named[d.id].add(entry.ref)
            text, spans = flat[block]
            a, b = spans[el]
            note = next(el.iterancestors(NOTE), None)
            entry.mentions.append(Mention(d.id, el.get(XML_ID), _fold_before(text[:a]).encode(),
                                          _fold("".join(el.itertext())).strip(), _fold_after(text[b:]).encode(),
                                          note.get("n", "") if note is not None and note.get("place") else "",
                                          _target(el)))
    return named


@functools.lru_cache(maxsize=1 << 16)  # names and the words around them recur across mentions
def _enc(s: str) -> str:
    from urllib.parse import quote  # the build's, not the validator's

    return quote(s, safe="").replace("-", "%2D")


GLUE_AFTER = re.compile(r"[\w'’]+")


def _word_char(c: str) -> bool:
    return c.isalnum() or c in "_'’"  # what the pattern [\w'’] matches


def text_directive(before: str, text: str, after: str, words: int = 3) -> str:
    """A text fragment (`:~:text=prefix-,name,-suffix`) for the name between `before` and `after`.
    A browser matches whole words, so letters glued to the name ("Lenin's") join it."""
    glue_after = GLUE_AFTER.match(after)
    # the letters glued to the name from before, read from the end (as the pattern [\w'’]+$
    # would find them, which also stops short of one final newline)
    end = len(before) - 1 if before.endswith("\n") else len(before)
    cut = end
    while cut and _word_char(before[cut - 1]):
        cut -= 1
    glued = before[cut:end] if cut < end else ""
    start = glued + text + (glue_after.group(0) if glue_after else "")
    before = before[:cut] if glued else before
    after = after[glue_after.end():] if glue_after else after
    # the last and first words only: split from the end (or the start) no further than needed
    prefix = " ".join(w for w in before.rsplit(None, words)[-words:] if "…" not in w)
    suffix = " ".join(w for w in after.split(None, words)[:words] if "…" not in w)
    if not start.strip():
        return ""
    return (":~:text=" + (_enc(prefix) + "-," if prefix else "") + _enc(" ".join(start.split()))
            + (",-" + _enc(suffix) if suffix else ""))


def _target(el) -> str:
    """The id of the nearest enclosing element the reading view gives an id: paragraph, note, section."""
    for a in el.iterancestors():
        if a.tag in MENTION_TAGS:
            continue
        ident = a.get(XML_ID)
        if ident and a.getparent() is not None:
            return ident
    return "text"


def by_document(entry: Entry, titles: dict[str, str]) -> list[tuple[str, str, list[Mention]]]:
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in entry.mentions:
        groups[m.doc_id].append(m)
    return [(doc_id, titles.get(doc_id, doc_id), ms) for doc_id, ms in groups.items()]
