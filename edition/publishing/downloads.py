"""The whole edition's TEI as one zip for people who reuse it: documents, registers, schema."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..config import Project
from ..corpus import Document


@dataclass
class Archive:
    name: str
    size: str
    documents: int


def _top(project: Project) -> str:
    return f"communist-dissent-tei-{project.meta.get('version', '0')}"


def relpath(project: Project) -> str:
    """Where the zip is in the site."""
    return f"downloads/{_top(project)}.zip"


def _members(project: Project, docs: list[Document]) -> list[tuple[str, Path]]:
    files = [(f"tei/{d.path.name}", d.path) for d in docs]
    files += [(f"tei/register/{p.name}", p) for p in sorted(project.register_dir.glob("*.xml"))]
    files += [(f"schemas/{n}", project.schema_dir / n) for n in ("edition.odd", "edition.rng", "edition.sch")]
    return files


def inputs_digest(project: Project, docs: list[Document]) -> str:
    """What the zip is made of beyond the build date and edition.toml: its files' names and bytes."""
    h = hashlib.sha256()
    for arc, path in _members(project, docs):
        h.update(arc.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def archive(project: Project, docs: list[Document], folder: Path) -> Archive:
    """The zip already in `folder`, as the pages describe it."""
    size = (folder / f"{_top(project)}.zip").stat().st_size
    return Archive(f"{_top(project)}.zip", f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1048576:.1f} MB", len(docs))


def tei_zip(project: Project, docs: list[Document], folder: Path, date: str) -> Archive:
    """Files under one folder named for the edition and its version; the same inputs give the same
    bytes (fixed order, fixed time stamps from the build date), so two builds stay identical."""
    version = str(project.meta.get("version", "0"))
    top = _top(project)
    stamp = tuple(int(x) for x in date.split("-")) + (0, 0, 0)
    files = _members(project, docs)
    readme = (f"{project.meta.get('title', '')}, version {version} ({date}).\n\n"
              "tei/ holds one TEI P5 file per document, tei/register/ the registers their names point to\n"
              "(per:, org:, pla:, evt: as declared in each header), schemas/ the customisation (ODD) and the\n"
              "RELAX NG and Schematron generated from it.\n\n" + project.meta.get("licence_note", "") + "\n")
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"{top}.zip"
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo(f"{top}/README.txt", stamp), readme)
        for arc, path in files:
            info = zipfile.ZipInfo(f"{top}/{arc}", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, path.read_bytes())
    return archive(project, docs, folder)
