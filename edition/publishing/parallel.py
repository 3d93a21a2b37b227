"""Document and register pages rendered in worker processes (`edition build -j N`).

The parent decides everything that depends on order or on the previous site (page keys, reuse,
warnings, the files written and counted); a worker only turns plain data into page text: a
document's serialised tree into its reading view (Saxon) framed by document.html, a register
entry (its lxml element left behind: elements do not pickle) into its pages. The same functions
run in-process when there is one job or too little work to pay for workers, so the output is the
same either way.

Workers are spawned, not forked: the parent holds a Saxon (GraalVM) runtime that must not be
forked. Starting two costs some 0.6 s wall (1.2 CPU s: imports, templates, stylesheets), so a
build stays in-process below MIN_PAGES pages to render (docs/benchmarks.md has the measurements)."""

from __future__ import annotations

import copy
import os
import signal
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from itertools import islice
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Iterator

from markupsafe import Markup

# Pages to render in one stage before workers are started; EDITION_JOBS_MIN_PAGES overrides it
# (0: always workers when -j is above 1, as the tests force).
MIN_PAGES = 1000
CHUNKS_PER_WORKER = 4   # enough to even out long and short pages, few enough to pickle the context seldom
MAX_CHUNK = 100         # tasks in one chunk at most, and
IN_FLIGHT = 2           # chunks per worker submitted ahead: what the parent holds of a stage's tasks


def min_pages() -> int:
    try:
        return int(os.environ.get("EDITION_JOBS_MIN_PAGES", MIN_PAGES))
    except ValueError:
        return MIN_PAGES


@contextmanager
def sigint_held():
    """Around a pool's submits: workers start (on submit) with SIGINT blocked, a mask they inherit
    until their initializer ignores it, so that a Ctrl-C while one is still importing prints no
    traceback from it. Blocked, not ignored, in the parent: a Ctrl-C in that moment is held and
    arrives when the mask is lifted, instead of being lost (the build would go on)."""
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


# ---------------------------------------------------------------- what a worker is given

def document_task(d, xml: str | None, page: dict | None, printed: bool) -> dict:
    """One document: `page` the context of its reading view (None when the previous site's page
    is reused), `printed` whether its print view is wanted (for the PDFs)."""
    if page is not None:
        # the documents as the templates read them, without their trees and bytes (Document.plain)
        page = {**page, "prev": page["prev"].plain() if page["prev"] is not None else None,
                "next": page["next"].plain() if page["next"] is not None else None,
                "book": [b.plain() for b in page["book"]]}
    return {"path": str(d.path), "xml": xml, "page": page, "print": printed}


def entry_task(e, pages: list[tuple[str, str, dict]], relations) -> dict:
    """One register entry: `pages` (rel, template, context) of those of its pages not reused."""
    plain = copy.copy(e)  # an entry holds its element serialised (registers.Entry.xml): it pickles
    if not isinstance(plain.mentions, list):  # kept on disk (publishing/mentionstore.py): read here,
        plain.mentions = list(plain.mentions)  # not by the pool's thread that pickles the task
    return {"pages": [(rel, template, {**ctx, "entry": plain}) for rel, template, ctx in pages],
            "ref": e.ref, "relations": relations}


def _context(site) -> dict:
    """The templates' globals as they stand at this stage, as data (the functions are made again)."""
    return {"globals": {k: v for k, v in site.env.globals.items() if not callable(v)}, "titles": site.titles}


# ---------------------------------------------------------------- the rendering, either side

def render_document(task: dict, env, sheets: Callable) -> dict:
    out = {"html": None, "messages": [], "print": None, "print_messages": []}
    path = Path(task["path"])
    if task["page"] is not None:
        reading = sheets().transform_text("html", task["xml"], path)
        out["messages"] = reading.messages
        out["html"] = env.get_template("document.html").render(body=Markup(reading.html), **task["page"])
    if task["print"]:
        printed = sheets().transform_text("print", task["xml"], path)
        out["print"], out["print_messages"] = printed.html, printed.messages
    return out


def render_entry(task: dict, env, sheets: Callable) -> list[tuple[str, str]]:
    return [(rel, env.get_template(template).render(**ctx)) for rel, template, ctx in task["pages"]]


RENDER = {"document": render_document, "entry": render_entry}


# ---------------------------------------------------------------- the worker process

_worker: dict = {}


def _init(project, xslt_dir: str) -> None:
    # Ctrl-C reaches the whole process group; the parent alone decides and cleans up.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .site import jinja

    env = jinja(project)
    _worker.update(env=env, base=dict(env.globals), xslt_dir=Path(xslt_dir), sheets=None)


def _sheets():
    if _worker["sheets"] is None:  # compiled once per worker, when a document first needs them
        from .transform import Stylesheets
        _worker["sheets"] = Stylesheets(_worker["xslt_dir"])
    return _worker["sheets"]


def _run_chunk(kind: str, context: dict, tasks: list[dict]) -> list:
    from ..checking import relations

    env = _worker["env"]
    env.globals.clear()
    env.globals.update(_worker["base"], **context["globals"])
    titles = context["titles"]
    env.globals.update(passage_href=relations.site_href, passage_label=lambda t: relations.label(t, titles))
    results = []
    for task in tasks:
        env.globals["relations_of"] = {task.get("ref"): task.get("relations")}.get
        results.append(RENDER[kind](task, env, _sheets))
    return results


# ---------------------------------------------------------------- the parent's side

def _pool(site, pages: int):
    """The build's workers, started by the first stage with enough pages to pay for them."""
    if getattr(site, "workers", None) is not None:
        return site.workers
    jobs = site.jobs or os.cpu_count() or 1
    if jobs <= 1 or pages == 0 or pages < min_pages():
        return None
    site.workers = ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"), initializer=_init,
                                       initargs=(site.project, str(site.project.xslt_dir)))
    return site.workers


def close(site) -> None:
    """Stop the workers (at the end of the stages that use them, or on a failure or Ctrl-C:
    chunks not yet started are dropped)."""
    pool, site.workers = getattr(site, "workers", None), None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def run(site, kind: str, tasks, count: int | None = None) -> Iterator:
    """The results of `tasks`, in their order, rendered by workers or in-process. `tasks` may be
    an iterator (`count` then says how many): each is made only when its turn comes (in-process)
    or when its chunk is submitted (workers, a few chunks ahead of the results taken)."""
    pool = _pool(site, len(tasks) if count is None else count)
    if pool is None:
        for task in tasks:
            yield RENDER[kind](task, site.env, lambda: site.sheets)
        return
    total = len(tasks) if count is None else count
    context, given = _context(site), 0
    size = min(MAX_CHUNK, max(1, -(-total // (pool._max_workers * CHUNKS_PER_WORKER))))
    # a few chunks in flight, the next made as one is done: the tasks (every document's TEI, every
    # entry's mentions) are not all held at once, nor all their results
    ahead, window = iter(tasks), deque()

    def submit() -> None:
        chunk = list(islice(ahead, size))
        if chunk:
            with sigint_held():
                window.append(pool.submit(_run_chunk, kind, context, chunk))

    try:
        for _ in range(IN_FLIGHT * pool._max_workers):
            submit()
        while window:
            future = window.popleft()
            submit()
            for result in future.result():
                given += 1
                yield result
    except GeneratorExit:
        # dropped by the caller: after its last result (the pool stays for the next stage), or
        # early because it failed (the remaining chunks are dropped)
        if window or given < total:
            close(site)
        raise
    except BaseException:
        close(site)
        raise
