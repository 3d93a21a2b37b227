"""The chronology page and the dates of the events register, checked against the TEI itself
(the sources are parsed afresh here, not taken from the build), and read in Chromium."""

from __future__ import annotations

import posixpath
import re
import urllib.parse
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import lxml.html
import pytest
from playwright.sync_api import expect
from lxml import etree

from conftest import ROOT
from edition.publishing import chronology
from edition.publishing.site import build
from edition.checking.xml import NS, XML_ID

ARTIFACTS = ROOT / "build" / "test-artifacts"
WCAG22 = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def fold(s: str) -> str:
    return " ".join(s.split())


def tei_dates() -> dict[str, list[etree._Element]]:
    out = {}
    for path in sorted((ROOT / "tei").glob("*.xml")):
        root = etree.parse(str(path)).getroot()
        out[root.get(XML_ID) or path.stem] = root.findall("t:text//t:date", NS)
    return out


@pytest.fixture(scope="session")
def site(tmp_path_factory, project) -> Path:
    out = tmp_path_factory.mktemp("chronology") / "site"
    build(project, out, make_pdf=False)
    return out


@pytest.fixture(scope="session")
def pages(site):
    cache = {}

    def get(rel: str):
        if rel not in cache:
            cache[rel] = lxml.html.parse(str(site / rel)).getroot()
        return cache[rel]
    return get


def period_pages(pages) -> list[str]:
    """The timeline's pages, in order, as the overview lists them."""
    return [a.get("href") for a in pages("chronology.html").cssselect(".chrono-periods a")]


def timeline(pages):
    return [li for rel in period_pages(pages) for li in pages(rel).cssselect(".timeline li.chrono-entry")]


def parallel_groups(pages):
    rels = dict.fromkeys(a.get("href").split("#")[0] for a in pages("chronology.html").cssselect(".parallel-index a"))
    return [g for rel in rels for g in pages(rel).cssselect("section.parallel")]


def site_path(href: str) -> str:
    """A link from a page of chronology/ as a path from the site's root."""
    return href[3:] if href.startswith("../") else href


# ---------- what the page lists ----------

def test_every_date_of_the_texts_is_listed_exactly_once(pages):
    expected = Counter()
    for doc, dates in tei_dates().items():
        for d in dates:
            start, _ = chronology.value(d)
            expected[(doc, start, chronology.shown(d))] += 1
    entries = timeline(pages)
    listed = Counter((li.get("data-doc"), li.cssselect("time")[0].get("datetime"),
                      fold(li.cssselect("mark")[0].text_content())) for li in entries)
    assert listed == expected
    anchors = [li.cssselect(".chrono-when a")[0].get("href") for li in entries]
    assert len(anchors) == len(set(anchors)) == sum(expected.values())


def test_dates_are_in_time_order_and_grouped_by_year_and_month(pages):
    starts = [li.cssselect(".chrono-when time")[0].get("datetime") for li in timeline(pages)]
    assert starts == sorted(starts)
    for year in (y for rel in period_pages(pages) for y in pages(rel).cssselect(".timeline section.chrono-year")):
        y = year.get("id")[1:]
        for month in year.cssselect("section.chrono-month"):
            heading = month.cssselect("h4")[0].text_content()
            for t in month.cssselect("li.chrono-entry .chrono-when time"):
                iso = t.get("datetime")
                assert iso[:4] == y
                if len(iso) >= 7:
                    assert heading.startswith(chronology.label(iso[:7])[:3])
                else:
                    assert "no month" in heading


def displayed(el) -> str:
    """The text as the page shows it by default: a misprint as printed, not its hidden correction."""
    copy = lxml.html.fromstring(lxml.html.tostring(el, with_tail=False))
    for corr in copy.cssselect(".corr"):
        corr.drop_tree()
    return fold(copy.text_content())


