"""`edition new`: a valid skeleton TEI file with a complete header, for a new source."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .config import Project

SKELETON = Path(__file__).parent / "skeleton"
ID = re.compile(r"^[a-z][a-z0-9-]*$")


class NewError(Exception):
    pass


def write_skeleton(project: Project, doc_id: str, title: str, author: str) -> Path:
    if not ID.match(doc_id):
        raise NewError(f'document id "{doc_id}" must be lower-case letters, digits and hyphens, starting with a letter')
    target = project.tei_dir / f"{doc_id}.xml"
    if target.exists():
        raise NewError(f"{target} exists already")
    env = Environment(loader=FileSystemLoader(SKELETON), autoescape=True, undefined=StrictUndefined,
                      keep_trailing_newline=True)
    today = datetime.date.today()
    meta = project.meta
    text = env.get_template("document.xml").render(
        id=doc_id, title=title, author=author, today=today.isoformat(), year=today.year,
        editors=meta.get("editors", ""), edition_title=meta.get("title", ""),
        licence=meta.get("licence", ""), licence_url=meta.get("licence_url", ""))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target
