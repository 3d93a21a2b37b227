"""The build: validated TEI → HTML pages, TEI downloads and PDFs in a fresh folder, swapped in
only when everything has succeeded, so that a failed build leaves the previous site in place."""

from __future__ import annotations

import json
import os
import shutil
import signal
import tempfile
import time
from concurrent.futures import wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape
from lxml import etree

from . import assets, buildcache, chronology, citation, csp, downloads, encodingdoc, exports, linkcheck, memory, mentions, parallel, registerpages, search, sitecheck
from .. import corpus, registers
from ..checking import relations
from ..config import Project
from .transform import Stylesheets
from ..checking.validate import Report, validate
from ..checking.xml import NS


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
    pdf_seconds: float = 0.0      # the print stage, wall clock
    pdf_cpu: float = 0.0          # CPU seconds of the renders (in their workers)
    pdfs_cached: int = 0          # PDFs whose inputs had not changed, copied from the cache
    warnings: list[str] = field(default_factory=list)
    validation_warnings: int = 0
    sitecheck: object = None     # sitecheck.Result of the site written
    integrity: dict = field(default_factory=dict)   # integrity.report of the site written

    def summary(self, out: Path) -> str:
        def n(count: int, word: str) -> str:
            return f"{count} {word}{'' if count == 1 else 's'}"
        pdf_part = f", {n(self.pdfs, 'PDF')} ({n(self.pdf_pages, 'PDF page')})" if self.pdfs else ""
        return (f"built {n(self.documents, 'document')}: {n(self.pages, 'HTML page')}{pdf_part} "
                f"in {self.seconds:.1f} s → {out}")


