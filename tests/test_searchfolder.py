"""The search index's working folder kept between builds (publishing/searchfolder.py): Pagefind
run again over changed records in the kept folder gives the index a fresh run gives, with nothing
of the earlier index left in it; a folder a build left half-done is started afresh."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from edition.publishing import search, searchfolder

pytestmark = pytest.mark.skipif(not search.available(), reason="Pagefind's binary is not installed")


def _page(words: str) -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title></title></head>'
            f'<body><main data-pagefind-body><p>{words}</p></main></body></html>')


def _records(n: int, changed: int = -1) -> dict[str, str]:
    return {f"_text/doc/p{i}.html": _page(f"passage {i} of Shliapnikov {'EDITED' if i == changed else ''} word{i}")
            for i in range(n)}


def _into(folder: searchfolder.Folder, records: dict[str, str]) -> None:
    folder.open()
    pages = {}
    for rel, text in records.items():
        pages[rel] = hashlib.sha256(text.encode()).hexdigest()
        if folder.known.get(rel) != pages[rel]:
            (folder.records / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder.records / rel).write_text(text, encoding="utf-8")
    folder.records_are(pages)


def _fresh(tmp: Path, records: dict[str, str]) -> Path:
    for rel, text in records.items():
        (tmp / "in" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / "in" / rel).write_text(text, encoding="utf-8")
    search._index(tmp / "in", tmp / "out", "en")
    return tmp / "out"


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


def test_a_kept_folder_indexes_as_a_fresh_run_and_keeps_nothing_stale(tmp_path):
    folder = searchfolder.Folder(tmp_path / "kept")
    _into(folder, _records(30))
    first = tmp_path / "stage1"
    assert search._index(folder.records, folder.index, "en", first, folder) == 30
    assert not (folder.root / searchfolder.MARK).exists()

    # a record changed, five gone: run again in the same folder
    after = {rel: t for rel, t in _records(30, changed=3).items() if not rel.endswith(("p25.html", "p26.html", "p27.html", "p28.html", "p29.html"))}
    _into(folder, after)
    assert not (folder.records / "_text/doc/p29.html").exists()
    second = tmp_path / "stage2"
    assert search._index(folder.records, folder.index, "en", second, folder) == 25
    fresh = _fresh(tmp_path / "fresh", after)

    assert _content_named(second) == _content_named(fresh)
    assert _content_named(folder.index) == _content_named(fresh)  # pruned: the old fragments are gone
    assert _pages(second) == _pages(fresh) and "/_text/doc/p29.html" not in {u.split("#")[0] for u in _pages(second)}
    assert len(list(second.glob("pagefind.*.pf_meta"))) == 1
    assert not any((second / name).exists() for name in search.UNUSED_UI)
    # the content-named files are links to the kept ones, never written over by Pagefind
    frag = next((second / "fragment").iterdir())
    assert (folder.index / "fragment" / frag.name).samefile(frag)


def test_a_folder_left_half_done_is_started_afresh(tmp_path):
    folder = searchfolder.Folder(tmp_path / "kept")
    _into(folder, _records(5))
    search._index(folder.records, folder.index, "en", tmp_path / "s1", folder)
    (folder.records / "_text/doc/p1.html").write_text("cut sh", encoding="utf-8")  # a write cut short
    (folder.root / searchfolder.MARK).touch()                                      # by a build that stopped

    again = searchfolder.Folder(tmp_path / "kept")
    again.open()
    assert again.known == {} and not (again.records / "_text/doc/p1.html").exists()


def test_the_unchanged_files_of_the_index_are_taken_from_the_site_in_place(tmp_path):
    folder = searchfolder.Folder(tmp_path / "kept")
    _into(folder, _records(10))
    in_place = tmp_path / "site-pagefind"
    search._index(folder.records, folder.index, "en", in_place, folder)
    _into(folder, _records(10, changed=3))
    staged = tmp_path / "staged"
    search._index(folder.records, folder.index, "en", staged, folder, previous=in_place)
    same = _content_named(staged) & _content_named(in_place)
    assert same and _content_named(staged) - same  # most unchanged, the changed passage's new
    assert all((staged / rel).samefile(in_place / rel) for rel in same)
    assert _pages(staged) == _pages(_fresh(tmp_path / "fresh", _records(10, changed=3)))
