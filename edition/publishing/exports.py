"""Data exports built with the site, for reuse in other tools (spreadsheets, network analysis):

  data/registers.csv, data/registers.json  one row per register entry: id, kind, preferred name,
                                           variants, dates, description, sources, mentions per document
  data/mentions.csv                        every tagged mention: document, paragraph id (DOC-pN),
                                           note id if in a note, anchor in the reading view, entity, surface form
  data/relations.csv, data/relations.json  the relations of tei/register/relations.xml as a table
                                           (a standoff view: each row points to both entries and the source)
  data/relations.xml                       the TEI listRelation itself

All under the licence of the registers (CC BY 4.0), stated in data/README.txt."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

from .. import registers
from ..checking import relations
from ..checking.xml import TEI_NS, XML_ID
from . import mentionstore
from .buildcache import digest, memo

LICENCE = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"
FILES = ("registers.csv", "registers.json", "mentions.csv", "relations.csv", "relations.json")
_PARAGRAPH = re.compile(r"^(?P<doc>.+)-p\d+$")
_NOTE = f"{{{TEI_NS}}}note"


def _csv(header: list[str], rows) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


# Mentions per document as one column (CSV) or key (JSON) for every document, zeros included,
# up to this many documents; past it (an entries × documents table: 57,000 × 1,000 at ×100, a
# file of gigabytes) only the documents that mention the entry, in document order.
WIDE_DOCUMENTS = 100


def register_rows(entries: dict, doc_ids: list[str]) -> list[dict]:
    out = []
    wide = len(doc_ids) <= WIDE_DOCUMENTS
    for e in sorted(entries.values(), key=lambda e: (e.prefix, e.sort_name, e.id)):
        counts = {d: 0 for d in doc_ids} if wide else {}  # mentions come in document order
        for doc_id, n in registers.mention_documents(e).items():
            counts[doc_id] = counts.get(doc_id, 0) + n
        out.append({"id": e.ref, "kind": registers.KINDS[e.prefix][1], "name": e.name, "variants": e.variants,
                    "dates": e.dates, "description": e.description,
                    "sources": [href for href, _ in e.sources], "mentions": sum(counts.values()),
                    "mentions_by_document": counts,
                    # the names the texts date (Petrograd 1917–1922, Leningrad 1926–1929), JSON only
                    "names_by_period": [{"name": n["name"], "period": n["period"], "sources": n["sources"]}
                                        for n in e.names_by_period]})
    return out


COLUMNS = ("document", "paragraph", "note", "anchor", "link", "entity", "surface")


def mention_rows(docs, entries: dict, cache=None):
    """Every tagged mention in document order (the anchors registers.collect_mentions gave), one
    row at a time, one document parsed at a time (400,000 rows at ×100). A document's rows are
    made of its own TEI and of which refs the registers hold: with a `cache`
    (buildcache.PageCache), those of a document unchanged since the previous build are taken
    from it; kept for the next build only up to buildcache.MEMO_DOCUMENTS documents, past which
    they would hold the whole table in memory."""
    placed = None
    keep = memo(cache, docs) is not None
    store = mentionstore.store_of(entries)  # mentions kept on disk: read a document's at a time
    refs = digest(sorted(entries)) if keep else ""
    for d in docs:
        name, key = f"mentions:{d.id}", digest(d.data, refs) if keep else ""
        old = cache.extra_old.get(name) if keep else None
        if old and old[0] == key:
            rows = [dict(zip(COLUMNS, r)) for r in old[1]]
        else:
            if store is not None:
                placed = {(m.doc_id, m.anchor): m for m in store.in_document(d.id)}
            elif placed is None:
                placed = {(m.doc_id, m.anchor): m for e in entries.values() for m in e.mentions}
            rows = _document_rows(d, entries, placed)
        if keep:
            cache.extra[name] = [key, [[r[k] for k in COLUMNS] for r in rows]]
        yield from rows


def _document_rows(d, entries: dict, placed: dict) -> list[dict]:
    out = []
    for text in d.tree.getroot().iterfind(f"{{{TEI_NS}}}text"):
        for el in text.iter(*registers.MENTION_TAGS):
            ref = el.get("ref")
            if not ref or ref not in entries:
                continue
            paragraph = next((a.get(XML_ID) for a in el.iterancestors()
                              if (a.get(XML_ID) or "").startswith(d.id + "-p") and _PARAGRAPH.match(a.get(XML_ID))), "")
            note = next((a.get(XML_ID) or "" for a in el.iterancestors(_NOTE)), "")
            m = placed.get((d.id, el.get(XML_ID)))
            out.append({"document": d.id, "paragraph": paragraph, "note": note, "anchor": el.get(XML_ID) or "",
                        "link": f"{d.id}.html#{m.fragment}" if m else "",
                        "entity": ref, "surface": " ".join("".join(el.itertext()).split())})
    return out


def _write(site, rel: str, data, render) -> None:
    """Write `rel`, rendered from `data` by `render`, or take it from the previous site when it
    was made of the same data (json.dumps with indent is Python's slow encoder: 0.1 s for the
    registers alone)."""
    key = site.key("export", rel, data) if getattr(site, "cache", None) is not None else None
    if key is None or not site.reuse(rel, key):
        site.write(rel, render(), key=key)


def relation_rows(register_dir) -> list[dict]:
    path = relations.path_in(register_dir)
    if not path.exists():
        return []
    from lxml import etree
    out = []
    for r in relations.read(etree.parse(str(path))):
        out.append({"relation": r.name, "active": r.active, "passive": r.passive, "mutual": r.mutual,
                    "when": r.when, "notBefore": r.not_before, "notAfter": r.not_after, "source": r.sources})
    return out


def write_exports(site) -> None:
    project = site.project
    doc_ids = [d.id for d in site.docs]
    regs = register_rows(site.entries, doc_ids)
    wide = len(doc_ids) <= WIDE_DOCUMENTS
    _write(site, "data/registers.json", regs,
           lambda: json.dumps({"licence": LICENCE, "entries": regs}, ensure_ascii=False, indent=1))
    per_doc = doc_ids if wide else ["documents"]
    _write(site, "data/registers.csv", [doc_ids, regs], lambda: _csv(
        ["id", "kind", "name", "variants", "dates", "description", "sources", "mentions", *per_doc],
        ([r["id"], r["kind"], r["name"], " | ".join(r["variants"]), r["dates"], r["description"], " ".join(r["sources"]),
          r["mentions"], *([r["mentions_by_document"][d] for d in doc_ids] if wide else
                           [" ".join(f"{d}:{n}" for d, n in r["mentions_by_document"].items())])] for r in regs)))
    # row by row into the file: the rows and the text of a 400,000-row table are not held
    ments = 0
    with (site.out / "data" / "mentions.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        for m in mention_rows(site.docs, site.entries, getattr(site, "cache", None)):
            w.writerow([m[k] for k in COLUMNS])
            ments += 1
    rels = relation_rows(project.register_dir)
    _write(site, "data/relations.json", rels,
           lambda: json.dumps({"licence": LICENCE, "relations": rels}, ensure_ascii=False, indent=1))
    _write(site, "data/relations.csv", rels, lambda: _csv(
        ["relation", "active", "passive", "mutual", "when", "notBefore", "notAfter", "source"],
        ([r["relation"], " ".join(r["active"]), " ".join(r["passive"]), " ".join(r["mutual"]), r["when"],
          r["notBefore"], r["notAfter"], " ".join(r["source"])] for r in rels)))
    src = relations.path_in(project.register_dir)
    written = list(FILES)
    if src.exists():
        shutil.copy(src, site.out / "data" / "relations.xml")
        written.append("relations.xml")
    site.env.globals["exports"] = written
    site.write("data/README.txt", README.format(licence=LICENCE, entries=len(regs), mentions=ments,
                                                relations=len(rels), per_document=PER_DOCUMENT[wide]))
    site.say(f"exports: {len(regs)} entries, {ments} mentions, {len(rels)} relations")


PER_DOCUMENT = {
    True: "one column per document",
    False: ("a column \"documents\":\n"
            "               DOCUMENT:COUNT for each document that mentions the entry, in document\n"
            "               order, space-separated (JSON: mentions_by_document lists only those\n"
            f"               documents); past {WIDE_DOCUMENTS} documents, a column per document would make\n"
            "               a table of entries × documents"),
}

README = """Data exports of the registers of this edition
=============================================

