"""The whole edition's TEI as one zip for people who reuse it: documents, registers, schema."""

from __future__ import annotations

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


def tei_zip(project: Project, docs: list[Document], folder: Path, date: str) -> Archive:
    """Files under one folder named for the edition and its version; the same inputs give the same
    bytes (fixed order, fixed time stamps from the build date), so two builds stay identical."""
    version = str(project.meta.get("version", "0"))
    top = f"communist-dissent-tei-{version}"
    stamp = tuple(int(x) for x in date.split("-")) + (0, 0, 0)
    files = [(f"tei/{d.path.name}", d.path) for d in docs]
    files += [(f"tei/register/{p.name}", p) for p in sorted(project.register_dir.glob("*.xml"))]
    files += [(f"schemas/{n}", project.schema_dir / n) for n in ("edition.odd", "edition.rng", "edition.sch")]
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
    size = out.stat().st_size
    return Archive(out.name, f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1048576:.1f} MB", len(docs))
