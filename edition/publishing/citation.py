"""How to cite a document of the edition: one record per document, from edition.toml and the
TEI header, written as the sentence on the page, as BibTeX and as CSL-JSON. The reader's browser
adds the address it sees (edition.js) when edition.toml gives no `url`."""

from __future__ import annotations

import json
import os
import re
import time

from ..corpus import Document


def build_date() -> str:
    """The day of this build, ISO 8601; SOURCE_DATE_EPOCH fixes it for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    seconds = int(epoch) if epoch and epoch.strip().isdigit() else int(time.time())
    return time.strftime("%Y-%m-%d", time.gmtime(seconds))


def record(meta: dict, doc: Document, date: str) -> dict:
    """Everything a citation needs; the page carries it as JSON for the script."""
    url = meta.get("url", "")
    return {
        "id": doc.id,
        "title": doc.title + (f": {doc.subtitle}" if doc.subtitle else ""),
        "authors": doc.authors,
        "translator": doc.translator,
        "edition": meta.get("title", ""),
        "editors": meta.get("editors", ""),
        "version": str(meta.get("version", "")),
        "date": date,
        "original": doc.source,
        "url": f"{url.rstrip('/')}/{doc.id}.html" if url else "",
    }


def sentence(rec: dict) -> str:
    """Chicago-like: Author, “Title,” trans. X, in Edition, ed. Editors, version V (date), URL.
    (A paragraph's citation, with the address the reader sees, is composed by assets/cite.js.)"""
    parts = []
    if rec["authors"]:
        parts.append(", ".join(rec["authors"]) + ",")
    parts.append(f"“{rec['title']},”")
    if rec["translator"]:
        parts.append(f"trans. {rec['translator']},")
    parts.append(f"in {rec['edition']}, ed. {rec['editors']}, version {rec['version']} ({rec['date']})")
    text = " ".join(parts)
    if rec["url"]:
        text += f", {rec['url']}"
    return text + "."


def _bib_escape(value: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", value)


def bibtex(rec: dict) -> str:
    fields = [("title", rec["title"]),
              ("author", " and ".join(rec["authors"])),
              ("translator", rec["translator"]),
              ("booktitle", rec["edition"]),
              ("editor", rec["editors"]),
              ("edition", f"version {rec['version']}"),
              ("year", rec["date"][:4]),
              ("date", rec["date"]),
              ("url", rec["url"]),
              ("note", f"Originally published: {rec['original']}" if rec["original"] else "")]
    body = ",\n".join(f"  {k} = {{{_bib_escape(v)}}}" for k, v in fields if v)
    return f"@incollection{{{rec['id']},\n{body}\n}}\n"


def csl_json(rec: dict) -> str:
    def names(people: list[str]) -> list[dict]:
        return [{"literal": p} for p in people if p]
    item = {"id": rec["id"], "type": "chapter", "title": rec["title"], "author": names(rec["authors"]),
            "translator": names([rec["translator"]]), "container-title": rec["edition"],
            "editor": names([rec["editors"]]), "version": rec["version"],
            "issued": {"date-parts": [[int(x) for x in rec["date"].split("-")]]}}
    if rec["url"]:
        item["URL"] = rec["url"]
    if rec["original"]:
        item["note"] = f"Originally published: {rec['original']}"
    item = {k: v for k, v in item.items() if v}
    return json.dumps([item], ensure_ascii=False, indent=1) + "\n"