def test_each_entry_links_to_the_date_itself_in_the_document(pages):
    # to its paragraph (or note), and to the date in it through a text fragment
    for li in timeline(pages):
        href = site_path(li.cssselect(".chrono-when a")[0].get("href"))
        file, _, frag = href.partition("#")
        assert file == li.get("data-doc") + ".html"
        block, _, directive = frag.partition(":~:text=")
        hits = pages(file).xpath("//*[@id=$i]", i=block)
        assert len(hits) == 1, href
        shown = fold(li.cssselect("mark")[0].text_content())
        iso = li.cssselect("time")[0].get("datetime")
        assert any((t.get("datetime") or fold(t.text_content())) == iso and displayed(t) == shown
                   for t in hits[0].iter("time")), href
        assert shown.split()[0] in urllib.parse.unquote(directive), href


def test_date_ids_are_deterministic_and_keep_existing_ids():
    path = ROOT / "tei" / "avrich.xml"
    first = [e.get(XML_ID) for e in chronology.anchor_dates("avrich", etree.parse(str(path)))]
    second = [e.get(XML_ID) for e in chronology.anchor_dates("avrich", etree.parse(str(path)))]
    assert first == second and len(set(first)) == len(first)
    tree = etree.parse(str(path))
    tree.find(".//t:text//t:date", NS).set(XML_ID, "kept")
    again = [e.get(XML_ID) for e in chronology.anchor_dates("avrich", tree)]
    assert again[0] == "kept" and again[1:] == first[1:]


def test_sentence_is_cut_at_sentence_ends_not_at_initials():
    before = "He left. Then P. B. Moiseev, a Bolshevik since "
    after = ", joined Dr. Smith. Later he left."
    b, a = chronology.sentence(before, after)
    assert b == "Then P. B. Moiseev, a Bolshevik since " and a == ", joined Dr. Smith."


def test_the_density_strip_counts_each_year_and_links_to_it(pages):
    root = pages("chronology.html")
    svg = root.cssselect("figure.density svg")[0]
    assert svg.cssselect("title") and svg.cssselect("desc")
    per_year = Counter(li.cssselect(".chrono-when time")[0].get("datetime")[:4] for li in timeline(pages))
    lo, hi = chronology.YEARS
    rows = root.cssselect(".density-table tbody tr")
    assert [r.cssselect("th")[0].text_content() for r in rows] == [str(y) for y in range(lo, hi + 1)]
    for r in rows:
        year, n = r.cssselect("th")[0].text_content(), int(r.cssselect("td")[0].text_content())
        assert n == per_year[year]
    links = svg.xpath(".//*[local-name()='a']")
    assert len(links) == sum(1 for y in range(lo, hi + 1) if per_year[str(y)])
    for a in links:
        rel, _, frag = a.get("href").partition("#")
        year = frag[1:]
        assert pages(rel).xpath("//section[@id=$i]", i="y" + year)  # the page that lists the year
        assert a.get("aria-label").startswith(f"{year}: {per_year[year]} date")


def test_no_page_of_the_chronology_lists_more_than_its_limit(pages, site):
    for rel in period_pages(pages):
        assert 0 < len(pages(rel).cssselect(".timeline li.chrono-entry")) <= chronology.MAX_ENTRIES, rel
    for page in (site / "chronology").rglob("*.html"):
        assert page.stat().st_size < 500 * 1024, page
    assert (site / "chronology.html").stat().st_size < 500 * 1024


def test_each_document_has_its_dates_on_its_own_pages(pages):
    for doc, dates in tei_dates().items():
        links = [a for a in pages("chronology.html").cssselect(".chrono-documents a")
                 if a.get("href").startswith(f"chronology/documents/{doc}.")]
        if not dates:
            assert not links
            continue
        rel = links[0].get("href")
        listed = []
        while rel:
            page = pages(rel)
            listed += [li.cssselect("time")[0].get("datetime") for li in page.cssselect(".timeline li.chrono-entry")]
            assert {li.get("data-doc") for li in page.cssselect(".timeline li.chrono-entry")} == {doc}
            nxt = page.cssselect("nav.pager a[rel=next]")
            rel = posixpath.normpath(posixpath.join(posixpath.dirname(rel), nxt[0].get("href"))) if nxt else None
        assert Counter(listed) == Counter(chronology.value(d)[0] for d in dates)
        assert listed == sorted(listed)


