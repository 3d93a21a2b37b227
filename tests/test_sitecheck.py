"""The site checks itself (edition/sitecheck.py) and `edition check` reports on one screen."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from edition import corpus, registers
from edition.publishing import sitecheck
from edition.cli import main
from edition.publishing.site import BuildFailed, build
from edition.checking.xml import parse

from conftest import mini_project


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = mini_project(tmp_path_factory.mktemp("sc") / "proj")
    out = project.root / "build" / "site"
    build(project, out, make_pdf=False)
    return project, out


@pytest.fixture
def copy(built, tmp_path):
    project, out = built
    dest = tmp_path / "site"
    shutil.copytree(out, dest, symlinks=True)
    return project, dest


def view(project, site, make_pdf=False):
    trees = {p.resolve(): parse(p) for p in project.tei_dir.rglob("*.xml")}
    docs = [corpus.describe(p.resolve(), trees[p.resolve()]) for p in corpus.tei_files(project)]
    return SimpleNamespace(out=site, docs=docs, entries=registers.load_entries(project.register_dir, trees),
                           make_pdf=make_pdf)


def problems(project, site, make_pdf=False) -> list[str]:
    return sitecheck.check(view(project, site, make_pdf)).problems


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_fresh_site_passes(copy):
    project, site = copy
    res = sitecheck.check(view(project, site))
    assert res.ok, res.problems
    assert res.pages >= 8 and res.links > 50


@pytest.mark.parametrize("old,new,words", [
    ('<html lang="en">', "<html>", "has no lang"),
    ("<title>", "<title></title><x>", "exactly one non-empty <title>"),
    ("</h1>", "</h1><h1>again</h1>", "has 2 <h1>"),
    ("<h1>", "<h2>", "has 0 <h1>"),
    ("</main>", "</span></main>", "Unexpected end tag : span"),
    ('id="mini-p2"', 'id="mini-p1"', "ID mini-p1 already defined"),
    ('href="assets/edition.css"', 'href="assets/missing.css"', 'refers to a file that is not in the site'),
    ('src="assets/edition.js"', 'src="assets/gone.js"', 'refers to a file that is not in the site'),
])
def test_a_broken_page_is_found(copy, old, new, words):
    project, site = copy
    edit(site / "mini.html", old, new)
    found = problems(project, site)
    assert any(p.startswith("mini.html") and words in p for p in found), found


def test_a_stylesheet_pointing_at_a_missing_font_is_found(copy):
    project, site = copy
    css = site / "assets" / "edition.css"
    css.write_text(css.read_text() + '\n@font-face { font-family: X; src: url("fonts/x.woff2"); }\n')
    assert any("url(fonts/x.woff2)" in p for p in problems(project, site))


def test_a_missing_register_page_is_found(copy):
    project, site = copy
    (site / "persons" / "alskii.html").unlink()
    assert any("register entry per:alskii has no page" in p for p in problems(project, site))


def test_a_tei_download_that_differs_from_the_source_is_found(copy):
    project, site = copy
    f = site / "tei" / "mini.xml"
    f.write_bytes(f.read_bytes().replace(b"Small", b"Smoll"))
    assert any("tei/mini.xml: differs from mini.xml" in p for p in problems(project, site))
    f.unlink()
    assert any("TEI download of mini is missing" in p for p in problems(project, site))


def test_a_missing_pdf_is_found_when_pdfs_are_built(copy):
    project, site = copy
    assert not problems(project, site, make_pdf=False)
    assert any("pdf/mini.pdf" in p for p in problems(project, site, make_pdf=True))
    (site / "pdf").mkdir()
    (site / "pdf" / "mini.pdf").write_text("<html>not a pdf</html>")
    assert any("not a PDF" in p for p in problems(project, site, make_pdf=True))


def test_a_search_page_without_its_index_is_found(copy):
    project, site = copy
    if not (site / "search.html").exists():
        shutil.copy(site / "about.html", site / "search.html")
    shutil.rmtree(site / "pagefind", ignore_errors=True)  # a search page whose index is gone
    assert any("search index" in p for p in problems(project, site))


def test_a_broken_site_fails_the_build_and_the_previous_one_stays(built, monkeypatch, tmp_path):
    project, _ = built
    out = tmp_path / "out"
    build(project, out, make_pdf=False)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    from edition.publishing import site as site_module
    real = site_module.write_home

    def broken_home(site, *args):
        real(site, *args)
        edit(site.out / "index.html", "</h1>", "</h1><h1>second</h1>")
    monkeypatch.setattr(site_module, "write_home", broken_home)
    with pytest.raises(BuildFailed, match="index.html: has 2 <h1>"):
        build(project, out, make_pdf=False, incremental=False)  # unchanged sources would keep the site
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary folder left


def test_edition_check_prints_the_report_and_json(built, capsys, monkeypatch):
    project, out = built
    monkeypatch.chdir(project.root)
    assert main(["check"]) == 0
    text = capsys.readouterr().out
    for label in ("documents", "words", "notes", "mentions", "register entries", "unused entries", "dates",
                  "pages", "links checked", "validation"):
        assert any(line.startswith(label) for line in text.splitlines()), label
    assert len(text.splitlines()) <= 24  # one screen
    assert main(["check", "--format", "json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["documents"] == 1
    assert r["notes"] == {"source": 2, "editorial": 1}
    assert r["mentions"]["persons"] == 4 and r["mentions"]["organisations"] == 1
    assert r["register_entries"]["persons"] == 3 and r["unused_entries"]["persons"] == 0
    assert r["dates"] == {"count": 1, "first": "1922-02-26", "last": "1922-02-26"}
    assert r["pages"] >= 8 and r["links_checked"] > 50 and r["problems"] == []
    words = " ".join(t for t in parse(project.tei_dir / "mini.xml").getroot().find(
        "{http://www.tei-c.org/ns/1.0}text").itertext()).split()
    assert r["words"] == len(words) - len("An editorial note.".split())


def test_edition_check_fails_on_a_broken_site(built, capsys, monkeypatch, tmp_path):
    project, out = built
    broken = tmp_path / "site"
    shutil.copytree(out, broken)
    (broken / "persons" / "alskii.html").unlink()
    monkeypatch.chdir(project.root)
    assert main(["check", "-d", str(broken)]) == 1
    text = capsys.readouterr().out
    assert "register entry per:alskii has no page" in text and "broken link" in text


def test_the_build_prints_the_summary(built, capsys, monkeypatch, tmp_path):
    project, _ = built
    monkeypatch.chdir(project.root)
    assert main(["build", "--no-pdf", "-o", str(tmp_path / "s")]) == 0
    out = capsys.readouterr().out
    assert "links checked" in out and "register entries  3 persons" in out
