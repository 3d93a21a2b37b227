"""Full-text search of the built site with Pagefind, run offline at build time.

What is indexed is the passage, not the page: each paragraph, list item, heading and note of a
document page becomes one record whose URL is the passage's own anchor (`allen.html#allen-p12`),
so a result leads to the exact place, and its filters (which names it mentions, which years its
dates fall in) describe that passage rather than a whole document. Register entries are records
of their own, weighted so that a name query finds the entry first.

A name is found under every spelling the registers know: after each tagged mention, the record's
text carries the entry's other spellings between ⟨ ⟩ (and a misprint's correction between ⟪ ⟫);
a name printed outside a mention gets its surname's spellings (`spelling_classes`). They exist
only in the index, never in the pages, so readers and screen readers meet the text as printed;
the search page (assets/search.js) drops the spellings from its snippets and marks the printed
name instead, and shows a correction as the editors'.

What the reading view must keep for this (xslt/html.xsl): the text in `<article>`, names as links
to their register pages (a name inside a linked name as `.entity[data-ref]`), notes as
`[role=doc-footnote]` with their number in `a.nl`, note calls `.noteref`, corrections as `.corr`
beside the printed `.sic`, dates as `<time>` (a `datetime` unless the text is the value, and
`data-to`), sections as `<section id>` with their heading.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import re
import resource
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html

from .. import registers
from . import searchfolder
from .buildcache import memo

ALSO = ("⟨", "⟩")      # the entry's other spellings, after a mention
CORR = ("⟪", "⟫")      # the editors' correction, after a misprint
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "figcaption", "td", "th",
          "blockquote", "pre", "div"}
HEADINGS = ("h2", "h3", "h4", "h5", "h6")
# Parts of the reading view that are apparatus around the text, not text: note calls (their
# numbers would be noise in a snippet), a note's printed label and its way back.
SKIP_CLASSES = {"noteref", "nl", "pl"}
# A register page's address in a reading view's link names the entry (edition/registers.py KINDS).
REGISTER_HREF = re.compile(r"(?:^|/)(persons|organisations|places|events)/([^/#]+)\.html$")
FOLDER_PREFIX = {"persons": "per", "organisations": "org", "places": "pla", "events": "evt"}
WORD = re.compile(r"[^\W\d_][\w'’.-]*")
TEXT_DIR = "_text"  # where passage records live in the index: _text/DOC/ANCHOR.html → DOC.html#ANCHOR
UNUSED_UI = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
             "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
KIND_LABEL = {k: v[4] for k, v in registers.KINDS.items()}   # per → "Persons"


def available() -> bool:
    """Whether Pagefind's binary is installed (the `pagefind[bin]` dependency)."""
    return binary() is not None


def binary() -> Path | None:
    """Pagefind's binary, looked for where `pagefind.service.get_executable` looks, without
    importing that module (its asyncio costs a twentieth of a second of every build)."""
    if os.environ.get("PAGEFIND_BINARY_PATH"):
        return Path(os.environ["PAGEFIND_BINARY_PATH"])
    import importlib
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            return importlib.import_module(package).get_executable()
        except (ImportError, FileNotFoundError):  # not installed, or installed without its binary
            continue
    import shutil
    found = shutil.which("pagefind_extended") or shutil.which("pagefind")
    return Path(found) if found else None


@dataclass
class Record:
    url: str                       # where the result leads, from the site's root
    path: str                      # the file Pagefind reads; its URL is the result's
    parts: list[tuple[str, int]]   # (text, Pagefind weight)
    meta: dict[str, str]
    filters: dict[str, list[str]] = field(default_factory=dict)
    section: str = ""              # shown beside the hit, not indexed

    @property
    def text(self) -> str:
        return " ".join(t for t, _ in self.parts)


POSSESSIVE, MARKS = re.compile(r"['’]s$"), re.compile(r"['’.-]")