def _dated(year: int, month: int, n: int) -> chronology.Dated:
    return chronology.Dated("doc", f"d{year}-{month}-{n}", n, f"{year}-{month:02d}-01", "", "", "x", "")


def test_a_year_with_more_dates_than_a_page_holds_is_cut_between_months():
    # a large edition: 1,000 dates in 1921 (250 a month) among a few of other years
    dated = ([_dated(1900, 1, i) for i in range(3)] + [_dated(1921, m, i) for m in (1, 2, 3, 4) for i in range(250)]
             + [_dated(1923, 5, i) for i in range(5)])
    pages = chronology.periods(dated, limit=200)
    assert [x for p in pages for x in p.entries] == dated          # every date once, in order
    assert all(len(p.entries) <= 200 for p in pages)
    assert len({p.href for p in pages}) == len(pages)
    parts = [p for p in pages if p.parts]
    assert parts and {x.year for p in parts for x in p.entries} == {1921}
    assert [p.part for p in parts] == list(range(1, len(parts) + 1)) and parts[0].parts == len(parts)
    # months of 250 do not fit: cut inside them, but a page never holds two years
    assert all(len({x.year for x in p.entries}) == 1 for p in parts)
    whole = chronology.periods(dated[:3] + dated[-5:], limit=200)
    assert [p.title for p in whole] == ["1900–1923"]


# ---------- parallel accounts ----------

LETTER = re.compile(r"(Letter|Appeal) of the (Twenty[- ]Two|22)|twenty-two", re.I)


def test_parallel_accounts_of_the_letter_of_the_twenty_two(pages):
    # The TEI's paragraphs that speak of the letter and print a day: their dates, by id in the page.
    anchors: dict[str, set[str]] = {}
    for path in sorted((ROOT / "tei").glob("*.xml")):
        root = etree.parse(str(path)).getroot()
        doc = root.get(XML_ID)
        for p in root.iterfind("t:text//t:p", NS):
            text = "".join(p.itertext())
            days = [d for d in p.iter(f"{{{NS['t']}}}date") if len(d.get("when", "")) == 10]
            if LETTER.search(text) and days and p.get(XML_ID):
                assert pages(f"{doc}.html").xpath("//*[@id=$i]", i=p.get(XML_ID))
                anchors.setdefault(doc, set()).add(p.get(XML_ID))
    assert len(anchors) >= 2, anchors
    best = 0
    for group in parallel_groups(pages):
        ids = {a.get("href").split("#")[1].split(":~:")[0] for a in group.cssselect("li.chrono-entry .chrono-when a")}
        docs = {doc for doc, ids_ in anchors.items() if ids & ids_}
        best = max(best, len(docs))
        for col in group.cssselect(".parallel-column"):  # side by side: one column per document
            assert len({site_path(a.get("href")).split(".html")[0] for a in col.cssselect("li .chrono-when a")}) == 1
    assert best >= 2


def test_an_editorial_note_that_compares_dates_joins_them(pages):
    """Where an editorial note right after a date points into other documents, the group of that
    date holds the nearest date of each of those documents."""
    groups = parallel_groups(pages)
    for path in sorted((ROOT / "tei").glob("*.xml")):
        tei = etree.parse(str(path)).getroot()
        for note in tei.iterfind("t:text//t:note[@resp='#ed']", NS):
            prev = note.getprevious()
            if prev is None or not prev.tag.endswith("}date") or not note.findall(".//t:ref", NS):
                continue
            targets = {Path(r.get("target").split("#")[0]).stem for r in note.iterfind(".//t:ref", NS)}
            text = fold("".join(note.itertext()))
            group = [g for g in groups if text in fold(g.text_content())]
            assert group, text
            docs = {site_path(h.get("href"))[:-5] for h in group[0].cssselect(".parallel-column h3 a")}
            assert targets <= docs, (text, docs)


