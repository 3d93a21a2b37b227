"""PDF editions through WeasyPrint: print HTML + the stylesheet's paged-media rules → PDF."""

from __future__ import annotations

import logging
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path


@dataclass
class PdfJob:
    doc_id: str
    html: str
    base_url: str      # the site folder, so that assets/edition.css resolves
    out: Path


@dataclass
class PdfResult:
    doc_id: str
    out: Path
    pages: int
    seconds: float


def render(job: PdfJob) -> PdfResult:
    import time

    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    # WeasyPrint logs every unsupported CSS property it meets; the build log wants only errors.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    start = time.perf_counter()
    fonts = FontConfiguration()
    document = HTML(string=job.html, base_url=job.base_url).render(font_config=fonts)
    job.out.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(job.out)
    return PdfResult(job.doc_id, job.out, len(document.pages), time.perf_counter() - start)


def render_all(jobs: list[PdfJob], workers: int | None = None):
    """Yield results as they finish; WeasyPrint uses one core, so documents run side by side."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    if workers == 1:
        for job in jobs:
            yield render(job)
        return
    # spawn, not fork: the parent holds a Saxon (GraalVM) runtime that must not be forked.
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"), initializer=_worker_init)
    try:
        yield from pool.map(render, jobs)
    finally:
        # on Ctrl-C or a failure: documents not yet started are dropped, not rendered first
        pool.shutdown(wait=True, cancel_futures=True)


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group; the parent alone decides and cleans up (no
    # traceback from every worker), and it stops the workers through the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