@functools.lru_cache(maxsize=1 << 16)  # every word of the edition passes here, most of them often
def _key(word: str) -> str:
    """The form Pagefind matches on: case, apostrophes and a possessive ending do not count."""
    return MARKS.sub("", POSSESSIVE.sub("", word)).casefold()


@functools.lru_cache(maxsize=None)
def _spellings(names: tuple[str, ...]) -> tuple[str, ...]:
    out, seen = [], set()
    for name in names:
        for w in WORD.findall(name):
            w = w.rstrip(".")
            k = _key(w)
            if len(k) < 2 or not w[:1].isupper() or k in seen:
                continue
            seen.add(k)
            out.append(w)
    return tuple(out)


def spelling_classes(entries: dict) -> dict[str, tuple[str, ...]]:
    """Word → every spelling of that word the registers give, for words printed anywhere, also
    outside a tagged mention (a URL, another person's name: "Natalia Sedova Trotsky"). A class
    is an entry's surname (or its one-word name) with the entry's one-word variants, so
    Trotsky ~ Trotskii ~ Trostky, but not Leon ~ Lev."""
    classes: dict[str, set[str]] = {}
    for e in entries.values():
        preferred = next((n for n in e.element if n.get("type") == "preferred"), None)
        surname = preferred.find(f"{{{registers.TEI_NS}}}surname") if preferred is not None else None
        heads = [registers._text(surname)] if surname is not None else ([e.name] if len(WORD.findall(e.name)) == 1 else [])
        words = [w for w in heads + [v for v in e.variants if len(WORD.findall(v)) == 1] if len(WORD.findall(w)) == 1]
        members = list(_spellings(tuple(words)))
        if len({_key(w) for w in members}) < 2:
            continue
        for w in members:
            classes.setdefault(_key(w), set()).update(members)
    return {k: tuple(sorted(v, key=_key)) for k, v in classes.items() if len(k) >= 4}


HINT = re.compile(f"({ALSO[0]}[^{ALSO[1]}]*{ALSO[1]}|{CORR[0]}[^{CORR[1]}]*{CORR[1]})")


_STARTS: dict[int, tuple[dict, dict]] = {}


def _by_start(classes: dict) -> dict[str, list[str]]:
    """The classes by their first four letters (most words are no spelling: dismissed by their
    start), made once per `classes` rather than once per passage."""
    kept = _STARTS.get(id(classes))
    if kept is None or kept[0] is not classes:
        by_start: dict[str, list[str]] = {}
        for c in classes:
            by_start.setdefault(c[:4], []).append(c)
        _STARTS.clear()  # one build's classes at a time
        kept = _STARTS[id(classes)] = (classes, by_start)
    return kept[1]


def respell(text: str, classes: dict[str, tuple[str, ...]]) -> str:
    """Put after every printed word that is a spelling in `classes` the word's other spellings
    (unless the mention's own hint right after gives them already). A longer word built on one
    ("Shliapnikova", "Trotskyists") gets every spelling of it: Pagefind finds a query also as
    the start of a longer word, so each spelling should find what one of them finds."""
    if not classes:
        return text
    by_start = _by_start(classes)
    segs = HINT.split(text)
    out = []
    for i, seg in enumerate(segs):
        if i % 2:
            out.append(seg)
            continue
        following = {_key(w) for w in WORD.findall(segs[i + 1])} if i + 1 < len(segs) else set()

        def hint(m):
            word = m.group()
            k = _key(word)
            if k[:4] not in by_start:
                return word
            if k in classes:
                others = [w for w in classes[k] if _key(w) != k]
            else:
                base = max((c for c in by_start.get(k[:4], ()) if k.startswith(c) and k != c), key=len, default=None)
                if base is None:
                    return word
                # the word itself may not start with its base once stemmed (Trotskyism), so
                # every spelling of the base goes with it
                others = list(classes[base])
            others = [w for w in others if _key(w) not in following]
            return f"{word} {ALSO[0]}{' '.join(others)}{ALSO[1]}" if others else word

        out.append(WORD.sub(hint, seg))
    return "".join(out)