Licence: {licence}. Cite the edition and the entry ids.

registers.csv / registers.json ({entries} entries)
  id           the entry's identifier in the TEI (per:, org:, pla:, evt: + xml:id)
  kind         person, org, place, event
  name         the preferred name; variants: the other forms the texts print (" | " between them)
  dates        life dates or dates of existence, as the texts give them
  description  the editors' identification, or the quoted passage that still stands for it
  sources      the passages the description points to (site-relative links)
  mentions     mentions in the whole edition, then {per_document}
  names_by_period (JSON only) the names the texts date, earliest first: name, period (the
               years in which the texts use it, not a renaming date), sources (TEI pointers)

mentions.csv ({mentions} mentions)
  document     the document id (its page is DOCUMENT.html, its TEI tei/DOCUMENT.xml)
  paragraph    the id of the enclosing paragraph, DOCUMENT-pN, the same in the TEI, HTML and PDF
  note         the id of the note the mention stands in, if any (DOCUMENT-nN)
  anchor       the mention's own id, DOCUMENT-mN in document order (its destination in the PDF)
  link         where the reading view shows it: its paragraph or note, and the name itself
               through a text fragment (DOCUMENT.html#PARAGRAPH:~:text=...)
  entity       the register entry (as in registers.csv)
  surface      the words as printed

relations.csv / relations.json / relations.xml ({relations} relations)
  relation     member, signatory, added-signature, chair, secretary, general-secretary,
               part-of, meeting-of, successor (see relations.xml's header)
  active, passive, mutual   the entries at either end (space-separated ids)
  when, notBefore, notAfter dates the source gives
  source       the passage that states it (TEI pointer, relative to tei/register/)
"""
