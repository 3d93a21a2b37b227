"""The build's print stage: every document's PDF and the volume, rendered where their inputs
changed (edition/pdf.py) and put into the site."""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import asdict
from pathlib import Path

from markupsafe import Markup

from . import pdf, volume


SPAN = re.compile(r"""<span\b(?:[^>"']|"[^"]*"|'[^']*')*>|</span>""")


def without_mentions(html: str) -> str:
    """The fragment without the spans that only anchor a name for the volume's index (class
    entity, a mention id, no language of their own): a document's PDF has no index, and every
    inline box it does not lay out saves time. Their text stays where it is."""
    out, kept, pos = [], [], 0
    for m in SPAN.finditer(html):
        tag = m.group()
        if tag == "</span>":
            drop = kept.pop()
        else:
            drop = tag.startswith('<span class="entity') and " lang=" not in tag
            kept.append(drop)
        out.append(html[pos:m.start()])
        if not drop:
            out.append(tag)
        pos = m.end()
    out.append(html[pos:])
    return "".join(out)


def jobs(site) -> list[pdf.PdfJob]:
    base = site.out.as_uri() + "/"
    out = []
    for d in site.docs:
        collection = site.project.collections.get(d.collection) if d.collection else None
        html = site.render("print.html", doc=volume.print_doc(d), collection=collection, in_volume=False,
                           body=Markup(without_mentions(site.printed[d.id])), keywords=volume.keywords([d.id], site.entries))
        out.append(pdf.PdfJob(d.id, html, base, site.out / "pdf" / f"{d.id}.pdf",
                              attachments=[volume.tei_attachment(d)]))
    try:
        text, index = volume.html(site, site.printed)
    except volume.DuplicateIds as e:
        from .site import BuildFailed
        raise BuildFailed(str(e)) from None
    out.append(pdf.PdfJob("edition", text, base, site.out / "pdf" / "edition.pdf", index=index))
    return out


def _reporting(results, failure):
    """A render's own failure (a lost note, ids used twice) as a build error, not a traceback."""
    try:
        yield from results
    except (pdf.LostNotes, volume.DuplicateIds) as e:
        raise failure(str(e)) from None


def write_pdfs(site) -> None:
    stats, project = site.stats, site.project
    start = time.perf_counter()
    todo = jobs(site)
    css = (site.out / "assets" / "edition.css").read_bytes()
    for job in todo:
        extra = b""
        if job.index is not None:  # the indexes are laid out from these, after the text
            extra = (json.dumps([asdict(s) for s in job.index.subjects]).encode()
                     + (project.templates_dir / "volume-index.html").read_bytes())
        job.key = pdf.cache_key(job, css, hashlib.sha256(extra).digest())
    # EDITION_PDF_CACHE points the cache elsewhere (benchmarks/pdf_times.py measures a cold one).
    cache = pdf.Cache(Path(os.environ.get("EDITION_PDF_CACHE") or project.root / "build" / ".cache" / "pdf"))
    from .site import BuildFailed

    pool, site.pdf_pool = getattr(site, "pdf_pool", None), None  # render_all shuts it down
    results = pdf.render_all(todo, site.jobs, cache, pool=pool)
    for n, result in enumerate(_reporting(results, BuildFailed), 1):
        stats.pdfs += 1
        stats.pdf_pages += result.pages
        stats.pdf_pages_by_doc[result.doc_id] = result.pages
        stats.pdf_cpu += result.cpu
        stats.pdfs_cached += result.cached
        how = "unchanged, from the cache" if result.cached else f"{result.seconds:.1f} s, {result.cpu:.1f} s CPU"
        site.say(f"[{n}/{len(todo)}] pdf/{result.out.name}: {result.pages} pages ({how})")
    stats.pdf_seconds = time.perf_counter() - start
    site.say(f"pdfs: {stats.pdf_pages} pages in {stats.pdf_seconds:.1f} s ({stats.pdfs_cached} unchanged)")