def spellings(entry: registers.Entry) -> list[str]:
    """The words of every name the register gives an entry (preferred form and variants,
    misprints included), once each; initials and lower-case particles are left out, since
    they say nothing about whom a passage names."""
    return list(_spellings((entry.name, *entry.variants)))


class _Text:
    """A block's text as the index sees it: the printed words, with other spellings and
    corrections put in at the next word boundary (never inside "Stalin's")."""

    def __init__(self):
        self.parts: list[str] = []
        self.pending: list[str] = []

    def add(self, s: str) -> None:
        if not s:
            return
        if self.pending:
            m = re.search(r"\s", s)
            if m is None:
                self.parts.append(s)
                return
            self.parts.append(s[:m.start()])
            self.flush()
            s = s[m.start():]
        self.parts.append(s)

    def hint(self, words: list[str], marks: tuple[str, str]) -> None:
        if words:
            self.pending.append(f"{marks[0]}{' '.join(words)}{marks[1]}")

    def flush(self) -> None:
        if self.pending:
            self.parts.append(" " + " ".join(self.pending))
            self.pending = []

    def value(self) -> str:
        self.flush()
        return " ".join("".join(self.parts).split())


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _skipped(el) -> bool:
    return bool(_classes(el) & SKIP_CLASSES) or el.get("data-pagefind-ignore") is not None


def _ref(el) -> str | None:
    """The register entry a name points to: its link's address, or (a name inside a linked name)
    its data-ref."""
    if "entity" in _classes(el):
        return el.get("data-ref")
    if el.tag == "a":
        m = REGISTER_HREF.search(el.get("href") or "")
        if m:
            return f"{FOLDER_PREFIX[m.group(1)]}:{m.group(2)}"
    return None


def _corrections(el) -> list[str]:
    return [" ".join(c.text_content().split()) for c in el.iter() if isinstance(c.tag, str) and "corr" in _classes(c)]


def _walk(el, out: _Text, entries: dict, kinds: set[str], years: set[str]) -> None:
    if not isinstance(el.tag, str):
        return
    if _skipped(el):
        return
    if "corr" in _classes(el):  # the editors' correction, in the page beside the printed reading
        out.hint([" ".join(el.text_content().split())], CORR)
        return
    ref = _ref(el)
    entry = entries.get(ref) if ref else None
    if el.tag == "time":  # a year printed as such is its own value (no datetime attribute)
        years.update(_years(el.get("datetime") or el.text_content().strip(), el.get("data-to")))
    out.add(el.text or "")
    for child in el:
        _walk(child, out, entries, kinds, years)
        out.add(child.tail or "")
    if el.tag == "abbr" and el.get("title"):
        out.hint([el.get("title")], CORR)
    if entry is not None:
        kinds.add(KIND_LABEL[entry.prefix])
        printed = {_key(w) for w in WORD.findall(el.text_content() + " " + " ".join(_corrections(el)))}
        out.hint([w for w in spellings(entry) if _key(w) not in printed], ALSO)


def _years(start: str, end: str | None) -> set[str]:
    """The years a date covers: its own, or every year of a range up to a dozen years long."""
    a = re.match(r"-?\d{4}", start or "")
    if not a:
        return set()
    b = re.match(r"-?\d{4}", end or "")
    first, last = int(a.group()), int(b.group()) if b else int(a.group())
    if last < first or last - first > 12:
        last = first
    return {str(y) for y in range(first, last + 1)}


def _has_block(el) -> bool:
    return any(isinstance(d.tag, str) and d.tag in BLOCKS for d in el.iterdescendants())