def jinja(project: Project) -> Environment:
    cache_dir = project.root / "build" / ".cache" / "jinja"
    try:  # templates compiled once, not in every build (Jinja checks each template's mtime)
        cache_dir.mkdir(parents=True, exist_ok=True)
        bytecode = FileSystemBytecodeCache(str(cache_dir))
    except OSError:
        bytecode = None
    env = Environment(
        loader=FileSystemLoader(project.templates_dir),
        bytecode_cache=bytecode,
        autoescape=select_autoescape(["html", "xml", "html.j2"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["edition"] = project.meta
    env.globals["registers"] = []
    env.globals["build_date"] = citation.build_date()
    env.globals["csp"] = csp.POLICY
    env.globals["search"] = search.available()  # the header's search box only where an index is built
    return env


def _groups(project: Project, docs: list[corpus.Document], pdfs: bool) -> list[dict]:
    """Documents for the home page, a book's parts gathered under the book."""
    groups: list[dict] = []
    books: dict[str, dict] = {}  # a book's parts under its one heading, even where other documents
    for d in docs:               # come between them in the order (the id of its heading is unique)
        entry = {**d.plain(), "pdf": pdfs}
        if d.collection and d.collection in books:
            books[d.collection]["documents"].append(entry)
            continue
        coll = project.collections.get(d.collection, {}) if d.collection else {}
        groups.append({"collection": d.collection if coll else "", "title": coll.get("title", ""),
                       "description": coll.get("description", ""), "documents": [entry]})
        if d.collection:
            books[d.collection] = groups[-1]
    return groups


def build(project: Project, out: Path, *, make_pdf: bool = True, jobs: int | None = None,
          say: Callable[[str], None] = lambda s: None, incremental: bool = True) -> Stats:
    """`incremental`: take from the previous site in `out` every page whose inputs have not
    changed (edition/publishing/buildcache.py); the site written is the same either way."""
    start = time.perf_counter()
    stats = Stats()

    report = validate([project.tei_dir], project.schema_dir, base=project.root, edition_dir=project.tei_dir,
                      never_alone=project.never_alone, not_within=project.not_within,
                      cache_file=project.root / "build" / ".cache" / "validate.json", limits=project.limits)
    if not report.ok:
        raise BuildFailed(f"{len(report.errors)} validation error(s); the previous site is kept", report)
    stats.validation_warnings = len(report.warnings)
    say(f"validated {report.files} files ({time.perf_counter() - start:.2f} s)")

    doc_paths = corpus.tei_files(project)
    # The documents are streamed past the validation's bound (validate.HOLD_BYTES): each stage
    # parses a document when it comes to it and drops it (a thousand documents held parsed take
    # a gigabyte); below it, as the validation held them, they stay parsed for the whole build
    # (some seven parses and anchorings a document saved). The registers, read by every page, stay.
    hold = isinstance(report.trees, dict)
    docs = sorted((corpus.describe(p, report.trees[p], hold=hold, limits=project.limits) for p in doc_paths), key=corpus.order_key(project))
    if not docs:
        raise BuildFailed(f"no TEI documents in {project.tei_dir}")
    by_path = {d.path: d for d in docs}
    # The registers stay held too, unless the validation found the edition too large to hold:
    # then they are parsed again when asked (the entries keep their own copies, registers.Entry.xml).
    held = {p: report.trees[p] for p in report.trees if p not in by_path} if isinstance(report.trees, dict) else {}
    trees = corpus.LazyTrees({p: (lambda d=by_path[p]: d.tree) if p in by_path else
                              (lambda t=held[p]: t) if p in held else (lambda p=p: corpus.parse(p, project.limits))
                              for p in report.trees})
    report.trees = {}  # the report no longer holds the documents' trees
    memory.release()  # the validation's trees are freed: their memory goes back to the system

    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    options = {"date": citation.build_date(), "pdf": make_pdf, "search": search.available()}
    cache = buildcache.PageCache(project.root / "build" / ".cache", out, buildcache.global_key(project, **options),
                                 enabled=incremental, **options)
    inputs = buildcache.inputs_key(project)
    kept = cache.unchanged(inputs)
    if kept is not None:  # the sources are those the site in place was built from: it stays
        for name in ("documents", "pages", "pdfs", "pdf_pages", "warnings", "integrity"):
            setattr(stats, name, kept[name])
        say("incremental: no source has changed since the site in place was built; it is kept")
        stats.seconds = time.perf_counter() - start
        return stats
    if cache.incremental:
        say("incremental: pages whose inputs have not changed are taken from the previous site")
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        memo = cache.load_extra("checks")  # what the site checks found in pages met before
        _write_site(project, docs, tmp, stats, make_pdf, jobs, say, trees, cache, memo,
                    lambda: cache.prepare(inputs, _summary(stats)))
        cache.forget()
        old = _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    # the previous site goes (its removal is system calls) while the records are written (Python)
    import threading
    removing = threading.Thread(target=shutil.rmtree, args=(old,), kwargs={"ignore_errors": True}) if old else None
    if removing is not None:
        removing.start()
    try:
        cache.save(inputs, _summary(stats))
        cache.save_extra("checks", memo)
    finally:
        if removing is not None:
            removing.join()
    if cache.incremental:
        say(f"incremental: {cache.reused} pages reused, {cache.rendered} rendered")
    stats.seconds = time.perf_counter() - start
    return stats


def _summary(stats: Stats) -> dict:
    """What a build reports, kept for the next one (a build with nothing to do reports it again)."""
    return {"documents": stats.documents, "pages": stats.pages, "pdfs": stats.pdfs, "pdf_pages": stats.pdf_pages,
            "warnings": stats.warnings, "integrity": stats.integrity}


@dataclass
class Site:
    """What every stage of the build shares: parsed once, handed to each writer."""
    project: Project
    docs: list[corpus.Document]
    trees: dict[Path, object]
    out: Path                  # the fresh folder being written
    stats: Stats
    make_pdf: bool
    jobs: int | None
    say: Callable[[str], None]
    env: Environment = None
    entries: dict = field(default_factory=dict)
    named: dict = field(default_factory=dict)
    kinds: list[str] = field(default_factory=list)
    _sheets: Stylesheets = None
    printed: dict = field(default_factory=dict)   # doc id → print view (HTML fragment), for the PDFs
    cache: buildcache.PageCache = None
    _shared: tuple = None
    check_memo: dict = None   # sitecheck's findings per page seen before (content-hashed)
    link_memo: dict = None    # the link check's, likewise
    page_hashes: dict = field(default_factory=dict)  # page → content hash, from the site check for the link check
    prepare_record: object = None  # makes the build cache's record of this build (buildcache.PageCache.prepare)
    mention_keys: dict = field(default_factory=dict)  # doc id → what its mentions are made of (mentions.py)
    workers: object = None    # the pool rendering pages, while a stage uses it (publishing/parallel.py)
    pdf_pool: object = None   # the PDF renderers, started with the build (publishing/pdf.py)

    @property
    def conventions(self) -> Path:
        """The encoders' guide, published as conventions.html when the project has one."""
        return self.project.root / "docs" / "encoding.md"

    @property
    def volume(self) -> bool:
        """Whether the build makes the whole-volume PDF, pdf/edition.pdf (publishing/print_edition.py)."""
        return self.make_pdf

    @property
    def sheets(self) -> Stylesheets:
        """The compiled views, compiled when a page first needs them (not at all when every
        document page is reused)."""
        if self._sheets is None:
            self._sheets = Stylesheets(self.project.xslt_dir)
        return self._sheets

    @sheets.setter
    def sheets(self, compiled: Stylesheets) -> None:
        # views compiled once for many sites (the fuzz test renders hundreds of small ones)
        self._sheets = compiled

    @property
    def titles(self) -> dict[str, str]:
        return {d.id: d.title for d in self.docs}

    def write(self, rel: str, text: str, key: str | None = None) -> None:
        """Write a file of the site; `key` (buildcache.digest of what the page is made of)
        lets the next build reuse it while its inputs stay the same."""
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if rel.endswith(".html"):
            self.stats.pages += 1
        if key is not None and self.cache is not None:
            self.cache.pages[rel] = key

    def key(self, *parts) -> str:
        """A page's key: `parts` (what the page itself is made of) with the values every page
        may read from the templates' globals (the register list, the exports, the search box)."""
        shared = tuple((k, id(v)) for k, v in self.env.globals.items() if not callable(v))
        if self._shared is None or self._shared[0] != shared:  # the globals are set, not changed in place
            self._shared = (shared, buildcache.digest({k: v for k, v in self.env.globals.items() if not callable(v)}))
        return buildcache.digest(self._shared[1], *parts)

    def reuse(self, rel: str, key: str) -> bool:
        """Take `rel` from the previous site when it was made of the same inputs (`key`)."""
        if self.cache is None or not self.cache.reuse(rel, key, self.out):
            return False
        if rel.endswith(".html"):
            self.stats.pages += 1
        return True

    def render(self, template: str, **ctx) -> str:
        return self.env.get_template(template).render(**ctx)


def _write_site(project, docs, tmp: Path, stats: Stats, make_pdf: bool, jobs, say, trees, cache=None,
                memo=None, prepare_record=None) -> None:
    """`memo`: what the page checks found in pages met before ({"pages": …, "links": …})."""
    memo = {} if memo is None else memo
    site = Site(project, docs, trees, tmp, stats, make_pdf, jobs, say, cache=cache,
                check_memo=memo.setdefault("pages", {}), prepare_record=prepare_record)
    site.link_memo = memo.setdefault("links", {})
    workers = min(jobs or os.cpu_count() or 1, len(docs) + 1)  # a PDF a document, and the volume
    if make_pdf and workers > 1:
        from . import pdf  # WeasyPrint itself is imported by the workers only
        site.pdf_pool = pdf.start_pool(workers)
    try:
        _write_stages(site, project, docs, tmp, trees, cache)
    finally:
        if site.pdf_pool is not None:  # a failed or interrupted build: the renderers go too
            site.pdf_pool.shutdown(wait=True, cancel_futures=True)


def _write_stages(site, project, docs, tmp: Path, trees, cache) -> None:
    site.env = jinja(project)
    if cache is not None:
        site.env.globals["build_date"] = cache.options["date"]  # the date the keys were made with
    site.entries = registers.load_entries(project.register_dir, trees)
    site.named = mentions.collect(site.entries, docs, cache, site.mention_keys)  # also anchors each mention for the XSLT
    site.kinds = [k for k in registers.KINDS if any(e.prefix == k for e in site.entries.values())]
    site.env.globals["registers"] = [(registers.KINDS[k][3], registers.KINDS[k][4]) for k in site.kinds]
    site.env.globals["conventions"] = site.conventions.exists()
    # the assets are part of the global key: under the same key, the previous site's are these
    if cache is None or not cache.reuse_tree("assets", cache.key, tmp, "assets"):
        assets.publish(project.assets_dir, tmp / "assets")
        if cache is not None:
            cache.extra["assets"] = cache.key
    site.env.globals["relations_of"] = relations.for_pages(project.register_dir, site.entries, site.titles).get
    # a register's pointer to a passage ("../allen.xml#allen-n88") as a link from an entry page
    site.env.globals.update(passage_href=relations.site_href, passage_label=lambda t: relations.label(t, site.titles))
    # Each stage writes its part of the site; they share only what Site holds.
    dates = chronology.anchor(site)  # first: the reading view and the registers link to its anchors
    write_documents(site)
    # Pagefind indexes the passages of the pages just written on the other core, beside every
    # later stage: on a one-document change it is the longest single step of the build
    indexing = search.start_search(site)
    zipping = None
    try:
        chronology.write(site, dates)
        zipping = start_tei_zip(site)  # zlib lets go of the interpreter: on another core meanwhile
        write_encoding(site)
        exports.write_exports(site)  # before the register pages, which link to what it wrote
        write_registers(site)
        write_home(site, zipping.result())
        parallel.close(site)  # before the PDFs' own pool
        write_pdfs(site)
        sitecheck.verify(site)  # a broken site is never swapped in
        check_links(site)
        if site.prepare_record is not None:
            site.prepare_record()  # while Pagefind works
        indexing.finish()  # the index goes in last, checked by search.Pending
    finally:
        parallel.close(site)
        indexing.wait()  # a failed build: Pagefind done with its folders before they are removed
        if zipping is not None:
            wait([zipping])  # and the zip written before its folder goes


def check_links(site: Site) -> None:
    """A site with dead links is not put in place."""
    broken = linkcheck.broken_links(site.out, site.link_memo, site.page_hashes)
    if broken:
        raise BuildFailed("; ".join(f"{page}: broken link {href}" for page, href in broken[:20])
                          + (f" (and {len(broken) - 20} more)" if len(broken) > 20 else ""))
    site.say("links checked: none broken")


def write_documents(site: Site) -> None:
    """Reading view, TEI download, citation files and (queued) print view of every document."""
    project, stats, tmp = site.project, site.stats, site.out
    (tmp / "tei").mkdir(exist_ok=True)
    date = site.env.globals["build_date"]
    plans = []
    for i, d in enumerate(site.docs, 1):
        prev, nxt = (site.docs[i - 2] if i > 1 else None), (site.docs[i] if i < len(site.docs) else None)
        collection = project.collections.get(d.collection) if d.collection else None
        book = [b for b in site.docs if d.collection and b.collection == d.collection]
        # The page is the document's own text and header, framed by its neighbours and its book.
        key = site.key("document", d.data, [(b.id, b.title) for b in (prev, nxt) if b is not None],
                                [prev is not None, nxt is not None], [(b.id, b.title) for b in book], collection)
        reused = site.reuse(f"{d.id}.html", key)
        cite = citation.record(project.meta, d, date)
        plans.append((d, key, reused, cite, prev, nxt, collection, book))

    def tasks():  # one document parsed at a time, dropped once serialised for its renderer
        for d, key, reused, cite, prev, nxt, collection, book in plans:
            if reused and not site.make_pdf:
                continue
            tree = d.tree
            page = None if reused else {
                "doc": {**d.plain(), "pdf": site.make_pdf, "corrections": _corrections(tree)}, "collection": collection,
                "root": "", "page": "document", "cite": cite, "citation": citation.sentence(cite), "prev": prev,
                "next": nxt, "book": book, "part_n": book.index(d) + 1 if d in book else 0}
            # rendered in a worker process or here (publishing/parallel.py)
            yield parallel.document_task(d, etree.tostring(tree, encoding="unicode"), page, site.make_pdf)

    t0 = time.perf_counter()
    results = parallel.run(site, "document", tasks(), sum(1 for p in plans if not p[2] or site.make_pdf))
    for i, (d, key, reused, cite, *_) in enumerate(plans, 1):
        done = next(results) if not reused or site.make_pdf else None
        messages = site.cache.extra_old.get(f"messages:{d.id}", []) if reused else done["messages"]
        if site.cache is not None:
            site.cache.extra[f"messages:{d.id}"] = messages
        for m in messages + (done["print_messages"] if site.make_pdf else []):
            stats.warnings.append(f"{d.path.relative_to(project.root)}: {m}")
        if not reused:
            site.write(f"{d.id}.html", done["html"], key=key)
        site.write(f"cite/{d.id}.bib", citation.bibtex(cite))
        site.write(f"cite/{d.id}.json", citation.csl_json(cite))
        # The download is the file itself, byte for byte.
        (tmp / "tei" / f"{d.id}.xml").write_bytes(d.data)
        if site.make_pdf:
            site.printed[d.id] = done["print"]
        site.say(f"[{i}/{len(site.docs)}] {d.id}: html {'reused' if reused else 'rendered'} "
                 f"({time.perf_counter() - t0:.2f} s)")
        t0 = time.perf_counter()
    stats.documents = len(site.docs)
    # One file of name cards for the whole site, fetched once and cached by the browser,
    # instead of a copy of the cards in every page.
    named = set().union(*site.named.values()) if site.named else set()
    site.write("data/cards.json", json.dumps({r: site.entries[r].card() for r in sorted(named)},
                                             ensure_ascii=False, separators=(",", ":")))
    memory.release()  # every document's text and page were large strings (malloc's): freed now


def _corrections(tree) -> int:
    return len(tree.getroot().findall("t:text//t:choice[t:corr]", NS))


def start_tei_zip(site: Site):
    """The zip of the TEI the home page offers (a future of its downloads.Archive): taken from
    the previous site when made of the same files' bytes, else made in a thread of its own."""
    from concurrent.futures import Future, ThreadPoolExecutor

    date = site.env.globals["build_date"]
    key = site.key("tei-zip", downloads.inputs_digest(site.project, site.docs), date)
    rel = downloads.relpath(site.project)
    if site.reuse(rel, key):
        done: Future = Future()
        done.set_result(downloads.archive(site.project, site.docs, site.out / "downloads"))
        return done
    if site.cache is not None:
        site.cache.pages[rel] = key
    pool = ThreadPoolExecutor(1)
    future = pool.submit(downloads.tei_zip, site.project, site.docs, site.out / "downloads", date)
    pool.shutdown(wait=False)  # the thread ends with its one task
    return future


def write_home(site: Site, tei_zip: downloads.Archive) -> None:
    """The home and about pages, taken from the previous site when made of the same."""
    groups = _groups(site.project, site.docs, site.make_pdf)
    plain = [{**d.plain(), "pdf": site.make_pdf} for d in site.docs]
    example = citation.sentence(citation.record(site.project.meta, site.docs[0], site.env.globals["build_date"]))
    ctx = dict(root="", groups=groups, documents=plain, tei_zip=tei_zip, volume=site.volume, example_citation=example)
    for name in ("index", "about"):
        key = site.key("home", name, {k: (v.__dict__ if k == "tei_zip" else v) for k, v in ctx.items()})
        if not site.reuse(f"{name}.html", key):
            site.write(f"{name}.html", site.render(f"{name}.html", page=name, **ctx), key=key)


def write_encoding(site: Site) -> None:
    """The customisation and its documentation, published beside the texts."""
    project, tmp = site.project, site.out
    (tmp / "schemas").mkdir(exist_ok=True)
    for name in ("edition.odd", "edition.rng", "edition.sch"):
        shutil.copy(project.schema_dir / name, tmp / "schemas" / name)
    # each document parsed when the walk comes to it, not all at once
    loaders = {d.id: (lambda d=d: d.tree) for d in site.docs}
    loaders.update({p.stem: (lambda p=p: site.trees[p]) for p in site.trees if p.parent.name == "register"})
    all_trees = corpus.LazyTrees(loaders)
    register_pages = {registers.KINDS[k][0]: f"{registers.KINDS[k][3]}/index.html" for k in site.kinds}
    register_pages[relations.STEM] = "data/relations.xml"  # the relations have no page of their own (issue 12)
    # its counts and examples are drawn from every text and register: kept per file, under its
    # bytes' digest (the anchored ids they may show follow from the file and the registers' refs)
    cache = buildcache.memo(site.cache, site.docs)
    files = {d.id: d.path for d in site.docs} | {p.stem: p for p in site.trees if p.parent.name == "register"}
    refs = buildcache.digest(sorted(site.entries))

    def facts(doc_id):
        make = lambda: encodingdoc.tree_facts(all_trees[doc_id])  # noqa: E731
        if cache is None:
            return make()
        return cache.fact(f"encoding:{doc_id}", buildcache.digest(files[doc_id].read_bytes(), refs), make)
    site.write("encoding.html", site.render(
        "encoding.html", page="encoding", root="",
        doc=encodingdoc.document(project.schema_dir / "edition.odd", all_trees, register_pages,
                                 conventions=site.conventions.exists(), facts=facts)))
    if site.conventions.exists():
        # the guide alone (docs/encoding.md, part of the global key) makes this page
        key = site.key("conventions")
        if not site.reuse("conventions.html", key):
            site.write("conventions.html", site.render(
                "conventions.html", page="encoding", root="", conv=encodingdoc.conventions(site.conventions)), key=key)
    memory.release()  # every document and register was parsed for the examples (×100: 300 MiB)


def write_registers(site: Site) -> None:
    """A page per register entry with every mention in context, and an index per register
    (divided into pages when an entry or a register outgrows one: edition/registerpages.py)."""
    registerpages.write(site)


def write_pdfs(site: Site) -> None:
    """Each document's PDF and the whole volume (edition/print_edition.py)."""
    if site.make_pdf:
        from . import print_edition  # WeasyPrint's side (and a process pool): only for PDFs
        print_edition.write_pdfs(site)


def _swap(new: Path, out: Path) -> Path | None:
    """Put the new site in place with renames only; the old one, renamed aside, is for the
    caller to remove (returned)."""
    old = None
    # Ctrl-C or SIGTERM between the two renames would leave no site at all: they wait until after.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        if out.exists():
            old = out.with_name(f".{out.name}-old-{int(time.time() * 1000)}")
            out.rename(old)
        new.rename(out)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    new_mode = 0o755
    out.chmod(new_mode)
    return old
