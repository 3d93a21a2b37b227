"""The chronology: every date the texts print, in time order on one page, each in its sentence
with a link to the place; the passages of different documents that date the same day or the
same event side by side; and, for the events register, the dates the texts print next to each
event.

Rules, all read from the markup:
- an entry is one `<date>` inside a document's `<text>`; its value is `@when`, else
  `@from`/`@to`, else `@notBefore`/`@notAfter`; `@cert` and `@evidence` are shown;
- an event is "next to" a date when a mention of it (`@ref="evt:…"`, in this edition
  `<name type="event">`) stands in the same sentence of the same block (paragraph, note, item…),
  at most `NEAR_CHARS` characters from the date (the finer points are in `_events_near`);
- parallel accounts are (a) dates of day precision with the same value in two or more
  documents, joined with (b) the dates an editorial note on a date compares it with: a
  `note[@resp='#ed']` whose preceding element is the date and which points (`ref/@target`)
  into other documents joins the date to the nearest date (at most `NEAR_DAYS` days apart; of
  the same event, if the date is next to one) of each passage it points to; and (c) for each
  event, the dates printed next to it in two or more documents.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter, defaultdict
import dataclasses
from dataclasses import dataclass, field
from datetime import date as Date
from itertools import groupby
from pathlib import Path

from lxml import etree
from markupsafe import Markup

from .. import registers
from ..checking.xml import NS, TEI_NS, XML_ID
from .buildcache import digest, memo

DATE = f"{{{TEI_NS}}}date"
NOTE = f"{{{TEI_NS}}}note"
NEAR_DAYS = 7       # how far apart two dates compared by an editorial note may lie
NEAR_CHARS = 40     # how much text may stand between an event's name and a date printed next to it
SENTENCE_MAX = 2 * registers.WIDTH  # characters of a sentence kept on each side of the date
YEARS = (1917, 1938)  # the density strip's span

# A full stop after these does not end a sentence (initials are caught separately).
_ABBREV = {"mr", "mrs", "dr", "st", "cf", "vol", "vols", "no", "nos", "p", "pp", "ed", "eds", "trans",
           "e.g", "i.e", "etc", "op", "cit", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
           "sept", "oct", "nov", "dec", "ch", "fig", "comp", "gen", "col", "lt", "capt", "prof"}
_END = re.compile(r"[.!?][\"”’)\]]*(?=\s)")
_LAST_WORD = re.compile(r"[\w.]+$")


@dataclass
class Dated:
    """One `<date>` of a text, with what the chronology says about it."""
    doc_id: str
    anchor: str
    position: int             # order of the date in its document
    start: str                # ISO, as precise as the markup
    end: str                  # ISO or "" (a single value); "?" for an open range
    before: str               # the sentence up to the date
    text: str                 # the date as the reading view shows it
    after: str                # the rest of the sentence
    cert: str = ""
    evidence: str = ""
    in_note: str = ""         # the note's printed number, or "ed." for an editorial note
    events: list[str] = field(default_factory=list)   # evt: refs in the same sentence
    parallel: list[str] = field(default_factory=list)  # ids of the parallel-accounts groups it is in
    between: bool = False     # @notBefore/@notAfter: some time in the span, not all of it
    target: str = ""          # the id of the paragraph, note or section it stands in

    @property
    def link(self) -> str:
        """Where the reading view shows it: its paragraph, and the date itself through a text
        fragment; the reading view gives dates no ids of their own (as it gives names none),
        which keeps the longest page under its weight."""
        return f"{self.doc_id}.html#{self.target or self.anchor}" + registers.text_directive(
            self.before, self.text, self.after)

    @property
    def year(self) -> int:
        return int(self.start[:4])

    @property
    def month(self) -> int:
        return int(self.start[5:7]) if len(self.start) >= 7 else 0

    @property
    def label(self) -> str:
        if self.between and self.end and self.end != "?":
            return f"between {_part(self.start)} and {_part(self.end)}"
        return label(self.start, self.end)

    @property
    def where(self) -> str:
        return "note" if self.in_note else "text"

    @property
    def note_label(self) -> str:
        return {"": "", "ed.": "editorial note", "note": "a note"}.get(self.in_note, f"note {self.in_note}")


def anchor_dates(doc_id: str, tree: etree._ElementTree) -> list[etree._Element]:
    """Give every date in the text an id (in memory: the TEI file is not changed), numbered in
    document order so that the same text always gives the same ids. Existing ids are kept."""
    out = []
    for text in tree.getroot().iterfind("t:text", NS):
        for n, el in enumerate(text.iter(DATE), 1):
            if not el.get(XML_ID):
                el.set(XML_ID, f"{doc_id}-d{n}")
            out.append(el)
    return out


def value(el) -> tuple[str, str]:
    """(start, end) of a date element; end "" for a single value, "?" for an open range."""
    when = el.get("when")
    if when:
        return when, ""
    start = el.get("from") or el.get("notBefore") or ""
    end = el.get("to") or el.get("notAfter") or ""
    if start and not end:
        return start, "?"
    return (start or end), ("" if start == end or not start else end)


def _day(iso: str, last: bool = False) -> Date:
    """The first (or last) day an ISO value of any precision covers."""
    y = int(iso[:4])
    m = int(iso[5:7]) if len(iso) >= 7 else (12 if last else 1)
    if len(iso) >= 10:
        return Date(y, m, int(iso[8:10]))
    return Date(y, m, calendar.monthrange(y, m)[1] if last else 1)


def _part(iso: str, year: bool = True, month: bool = True) -> str:
    bits = []
    if len(iso) >= 10:
        bits.append(str(int(iso[8:10])))
    if len(iso) >= 7 and month:
        bits.append(calendar.month_name[int(iso[5:7])])
    if year:
        bits.append(iso[:4])
    return " ".join(bits)


def label(start: str, end: str = "") -> str:
    """An ISO value or range as a reader writes it: "8–16 March 1921", "March–April 1922"."""
    if not end:
        return _part(start)
    if end == "?":
        return _part(start) + " onwards"
    same_year = start[:4] == end[:4]
    same_month = same_year and len(start) >= 7 and start[:7] == end[:7] and len(end) >= 7
    if same_month and len(start) == len(end) == 10:
        return f"{int(start[8:10])}–{_part(end)}"
    if same_year and len(start) == len(end):
        return f"{_part(start, year=False)}–{_part(end)}"
    return f"{_part(start)}–{_part(end)}"


def _ends_sentence(text: str, m: re.Match) -> bool:
    """Whether the stop matched in `text` ends a sentence (not an initial or an abbreviation)."""
    if text[m.start()] != ".":
        return True
    word = _LAST_WORD.search(text, max(0, m.start() - 30), m.start())  # a bounded look back
    w = word.group().casefold() if word else ""
    return not (w in _ABBREV or (len(w) == 1 and w.isalpha()))


def _sentence_start(before: str) -> int:
    """Where in `before` (the text up to the date) the date's sentence begins."""
    return max((m.end() for m in _END.finditer(before) if _ends_sentence(before, m)), default=0)