def _units(el):
    """The smallest blocks of the text, in reading order; a note is one unit with its
    paragraphs."""
    for child in el:
        if not isinstance(child.tag, str) or _skipped(child):
            continue
        if child.get("role") == "doc-footnote":
            yield child
        elif child.tag in BLOCKS and not _has_block(child):
            yield child
        else:
            yield from _units(child)


def _anchor(el) -> str:
    """The nearest id a link can point to: the block's own, its section's, or the text's."""
    for a in (el, *el.iterancestors()):
        if a.get("id"):
            return a.get("id")
    return ""


def _heading_text(h) -> str:
    out = _Text()
    _walk(h, out, {}, set(), set())
    return re.sub(f"[{ALSO[0]}{CORR[0]}].*?[{ALSO[1]}{CORR[1]}]", "", out.value()).strip()


def _section(el) -> str:
    """The nearest heading above a block: the heading of its section, else none."""
    for a in el.iterancestors("section"):
        h = next((c for c in a if isinstance(c.tag, str) and c.tag in HEADINGS), None)
        if h is not None:
            return _heading_text(h)
    return ""


def document_records(page: Path, doc_id: str, title: str, book: str, entries: dict,
                     classes: dict) -> list[Record]:
    """One record per passage of a built document page (the `article` of the reading view)."""
    tree = lxml.html.parse(str(page))
    article = tree.find(".//article")
    if article is None:
        return []
    merged: dict[str, Record] = {}
    for unit in _units(article):
        kinds, years = set(), set()
        text = _Text()
        _walk(unit, text, entries, kinds, years)
        value = respell(text.value(), classes)
        if not value:
            continue
        anchor = _anchor(unit)
        is_note = unit.get("role") == "doc-footnote"
        if is_note:
            editorial = any("editorial" in _classes(a) for a in (unit, *unit.iterancestors()))
            label = unit.find(".//a[@class='nl']")
            section = ("Editorial note " if editorial else "Note ") + (label.text_content().strip() if label is not None else "")
        else:
            section = _section(unit)
        link = f"{doc_id}.html#{anchor}" if anchor else f"{doc_id}.html"
        rec = merged.get(link)
        if rec is None:
            rec = merged[link] = Record(link, f"{TEXT_DIR}/{doc_id}/{anchor or '_'}.html", [], {},
                                        {"Type": ["Note" if is_note else "Text"],
                                         "Book": [book] if book else [], "Document": [title],
                                         "Mentions": [], "Year": []}, section)
        rec.parts.append((value, 1))
        rec.filters["Mentions"] = sorted(set(rec.filters["Mentions"]) | kinds)
        rec.filters["Year"] = sorted(set(rec.filters["Year"]) | years)
    for rec in merged.values():
        rec.filters = {k: v for k, v in rec.filters.items() if v}
    return list(merged.values())


def entry_record(entry: registers.Entry, docs: int, classes: dict) -> Record:
    """The register entry as the index sees it: its names, weighted so that a name query ranks
    the entry above the passages that mention it. The description is left out: it quotes a
    passage of the texts (with a pointer to it), which is indexed there with its names tagged."""
    kind = registers.KINDS[entry.prefix]
    count = len(entry.mentions)
    facts = " · ".join(x for x in (entry.dates, f"{count} mention{'s' if count != 1 else ''}"
                                   f" in {docs} document{'s' if docs != 1 else ''}") if x)
    parts = [(entry.name, 10)]
    if entry.variants:
        parts.append(("Also written: " + " · ".join(entry.variants), 8))
    # spellings of words in the names that belong to other entries (Natalia Sedova Trotsky)
    # count, but without the weight of the entry's own names
    borrowed = " ".join(HINT.findall(respell(" · ".join([entry.name, *entry.variants]), classes)))
    parts.append(((borrowed + " " if borrowed else "") + facts + ".", 1))
    link = f"{entry.folder}/{entry.id}.html"
    return Record(link, link, parts, {"title": entry.name}, {"Type": ["Register entry"], "Mentions": [kind[4]]})


