"""The whole edition as one printed volume (pdf/edition.pdf): half-title, title page, contents,
the editorial principles, every document in the edition's order (a book's documents gathered
as one part), then the indexes, laid out once the text's pages are known (edition/pdf.py)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from . import printindex
from .pdf import VolumeIndex
from ..checking.xml import NS, XML_ID, XML_NS


class DuplicateIds(Exception):
    pass


@dataclass
class Part:
    """A group of the volume: a book's documents under its title, or one document alone."""
    collection: str
    title: str
    description: str
    docs: list


def parts(project, docs) -> list[Part]:
    out: list[Part] = []
    for d in docs:
        coll = project.collections.get(d.collection) if d.collection else None
        if coll and out and out[-1].collection == d.collection:
            out[-1].docs.append(d)
        else:
            out.append(Part(d.collection if coll else "", (coll or {}).get("title", ""),
                            (coll or {}).get("description", ""), [d]))
    return out


def edition_date(project, docs) -> str:
    """edition.toml's date; without one, the latest date the documents' headers give for the
    edition's publication."""
    if project.meta.get("date"):
        return str(project.meta["date"])
    dates = [el.get("when") for d in docs
             for el in d.tree.getroot().iterfind("t:teiHeader/t:fileDesc/t:publicationStmt/t:date", NS)
             if el.get("when")]
    return max(dates, default="")


def note_anchors(docs) -> set[str]:
    """The ids that stand inside a note, of the source or of the editors."""
    return {el.get(XML_ID) for d in docs for note in d.tree.getroot().iterfind(".//t:text//t:note", NS)
            for el in note.iter() if el.get(XML_ID)}


def keywords(doc_ids: list[str], entries: dict, limit: int = 8) -> list[str]:
    """The persons and bodies the documents name most often, by the markup."""
    counts: Counter = Counter()
    for e in entries.values():
        if e.prefix in ("per", "org"):
            n = sum(1 for m in e.mentions if m.doc_id in doc_ids)
            if n:
                counts[e.name] += n
    return [name for name, _ in counts.most_common(limit)]


def check_unique_ids(html: str) -> None:
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    dupes = sorted(i for i, n in ids.items() if n > 1)
    if dupes:
        raise DuplicateIds(f"pdf/edition.pdf: {len(dupes)} id(s) used twice in the volume: {', '.join(dupes[:10])}")


def html(site, printed: dict[str, str]) -> tuple[str, VolumeIndex]:
    """The volume's print HTML (its indexes a placeholder) and what the indexes are made of."""
    project, docs = site.project, site.docs
    ctx = {"edition": project.meta, "date": edition_date(project, docs)}
    groups = []
    for part in parts(project, docs):
        items = []
        for d in part.docs:
            collection = project.collections.get(d.collection) if d.collection else None
            body = site.render("partials/print-document.html", doc=print_doc(d), collection=collection,
                               in_volume=True, body=Markup(printed[d.id]))
            items.append({"doc": d, "html": Markup(body)})
        groups.append({"part": part, "members": items})
    text = site.render("volume.html", groups=groups, indexes=printindex.INDEXES,
                       keywords=keywords([d.id for d in docs], site.entries), **ctx)
    check_unique_ids(text)
    subjects = printindex.subjects(site.entries, note_anchors(docs))
    return text, VolumeIndex(subjects, str(project.templates_dir), ctx)


def print_doc(d) -> dict:
    """A document as the print templates read it."""
    return {**d.__dict__, "lang": d.tree.getroot().get(f"{{{XML_NS}}}lang") or "en"}


def tei_attachment(d) -> tuple[Path, str]:
    return d.path, f"TEI P5 source of “{d.title}” ({d.path.name}), from which this PDF was made"
