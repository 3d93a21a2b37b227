"""The search index's files kept between builds (publishing/searchfolder.py): Pagefind run into
a folder seeded with them gives the index a fresh run gives, with nothing of the earlier index
left in it and its unchanged files the same files as the site in place's; a folder a build left
half-done is started afresh."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from edition.publishing import search, searchfolder

pytestmark = pytest.mark.skipif(not search.available(), reason="Pagefind's binary is not installed")


def _page(words: str) -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title></title></head>'
            f'<body><main data-pagefind-body><p>{words}</p></main></body></html>')


def _records(folder: Path, n: int, changed: int = -1, gone: int = 0) -> Path:
    """Records written as the build writes them: afresh, in their order."""
    for i in range(n - gone):
        file = folder / "_text" / "doc" / f"p{i}.html"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(_page(f"passage {i} of Shliapnikov {'EDITED' if i == changed else ''} word{i}"), encoding="utf-8")
    return folder


def _content_named(index: Path) -> set[str]:
    # the filters' names change from run to run (Pagefind's own); fragments and word chunks do not
    return {p.relative_to(index).as_posix() for sub in ("fragment", "index") for p in (index / sub).iterdir()}


def _pages(index: Path) -> set[str]:
    """The URLs of the index's pages, read from its fragments."""
    out = set()
    for f in (index / "fragment").iterdir():
        raw = gzip.decompress(f.read_bytes())
        out.add(json.loads(raw[len(b"pagefind_dcd"):])["url"])
    return out


def _run(tmp: Path, name: str, records: Path, folder: searchfolder.Folder | None) -> Path:
    staged = tmp / name
    staged.mkdir()
    if folder is not None:
        folder.open()
    search._index(records, tmp / f"{name}-out", "en", staged, folder)
    return staged


def test_a_run_on_the_kept_files_gives_a_fresh_runs_index_and_keeps_nothing_stale(tmp_path):
    folder = searchfolder.Folder(tmp_path / "kept")
    first = _run(tmp_path, "first", _records(tmp_path / "r1", 30), folder)
    assert not folder.fresh and not (folder.root / searchfolder.MARK).exists()

    # a passage changed, five gone
    second = _run(tmp_path, "second", _records(tmp_path / "r2", 30, changed=3, gone=5), folder)
    assert not (tmp_path / "second-out").exists()  # written in place, into the folder staged for the site
    fresh = _run(tmp_path, "fresh", _records(tmp_path / "r3", 30, changed=3, gone=5), None)

    assert _content_named(second) == _content_named(fresh)  # the same files, word chunks included
    assert _content_named(folder.index) == _content_named(fresh)  # pruned: the old ones are gone
    assert _pages(second) == _pages(fresh) and not any("p29" in u for u in _pages(second))
    assert len(list(second.glob("pagefind.*.pf_meta"))) == 1
    assert not any((second / name).exists() for name in search.UNUSED_UI)
    # the unchanged files are the site in place's, and the kept ones the new site's
    same = _content_named(second) & _content_named(first)
    assert same and _content_named(second) - same
    assert all((second / rel).samefile(first / rel) for rel in same)
    assert all((second / rel).samefile(folder.index / rel) for rel in _content_named(second))


def test_a_folder_left_half_done_is_started_afresh(tmp_path):
    folder = searchfolder.Folder(tmp_path / "kept")
    _run(tmp_path, "first", _records(tmp_path / "r1", 5), folder)
    (folder.root / searchfolder.MARK).touch()  # a build that stopped while Pagefind wrote
    assert not folder.fresh
    folder.open()
    assert folder.fresh