def record_html(rec: Record, language: str) -> str:
    """A record as a small page for Pagefind: meta and filters read from attributes (titles may
    hold commas and colons), the text as the only body. Pagefind makes meta searchable, so
    the only meta is an entry's name, which its text holds anyway."""
    e = lambda v: html.escape(v, quote=True)  # noqa: E731
    head = [f'<span data-pagefind-meta="{k}[data-v]" data-v="{e(v)}"></span>' for k, v in rec.meta.items() if v]
    head += [f'<span data-pagefind-filter="{k}[data-v]" data-v="{e(v)}"></span>'
             for k, values in rec.filters.items() for v in values]
    body = "".join(f'<p data-pagefind-weight="{w}">{e(t)}</p>' if w != 1 else f"<p>{e(t)}</p>"
                   for t, w in rec.parts)
    return (f'<!DOCTYPE html><html lang="{e(language)}"><head><meta charset="utf-8"><title></title></head>'
            f'<body>{"".join(head)}<main data-pagefind-body>{body}</main></body></html>')


def _book(site, d) -> str:
    """The title of the book a document is part of (edition.toml [collections]), if any."""
    coll = site.project.collections.get(d.collection) if d.collection else None
    return coll["title"] if coll else ""


def records(site):
    """Every passage of every document page as built, then every register entry, one at a time:
    together they are the text of the whole edition (a hundred megabytes at ×100), not held."""
    classes = spelling_classes(site.entries)
    cache = getattr(site, "cache", None)
    # a document's records are kept for the next build only up to buildcache.MEMO_DOCUMENTS
    # documents: past it they would hold every passage of the edition until the build ends
    keep = memo(cache, site.docs) is not None
    # a document's records are made of its page, its title and book, and the registers' names
    names = _names_key(site.entries, classes) if cache is not None else ""
    for d in site.docs:
        name = f"search:{d.id}"
        key = f"{cache.pages.get(f'{d.id}.html')}:{d.title}:{_book(site, d)}:{names}" if cache is not None else ""
        old = cache.extra_old.get(name) if cache is not None else None
        if old and old[0] == key and cache.pages.get(f"{d.id}.html"):
            recs = [Record(r[0], r[1], [tuple(x) for x in r[2]], r[3], r[4], r[5]) for r in old[1]]
        else:
            recs = document_records(site.out / f"{d.id}.html", d.id, d.title, _book(site, d),
                                    site.entries, classes)
        if keep:
            cache.extra[name] = [key, [[r.url, r.path, r.parts, r.meta, r.filters, r.section] for r in recs]]
        yield from recs
    for e in site.entries.values():
        if e.prefix in site.kinds:
            yield entry_record(e, len(registers.mention_documents(e)), classes)


def _names_key(entries: dict, classes: dict) -> str:
    from .buildcache import digest
    return digest(sorted((ref, e.prefix, e.name, e.variants) for ref, e in entries.items()), classes)


def labels(site, sections: dict[str, str]) -> dict:
    """What the search page shows beside a hit and Pagefind must not index: document titles
    and each passage's section (`sections`: link → heading, see `section_of`)."""
    return {"documents": {d.id: d.title for d in site.docs}, "text_dir": TEXT_DIR,
            "registers": {registers.KINDS[k][3]: f"Register of {registers.KINDS[k][4].lower()}" for k in site.kinds},
            "sections": sections}


def section_of(rec: Record) -> str | None:
    """A record's entry in the labels' sections, keyed by its link, if it has one."""
    return rec.section if rec.section and rec.url != rec.path else None