def _sentence_end(after: str) -> int:
    """Where in `after` (the text from the date on) the date's sentence ends."""
    return next((m.end() for m in _END.finditer(after + " ") if _ends_sentence(after, m)), len(after))


def sentence(before: str, after: str) -> tuple[str, str]:
    """The block's text around a date cut to the date's sentence (at most SENTENCE_MAX
    characters each side, cut at a word)."""
    b = before[_sentence_start(before):].lstrip()
    a = after[:_sentence_end(after)].rstrip()
    if len(b) > SENTENCE_MAX:
        b = "…" + b[-SENTENCE_MAX:].split(" ", 1)[-1]
    if len(a) > SENTENCE_MAX:
        a = a[:SENTENCE_MAX].rsplit(" ", 1)[0] + "…"
    return b, a


SUPPLIED, CHOICE = f"{{{TEI_NS}}}supplied", f"{{{TEI_NS}}}choice"


def shown(el) -> str:
    """The date as the reading view shows it: what is supplied in brackets, of a choice the
    reading printed (its first child), notes left out."""
    def walk(node) -> str:
        if node.tag == NOTE:
            return ""
        if node.tag == CHOICE:
            first = next((c for c in node if isinstance(c.tag, str)), None)
            return walk(first) if first is not None else ""
        inner = (node.text or "") + "".join(walk(c) + (c.tail or "") for c in node if isinstance(c.tag, str))
        return f"[{inner}]" if node.tag == SUPPLIED else inner
    return " ".join(walk(el).split())


