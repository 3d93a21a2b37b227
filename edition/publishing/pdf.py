"""PDF editions through WeasyPrint: print HTML + the stylesheet's paged-media rules → PDF.

Every PDF is tagged and archival (PDF/UA-1), carries its metadata (language, title, author,
subject, keywords) from the print HTML and, for a document, its TEI source as an attachment.
Renders run side by side in a process pool, longest first, and only when their inputs change:
a PDF is kept under build/.cache/pdf/ by the hash of everything it is made from."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path

from .parallel import sigint_held

VARIANT = "pdf/ua-1"


@dataclass
class PdfJob:
    doc_id: str
    html: str
    base_url: str      # the site folder, so that assets/edition.css resolves
    out: Path
    attachments: list[tuple[Path, str]] = field(default_factory=list)   # (file, description)
    index: "VolumeIndex | None" = None      # the volume's: laid out after its text
    weight: int = 0    # expected cost, for longest-first scheduling (bytes of HTML)
    key: str = ""      # the cache key of all its inputs

    def __post_init__(self):
        self.weight = self.weight or len(self.html)


@dataclass
class VolumeIndex:
    """What the volume's indexes need to be laid out once the text's pages are known."""
    subjects: list            # printindex.Subject, plain data
    templates_dir: str
    context: dict             # edition metadata for the template
    placeholder: str = "indexes"   # the id of the section whose pages the indexes replace


class LostNotes(Exception):
    """The layout dropped a footnote: a PDF that loses source text is not published."""


FOOTNOTE = re.compile(r'<span class="fn(?: [^"]*)?" id="([^"]+)"')


def _check_notes(job: PdfJob, document) -> None:
    placed = {a for page in document.pages for a in page.anchors}
    lost = [i for i in FOOTNOTE.findall(job.html) if i not in placed]
    if lost:
        raise LostNotes(f"pdf/{job.out.name}: the page layout lost {len(lost)} note(s): {', '.join(lost[:8])}")


@dataclass
class PdfResult:
    doc_id: str
    out: Path
    pages: int
    seconds: float
    cpu: float = 0.0
    cached: bool = False


@lru_cache(maxsize=1)
def fonts_fingerprint() -> str:
    """The fonts installed (files and versions), so a changed font re-renders every PDF."""
    try:
        out = subprocess.run(["fc-list", "--format", "%{file} %{fontversion}\n"], capture_output=True,
                             text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        out = ""
    return hashlib.sha256("".join(sorted(out.splitlines(keepends=True))).encode()).hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> bytes:
    """The code that shapes a render besides WeasyPrint (this module, the footnote-area and
    page-reference patches, the parser, the index lines): a change to it renders every PDF again."""
    here = Path(__file__).parent
    return b"".join(hashlib.sha256((here / name).read_bytes()).digest()
                    for name in ("pdf.py", "footnote_area.py", "pagerefs.py", "printparse.py", "printindex.py"))


@lru_cache(maxsize=1)
def engine_versions() -> bytes:
    """WeasyPrint's and pydyf's versions, read from their installed metadata: importing
    WeasyPrint to ask would cost the build half a second before the first render can start,
    in a process that renders nothing when the pool does."""
    from importlib.metadata import version

    return f"weasyprint {version('weasyprint')} pydyf {version('pydyf')}".encode()


def cache_key(job: PdfJob, css: bytes, extra: bytes = b"") -> str:
    h = hashlib.sha256()
    for part in (job.html.encode(), css, extra, fonts_fingerprint().encode(), code_fingerprint(),
                 engine_versions(), VARIANT.encode(), job.doc_id.encode()):
        h.update(hashlib.sha256(part).digest())
    for path, desc in job.attachments:
        h.update(hashlib.sha256(path.read_bytes()).digest() + desc.encode())
    return h.hexdigest()


def _page_numbers(document) -> dict[str, int]:
    """Each anchor (id) of the laid-out document → the number of the page it stands on."""
    page_of: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for anchor in page.anchors:
            page_of.setdefault(anchor, number)
    return page_of


def index_html(index: VolumeIndex, page_of: dict[str, int]) -> str:
    """The indexes' HTML, their lines made from the pages the text's layout gave."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from . import printindex

    env = Environment(loader=FileSystemLoader(index.templates_dir), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    indexes = [(prefix, title, printindex.build(index.subjects, prefix, page_of))
               for prefix, title in printindex.INDEXES.items()]
    return env.get_template("volume-index.html").render(indexes=indexes, letter=printindex.letter,
                                                         ranges=printindex.ranges, **index.context)


def _index_pages(job: PdfJob, document, fonts):
    """Lay out the indexes with the page numbers of the laid-out text, starting on the page the
    placeholder section took; return the pages that replace it and the placeholder's page."""
    from weasyprint import CSS

    from . import printparse

    page_of = _page_numbers(document)
    start = page_of[job.index.placeholder]
    html = index_html(job.index, page_of)
    # The indexes continue the volume's one sequence of page numbers.
    offset = CSS(string=f"@page :first {{ counter-set: page {start} }}")
    index_doc = printparse.document(html, job.base_url).render(font_config=fonts, stylesheets=[offset])
    return index_doc.pages, start


def _unwrap_mentions(document) -> None:
    """Once the pages are known, the spans that anchor a name for the index go from the laid-out
    pages (their text stays in its place, their ids stay the PDF's destinations): painted and
    tagged, each was a box and a structure element of its own, a fifth of the writing time."""
    from weasyprint.formatting_structure import boxes

    def unwrap(box):
        children = []
        for child in box.children:
            if isinstance(child, boxes.ParentBox):
                unwrap(child)
            el = child.element if isinstance(child, boxes.InlineBox) else None
            if (el is not None and child.element_tag == "span" and el.get("lang") is None
                    and (el.get("class") or "").split()[:1] == ["entity"]):
                children.extend(child.children)
            else:
                children.append(child)
        box.children = children

    for page in document.pages:
        unwrap(page._page_box)


def render(job: PdfJob) -> PdfResult:
    from weasyprint import Attachment
    from weasyprint.text.fonts import FontConfiguration

    from . import footnote_area, pagerefs, printparse

    footnote_area.install()   # measures each note once instead of the whole area per note
    pagerefs.install()        # the page references built once, not once per tag
    # WeasyPrint logs every unsupported CSS property it meets; the build log wants only errors.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    start, cpu = time.perf_counter(), time.process_time()
    fonts = FontConfiguration()
    document = printparse.document(job.html, job.base_url).render(font_config=fonts)
    _check_notes(job, document)
    if job.index is not None:
        _unwrap_mentions(document)   # after _index_pages has what it needs: page.anchors
        pages, first = _index_pages(job, document, fonts)
        document = document.copy(document.pages[:first - 1] + pages)
    attachments = [Attachment(filename=str(path), name=path.name, description=desc, relationship="Source")
                   for path, desc in job.attachments]
    job.out.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(job.out, pdf_variant=VARIANT, attachments=attachments)
    return PdfResult(job.doc_id, job.out, len(document.pages), time.perf_counter() - start,
                     time.process_time() - cpu)


class Cache:
    """Rendered PDFs by the hash of their inputs, with their page counts."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _paths(self, key: str) -> tuple[Path, Path]:
        return self.folder / f"{key}.pdf", self.folder / f"{key}.json"

    def get(self, job: PdfJob) -> PdfResult | None:
        pdf, meta = self._paths(job.key)
        if not (job.key and pdf.is_file() and meta.is_file()):
            return None
        job.out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pdf, job.out)
        return PdfResult(job.doc_id, job.out, json.loads(meta.read_text())["pages"], 0.0, cached=True)

    def put(self, job: PdfJob, result: PdfResult) -> None:
        if not job.key:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        pdf, meta = self._paths(job.key)
        tmp = pdf.with_suffix(f".tmp{os.getpid()}")
        shutil.copyfile(result.out, tmp)
        tmp.replace(pdf)
        meta.write_text(json.dumps({"doc": job.doc_id, "pages": result.pages, "seconds": round(result.seconds, 2)}))
        self._prune(keep=3)

    def _prune(self, keep: int) -> None:
        """Old renders go: keep the most recent few per document."""
        by_doc: dict[str, list[Path]] = {}
        for meta in self.folder.glob("*.json"):
            try:
                doc = json.loads(meta.read_text())["doc"]
            except (ValueError, KeyError, OSError):
                continue
            by_doc.setdefault(doc, []).append(meta)
        for metas in by_doc.values():
            for meta in sorted(metas, key=lambda p: p.stat().st_mtime, reverse=True)[keep:]:
                meta.unlink(missing_ok=True)
                meta.with_suffix(".pdf").unlink(missing_ok=True)


def start_pool(workers: int) -> ProcessPoolExecutor:
    """The renderers' processes, started ahead of the print stage: spawning them and importing
    WeasyPrint takes a second, which they spend while the parent builds the HTML pages (the
    volume, the longest render, is the print stage's critical path)."""
    pool = _executor(workers)
    with sigint_held():
        for _ in range(workers):  # one task each, so that each is started now
            pool.submit(_warm)
    return pool


def _executor(workers: int) -> ProcessPoolExecutor:
    # spawn, not fork: the parent holds a Saxon (GraalVM) runtime that must not be forked.
    return ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"), initializer=_worker_init)


def _warm() -> None:
    import weasyprint  # noqa: F401
    from weasyprint.text.fonts import FontConfiguration  # noqa: F401

    from . import footnote_area, pagerefs, printparse, printindex  # noqa: F401
    printindex.collation_key("")  # the collation table (pyuca's, 0.7 s to load), for the volume's indexes


def render_all(jobs: list[PdfJob], workers: int | None = None, cache: Cache | None = None,
               pool: ProcessPoolExecutor | None = None):
    """Yield results as they finish: cached PDFs first, then the renders, longest first, side by
    side (WeasyPrint uses one core per document), in `pool` if one was started ahead (it is
    shut down here, used or not)."""
    todo = []
    for job in jobs:
        hit = cache.get(job) if cache else None
        if hit:
            yield hit
        else:
            todo.append(job)
    todo.sort(key=lambda j: j.weight, reverse=True)
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    if not todo or (workers == 1 and pool is None):
        if pool is not None:  # nothing to render
            pool.shutdown(wait=True, cancel_futures=True)
        for job in todo:
            result = render(job)
            if cache:
                cache.put(job, result)
            yield result
        return
    if pool is None:
        pool = _executor(workers)
    try:
        with sigint_held():  # (parallel.py: why)
            futures = {pool.submit(render, job): job for job in todo}
        for future in as_completed(futures):
            result = future.result()
            if cache:
                cache.put(futures[future], result)
            yield result
    finally:
        # on Ctrl-C or a failure: documents not yet started are dropped, not rendered first
        pool.shutdown(wait=True, cancel_futures=True)


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group; the parent alone decides and cleans up (no
    # traceback from every worker), and it stops the workers through the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
