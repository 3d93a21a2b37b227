"""Register pages that stay small as the edition grows: a page per entry with its mentions in
context, an index per register; an entry mentioned more often than one page can hold lists its
documents, each with a page of the mentions in it, and a register too long for one page is
divided into pages by initial letter (and by a thousand entries within a letter).

At the present size every page is as it always was; the division applies only above the limits."""

from __future__ import annotations


from .. import registers
from . import parallel

MENTIONS_PER_PAGE = 500   # about 150 KB of keyword-in-context lines
ENTRIES_PER_PAGE = 1000   # about 200 KB of register table


def write(site) -> None:
    titles = site.titles
    kinds, plans = [], []
    for k in site.kinds:
        folder, heading = registers.KINDS[k][3], registers.KINDS[k][4]
        # events in the order of the dates the texts print beside them (edition/chronology.py)
        listed = sorted((e for e in site.entries.values() if e.prefix == k),
                        key=lambda e: ((e.date_key or "~") if k == "evt" else "", e.sort_name, e.id))
        kinds.append((k, folder, heading, listed))
        for e in listed:
            plan = _entry_plan(site, e, folder, heading, titles)
            if plan is not None:
                plans.append(plan)
    # the entries' pages rendered in worker processes or here (publishing/parallel.py), in order;
    # each entry's task made when its turn comes, so that its mentions are read and dropped
    # one entry at a time (kept on disk in a large edition: edition/publishing/mentionstore.py)
    tasks = (_entry_task(site, *plan, titles) for plan in plans)
    for plan, pages in zip(plans, parallel.run(site, "entry", tasks, len(plans))):
        for rel, text in pages:
            site.write(rel, text, key=plan[4])
    for k, folder, heading, listed in kinds:
        _write_index(site, listed, k, folder, heading)
        site.say(f"{heading.lower()}: {len(listed)} entries, {sum(len(e.mentions) for e in listed)} mentions")


def entry_key(site, e, heading: str, groups) -> str:
    """What an entry's page is made of: the entry as the register gives it, its mentions in
    context with their documents' titles, the dates printed beside it and its relations."""
    relations = site.env.globals.get("relations_of", lambda ref: None)(e.ref)
    # an entry's mentions in a document are made of that document and the registers' refs: the
    # key mentions.collect gave it stands for them (not the 4,000 mentions' text every build);
    # else the groups, which hold every mention of the entry in its order (registers.by_document)
    keys = getattr(site, "mention_keys", None) or {}
    mentions = [(doc_id, keys[doc_id]) for doc_id, _, _ in groups] if all(g[0] in keys for g in groups) \
        else [repr(m) for _, _, ms in groups for m in ms]
    return site.key("entry", heading, e.ref, e.name, e.sort_name, e.variants, e.dates, e.date_key, e.description,
                    e.sources, e.more, e.xml, mentions,
                    [repr(p) for p in e.printed_dates], [(doc_id, title) for doc_id, title, _ in groups], relations)


def _entry_plan(site, e, folder: str, heading: str, titles: dict[str, str]):
    """(the entry, its folder and heading, the pages not reused from the previous site, their
    key), or None when every page of the entry is reused."""
    groups = registers.by_document(e, titles)
    key = entry_key(site, e, heading, groups)
    rels = [] if site.reuse(f"{folder}/{e.id}.html", key) else [None]
    if len(e.mentions) > MENTIONS_PER_PAGE:
        rels += [doc_id for doc_id, _, _ in groups if not site.reuse(f"{folder}/{e.id}/{doc_id}.html", key)]
    return (e, folder, heading, rels, key) if rels else None


def _entry_task(site, e, folder: str, heading: str, rels: list, key: str, titles: dict[str, str]) -> dict:
    """What a worker needs to render the pages `rels` of the entry (None: its own page; a
    document id: the page of its mentions in that document)."""
    groups = registers.by_document(e, titles)
    split = len(e.mentions) > MENTIONS_PER_PAGE
    in_doc = {doc_id: (title, mentions) for doc_id, title, mentions in groups}
    pages = []
    for doc_id in rels:
        if doc_id is None:
            pages.append((f"{folder}/{e.id}.html", "entity.html", dict(
                page=folder, root="../", heading=heading, groups=groups, split=split, subfolder=e.id)))
        else:
            title, mentions = in_doc[doc_id]
            pages.append((f"{folder}/{e.id}/{doc_id}.html", "mentions.html", dict(
                page=folder, root="../../", heading=heading, doc_id=doc_id, title=title, mentions=mentions)))
    relations = site.env.globals.get("relations_of", lambda ref: None)(e.ref)
    return parallel.entry_task(e, pages, relations)


def _write_index(site, listed, kind: str, folder: str, heading: str) -> None:
    letters = sorted({e.initial for e in listed})
    if len(listed) <= ENTRIES_PER_PAGE:
        site.write(f"{folder}/index.html", site.render(
            "register.html", page=folder, root="../", entries=listed, kind=kind, heading=heading,
            letters=letters, parts=[], part=None, total=len(listed)))
        return
    parts = []  # (label, file, entries)
    for letter in letters:
        of_letter = [e for e in listed if e.initial == letter]
        stem = "index-" + (letter.lower() if letter.isalpha() else "other")
        chunks = [of_letter[i:i + ENTRIES_PER_PAGE] for i in range(0, len(of_letter), ENTRIES_PER_PAGE)]
        for n, chunk in enumerate(chunks, 1):
            label = letter if len(chunks) == 1 else f"{letter} {n}"
            parts.append((label, f"{stem}.html" if n == 1 else f"{stem}-{n}.html", chunk))
    nav = [(label, file, len(chunk)) for label, file, chunk in parts]
    site.write(f"{folder}/index.html", site.render(
        "register.html", page=folder, root="../", entries=[], kind=kind, heading=heading,
        letters=letters, parts=nav, part=None, total=len(listed)))
    for label, file, chunk in parts:
        site.write(f"{folder}/{file}", site.render(
            "register.html", page=folder, root="../", entries=chunk, kind=kind, heading=heading,
            letters=letters, parts=nav, part=label, total=len(listed)))