class _Blocks:
    """Each block's text flattened once, with where its dates and event names stand: a
    paragraph with several dates is walked once, not once per date. The parts are folded as
    `registers._flat` folds them, so offsets are those of the text a reader sees."""

    def __init__(self, targets_by_block: dict):
        self.targets = targets_by_block
        self.flat: dict = {}

    def span(self, block, el) -> tuple[int, int, str, str, str]:
        """(start, end) offsets of `el` in the folded text of its block, and the folded parts."""
        if block not in self.flat:
            self.flat[block] = registers._flatten(block, self.targets.get(block, set()) | {el})
        text, spans = self.flat[block]
        if el not in spans:  # not among the block's known targets: walk for it alone
            text, spans = registers._flatten(block, {el})
        a, b = spans.get(el, (len(text), len(text)))
        before = registers._fold(text[:a]).lstrip()
        shown = registers._fold(text[a:b]).strip()
        after = registers._fold(text[b:]).rstrip()
        return len(before), len(before) + len(shown), before, shown, after


_TIME_WORDS = re.compile(r"\b(after|before|since|until|following|preceding|later|earlier)\b", re.I)
TITLE = f"{{{TEI_NS}}}title"


def _events_near(block, date, span: tuple[int, int, str, str], sentence: tuple[int, int], mentions,
                 spans: dict, blocks: _Blocks) -> list[str]:
    """Events printed next to the date: named in the same sentence, with at most NEAR_CHARS
    characters between name and date, none of them a word that sets the date apart in time
    ("a month after the Congress"); a date before the name is followed by punctuation or by the
    name itself (not "the February 1917 revolution and … the April conference"); a name in a
    title (a book called after a congress) counts only for a date in the same title."""
    start, end, before, after = span
    title = next(date.iterancestors(TITLE), None)
    refs = []
    for m in mentions:
        if registers._block(m) is not block or m.get("ref") in refs:
            continue
        m_title = next(m.iterancestors(TITLE), None)
        if m_title is not None and m_title is not title:
            continue
        if m not in spans:  # a block's names are flattened once, however many dates it holds
            spans[m] = blocks.span(block, m)[:2]
        m_start, m_end = spans[m]
        if not (sentence[0] <= m_start and m_end <= sentence[1]):
            continue
        between = after[:m_start - end] if m_start >= end else before[m_end:]
        if len(between) > NEAR_CHARS or _TIME_WORDS.search(between):
            continue
        if m_start >= end and between.strip() and between.lstrip()[0].isalnum():
            continue
        refs.append(m.get("ref"))
    return refs


def collect(docs, cache=None) -> tuple[list[Dated], list[str]]:
    """Anchor and describe every date of every document, in one pass over each text; also
    say (file:line:col) which dates have no value to place them by. With a `cache`
    (buildcache.PageCache), a document's dates are made of its own TEI alone: those of a
    document unchanged since the previous build are taken from it (its dates anchored still)."""
    out, unplaced = [], []
    cache = memo(cache, docs)
    for d in docs:
        name, key = f"dates:{d.id}", digest(d.data, str(d.path)) if cache is not None else ""
        old = cache.extra_old.get(name) if cache is not None else None
        if old and old[0] == key:
            d.anchor(anchor_dates, d.tree)   # its dates' ids, which the pages link to, as if collected
            dated, missing = [Dated(*fields) for fields in old[1]], old[2]
        else:
            dated, missing = _collect_one(d)
        if cache is not None:  # as collected: the parallels are added to the dates later
            cache.extra[name] = [key, [[list(v) if isinstance(v, list) else v for v in (getattr(x, f) for f in _FIELDS)]
                                       for x in dated], missing]
        out += dated
        unplaced += missing
    return out, unplaced


