"""An incremental build writes the same site as a full one: after a document is changed, and
after a register entry is changed, the two trees are compared file by file."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from edition import config
from edition.publishing.site import build

from conftest import ROOT, make_project



def _files(site: Path) -> dict[str, bytes]:
    # Pagefind's index is not reproducible even between two full builds of the same pages (its
    # filter files are named by a hash that changes from run to run); it is compared by the
    # records it was made from, which the build keys it by (labels.json and the reuse below).
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and (p.parent.name != "pagefind" and "pagefind/" not in p.relative_to(site).as_posix()
                                or p.name == "labels.json")}


def _same(a: Path, b: Path) -> None:
    fa, fb = _files(a), _files(b)
    assert sorted(fa) == sorted(fb)
    differ = [rel for rel in fa if fa[rel] != fb[rel]]
    assert not differ, differ[:10]
    # of the index itself, the files named by their content (fragments, word chunks) are the
    # same, and nothing else is left in it (the index kept between builds is pruned)
    assert _content_named(a) == _content_named(b)


def _content_named(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for sub in ("fragment", "index") for p in (site / "pagefind" / sub).iterdir()}


@pytest.fixture
def proj(tmp_path, monkeypatch) -> config.Project:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    # the whole edition: its documents point into one another
    files = sorted((ROOT / "tei").glob("*.xml")) + sorted((ROOT / "tei" / "register").glob("*.xml"))
    return make_project(tmp_path / "proj", files)


def _pages_said(lines: list[str]) -> str:
    return next(l for l in lines if l.startswith("incremental:") and "reused" in l)


def test_incremental_build_equals_full_build(proj, tmp_path):
    inc, full = proj.root / "build" / "site", tmp_path / "full"
    first = build(proj, inc, make_pdf=False)
    said: list[str] = []
    before = _files(inc)
    again = build(proj, inc, make_pdf=False, say=said.append)
    assert any("no source has changed" in l for l in said)  # nothing changed: the site stays
    assert _files(inc) == before
    assert (again.pages, again.documents, again.warnings) == (first.pages, first.documents, first.warnings)

    # a file saved unchanged in content but touched: still nothing to build
    tei = proj.tei_dir / "pirani-vlasov.xml"
    tei.write_bytes(tei.read_bytes())
    said.clear()
    build(proj, inc, make_pdf=False, say=said.append)
    assert any("no source has changed" in l for l in said)

    # a document: a word of a paragraph that names people changes (their pages' contexts too)
    text = tei.read_text(encoding="utf-8")
    para = next(l for l in text.split("\n") if "<persName" in l and "<p " in l)
    changed = para.replace("<persName", "EDITED <persName", 1)
    tei.write_text(text.replace(para, changed, 1), encoding="utf-8")
    said.clear()
    inc_stats = build(proj, inc, make_pdf=False, say=said.append)
    line = _pages_said(said)
    assert " 0 rendered" not in line and " 0 pages reused" not in line, line  # some of each
    assert any("pirani-vlasov: html rendered" in l for l in said)
    assert sum(": html reused" in l for l in said) == 9  # the other documents' pages
    full_stats = build(proj, full, make_pdf=False, incremental=False)
    _same(inc, full)
    # the integrity report too (its documents' counts are kept per document): the same but the folder
    assert {**inc_stats.integrity, "site": ""} == {**full_stats.integrity, "site": ""}
    assert inc_stats.integrity["words"] == first.integrity["words"] + 1  # "EDITED"
    assert b"EDITED" in (inc / "pirani-vlasov.html").read_bytes()

    # a register entry: a person's description changes; the entry's page is rendered again
    reg = proj.register_dir / "persons.xml"
    text = reg.read_text(encoding="utf-8")
    reg.write_text(text.replace("party and trade union leader", "REVISED party and trade union leader", 1), encoding="utf-8")
    said.clear()
    build(proj, inc, make_pdf=False, say=said.append)
    build(proj, full, make_pdf=False, incremental=False)
    _same(inc, full)
    assert any(b"REVISED" in p.read_bytes() for p in (inc / "persons").glob("*.html"))

    # a date's sentence in another document: its chronology entries (kept per document) change
    other = proj.tei_dir / "pirani-litvinov.xml"
    text = other.read_text(encoding="utf-8")
    para = next(l for l in text.split("\n") if "<date " in l and "<p " in l)
    other.write_text(text.replace(para, para.replace("<date ", "REDATED <date ", 1), 1), encoding="utf-8")
    said.clear()
    build(proj, inc, make_pdf=False, say=said.append)
    assert sum(": html reused" in l for l in said) == 9
    build(proj, full, make_pdf=False, incremental=False)
    _same(inc, full)
    assert any(b"REDATED" in p.read_bytes() for p in (inc / "chronology").glob("*.html"))

    # a template: nothing is reused
    said.clear()
    (proj.root / "templates").unlink()
    (proj.root / "templates").mkdir()
    for f in (ROOT / "templates").rglob("*"):
        if f.is_file():
            dest = proj.root / "templates" / f.relative_to(ROOT / "templates")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(f.read_bytes())
    base = proj.root / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</footer>", "<!-- touched --></footer>", 1), encoding="utf-8")
    build(proj, inc, make_pdf=False, say=said.append)
    assert not any(l.startswith("incremental:") for l in said)
    build(proj, full, make_pdf=False, incremental=False)
    _same(inc, full)
