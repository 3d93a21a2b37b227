"""Search: the Pagefind index `edition build` writes, and the search page read in Chromium over
HTTP (Pagefind does not work from file://)."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from playwright.sync_api import expect

from conftest import ROOT
from edition import registers
from edition.publishing import search
from edition.publishing.site import build
from test_serve_and_browser import serve

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ARTIFACTS = ROOT / "build" / "test-artifacts"
# Spellings the sources print for one person each, and the register page each must lead to.
SPELLINGS = [
    (("Shlyapnikov", "Shliapnikov", "Shlyapnikov's"), "per:shliapnikov"),
    (("Dzerzhinsky", "Dzerzhinskii"), "per:dzerzhinsky"),
    (("Trotsky", "Trotskii", "Trostky"), "per:trotsky"),
    (("Ilyich", "Il'ich"), "per:lenin"),
]


@pytest.fixture(scope="session")
def site(tmp_path_factory, project):
    """The real edition without PDFs (search does not need them), built once."""
    out = tmp_path_factory.mktemp("search") / "site"
    build(project, out, make_pdf=False)
    return out


@pytest.fixture(scope="session")
def served_site(site):
    yield from serve(site)


def results(page, base: str, query: str, filters: str = "") -> list[str]:
    """Every result link the search page shows for `query`, in order, all pages of them."""
    page.goto(base + "search.html?q=" + query.replace("'", "%27") + (f"&{filters}" if filters else ""))
    shown(page)
    more = page.locator("#search-more")
    while more.is_visible():
        more.click()
        shown(page)
    return links(page)


def shown(page) -> None:
    """Wait until the search page has shown what it found (it marks the list busy meanwhile)."""
    page.locator("#search-results[aria-busy=false]").wait_for(state="attached", timeout=60000)  # a loaded machine is slow
    status = page.locator("#search-status").text_content() or ""
    assert "could not be loaded" not in status, status


def links(page) -> list[str]:
    return page.locator(".search-result h2 a").evaluate_all("as => as.map(a => a.getAttribute('href'))")


def mention_passages(site: Path, ref: str, entries) -> set[str]:
    """The passage (its anchor in the search index) of every mention of `ref` in the texts."""
    out = set()
    for m in entries[ref].mentions:
        # the reading view reaches a mention by the paragraph, note or section that holds it
        root = lxml.html.parse(str(site / f"{m.doc_id}.html")).getroot()
        assert root.get_element_by_id(m.target) is not None
        out.add(f"{m.doc_id}.html#{m.target}")
    return out


# ---------------------------------------------------------------- the index, without a browser

def test_build_writes_the_index_and_the_search_page(site):
    index = site / "pagefind"
    assert (index / "pagefind.js").is_file() and (index / "pagefind-entry.json").is_file()
    assert list((index / "fragment").iterdir()) and (index / "labels.json").is_file()
    page = (site / "search.html").read_text(encoding="utf-8")
    assert '<script src="assets/search.js" defer></script>' in page and (site / "assets" / "search.js").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<form role="search" class="site-search" action="search.html">' in home
    entity = (site / "persons" / "shliapnikov.html").read_text(encoding="utf-8")
    assert 'action="../search.html"' in entity


def test_pages_keep_scripts_external(site):
    # the Content-Security-Policy allows scripts from the site only: no inline code or handlers
    for name in ("search.html", "index.html"):
        doc = lxml.html.parse(str(site / name)).getroot()
        assert all(s.get("src") for s in doc.iter("script") if s.get("type") != "application/json"), name
        assert not [a for el in doc.iter() if isinstance(el.tag, str) for a in el.attrib if a.startswith("on")], name


def test_without_pagefind_there_is_no_search_at_all(small_project, monkeypatch):
    monkeypatch.setattr(search, "available", lambda: False)
    out = small_project.root / "build" / "site"
    build(small_project, out, make_pdf=False)
    assert not (out / "search.html").exists() and not (out / "pagefind").exists()
    assert 'role="search"' not in (out / "index.html").read_text(encoding="utf-8")


def test_a_failing_indexer_fails_the_build_and_keeps_the_previous_site(small_project, monkeypatch):
    from edition.publishing.site import BuildFailed

    out = small_project.root / "build" / "site"
    build(small_project, out, make_pdf=False)
    before = (out / "index.html").stat().st_mtime_ns

    def broken(*args):
        raise OSError("pagefind: cannot start")
    monkeypatch.setattr(search, "_index", broken)
    with pytest.raises(BuildFailed, match="search: Pagefind failed: pagefind: cannot start"):
        build(small_project, out, make_pdf=False, incremental=False)  # unchanged sources would keep the site
    assert (out / "index.html").stat().st_mtime_ns == before and (out / "pagefind" / "pagefind.js").is_file()
    # nor is anything of the failed build left beside it (its site, the index's staging folder)
    assert not [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}")]


def test_the_index_is_put_into_the_site_only_after_every_check(small_project, monkeypatch):
    """Pagefind works beside the later stages and the checks; what it wrote goes into the
    site at the very end, and a failed check leaves no index folder behind."""
    from edition.publishing import site as site_module
    from edition.publishing.site import BuildFailed

    out = small_project.root / "build" / "site"
    seen = {}

    def failing_links(site):
        seen["index in the site during the checks"] = (site.out / "pagefind").exists()
        raise BuildFailed("links: made to fail")
    monkeypatch.setattr(site_module, "check_links", failing_links)
    with pytest.raises(BuildFailed, match="made to fail"):
        build(small_project, out, make_pdf=False)
    assert seen == {"index in the site during the checks": False}
    assert not out.exists() and not [p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}")]


def test_spelling_classes_come_from_the_registers(project):
    entries = registers.load_entries(project.register_dir)
    classes = search.spelling_classes(entries)
    assert {"Shliapnikov", "Shlyapnikov"} <= set(classes["shliapnikov"])
    assert {"Trotsky", "Trotskii", "Trostky"} <= set(classes["trotsky"])
    assert {"Il'ich", "Ilyich"} <= set(classes["ilich"])
    assert "Lev" not in classes["trotsky"]  # a forename is not a spelling of the surname
    # a name printed outside a mention of its entry gets the spellings too
    text = search.respell("Natalia Sedova Trotsky: Trotskyism", classes)
    assert re.search(r"Trotsky ⟨[^⟩]*Trotskii[^⟩]*⟩", text) and "Trotskyism ⟨" in text


def test_every_word_of_the_texts_is_indexed(site, project):
    """Nothing of a text is lost to search: each word a reader sees in a document's article
    (apparatus such as note numbers aside) is in one of its passage records."""
    entries = registers.load_entries(project.register_dir)
    for page in sorted(site.glob("*.html")):
        root = lxml.html.parse(str(page)).getroot()
        article = root.find(".//article")
        if article is None:
            continue
        for el in list(article.iter()):
            # apparatus, and the editors' corrections (hidden beside the printed reading, indexed
            # as corrections): the words a reader sees by default
            if isinstance(el.tag, str) and set((el.get("class") or "").split()) & (search.SKIP_CLASSES | {"corr"}):
                el.drop_tree()
        for el in article.iter(*search.BLOCKS, "section", "ol", "ul"):
            el.tail = " " + (el.tail or "")  # blocks end words, as they do on screen
        seen = {search._key(w) for w in search.WORD.findall(article.text_content())}
        recs = search.document_records(page, page.stem, "t", "", entries, {})
        indexed = {search._key(w) for r in recs for w in search.WORD.findall(r.text)}
        assert seen - indexed == set(), page.name


def test_passages_carry_their_filters(site, project):
    entries = registers.load_entries(project.register_dir)
    recs = {r.url: r for r in search.document_records(site / "fitz.html", "fitz", "Fitz", "", entries, {})}
    p22 = recs["fitz.html#fitz-p22"]
    assert p22.filters["Mentions"] == ["Organisations", "Persons"] and p22.filters["Type"] == ["Text"]
    assert "Trostky ⟪Trotsky⟫" in p22.text  # the misprint as printed, the correction beside it
    dated = [r for r in recs.values() if "Year" in r.filters]
    assert dated and all(re.fullmatch(r"\d{4}", y) for r in dated for y in r.filters["Year"])
    notes = [r for r in recs.values() if r.filters["Type"] == ["Note"]]
    assert notes and all(r.section.startswith(("Note ", "Editorial note ")) for r in notes)


# ---------------------------------------------------------------- the search page in Chromium

@pytest.mark.parametrize("spellings,ref", SPELLINGS, ids=[s[0][0] for s in SPELLINGS])
def test_every_spelling_finds_the_same_passages(page, served_site, site, project, spellings, ref):
    entries = registers.load_entries(project.register_dir)
    from edition import corpus
    from lxml import etree
    docs = [corpus.describe(p, etree.parse(str(p))) for p in corpus.tei_files(project)]
    registers.collect_mentions(entries, docs)
    register_page = f"{registers.KINDS[ref[:3]][3]}/{ref[4:]}.html"
    found = {}
    for q in spellings:
        links = results(page, served_site, q)
        assert links[0] == register_page, (q, links[:3])
        found[q] = set(links)
    first = spellings[0]
    for q in spellings[1:]:
        assert found[q] == found[first], (q, sorted(found[q] ^ found[first])[:10])
    missing = mention_passages(site, ref, entries) - found[first]
    assert not missing, sorted(missing)[:10]


def test_a_hit_on_another_spelling_marks_the_printed_name(page, served_site):
    results(page, served_site, "Shlyapnikov")
    marks = page.locator(".result-snippet mark").all_inner_texts()
    assert any(m.startswith("Shliapnikov") for m in marks), marks[:20]
    snippets = " ".join(page.locator(".result-snippet").all_inner_texts())
    assert "⟨" not in snippets and "⟩" not in snippets
    first_doc = page.locator(".search-result").filter(has_not=page.locator("a[href^='persons/']")).first
    assert first_doc.locator(".result-section").inner_text().strip()  # the section it stands in


def test_filters_narrow_the_results(page, served_site):
    everything = results(page, served_site, "Shliapnikov")
    total = len(everything)
    page.get_by_role("checkbox", name=re.compile(r"^Bolshevik Opposition to Lenin")).check()
    # a locator's text, not wait_for_function: a string predicate is evaluated in the page, which its CSP forbids
    expect(page.locator("#search-status")).not_to_have_text(re.compile(rf"^{total} "), timeout=30_000)  # as long as wait_for_function waited
    shown(page)
    narrowed = links(page)
    assert 0 < len(narrowed) < total and all(h.startswith("avrich.html#") for h in narrowed), narrowed
    assert "Document=Bolshevik" in page.url  # the filtered search can be linked to
    page.goto(served_site + "search.html?q=Shliapnikov&Book=" + "Communist Dissidents in Early Soviet Russia: Five Documents")
    shown(page)
    book = links(page)
    assert book and all(h.startswith("pirani-") for h in book), book


@pytest.mark.parametrize("filters,name,value", [("Year=1921", "Year", "1921"),
                                                ("Mentions=Places", "Mentions", "Places")])
def test_year_and_kind_filters_keep_the_passages_that_have_them(page, served_site, site, project,
                                                                filters, name, value):
    entries = registers.load_entries(project.register_dir)
    recs = {r.url: r for p in site.glob("*.html")
            for r in search.document_records(p, p.stem, p.stem, "", entries, {})}
    everything = results(page, served_site, "Shliapnikov")
    kept = results(page, served_site, "Shliapnikov", filters)
    assert 0 < len(kept) < len(everything)
    for link in kept:
        if link in recs:  # a passage; else a register entry (of a person, place…)
            assert value in recs[link].filters.get(name, []), (link, recs[link].filters)
        else:
            assert name == "Mentions" and link.startswith(registers.KINDS["pla"][3] + "/"), link
    # and no passage that has it is left out
    assert {u for u in everything if u in recs and value in recs[u].filters.get(name, [])} <= set(kept)


def test_search_page_with_results_is_accessible_and_stays_local(page, served_site):
    from axe_playwright_python.sync_playwright import Axe

    requests = []
    page.on("request", lambda r: requests.append(r.url))
    results(page, served_site, "Kollontai")
    assert page.locator(".search-result").count() > 3
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert result.violations_count == 0, result.generate_report()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-results.png"), full_page=True)
    assert requests and all(u.startswith(served_site) for u in requests), [u for u in requests if not u.startswith(served_site)]


def test_search_works_under_the_editions_content_security_policy(page, served_site):
    csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:"

    def with_csp(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": csp})
    page.route("**/search.html*", with_csp)
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    found = results(page, served_site, "Miasnikov")
    assert not refused, refused
    # the policy is in force: an inline script is refused
    inline = """() => new Promise(done => {
        document.addEventListener("securitypolicyviolation", () => done("refused"));
        const s = document.createElement("script"); s.textContent = "window.ran = 1"; document.head.append(s);
        setTimeout(() => done(window.ran ? "ran" : "refused"), 500); })"""
    assert page.evaluate(inline) == "refused"
    assert found and found[0] == "persons/miasnikov.html", found[:3]


def test_the_search_page_from_disk_says_to_serve_it(page, site):
    page.goto((site / "search.html").as_uri() + "?q=Lenin")
    status = page.locator("#search-status")
    status.filter(has_text="edition serve").wait_for(timeout=10000)
    assert page.locator(".search-result").count() == 0


def test_the_header_box_leads_to_the_search_page_and_fits_a_phone(page, served_site):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(served_site + "allen.html")
    box = page.locator("form.site-search")
    right = box.evaluate("f => f.getBoundingClientRect().right")
    assert right <= 390, right
    page.get_by_role("searchbox", name="Search the edition").fill("Miasnikov")
    page.get_by_role("searchbox", name="Search the edition").press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q=Miasnikov"))
    shown(page)
    assert page.locator(".search-result").count() > 0
    for sel in ("#search-form", ".search-results", ".search-filters"):
        width = page.locator(sel).evaluate("e => e.getBoundingClientRect().right")
        assert width <= 390, (sel, width)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-results-390.png"))
