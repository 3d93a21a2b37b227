"""The search index's working folder, kept between builds: the records Pagefind reads and the
index it writes. Kept, they spare most of Pagefind's run after a small change: it skips every
fragment and index chunk already there under its name (a hash of its content), 0.33 s against
0.55 s for the edition; and only the records that changed are written. For an edition held in
memory (validate.HOLD_BYTES) the folder is in tmpfs (/dev/shm/edition-search-*, a few MB), since
making a file on this machine's disk costs up to a fifth of a millisecond; else beside the page
cache (build/.cache/search-*/). The site takes the index's unchanged files from the previous
site by hard links.

What Pagefind does not do is remove what is no longer part of the index: `prune` does, from the
names its metadata file gives. A build that stops half-way leaves the folder marked incomplete,
and the next one starts it afresh, so a file cut short is never taken for a whole one."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
from pathlib import Path

MARK = "incomplete"
MANIFEST = "records.json"
# content-addressed: Pagefind writes each once, under a new name when its content changes, and
# never writes over it; the rest (its scripts, the metadata, the filters) are written every run
NAMED_BY_CONTENT = ("fragment", "index")


SHM = Path("/dev/shm")


def roots(cache_file: Path) -> tuple[Path, Path]:
    """(in memory, on disk): where the folder of the output folder whose page record is
    `cache_file` may be."""
    h = hashlib.sha256(str(cache_file.resolve()).encode()).hexdigest()[:16]
    return SHM / f"edition-search-{h}", cache_file.with_name(cache_file.stem.replace("pages-", "search-", 1))


def for_build(cache_file: Path, small: bool) -> "Folder":
    in_memory, on_disk = roots(cache_file)
    if small and SHM.is_dir() and os.access(SHM, os.W_OK):
        shutil.rmtree(on_disk, ignore_errors=True)  # the edition has shrunk: one folder only
        return Folder(in_memory, True)
    shutil.rmtree(in_memory, ignore_errors=True)
    return Folder(on_disk, False)


def remove(cache_file: Path) -> None:
    for root in roots(cache_file):
        shutil.rmtree(root, ignore_errors=True)


class Folder:
    def __init__(self, root: Path, in_memory: bool = False):
        self.root, self.in_memory = root, in_memory
        self.records, self.index = root / "records", root / "index"
        self.known: dict[str, str] = {}

    def open(self) -> None:
        """Ready for a build: afresh if the last one did not finish with it."""
        if (self.root / MARK).exists() or not (self.root / MANIFEST).is_file():
            shutil.rmtree(self.root, ignore_errors=True)
        self.root.mkdir(parents=True, exist_ok=True)
        if (self.root / MANIFEST).is_file():
            try:
                self.known = json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
            except ValueError:
                self.known = {}
        (self.root / MARK).touch()
        self.records.mkdir(exist_ok=True)

    @property
    def fresh(self) -> bool:
        """No index kept from an earlier build."""
        return not (self.index / "pagefind-entry.json").is_file()

    def records_are(self, pages: dict[str, str]) -> None:
        """After the build has written the records that differ from the folder's (`known`):
        `pages` (path → digest) is every record of this build; the others go."""
        for rel in self.known.keys() - pages.keys():
            (self.records / rel).unlink(missing_ok=True)
        self.known = dict(pages)
        (self.root / MANIFEST).write_text(json.dumps(self.known), encoding="utf-8")

    def close(self) -> None:
        """The records and the index are those of this build."""
        (self.root / MARK).unlink(missing_ok=True)


def prune(index: Path) -> None:
    """Remove from Pagefind's output folder what its current metadata does not name."""
    entry = json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
    metas = {f"pagefind.{lang['hash']}.pf_meta" for lang in entry["languages"].values()}
    named = [gzip.decompress((index / m).read_bytes()) for m in metas]
    for old in index.glob("pagefind.*.pf_meta"):
        if old.name not in metas:
            old.unlink()
    for sub in ("fragment", "index", "filter"):
        folder = index / sub
        if not folder.is_dir():
            continue
        for f in os.scandir(folder):
            stem = f.name.split(".", 1)[0]
            # a hash is a CBOR text string in the metadata: its length byte, then the name
            if len(stem) >= 24 or not any(bytes([0x60 + len(stem)]) + stem.encode() in m for m in named):
                os.unlink(f.path)


def stage(index: Path, staging: Path, leave_out: tuple[str, ...], previous: Path | None = None) -> None:
    """The index into `staging` (beside the site, on its file system). A content-addressed file
    is a hard link to the same-named one of `previous` (the index of the site in place) or of
    `index`, since Pagefind never writes over them; the rest is copied, as Pagefind rewrites it."""
    for folder, dirs, names in os.walk(index):
        rel = os.path.relpath(folder, index)
        dest = staging if rel == "." else staging / rel
        dest.mkdir(parents=True, exist_ok=True)
        linked = rel in NAMED_BY_CONTENT
        for name in names:
            if name in leave_out:
                continue
            src = os.path.join(folder, name)
            if linked and _link(previous / rel / name if previous is not None else None, src, dest / name):
                continue
            shutil.copyfile(src, dest / name)


def _link(*args) -> bool:
    *sources, dest = args
    for src in sources:
        if src is None:
            continue
        try:
            os.link(src, dest)
            return True
        except OSError:
            continue
    return False