def _collect_one(d) -> tuple[list[Dated], list[str]]:
    out, unplaced = [], []
    mentions_by_block, spans = defaultdict(list), {}
    tree = d.tree  # once: a streamed document is parsed afresh on each d.tree
    for el in tree.getroot().iterfind("t:text//*[@ref]", NS):
        if el.tag in registers.MENTION_TAGS and el.get("ref", "").startswith("evt:"):
            mentions_by_block[registers._block(el)].append(el)
    dates = d.anchor(anchor_dates, tree)
    targets: dict = defaultdict(set)
    for el in dates:
        targets[registers._block(el)].add(el)
    for block, ms in mentions_by_block.items():
        targets[block].update(ms)
    blocks = _Blocks(targets)
    for n, el in enumerate(dates, 1):
        start, end = value(el)
        if not start:
            unplaced.append(f"{d.path}:{el.sourceline}:1: a date with no @when, @from or @notBefore"
                            " cannot be placed in the chronology")
            continue
        block = registers._block(el)
        a, b, before, _, after = blocks.span(block, el)
        s_before, s_after = sentence(before, after)
        in_sentence = (_sentence_start(before), b + _sentence_end(after))
        note = next(el.iterancestors(NOTE), None)
        in_note = ""
        if note is not None:
            in_note = "ed." if note.get("resp") == "#ed" else (note.get("n") or "note")
        out.append(Dated(d.id, el.get(XML_ID), n, start, end, s_before, shown(el), s_after,
                         el.get("cert", ""), el.get("evidence", ""), in_note,
                         _events_near(block, el, (a, b, before, after), in_sentence, mentions_by_block[block], spans,
                                      blocks),
                         between=el.get("when") is None and el.get("from") is None,
                         target=registers._target(el)))
    return out, unplaced


_FIELDS = [f.name for f in dataclasses.fields(Dated)]


def by_event(dated: list[Dated]) -> dict[str, list[Dated]]:
    """The dates printed next to each event, in the order of `dated`: one pass, where asking
    every date for every event would cost events × dates (3,000 × 200,000 at ×100)."""
    out: dict[str, list[Dated]] = defaultdict(list)
    for x in dated:
        for ref in dict.fromkeys(x.events):
            out[ref].append(x)
    return out


def sort_key(order: dict[str, int]):
    return lambda x: (x.start, x.end or x.start, order.get(x.doc_id, len(order)), x.position)


# ---------- Parallel accounts ----------

@dataclass
class Parallel:
    id: str
    title: str
    reason: str
    columns: list[tuple[str, str, list[Dated]]]  # (doc id, title, entries)
    # the editors' notes on these dates: (where it stands, href or "", text)
    notes: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return len(self.columns)


def _editorial_links(docs, by_anchor: dict[str, Dated]) -> list[tuple[Dated, list[Dated], tuple]]:
    """Dates an editorial note right after a date compares it with, in the passages it points to."""
    out = []
    by_id = {d.id: d for d in docs}
    for d in docs:
        for note in d.tree.getroot().iterfind("t:text//t:note[@resp='#ed']", NS):
            prev = note.getprevious()
            if prev is None or prev.tag != DATE:
                continue
            here = by_anchor.get(prev.get(XML_ID))
            if here is None:
                continue
            others = []
            for ref in note.iterfind(".//t:ref[@target]", NS):
                for target in ref.get("target").split():
                    file, _, frag = target.partition("#")
                    other = by_id.get(Path(file).stem)  # a dict, not a scan of every document per pointer
                    if other is None or other.id == d.id:
                        continue
                    root = other.tree.getroot()
                    passage = next(iter(root.xpath("//*[@xml:id = $f]", f=frag)), None) if frag else root
                    near = [o for o in (by_anchor.get(el.get(XML_ID)) for el in
                                        (passage.iter(DATE) if passage is not None else ()))
                            if o is not None and _days_apart(here, o) <= NEAR_DAYS]
                    if here.events:  # the same event's dates, if the annotated date is next to one
                        # and the passage names it beside a date; else the nearest dates still
                        near = [o for o in near if set(o.events) & set(here.events)] or near
                    if near:
                        best = min(_days_apart(here, o) for o in near)
                        others.extend(o for o in near if _days_apart(here, o) == best and o not in others)
            if others:
                href = f"{d.id}.html#{note.get(XML_ID)}" if note.get(XML_ID) else ""
                out.append((here, others, (f"in {d.title}", href, registers._text(note))))
    return out


def _days_apart(a: Dated, b: Dated) -> int:
    """Days between the first days of two dates of day precision (else a large number)."""
    if len(a.start) < 10 or len(b.start) < 10:
        return 1 << 30
    return abs((_day(a.start) - _day(b.start)).days)