# ---------- the events register ----------

def test_events_index_is_sorted_by_date_and_shows_dates(pages):
    rows = pages("events/index.html").cssselect("table.register tbody tr")
    keys = [r.get("data-date") for r in rows]
    assert keys == sorted(keys)
    dated = [r for r in rows if r.get("data-date") != "~"]
    assert dated
    for r in dated:
        assert r.cssselect("td")[1].text_content().strip()


def test_event_dates_come_from_the_sentence_that_names_the_event(pages):
    seen = 0
    for row in pages("events/index.html").cssselect("table.register tbody tr"):
        href = row.cssselect("td a")[0].get("href")
        ref = "evt:" + href[:-5]
        for a in pages("events/" + href).cssselect(".printed-dates li a"):
            file, _, frag = urlparse(a.get("href")).path, None, urlparse(a.get("href")).fragment
            doc_page = pages(file.replace("../", ""))
            # the link lands on the block that prints the date (and on the date, by a text fragment)
            block = doc_page.xpath("//*[@id=$i]", i=frag.split(":~:")[0])[0]
            assert list(block.iter("time")), a.get("href")
            assert block.xpath(".//a[@href=$h] | .//*[@data-ref=$r]", h="events/" + href, r=ref), (href, a.get("href"))
            seen += 1
    assert seen


def test_event_dates_include_those_the_register_records(pages):
    """The register's own notes record, with a pointer, when some texts date an event; the dates
    derived from the texts include each of them, linked to that text."""
    reg = etree.parse(str(ROOT / "tei" / "register" / "events.xml")).getroot()
    checked = 0
    for event in reg.iter(f"{{{NS['t']}}}event"):
        page = pages(f"events/{event.get(XML_ID)}.html")
        printed = {(li.cssselect("time")[0].get("datetime"), a.get("href").split("#")[0][3:-5])
                   for li in page.cssselect(".printed-dates li") for a in li.cssselect("a")}
        for note in event.iterfind("t:note", NS):
            dates, refs = note.findall(".//t:date", NS), note.findall(".//t:ref", NS)
            if len(dates) == 1 and len(refs) == 1:
                pairs = [(dates[0], refs[0])]
            else:  # "date (ref), date (ref)": each date followed by its pointer
                pairs = list(zip(dates, refs))
            for d, r in pairs:
                doc = Path(r.get("target").split("#")[0]).stem
                assert (chronology.value(d)[0], doc) in printed, (event.get(XML_ID), d.get("from"), doc)
                checked += 1
    assert checked


# ---------- in Chromium ----------

@pytest.fixture(scope="session")
def served(site):
    from test_serve_and_browser import serve
    yield from serve(site)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=False)


def busiest_period(pages) -> str:
    return max(period_pages(pages), key=lambda rel: len(pages(rel).cssselect(".timeline li.chrono-entry")))


def test_filter_by_document_then_follow_an_entry_to_its_passage(page, served, pages):
    rel = busiest_period(pages)
    years = [int(s.get("id")[1:]) for s in pages(rel).cssselect("section.chrono-year")]
    page.goto(served + rel)
    total = page.locator(".timeline li.chrono-entry").count()
    select = page.locator("#f-doc")
    assert select.is_visible()
    select.focus()
    page.keyboard.press("ArrowDown")  # keyboard alone: the first document
    doc = select.input_value()
    assert doc
    visible = page.locator(".timeline li.chrono-entry:visible")
    n = sum(1 for d in tei_dates()[doc] if min(years) <= int(chronology.value(d)[0][:4]) <= max(years))
    assert visible.count() == n < total
    assert set(visible.evaluate_all("els => els.map(e => e.dataset.doc)")) == {doc}
    assert f"Showing {n} of {total}" in page.locator("#chrono-status").inner_text()
    assert f"doc={doc}" in page.url
    page.reload()  # the choice survives a reload
    assert page.locator("#f-doc").input_value() == doc and visible.count() == n
    shot(page, "chronology-filtered.png")

    link = page.locator(".timeline li.chrono-entry:visible[data-where='text'] .chrono-when a").nth(2)
    href = link.get_attribute("href")
    shown = " ".join(link.evaluate("e => e.closest('li').querySelector('mark').textContent").split())
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/" + site_path(href).split("#")[0] + "**")
    block = href.split("#")[1].split(":~:")[0]
    # the date itself, in its paragraph, is on screen
    target = page.locator(f"[id='{block}'] time").filter(has_text=shown.split()[0]).first
    assert target.evaluate("e => { const r = e.getBoundingClientRect();"
                           " return r.bottom > 0 && r.top < window.innerHeight; }")
    shot(page, "chronology-passage.png")


