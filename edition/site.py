"""The build: validated TEI → HTML pages, TEI downloads and PDFs in a fresh folder, swapped in
only when everything has succeeded, so that a failed build leaves the previous site in place."""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from . import corpus, encodingdoc, linkcheck, pdf, registers
from .config import Project
from .transform import Stylesheets
from .validate import Report, validate


class BuildFailed(Exception):
    def __init__(self, message: str, report: Report | None = None):
        super().__init__(message)
        self.report = report


@dataclass
class Stats:
    documents: int = 0
    pages: int = 0
    pdfs: int = 0
    pdf_pages: int = 0
    seconds: float = 0.0
    pdf_pages_by_doc: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def summary(self, out: Path) -> str:
        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"
        pdf_part = f", {n(self.pdfs, 'PDF')} ({n(self.pdf_pages, 'PDF page')})" if self.pdfs else ""
        return (f"built {n(self.documents, 'document')}: {n(self.pages, 'HTML page')}{pdf_part} "
                f"in {self.seconds:.1f} s → {out}")


def jinja(project: Project) -> Environment:
    env = Environment(
        loader=FileSystemLoader(project.templates_dir),
        autoescape=select_autoescape(["html", "xml", "html.j2"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["edition"] = project.meta
    env.globals["registers"] = []
    return env


def _groups(project: Project, docs: list[corpus.Document], pdfs: bool) -> list[dict]:
    """Documents for the home page, a book's parts gathered under the book."""
    groups: list[dict] = []
    for d in docs:
        entry = {**d.__dict__, "pdf": pdfs}
        if groups and d.collection and groups[-1]["collection"] == d.collection:
            groups[-1]["documents"].append(entry)
            continue
        coll = project.collections.get(d.collection, {}) if d.collection else {}
        groups.append({"collection": d.collection if coll else "", "title": coll.get("title", ""),
                       "description": coll.get("description", ""), "documents": [entry]})
    return groups


def build(project: Project, out: Path, *, make_pdf: bool = True, jobs: int | None = None,
          say: Callable[[str], None] = lambda s: None) -> Stats:
    start = time.perf_counter()
    stats = Stats()

    report = validate([project.tei_dir], project.schema_dir, base=project.root, edition_dir=project.tei_dir,
                      never_alone=project.never_alone, not_within=project.not_within,
                      cache_file=project.root / "build" / ".cache" / "validate.json")
    if not report.ok:
        raise BuildFailed(f"{len(report.errors)} validation error(s); the previous site is kept", report)
    say(f"validated {report.files} files ({time.perf_counter() - start:.2f} s)")

    doc_paths = corpus.tei_files(project)
    docs = sorted((corpus.describe(p, report.trees[p]) for p in doc_paths), key=corpus.order_key(project))
    if not docs:
        raise BuildFailed(f"no TEI documents in {project.tei_dir}")

    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        _write_site(project, docs, tmp, stats, make_pdf, jobs, say, report.trees)
        broken = linkcheck.broken_links(tmp)
        if broken:  # a site with dead links is not put in place
            raise BuildFailed("; ".join(f"{page}: broken link {href}" for page, href in broken[:20])
                              + (f" (and {len(broken) - 20} more)" if len(broken) > 20 else ""))
        say("links checked: none broken")
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    stats.seconds = time.perf_counter() - start
    return stats


def _write_site(project, docs, tmp: Path, stats: Stats, make_pdf: bool, jobs, say, trees) -> None:
    env = jinja(project)
    entries = registers.load_entries(project.register_dir, trees)
    named = registers.collect_mentions(entries, docs)  # also anchors each mention for the XSLT
    kinds = [k for k in registers.KINDS if any(e.prefix == k for e in entries.values())]
    env.globals["registers"] = [(registers.KINDS[k][3], registers.KINDS[k][4]) for k in kinds]
    sheets = Stylesheets(project.xslt_dir)
    shutil.copytree(project.assets_dir, tmp / "assets")
    (tmp / "tei").mkdir()
    pdf_jobs: list[pdf.PdfJob] = []
    for i, d in enumerate(docs, 1):
        t0 = time.perf_counter()
        reading = sheets.transform("html", d.tree, d.path)
        printed = sheets.transform("print", d.tree, d.path)
        for m in reading.messages + printed.messages:
            stats.warnings.append(f"{d.path.relative_to(project.root)}: {m}")
        collection = project.collections.get(d.collection) if d.collection else None
        ctx = {"doc": {**d.__dict__, "pdf": make_pdf}, "collection": collection, "root": ""}
        cards = {r: entries[r].card() for r in sorted(named[d.id])}
        page = env.get_template("document.html").render(page="document", body=Markup(reading.html),
                                                         cards=cards, **ctx)
        (tmp / f"{d.id}.html").write_text(page, encoding="utf-8")
        # The download is the file itself, byte for byte.
        (tmp / "tei" / f"{d.id}.xml").write_bytes(d.data)
        stats.pages += 1
        if make_pdf:
            html = env.get_template("print.html").render(body=Markup(printed.html), **ctx)
            pdf_jobs.append(pdf.PdfJob(d.id, html, tmp.as_uri() + "/", tmp / "pdf" / f"{d.id}.pdf"))
        say(f"[{i}/{len(docs)}] {d.id}: html ({time.perf_counter() - t0:.2f} s)")
    stats.documents = len(docs)

    groups = _groups(project, docs, make_pdf)
    plain = [{**d.__dict__, "pdf": make_pdf} for d in docs]
    for name in ("index", "about"):
        html = env.get_template(f"{name}.html").render(page=name, root="", groups=groups, documents=plain)
        (tmp / f"{name}.html").write_text(html, encoding="utf-8")
        stats.pages += 1

    # The customisation and its documentation, published beside the texts.
    (tmp / "schemas").mkdir()
    for name in ("edition.odd", "edition.rng", "edition.sch"):
        shutil.copy(project.schema_dir / name, tmp / "schemas" / name)
    all_trees = {d.id: d.tree for d in docs}
    all_trees.update({p.stem: t for p, t in trees.items() if p.parent.name == "register"})
    register_pages = {registers.KINDS[k][0]: f"{registers.KINDS[k][3]}/index.html" for k in kinds}
    html = env.get_template("encoding.html").render(
        page="encoding", root="", doc=encodingdoc.document(project.schema_dir / "edition.odd", all_trees, register_pages))
    (tmp / "encoding.html").write_text(html, encoding="utf-8")
    stats.pages += 1

    titles = {d.id: d.title for d in docs}
    for k in kinds:
        folder, heading = registers.KINDS[k][3], registers.KINDS[k][4]
        (tmp / folder).mkdir()
        listed = sorted((e for e in entries.values() if e.prefix == k), key=lambda e: (e.sort_name, e.id))
        for e in listed:
            html = env.get_template("entity.html").render(page=folder, root="../", entry=e, heading=heading,
                                                          groups=registers.by_document(e, titles))
            (tmp / folder / f"{e.id}.html").write_text(html, encoding="utf-8")
        letters = sorted({e.initial for e in listed})
        html = env.get_template("register.html").render(page=folder, root="../", entries=listed, kind=k,
                                                        heading=heading, letters=letters)
        (tmp / folder / "index.html").write_text(html, encoding="utf-8")
        stats.pages += len(listed) + 1
        say(f"{heading.lower()}: {len(listed)} entries, {sum(len(e.mentions) for e in listed)} mentions")

    for n, result in enumerate(pdf.render_all(pdf_jobs, jobs), 1):
        stats.pdfs += 1
        stats.pdf_pages += result.pages
        stats.pdf_pages_by_doc[result.doc_id] = result.pages
        say(f"[{n}/{len(pdf_jobs)}] pdf/{result.out.name}: {result.pages} pages ({result.seconds:.1f} s)")


def _swap(new: Path, out: Path) -> None:
    """Put the new site in place with renames only; the old one is removed afterwards."""
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}-old-{int(time.time() * 1000)}")
        out.rename(old)
    new.rename(out)
    new_mode = 0o755
    out.chmod(new_mode)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