def parallels(dated: list[Dated], docs, entries: dict, titles: dict[str, str]) -> list[Parallel]:
    order = {d.id: i for i, d in enumerate(docs)}
    by_anchor = {x.anchor: x for x in dated}
    parent: dict[str, str] = {}

    def find(a):
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def join(a, b):
        parent[find(a)] = find(b)

    same_day = defaultdict(list)
    for x in dated:
        if len(x.start) == 10 and (not x.end or len(x.end) == 10):
            same_day[(x.start, x.end)].append(x)
    for xs in same_day.values():
        if len({x.doc_id for x in xs}) > 1:
            for x in xs[1:]:
                join(x.anchor, xs[0].anchor)
    notes_for: dict[str, list] = defaultdict(list)
    for here, others, note in _editorial_links(docs, by_anchor):
        for o in others:
            join(o.anchor, here.anchor)
        notes_for[here.anchor].append(note)

    members = defaultdict(list)
    for x in dated:
        if x.anchor in parent:
            members[find(x.anchor)].append(x)
    groups = []  # (entries, id, title, reason, notes)
    for xs in members.values():
        if len({x.doc_id for x in xs}) < 2:
            continue
        xs.sort(key=sort_key(order))
        values = list(dict.fromkeys(x.label for x in xs))
        notes = [n for x in xs for n in notes_for.get(x.anchor, [])]
        reason = "The same day in " if len(values) == 1 else "Dates an editorial note compares, in "
        groups.append((xs, f"par-{xs[0].anchor}", " / ".join(values), reason, notes))
    near = by_event(dated)
    for ref, entry in entries.items():
        if not ref.startswith("evt:"):
            continue
        xs = sorted(near.get(ref, ()), key=sort_key(order))
        if len({x.doc_id for x in xs}) > 1:
            notes = [("in the events register", f"events/{entry.id}.html", n) for n in entry.more]
            groups.append((xs, f"par-{entry.id}", entry.name, "Dates printed next to this event in ", notes))

    out = []
    for xs, gid, title, reason, notes in sorted(groups, key=lambda g: sort_key(order)(g[0][0])):
        cols = defaultdict(list)
        for x in xs:
            cols[x.doc_id].append(x)
        columns = sorted(((doc, titles.get(doc, doc), ys) for doc, ys in cols.items()), key=lambda c: order[c[0]])
        out.append(Parallel(gid, title, reason + _and([c[1] for c in columns]) + ".", columns, notes))
        for x in xs:
            if gid not in x.parallel:
                x.parallel.append(gid)
    return out


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# ---------- The events register ----------

@dataclass
class PrintedDate:
    start: str
    end: str
    sources: list[tuple[str, str, str]]  # (doc id, link from the site's root, document title)

    @property
    def label(self) -> str:
        return label(self.start, self.end)


def event_dates(dated: list[Dated], entries: dict, titles: dict[str, str]) -> None:
    """Give each event of the register the dates the texts print next to a mention of it (see
    `_events_near`): each distinct date with the passages that print it, and a summary."""
    near = by_event(dated)
    for ref, entry in entries.items():
        if not ref.startswith("evt:"):
            continue
        found: dict[tuple[str, str], PrintedDate] = {}
        for x in near.get(ref, ()):
            found.setdefault((x.start, x.end), PrintedDate(x.start, x.end, [])).sources.append(
                (x.doc_id, x.link, titles.get(x.doc_id, x.doc_id)))
        entry.printed_dates = sorted(found.values(), key=lambda p: (p.start, p.end))
        if entry.printed_dates and not entry.dates:
            entry.dates, entry.date_key = summary(entry.printed_dates)


def summary(printed: list[PrintedDate]) -> tuple[str, str]:
    """One line for the register's index: the span of the most precise dates given (a day
    rather than a month, a month rather than a year), and its first ISO value to sort by."""
    best = max(len(p.start) for p in printed)
    precise = [p for p in printed if len(p.start) == best]
    first = min((p.start for p in precise), key=_day)
    last = max((p.end if p.end not in ("", "?") else p.start for p in precise), key=lambda s: _day(s, last=True))
    return label(first, "" if last == first else last), first


# ---------- The density strip ----------