def _index(pages: Path, out_dir: Path, language: str, staging: Path | None = None,
           kept: "searchfolder.Folder | None" = None) -> int:
    """Index the record pages under `pages` into `out_dir`; how many Pagefind read (a record
    without a word, "[…]", is read but has nothing to index). With `staging` (a new folder on
    the site's file system), the index is then put there, leaving out the interfaces the
    edition does not use, so that putting it into the site is a rename. `kept`: the folder kept
    between builds (publishing/searchfolder.py); when it holds an index, Pagefind writes into
    `staging` seeded with that index's files (hard links) and writes only what is new; the
    folder keeps what this run made.

    Pagefind's command line, not its Python service: the service reads each answer after a
    tenth of a second's sleep (1.4-2.6 s for the edition's 1,500 records, against 0.3-0.5 s
    for the command), and once left an empty pagefind.js behind; the command has written
    everything when it exits."""
    import subprocess

    exe = binary()
    if exe is None:
        raise OSError("pagefind: binary not found")
    seeded = kept is not None and not kept.fresh and staging is not None
    if seeded:
        out_dir = staging
        kept.seed(out_dir)
    r = subprocess.run([str(exe), "--site", str(pages), "--output-path", str(out_dir),
                        "--force-language", language], capture_output=True, text=True)
    if r.returncode != 0 or not (out_dir / "pagefind-entry.json").is_file():
        raise OSError(f"pagefind exited with {r.returncode}: {(r.stderr or r.stdout).strip()[-500:]}")
    if not (out_dir / "pagefind.js").is_file():
        raise OSError("pagefind wrote no pagefind.js")
    if seeded:
        searchfolder.prune(out_dir)
    if staging is not None and out_dir != staging:
        searchfolder.stage(out_dir, staging, UNUSED_UI)
    else:  # Pagefind's own ready-made interfaces (418 KB) are not used: assets/search.js is the UI
        for name in UNUSED_UI:
            (out_dir / name).unlink(missing_ok=True)
    if kept is not None:
        kept.keep(staging if staging is not None else out_dir)
        kept.close()
    found = re.search(r"Found (\d+) files? matching", r.stdout)
    return int(found.group(1)) if found else 0


def write_search(site) -> None:
    """The search page and the index it reads; neither exists unless Pagefind is installed,
    and the header's search box (base.html) appears only then."""
    start_search(site).finish()


@dataclass
class Made:
    """What the build keeps of the records once each is written for Pagefind: how many, and the
    labels the search page needs (not the records, which hold the whole edition's text)."""
    count: int = 0
    entries: int = 0
    sections: dict[str, str] = field(default_factory=dict)

    def add(self, rec: Record) -> None:
        self.count += 1
        self.entries += rec.filters.get("Type") == ["Register entry"]
        section = section_of(rec)
        if section is not None:
            self.sections[rec.url] = section


class Pending:
    """Pagefind at work in a thread of its own (its binary is a process of its own, so it runs
    beside the build's later stages on another core); `finish`, the build's last step before
    the site is put in place, waits for it and puts the index into the site."""

    def __init__(self, site, made: "Made | None" = None, key=None, t0=0.0, cpu0=0.0):
        self.site, self.made, self.key, self.t0, self.cpu0 = site, made, key, t0, cpu0
        self.future = self.pool = self.tmp = self.staging = None
        self.done = made is None

    def finish(self) -> None:
        if self.done:
            return
        self.done = True
        site, made, out_dir = self.site, self.made, self.site.out / "pagefind"
        from .site import BuildFailed  # site imports this module
        try:
            indexed = self.future.result()
            if indexed == made.count:
                self.staging.rename(out_dir)
        except Exception as err:  # the binary's failures come as bare exceptions
            raise BuildFailed(f"search: Pagefind failed: {err}") from err
        finally:
            self._clean()
        if indexed != made.count:
            raise BuildFailed(f"search: Pagefind indexed {indexed} of {made.count} records")
        (out_dir / "labels.json").write_text(json.dumps(labels(site, made.sections), ensure_ascii=False), encoding="utf-8")
        entries = made.entries
        size = sum(f.stat().st_size for f in out_dir.rglob("*") if f.is_file())
        site.say(f"search: indexed {made.count - entries} passages and {entries} register entries, "
                 f"{size / 1024:.0f} KB ({time.perf_counter() - self.t0:.2f} s, {_cpu() - self.cpu0:.2f} s CPU)")

    def wait(self) -> None:
        """On the way out of a failed build: Pagefind done with its folders before they are removed."""
        if not self.done and self.future is not None:
            self.done = True
            import concurrent.futures
            concurrent.futures.wait([self.future])
            self._clean()

    def _clean(self) -> None:
        import shutil
        self.pool.shutdown()
        if self.tmp is not None:
            self.tmp.cleanup()
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)


