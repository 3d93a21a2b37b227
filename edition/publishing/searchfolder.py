"""The search index's files named by their content (fragments, word chunks), kept between
builds beside the page cache (build/.cache/search-*/). Pagefind skips every such file already
in its output folder (0.33 s against 0.55 s for the edition), so a build seeds the folder that
becomes the site's index with them and Pagefind writes only what is new.

Making a file on this machine's disk costs up to a fifth of a millisecond (after many
deletions: 0.3 s to copy the index's 1,500 files, 0.009 s to link them), so the seeds are hard
links, and what is kept after a run are hard links to the new site's files: a content-named
file is never written over, by Pagefind or by the build. What Pagefind does not do is remove
what is no longer part of the index: `prune` does, from the names its metadata file gives. A
build that stops half-way leaves the folder marked incomplete, and the next one starts it
afresh. (The records Pagefind reads are written afresh each build, in memory and in the same
order: Pagefind numbers the pages in the order it finds them, so the index is the same as a
full build's.)"""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

from .buildcache import link_or_copy

MARK = "incomplete"
# content-addressed: Pagefind writes each once, under a new name when its content changes, and
# never writes over it; the rest (its scripts, the metadata, the filters) are written every run
NAMED_BY_CONTENT = ("fragment", "index")


def root_for(cache_file: Path) -> Path:
    """The folder of the output folder whose page record is `cache_file`."""
    return cache_file.with_name(cache_file.stem.replace("pages-", "search-", 1))


class Folder:
    def __init__(self, root: Path):
        self.root = root
        self.index = root / "index"

    def open(self) -> None:
        """Ready for a build: afresh if the last one did not finish with it."""
        if (self.root / MARK).exists():
            shutil.rmtree(self.root, ignore_errors=True)
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / MARK).touch()

    @property
    def fresh(self) -> bool:
        """No index kept from an earlier build."""
        return not (self.index / "fragment").is_dir()

    def seed(self, into: Path) -> None:
        """The kept files into Pagefind's output folder (hard links where it is on the same
        file system), for it to skip."""
        for sub in NAMED_BY_CONTENT:
            if (self.index / sub).is_dir():
                shutil.copytree(self.index / sub, into / sub, dirs_exist_ok=True, copy_function=link_or_copy)

    def keep(self, staged: Path) -> None:
        """After a run: the index's content-named files, as hard links to those staged for the site."""
        for sub in NAMED_BY_CONTENT:
            have = {f.name for f in os.scandir(self.index / sub)} if (self.index / sub).is_dir() else set()
            want = {f.name for f in os.scandir(staged / sub)} if (staged / sub).is_dir() else set()
            (self.index / sub).mkdir(parents=True, exist_ok=True)
            for name in have - want:
                os.unlink(self.index / sub / name)
            for name in want - have:
                link_or_copy(staged / sub / name, self.index / sub / name)

    def close(self) -> None:
        """The index kept is this build's."""
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


def stage(index: Path, staging: Path, leave_out: tuple[str, ...]) -> None:
    """The index into `staging` (beside the site, on its file system): a content-addressed file
    as a hard link where the file systems allow, since Pagefind never writes over them; the
    rest copied, as Pagefind rewrites it."""
    for folder, dirs, names in os.walk(index):
        rel = os.path.relpath(folder, index)
        dest = staging if rel == "." else staging / rel
        dest.mkdir(parents=True, exist_ok=True)
        linked = rel in NAMED_BY_CONTENT
        for name in names:
            if name in leave_out:
                continue
            (link_or_copy if linked else shutil.copyfile)(os.path.join(folder, name), dest / name)