def strip(dated: list[Dated], years=YEARS, href=lambda y: f"#y{y}") -> str:
    """An SVG bar per year (dates counted by the year they start in); each bar links to its year
    (`href` gives where it is listed)."""
    counts = Counter(x.year for x in dated)
    lo, hi = years
    span = list(range(lo, hi + 1))
    top = max((counts[y] for y in span), default=0) or 1
    bar, gap, height, base = 14, 4, 60, 74
    width = len(span) * (bar + gap)
    parts = [f'<svg class="density" viewBox="0 0 {width} {base + 14}" width="{width}" height="{base + 14}" '
             f'role="group" aria-labelledby="density-title" aria-describedby="density-desc">',
             f'<title id="density-title">Dates per year, {lo}–{hi}</title>',
             f'<desc id="density-desc">One bar per year, as high as the number of dates the texts '
             f'print that begin in that year; the largest is {top}. Each bar links to its year.</desc>']
    for i, y in enumerate(span):
        n = counts[y]
        h = round(height * n / top) if n else 0
        x = i * (bar + gap)
        rect = (f'<rect x="{x}" y="{base - h}" width="{bar}" height="{max(h, 1)}"'
                f' class="{"bar" if n else "bar empty"}"/>')
        text = (f'<text x="{x + bar / 2}" y="{base + 12}" text-anchor="middle">{str(y)[2:]}</text>'
                if y % 5 == 0 or y in (lo, hi) else "")
        if n:
            parts.append(f'<a href="{href(y)}" aria-label="{y}: {n} date{"s" if n != 1 else ""}">'
                         f'<title>{y}: {n}</title>{rect}</a>{text}')
        else:
            parts.append(f'<g aria-hidden="true">{rect}</g>{text}')
    parts.append("</svg>")
    return "".join(parts)


# ---------- The pages ----------

MAX_ENTRIES = 200   # dates on one page (about 130 KB), however large the edition grows
FOLDER = "chronology"


@dataclass
class Page:
    """One page of a listing of dates: consecutive years (or part of one year) of the timeline,
    a document's dates, or groups of parallel accounts."""
    href: str                 # from the site's root
    title: str
    entries: list = field(default_factory=list)   # Dated, or Parallel on the parallel pages
    part: int = 0             # of a year (or document) too long for one page: 1, 2, …
    parts: int = 0

    @property
    def years(self) -> list[dict]:
        return timeline(self.entries)

    @property
    def first_year(self) -> int:
        return self.entries[0].year

    @property
    def last_year(self) -> int:
        return self.entries[-1].year


def _chunks(items: list, limit: int, size=lambda x: 1, key=None) -> list[list]:
    """Consecutive runs of `items` of at most `limit` (counted by `size`): whole groups (by
    `key`: a month, a year) packed together, a group larger than `limit` cut between its items;
    an item larger than `limit` stands alone."""
    runs: list[list] = []
    room = 0
    groups = [list(g) for _, g in groupby(items, key)] if key else [[x] for x in items]
    for group in groups:
        total = sum(map(size, group))
        for piece in ([[x] for x in group] if total > limit else [group]):
            n = sum(map(size, piece))
            if runs and n <= room:
                runs[-1].extend(piece)
                room -= n
            else:
                runs.append(list(piece))
                room = limit - n
    return runs


