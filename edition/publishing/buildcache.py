"""What lets a build redo only what changed: a key for each page from the inputs it is made of,
kept with the site it was written into, so that the next build can take an unchanged page from
the previous site (a hard link into the fresh folder) instead of rendering it again.

Two levels of keys:
- the *global* key: the code's version (every module of the package and the versions of the
  libraries that shape the output), the stylesheets, templates, assets, schemas, the encoders'
  guide, edition.toml, the build date and the build's options. When it changes, nothing is
  reused: every page is rendered as in a first build;
- a *page* key: what one page is made of beyond that (a document's bytes and its neighbours'
  titles, a register entry with its mentions and relations). A page is reused only when its key
  and the global key are those recorded when the previous site was written.

The record lives in build/.cache/ (one file per output folder) and is written only after a
build has put its site in place; it names the folder it describes by its inode and mtime, so a
site replaced by other means is never taken for the one recorded."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
# libraries whose version can change the bytes of a page
LIBRARIES = ("saxonche", "Jinja2", "lxml", "MarkupSafe", "rcssmin", "tinycss2", "pagefind", "markdown-it-py", "pyuca")
VERSION = 1  # of this record's layout


# Facts kept per document for the next build (its mentions in context, its dates, its export rows)
# are held in memory with the pages' record: up to this many documents. A larger corpus makes
# them afresh on every build, as kept they would hold the whole corpus twice (its own and the
# previous build's: 2 GB at ×100, docs/benchmarks.md).
MEMO_DOCUMENTS = 100


def memo(cache, docs):
    """The build's cache where per-document facts may be kept for this corpus, else None."""
    return cache if cache is not None and len(docs) <= MEMO_DOCUMENTS else None


# The site checks' memo (content hash → a page's ids, hrefs, findings, kept so that the next
# build need not parse an unchanged page) holds every page's strings: on a site of 80,000 pages
# (×100) that is gigabytes, where the checks themselves keep 8 bytes an id. Past this many pages
# it is not kept.
MEMO_PAGES = 20_000


def page_memo(memo: dict | None, pages: int) -> dict | None:
    """`memo` for a check of a site of `pages` pages: emptied and not used past MEMO_PAGES."""
    if memo is not None and pages > MEMO_PAGES:
        memo.clear()
        return None
    return memo


def digest(*parts) -> str:
    """A key for JSON-able parts (or bytes)."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else json.dumps(p, ensure_ascii=False, sort_keys=True, default=repr).encode())
        h.update(b"\0")
    return h.hexdigest()


def _tree_digest(h, root: Path, pattern: str = "*") -> None:
    if root.is_file():
        h.update(root.name.encode() + b"\0" + root.read_bytes() + b"\0")
        return
    if not root.is_dir():
        h.update(b"-\0")
        return
    for p in sorted(root.rglob(pattern)):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")


def code_version() -> str:
    """The package's own sources and the versions of the libraries it renders with."""
    from importlib import metadata

    h = hashlib.sha256()
    _tree_digest(h, PACKAGE, "*.py")
    for name in LIBRARIES:
        try:
            h.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=-\0".encode())
    return h.hexdigest()


def global_key(project, **options) -> str:
    """Everything every page may depend on; `options` are the build's own (date, PDFs, search)."""
    h = hashlib.sha256(f"{VERSION}\0{code_version()}\0".encode())
    for root in (project.xslt_dir, project.templates_dir, project.assets_dir, project.schema_dir,
                 project.root / "edition.toml", project.root / "docs" / "encoding.md"):
        h.update(str(root.relative_to(project.root) if root.is_relative_to(project.root) else root).encode())
        _tree_digest(h, root)
    h.update(json.dumps(options, sort_keys=True).encode())
    return h.hexdigest()


def inputs_key(project) -> str:
    """Every source file (tei/, its registers): with the global key, all a site is made of."""
    h = hashlib.sha256()
    _tree_digest(h, project.tei_dir)
    return h.hexdigest()


def _stamp(folder: Path) -> list[int] | None:
    try:
        st = folder.stat()
    except OSError:
        return None
    return [st.st_ino, st.st_mtime_ns]