def test_event_filter_and_reset(page, served, pages):
    page.goto(served + busiest_period(pages))
    total = page.locator(".timeline li.chrono-entry").count()
    page.select_option("#f-event", "*")
    named = page.locator(".timeline li.chrono-entry:visible")
    assert 0 < named.count() < total
    assert all(e for e in named.evaluate_all("els => els.map(e => e.dataset.events || '')"))
    page.get_by_role("button", name="Show all").click()
    # a locator's count, not wait_for_function: a string predicate is evaluated in the page, which its CSP forbids
    expect(page.locator(".timeline li.chrono-entry:not([hidden])")).to_have_count(total, timeout=30_000)  # as long as wait_for_function waited
    assert "all" in page.locator("#chrono-status").inner_text()


def test_chronology_is_accessible(page, served, pages):
    from axe_playwright_python.sync_playwright import Axe

    for rel in ("chronology.html", busiest_period(pages), "chronology/parallels.html",
                "chronology/documents/allen.html"):
        page.goto(served + rel)
        result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG22}})
        assert result.violations_count == 0, rel + result.generate_report()
    shot(page, "chronology-1280.png")


def test_events_register_is_accessible(page, served):
    from axe_playwright_python.sync_playwright import Axe

    for name in ("events/index.html", "events/eleventh-congress.html"):
        page.goto(served + name)
        result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG22}})
        assert result.violations_count == 0, name + result.generate_report()


def test_chronology_has_no_horizontal_scroll_at_390px(page, served, pages):
    page.set_viewport_size({"width": 390, "height": 844})
    for rel in ("chronology.html", busiest_period(pages), "chronology/parallels.html"):
        page.goto(served + rel)
        shot(page, "chronology-390.png")
        too_wide = page.evaluate("[...document.querySelectorAll('body *')]"
                                 ".filter(e => e.getBoundingClientRect().right > 390.5)"
                                 ".map(e => e.tagName + '.' + e.className)")
        assert too_wide == [], rel
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, rel


def test_a_date_without_a_value_is_reported_with_its_place(small_project):
    from edition import corpus

    doc = corpus.load(small_project)[0]
    date = doc.tree.find(".//t:text//t:date", NS)
    for attr in ("when", "from", "to", "notBefore", "notAfter"):
        date.attrib.pop(attr, None)
    dated, unplaced = chronology.collect([doc])
    assert len(unplaced) == 1 and unplaced[0].startswith(f"{doc.path}:{date.sourceline}:")
    assert date.get(XML_ID) not in {x.anchor for x in dated}


def test_a_project_without_events_register_builds_its_chronology(small_project):
    out = small_project.root / "build" / "site"
    build(small_project, out, make_pdf=False)
    overview = lxml.html.parse(str(out / "chronology.html")).getroot()
    listed = [li for a in overview.cssselect(".chrono-periods a")
              for li in lxml.html.parse(str(out / a.get("href"))).getroot().cssselect(".timeline li.chrono-entry")]
    tei = etree.parse(str(small_project.tei_dir / "mini.xml")).getroot()
    assert len(listed) == len(tei.findall("t:text//t:date", NS))