def _years_title(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def periods(dated: list[Dated], limit: int = MAX_ENTRIES) -> list[Page]:
    """The timeline cut into pages of consecutive whole years, at most `limit` dates each; a
    year with more dates than that has pages of its own, cut between months where possible."""
    pages: list[Page] = []
    run: list[Dated] = []

    def flush():
        if run:
            a, b = run[0].year, run[-1].year
            pages.append(Page(f"{FOLDER}/{a}.html" if a == b else f"{FOLDER}/{a}-{b}.html",
                              _years_title(a, b), list(run)))
            run.clear()

    for year, xs in groupby(dated, lambda x: x.year):
        xs = list(xs)
        if len(xs) > limit:
            flush()
            chunks = _chunks(xs, limit, key=lambda x: x.month)
            for i, chunk in enumerate(chunks, 1):
                pages.append(Page(f"{FOLDER}/{year}-part-{i}.html", f"{year}, part {i} of {len(chunks)}",
                                  chunk, i, len(chunks)))
        else:
            if len(run) + len(xs) > limit:
                flush()
            run.extend(xs)
    flush()
    return pages


def by_document(dated: list[Dated], docs, limit: int = MAX_ENTRIES) -> dict[str, list[Page]]:
    """Each document's dates in time order, on pages of at most `limit`."""
    out = {}
    for d in docs:
        xs = [x for x in dated if x.doc_id == d.id]
        chunks = _chunks(xs, limit, key=lambda x: x.year) if xs else []
        out[d.id] = [Page(f"{FOLDER}/documents/{d.id}.html" if i == 1 else f"{FOLDER}/documents/{d.id}-part-{i}.html",
                          d.title + (f", part {i} of {len(chunks)}" if len(chunks) > 1 else ""), chunk, i, len(chunks))
                     for i, chunk in enumerate(chunks, 1)]
    return out


def _parts(group: Parallel, limit: int) -> list[Parallel]:
    """A group of more than `limit` passages (an event named in every copy of a large edition)
    cut between its documents into parts of at most `limit`, so that no page outgrows the others;
    the first part keeps the group's id (the links to it), the notes stand with it."""
    size = lambda c: len(c[2])  # noqa: E731
    if sum(map(size, group.columns)) <= limit:
        return [group]
    runs = _chunks(group.columns, limit, size=size)
    return [Parallel(group.id if k == 1 else f"{group.id}-{k}", f"{group.title} (part {k} of {len(runs)})",
                     group.reason, cols, group.notes if k == 1 else [])
            for k, cols in enumerate(runs, 1)]


def parallel_pages(groups: list[Parallel], limit: int = MAX_ENTRIES) -> list[Page]:
    """The groups of parallel accounts on pages of at most `limit` passages (a group is cut only
    when it is larger than a page, between its documents)."""
    groups = [part for g in groups for part in _parts(g, limit)]
    chunks = _chunks(groups, limit, size=lambda g: sum(len(c[2]) for c in g.columns))
    return [Page(f"{FOLDER}/parallels.html" if i == 1 else f"{FOLDER}/parallels-{i}.html",
                 "Parallel accounts" + (f", part {i} of {len(chunks)}" if len(chunks) > 1 else ""), chunk, i, len(chunks))
            for i, chunk in enumerate(chunks, 1)]


def timeline(dated: list[Dated]) -> list[dict]:
    """Entries grouped by year, then by month (0: the year only)."""
    years = []
    for x in dated:
        if not years or years[-1]["year"] != x.year:
            years.append({"year": x.year, "months": []})
        months = years[-1]["months"]
        if not months or months[-1]["month"] != x.month:
            months.append({"month": x.month, "name": calendar.month_name[x.month] if x.month else "",
                           "entries": []})
        months[-1]["entries"].append(x)
    return years


def _filters(entries: list[Dated], site, with_documents: bool) -> dict:
    """What a page's filter form offers: the documents and events its dates come with."""
    events = Counter(ref for x in entries for ref in x.events)
    event_rows = sorted(((ref.split(":", 1)[1], site.entries[ref].name, n) for ref, n in events.items()
                         if ref in site.entries), key=lambda e: site.entries["evt:" + e[0]].date_key)
    docs = Counter(x.doc_id for x in entries)
    doc_rows = [(d.id, d.title, docs[d.id]) for d in site.docs if docs[d.id]] if with_documents else []
    return {"documents": doc_rows, "events": event_rows}


def _page(site, rel: str, template: str, ctx: dict, memo: dict) -> None:
    """Render a page of the chronology, or take it from the previous site when what it is made
    of (its context, as data) is the same: a changed document changes the pages of its dates."""
    if getattr(site, "cache", None) is None:
        key = None
    else:  # of its neighbours, the pager shows the address and title
        near = {k: (ctx[k].href, ctx[k].title) if ctx[k] is not None else None for k in ("prev", "next") if k in ctx}
        key = site.key("chronology", template, rel, _as_data({**ctx, **near}, memo))
    if key is None or not site.reuse(rel, key):
        site.write(rel, site.render(template, **ctx), key=key)


def _as_data(value, memo: dict):
    """A page's context as plain data for its key: the dataclasses of this module by their
    fields (a date by the digest of its fields, made once however many pages list it), a
    document by what a page can show of it (not its tree)."""
    if isinstance(value, dict):
        return {str(k): _as_data(v, memo) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_data(v, memo) for v in value]
    if isinstance(value, Page):
        return ["page", value.href, value.title, value.part, value.parts, _as_data(value.entries, memo)]
    if hasattr(value, "tree") and hasattr(value, "data"):  # corpus.Document
        return {k: v for k, v in value.plain().items() if k != "path"}
    if isinstance(value, Dated):
        if id(value) not in memo:
            memo[id(value)] = (value, digest(value.__dict__))  # the date kept: its id stays its own
        return memo[id(value)][1]
    if isinstance(value, Parallel):
        return ["parallel", _as_data(value.__dict__, memo)]
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


@dataclass
class Anchored:
    """The dates found and anchored, and the parallel accounts they make, before any page of
    the chronology is written."""
    dated: list[Dated]
    groups: list[Parallel]


def anchor(site) -> Anchored:
    """Anchor the dates (before the documents are transformed, so the reading view carries the
    same ids) and give the events their dates (the register pages print them)."""
    docs, titles = site.docs, site.titles
    order = {d.id: i for i, d in enumerate(docs)}
    dated, unplaced = collect(docs, getattr(site, "cache", None))
    dated.sort(key=sort_key(order))
    site.stats.warnings.extend(unplaced)
    groups = parallels(dated, docs, site.entries, titles)
    event_dates(dated, site.entries, titles)
    return Anchored(dated, groups)


def write(site, anchored: Anchored | None = None) -> None:
    """The chronology: an overview page, the timeline on pages of consecutive years, each
    document's dates, the parallel accounts. Its pages are not needed by the others, so the
    build writes them after the search index is started (site._write_stages)."""
    if anchored is None:
        anchored = anchor(site)
    docs, titles = site.docs, site.titles
    dated, groups = anchored.dated, anchored.groups

    timeline_pages = periods(dated)
    doc_pages = by_document(dated, docs)
    par_pages = parallel_pages(groups)
    page_of_year: dict[int, str] = {}
    for page in timeline_pages:
        for x in page.entries:
            page_of_year.setdefault(x.year, page.href)
    par_href = {g.id: f"{page.href}#{g.id}" for page in par_pages for g in page.entries}
    counts = Counter(x.year for x in dated)
    lo, hi = YEARS
    event_names = {ref: e.name for ref, e in site.entries.items() if ref.startswith("evt:")}
    doc_of = {d.id: d for d in docs}
    common = {"page": "chronology", "total": len(dated), "titles": titles, "event_names": event_names,
              "par_href": par_href, "overview": "chronology.html"}

    overview = dict(root="", first=dated[0].label if dated else "", last=dated[-1].label if dated else "",
                    strip=Markup(strip(dated, href=lambda y: page_of_year[y] + f"#y{y}")),
                    year_counts=[(y, counts[y], page_of_year.get(y, "")) for y in range(lo, hi + 1)],
                    outside=sum(1 for x in dated if not lo <= x.year <= hi), span=YEARS,
                    periods=timeline_pages, doc_pages=doc_pages, docs=docs, par_pages=par_pages, parallels=groups,
                    events=_filters(dated, site, False)["events"], **common)
    memo: dict = {}  # the digests of the dates, made once for all the pages
    _page(site, "chronology.html", "chronology.html", overview, memo)
    for kind, pages, with_docs in (("period", timeline_pages, True),
                                   *(("document", ps, False) for ps in doc_pages.values())):
        for n, page in enumerate(pages):
            prev = pages[n - 1] if n else None
            nxt = pages[n + 1] if n + 1 < len(pages) else None
            root = "../" * page.href.count("/")
            _page(site, page.href, "chronology-page.html", dict(
                root=root, listing=page, kind=kind, prev=prev, next=nxt,
                doc=doc_of.get(page.entries[0].doc_id) if kind == "document" else None,
                **_filters(page.entries, site, with_docs), **common), memo)
    for n, page in enumerate(par_pages):
        _page(site, page.href, "chronology-parallels.html", dict(
            root="../", listing=page,
            prev=par_pages[n - 1] if n else None, next=par_pages[n + 1] if n + 1 < len(par_pages) else None,
            **common), memo)
    site.say(f"chronology: {len(dated)} dates, {dated[0].start if dated else ''}–"
             f"{dated[-1].start if dated else ''}, {len(groups)} parallel accounts, "
             f"{1 + len(timeline_pages) + sum(map(len, doc_pages.values())) + len(par_pages)} pages")