class PageCache:
    """The keys of the pages of the previous site in `out`, and those of the site being written."""

    def __init__(self, cache_dir: Path | None, out: Path, key: str, enabled: bool = True, **options):
        self.out, self.key, self.options = out, key, options
        self.file = cache_dir / f"pages-{hashlib.sha256(str(out).encode()).hexdigest()[:12]}.json" if cache_dir else None
        self.old: dict[str, str] = {}
        self.extra_old: dict[str, str] = {}
        self.pages: dict[str, str] = {}    # rel → key, of the site being written
        self.extra: dict[str, str] = {}    # other keys a stage keeps (the search index's)
        self.reused = 0
        self.rendered = 0
        self._prepared: str | None = None  # the record made by `prepare`, for `save` to write
        self.enabled = enabled
        self.inputs_old, self.summary_old = None, None
        if not enabled or self.file is None:
            return
        try:
            rec = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if rec.get("global") == key and rec.get("site") == _stamp(out) and rec.get("site") is not None:
            self.old = rec.get("pages", {})
            self.extra_old = rec.get("extra", {})
            self.inputs_old, self.summary_old = rec.get("inputs"), rec.get("summary")

    @property
    def incremental(self) -> bool:
        return bool(self.old)

    def reuse(self, rel: str, key: str, staging: Path) -> bool:
        """Put the previous site's `rel` into `staging` if its key is `key`; whether it did."""
        if self.old.get(rel) != key:
            self.rendered += 1
            return False
        src, dest = self.out / rel, staging / rel
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(src, dest)   # never written to afterwards: the build writes fresh files only
        except OSError:
            self.rendered += 1
            return False
        self.pages[rel] = key
        self.reused += 1
        return True

    def reuse_tree(self, rel: str, key: str, staging: Path, name: str) -> bool:
        """The same for a whole folder of the previous site (the search index), under one key."""
        if self.extra_old.get(name) != key or not (self.out / rel).is_dir():
            return False
        src = self.out / rel
        try:
            shutil.copytree(src, staging / rel, copy_function=link_or_copy, dirs_exist_ok=False)
        except OSError:
            shutil.rmtree(staging / rel, ignore_errors=True)
            return False
        self.extra[name] = key
        return True

    def unchanged(self, inputs: str) -> dict | None:
        """What the previous build reported, when it was made of these very inputs (and the
        global key and the folder are the same): then the site in place is the build's result."""
        if self.incremental and self.inputs_old == inputs and self.summary_old:
            # and every page recorded still there (one removed by hand inside a subfolder
            # leaves the folder's own time as it was)
            if all(os.path.isfile(os.path.join(self.out, rel)) for rel in self.old):
                return self.summary_old
        return None

    def fact(self, name: str, key: str, make):
        """A stage's fact `name` (JSON-able): the previous build's if it was made of the same
        (`key`), else `make()`; kept for the next build either way."""
        old = self.extra_old.get(name)
        value = old[1] if old and old[0] == key else make()
        self.extra[name] = [key, value]
        return value

    def prepare(self, inputs: str = "", summary: dict | None = None) -> None:
        """Make the record of this build (3 MB of JSON for the edition) before the site is in
        place, while the build waits for the search index; `save` then only writes it."""
        try:
            json.dumps(summary)
        except (TypeError, ValueError):
            summary = None  # never taken for a build's result unless it can be kept whole
        self._prepared = json.dumps({"pages": self.pages, "extra": self.extra, "inputs": inputs, "summary": summary})

    def save(self, inputs: str = "", summary: dict | None = None) -> None:
        """After the site is in place: what the next build may reuse."""
        if self.file is None:
            return
        if self._prepared is None:
            self.prepare(inputs, summary)
        self.file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_suffix(".tmp")
        # the folder's stamp is known only now, once the new site is in place
        head = json.dumps({"global": self.key, "out": str(self.out), "site": _stamp(self.out)})
        tmp.write_text(head[:-1] + ", " + self._prepared[1:], encoding="utf-8")
        self._prepared = None
        tmp.replace(self.file)
        # the records of folders that are gone (a test's, a one-off -o) go with them
        for other in self.file.parent.glob("pages-*.json"):
            if other != self.file:
                gone = not Path(_out_of(other)).is_dir()
                if gone:
                    other.unlink(missing_ok=True)
                    # and the search index's working folder
                    from . import searchfolder
                    shutil.rmtree(searchfolder.root_for(other), ignore_errors=True)

    def load_extra(self, name: str) -> dict:
        """A stage's own record beside the pages' (content-addressed, so valid for any site)."""
        if self.file is None or not self.enabled:
            return {}
        try:
            return json.loads(self.file.with_name(f"{name}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def save_extra(self, name: str, value: dict) -> None:
        if self.file is None:
            return
        path = self.file.with_name(f"{name}.json")
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        tmp.replace(path)

    def forget(self) -> None:
        """Before a build replaces the site: the record no longer describes what is there."""
        if self.file is not None:
            self.file.unlink(missing_ok=True)


def _out_of(record: Path) -> str:
    """The output folder a page record names ("/" if unreadable): read from its first bytes,
    where `save` puts it, rather than by parsing megabytes of JSON for each record every build."""
    import re
    try:
        with open(record, "rb") as f:
            head = f.read(4096).decode("utf-8", "replace")
    except OSError:
        return "/"
    m = re.match(r'\{"global": "[^"]*", "out": ("(?:[^"\\]|\\.)*")', head)
    if m:
        return json.loads(m.group(1))
    try:
        return json.loads(record.read_text(encoding="utf-8")).get("out", "/")
    except (OSError, ValueError):
        return "/"


def link_or_copy(src, dest):
    """`dest` as a hard link to `src`, or a copy where the file systems do not allow one."""
    try:
        os.link(src, dest)
    except OSError:
        shutil.copy2(src, dest)
    return dest