def start_search(site) -> Pending:
    """Write the search page and the records, and start Pagefind on them (or take the previous
    site's index when the records are the same as its)."""
    if not site.env.globals.get("search"):
        site.say("search: skipped (Pagefind's binary is not installed)")
        return Pending(site)
    t0, cpu0 = time.perf_counter(), _cpu()
    site.write("search.html", site.render("search.html", page="search", root=""))
    out_dir = site.out / "pagefind"
    language = site.project.meta.get("language") or "en"
    cache = getattr(site, "cache", None)
    kept = _kept_folder(site)
    made = Made()
    pending = Pending(site, made, None, t0, cpu0)
    # Pagefind reads the records and writes its 1,500 files in memory (tmpfs) where there is
    # one, unless it builds on a kept index: a third of a second faster than on this disk,
    # where its threads contend creating them in one fresh folder. The records are written
    # afresh each build, in their order (Pagefind numbers the pages in the order it reads them).
    shm = Path("/dev/shm")
    in_memory = shm.is_dir() and os.access(shm, os.W_OK)
    pending.tmp = tempfile.TemporaryDirectory(prefix="edition-search-", dir=shm if in_memory else None)
    records_dir, index_dir = Path(pending.tmp.name, "records"), Path(pending.tmp.name, "index")
    # each record written as it is made (together they are the text of the whole edition, not
    # held: only their count and labels are kept), the key made of their digests
    pages, folders = {}, set()
    for rec in records(site):
        made.add(rec)
        text = record_html(rec, language)
        pages[rec.path] = hashlib.sha256(text.encode()).hexdigest()
        file = records_dir / rec.path
        if file.parent not in folders:
            file.parent.mkdir(parents=True, exist_ok=True)
            folders.add(file.parent)
        file.write_text(text, encoding="utf-8")
    from .buildcache import digest
    pending.key = key = digest(language, sorted(pages.items()))
    if cache is not None and cache.reuse_tree("pagefind", key, site.out, "pagefind"):
        # the same records as the previous site's index: that index as it is
        pending.tmp.cleanup()
        (out_dir / "labels.json").unlink()
        (out_dir / "labels.json").write_text(json.dumps(labels(site, made.sections), ensure_ascii=False), encoding="utf-8")
        site.say(f"search: index of {made.count} records unchanged, reused ({time.perf_counter() - t0:.2f} s)")
        return Pending(site)
    # the index is put together beside the site and renamed into it at the end
    pending.staging = Path(tempfile.mkdtemp(prefix=f".{site.out.name}-pagefind-", dir=site.out.parent))
    if cache is not None:  # the build's record is made before the index is done (it fails the build otherwise)
        cache.extra["pagefind"] = key
    import concurrent.futures
    pending.pool = concurrent.futures.ThreadPoolExecutor(1)
    if kept is not None:
        kept.open()
    pending.future = pending.pool.submit(_index, records_dir, index_dir, language, pending.staging, kept)
    return pending


def _kept_folder(site) -> "searchfolder.Folder | None":
    """The working folder kept for this output folder's builds, beside the build's page cache
    (none for a build without one)."""
    cache = getattr(site, "cache", None)
    if cache is None or cache.file is None:
        return None
    return searchfolder.Folder(searchfolder.root_for(cache.file))


def _cpu() -> float:
    """CPU seconds of this process and of the children it has waited for (Pagefind's binary)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
