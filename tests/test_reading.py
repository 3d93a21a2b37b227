"""The reading edition as a reader uses it, in Chromium over HTTP: notes opened in place, names
and their cards, highlighting and corrections, citations, moving between documents, narrow
screens and accessibility. Screenshots are kept in build/test-artifacts/."""

from __future__ import annotations

import json
import re
import urllib.parse
import zipfile

import lxml.html
import pytest

from conftest import ROOT
from edition import corpus
from edition.checking.xml import NS

DOCS = sorted(p.stem for p in (ROOT / "tei").glob("*.xml"))
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


def html_page(site, rel):
    return lxml.html.parse(str(site / rel)).getroot()


@pytest.fixture
def outside(page):
    """Requests that tried to leave 127.0.0.1 (refused)."""
    seen = []

    def route(r):
        if urllib.parse.urlparse(r.request.url).hostname != "127.0.0.1":
            seen.append(r.request.url)
            r.abort()
        else:
            r.continue_()
    page.context.route("**/*", route)
    return seen


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 800}, has_touch=True, is_mobile=True)
    yield context.new_page()
    context.close()


def note_text(page, call):
    note_id = call.get_attribute("href")[1:]
    text = page.locator(f"#{note_id}").evaluate(
        "n => n.innerText.trim().replace(/^\\S+\\s+/, '')")  # the text as shown, without its number
    return " ".join(text.split())


# ---------------------------------------------------------------- notes in place

def test_a_note_call_opens_its_note_in_place_by_keyboard_and_escape_returns(page, site_url, outside, shot):
    page.goto(site_url + "allen.html")
    call = page.locator("a.noteref").nth(5)
    call.scroll_into_view_if_needed()
    y = page.evaluate("scrollY")
    call.focus()
    page.keyboard.press("Enter")
    box = page.locator(".popover[role=dialog]")
    box.wait_for(state="visible", timeout=5000)
    assert page.evaluate("document.activeElement.closest('.popover') !== null")  # focus moved in
    shown = " ".join(box.locator(".popover-body").inner_text().split())
    assert shown == note_text(page, call)
    assert page.evaluate("location.hash") == ""  # no jump to the notes
    assert abs(page.evaluate("scrollY") - y) < 200
    shot(page, "note-in-place")
    page.keyboard.press("Escape")
    assert box.count() == 0
    assert page.evaluate("document.activeElement.id") == call.get_attribute("id")
    # Space opens it too, and the close button returns focus as Escape does
    page.keyboard.press(" ")
    box.wait_for(state="visible", timeout=5000)
    page.locator(".popover-close").click()
    assert box.count() == 0
    assert page.evaluate("document.activeElement.id") == call.get_attribute("id")
    assert outside == []


def test_a_note_call_is_tied_to_its_note_for_screen_readers(page, site_url):
    page.goto(site_url + "allen.html")
    call = page.locator("a.noteref").first
    note_id = call.get_attribute("href")[1:]
    assert call.get_attribute("aria-describedby") == note_id
    assert call.get_attribute("role") == "doc-noteref"
    call.click()
    box = page.locator(".popover[role=dialog]")
    box.wait_for(state="visible", timeout=5000)
    assert call.get_attribute("aria-expanded") == "true"
    assert call.get_attribute("aria-controls") == box.get_attribute("id")


def test_the_preview_stays_open_while_the_pointer_moves_into_it(page, site_url):
    page.goto(site_url + "allen.html")
    call = page.locator("a.noteref").nth(2)
    call.hover()
    box = page.locator(".popover")
    box.wait_for(state="visible", timeout=5000)
    b = box.bounding_box()
    assert b["y"] + b["height"] <= page.evaluate("innerHeight")  # placed where it can be read
    page.mouse.move(b["x"] + b["width"] / 2, b["y"] + b["height"] - 5, steps=8)
    page.wait_for_timeout(700)
    assert box.is_visible()
    box.locator("a.popover-more").click()  # a link inside it can be followed
    assert page.evaluate("location.hash") == call.get_attribute("href")
    page.mouse.move(5, 5)
    page.wait_for_timeout(700)


def test_a_tap_on_a_phone_opens_the_note_in_place(phone, site_url, shot):
    phone.goto(site_url + "allen.html")
    call = phone.locator("a.noteref").nth(1)
    call.scroll_into_view_if_needed()
    y = phone.evaluate("scrollY")
    call.tap()
    box = phone.locator(".popover[role=dialog]")
    box.wait_for(state="visible", timeout=5000)
    assert phone.evaluate("location.hash") == ""
    assert abs(phone.evaluate("scrollY") - y) < 200
    b = box.bounding_box()
    assert b["x"] >= 0 and b["x"] + b["width"] <= 390  # it fits the screen
    shot(phone, "note-tap-390")


def test_without_script_calls_and_notes_point_at_each_other(built_site):
    site, _ = built_site
    doc = html_page(site, "allen.html")
    ids = {e.get("id") for e in doc.iter() if isinstance(e.tag, str) and e.get("id")}
    calls = doc.cssselect('a[role="doc-noteref"]')
    assert calls
    for a in calls:
        note = doc.get_element_by_id(a.get("href")[1:])
        assert note.get("role") == "doc-footnote"
        back = note.cssselect('a[role="doc-backlink"]')[0]
        assert back.get("href")[1:] == a.get("id") and a.get("id") in ids


def test_lost_note_texts_are_said_once_and_their_calls_stay_quiet(built_site):
    site, _ = built_site
    for doc_id in ("gaido", "avrich"):
        tree = corpus.parse(ROOT / "tei" / f"{doc_id}.xml")
        lost = [n for n in tree.getroot().iterfind("t:text//t:note[@place='foot']", NS)
                if n.find("t:gap[@reason='note-text-not-in-source']", NS) is not None]
        page = html_page(site, f"{doc_id}.html")
        assert len(page.cssselect("sup.noteref.lost")) == len(lost) > 0
        assert "not in the source" not in " ".join(n.text_content() for n in page.cssselect(".notes > div"))
        said = page.cssselect("section.footnotes .notes-lost")
        assert len(said) == 1 and str(len(lost)) in said[0].text_content()


def test_editorial_notes_have_their_own_marker_and_list(built_site):
    site, _ = built_site
    page = html_page(site, "avrich.html")
    ed_calls = page.cssselect("a.noteref.editorial")
    assert ed_calls and all(re.fullmatch(r"[a-z]+", a.text_content()) for a in ed_calls)
    assert all(a.get("aria-label").startswith("editorial note") for a in ed_calls)
    listed = page.cssselect("section.footnotes.editorial .notes > div.editorial")
    assert [n.get("id") for n in listed] == [a.get("href")[1:] for a in ed_calls]


# ---------------------------------------------------------------- names and readings

def test_highlighting_is_off_by_default_switches_by_kind_and_is_remembered(page, site_url, shot):
    page.goto(site_url + "allen.html")
    person = page.locator('.tei-document a[href^="persons/"]').first
    org = page.locator('.tei-document a[href^="organisations/"]').first
    date = page.locator(".tei-document time").first
    line = lambda loc: loc.evaluate("e => getComputedStyle(e).textDecorationLine")  # noqa: E731
    style = lambda loc: loc.evaluate("e => getComputedStyle(e).textDecorationStyle")  # noqa: E731
    assert line(person) == "none" and line(org) == "none"
    select = page.locator("#hl-select")
    select.focus()
    page.keyboard.press("ArrowDown")  # keyboard-operable: the first kind after "nothing"
    assert select.input_value() == "per"
    assert line(person) == "underline" and line(org) == "none"
    page.reload()
    assert page.locator("#hl-select").input_value() == "per" and line(person) == "underline"
    page.locator("#hl-select").select_option("all")
    # each kind its own line style, not only its colour
    assert {style(person), style(org)} == {"solid", "dashed"}
    assert date.evaluate("e => getComputedStyle(e).borderBottomStyle") == "solid"
    shot(page, "highlight-all")
    page.locator("#hl-select").select_option("")


def test_the_text_switches_between_as_printed_and_corrected(page, site_url):
    page.goto(site_url + "allen.html")
    choice = page.locator(".choice").first
    sic, corr = choice.locator(".sic"), choice.locator(".corr")
    assert sic.is_visible() and not corr.is_visible()
    page.locator("#reading-select").select_option("corrected")
    assert corr.is_visible() and not sic.is_visible()
    page.reload()
    assert page.locator(".choice .corr").first.is_visible()
    page.locator("#reading-select").select_option("printed")


def test_a_misprint_gives_its_correction_to_keyboard_and_touch(page, phone, site_url):
    page.goto(site_url + "allen.html")
    choice = page.locator(".choice").first
    printed, corrected = choice.locator(".sic").inner_text(), choice.locator(".corr").inner_text()
    choice.focus()
    assert page.evaluate("document.activeElement.classList.contains('choice')")
    page.keyboard.press("Enter")
    box = page.locator(".popover[role=dialog]")
    box.wait_for(state="visible", timeout=5000)
    assert printed in box.inner_text() and corrected in box.inner_text()
    phone.goto(site_url + "allen.html")
    phone.locator(".choice").first.tap()
    phone.locator(".popover").wait_for(state="visible", timeout=5000)
    assert corrected in phone.locator(".popover").inner_text()


def test_the_name_card_gives_name_dates_description_counts_and_link(page, site_url, project):
    from edition.registers import load_entries

    entry = load_entries(project.register_dir)["per:shliapnikov"]
    mentions = {}
    for d in corpus.load(project):
        n = len(d.tree.getroot().findall("t:text//t:persName[@ref='per:shliapnikov']", NS))
        if n:
            mentions[d.id] = n
    page.goto(site_url + "allen.html")
    name = page.locator('.tei-document a[href="persons/shliapnikov.html"]').first
    name.hover()
    card = page.locator(".entity-card")
    card.wait_for(state="visible", timeout=5000)
    text = card.inner_text()
    assert f"{entry.name} ({entry.dates})" in text and entry.description[:60] in text
    assert f"{sum(mentions.values())} mentions in {len(mentions)} documents" in text
    assert card.locator("a.card-link").get_attribute("href").endswith("persons/shliapnikov.html")
    page.mouse.move(5, 5)
    page.wait_for_timeout(600)
    assert card.count() == 0
    name.focus()
    card.wait_for(state="visible", timeout=5000)


def test_a_tap_on_a_name_opens_its_card_before_leaving(phone, site_url, shot):
    phone.goto(site_url + "allen.html")
    name = phone.locator('.tei-document a[href="persons/shliapnikov.html"]').first
    name.scroll_into_view_if_needed()
    name.tap()
    card = phone.locator(".entity-card")
    card.wait_for(state="visible", timeout=5000)
    assert phone.url.endswith("allen.html")
    shot(phone, "card-tap-390")
    card.locator("a.card-link").tap()
    phone.wait_for_url("**/persons/shliapnikov.html")


def test_from_a_name_to_its_register_page_and_back_to_the_same_mention(page, site_url):
    page.goto(site_url + "allen.html")
    names = page.locator('.tei-document .body a[href="persons/shliapnikov.html"]')
    name = names.nth(4)
    para = name.evaluate("e => e.closest('[id]').id")
    nth_in_para = name.evaluate(
        "e => [...e.closest('[id]').querySelectorAll('a[href=\"persons/shliapnikov.html\"]')].indexOf(e)")
    name.click()
    page.wait_for_url("**/persons/shliapnikov.html")
    back = page.locator(f'ol.kwic a[href*="allen.html#{para}:~:text="]').nth(nth_in_para)
    back.click()
    page.wait_for_url(f"**/allen.html**")
    page.wait_for_timeout(300)
    target = page.locator(f'#{para} a[href="persons/shliapnikov.html"]').nth(nth_in_para)
    box, height = target.bounding_box(), page.evaluate("innerHeight")
    assert 0 <= box["y"] <= height  # the mention itself is on screen


# ---------------------------------------------------------------- citation

def test_a_paragraph_has_a_permalink_and_a_citation_to_copy(page, site_url, shot, project):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page.goto(site_url + "allen.html")
    pl = page.locator("#allen-p12 > a.pl")
    assert pl.evaluate("e => getComputedStyle(e).opacity") == "0"
    pl.focus()
    assert pl.evaluate("e => getComputedStyle(e).opacity") == "1"
    page.keyboard.press("Enter")
    box = page.locator(".cite-popover")
    box.wait_for(state="visible", timeout=5000)
    assert page.evaluate("location.hash") == "#allen-p12"
    assert box.locator(".cite-url a").inner_text() == site_url + "allen.html#allen-p12"
    shot(page, "paragraph-citation")
    box.get_by_role("button", name="Copy the citation").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "Barbara C. Allen" in copied and "Early Dissent within the Party" in copied
    assert "para. 12" in copied and site_url + "allen.html#allen-p12" in copied
    assert f"version {project.meta['version']}" in copied and project.meta["title"] in copied


def test_a_document_citation_downloads_as_bibtex_and_csl_with_the_address(page, site_url):
    page.goto(site_url + "allen.html")
    assert (site_url + "allen.html") in page.locator("#citation").inner_text()
    with page.expect_download() as d:
        page.locator('a[data-cite-format="bibtex"]').click()
    bib = open(d.value.path(), encoding="utf-8").read()
    assert bib.startswith("@incollection{allen,") and f"url = {{{site_url}allen.html}}" in bib
    with page.expect_download() as d:
        page.locator('a[data-cite-format="csl"]').click()
    item = json.load(open(d.value.path(), encoding="utf-8"))[0]
    assert item["type"] == "chapter" and item["URL"] == site_url + "allen.html"
    assert item["author"] == [{"literal": "Barbara C. Allen"}]


def test_document_pages_carry_citation_and_dublin_core_metadata(built_site, project):
    site, _ = built_site
    for d in corpus.load(project):
        head = html_page(site, f"{d.id}.html").find("head")
        meta = lambda n: [m.get("content") for m in head.iterfind(f'meta[@name="{n}"]')]  # noqa: E731
        assert meta("citation_title")[0].startswith(d.title)
        assert meta("citation_author") == d.authors
        assert meta("DC.title")[0].startswith(d.title) and meta("DC.creator") == d.authors
        assert meta("citation_inbook_title") == [project.meta["title"]]
        assert (site / "cite" / f"{d.id}.bib").read_text().startswith(f"@incollection{{{d.id},")
        assert json.loads((site / "cite" / f"{d.id}.json").read_text())[0]["id"] == d.id


def test_footer_gives_version_and_build_date_fixed_by_source_date_epoch(small_project, monkeypatch):
    from edition.publishing.site import build

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")
    out = small_project.root / "build" / "site"
    build(small_project, out, make_pdf=False)
    for rel in ("index.html", "mini.html", "persons/index.html"):
        footer = html_page(out, rel).cssselect("footer.site-footer")[0].text_content()
        assert f"version {small_project.meta['version']}" in footer and "2001-09-09" in footer


def test_the_whole_edition_tei_is_one_zip_on_the_home_page(built_site, project):
    site, _ = built_site
    home = html_page(site, "index.html")
    href = home.cssselect("#downloads ~ ul a[download]")[0].get("href")
    with zipfile.ZipFile(site / href) as z:
        names = {n.split("/", 1)[1]: n for n in z.namelist()}
        for p in sorted((ROOT / "tei").rglob("*.xml")):
            rel = p.relative_to(ROOT).as_posix()
            assert z.read(names[rel]) == p.read_bytes()
        assert "schemas/edition.odd" in names and "schemas/edition.rng" in names


# ---------------------------------------------------------------- moving through the edition

def test_previous_and_next_follow_the_editions_order_and_the_book(built_site, project):
    site, _ = built_site
    order = [d.id for d in corpus.load(project)]
    for i, doc_id in enumerate(order):
        head = html_page(site, f"{doc_id}.html").find("head")
        prev = head.find('link[@rel="prev"]')
        nxt = head.find('link[@rel="next"]')
        assert (prev.get("href") if prev is not None else None) == (f"{order[i - 1]}.html" if i else None)
        assert (nxt.get("href") if nxt is not None else None) == (f"{order[i + 1]}.html" if i + 1 < len(order) else None)
    book = [d for d in corpus.load(project) if d.collection == "pirani"]
    page = html_page(site, f"{book[1].id}.html")
    assert f"part 2 of {len(book)}" in page.cssselect(".collection-label")[0].text_content()
    assert len(page.cssselect("nav.book-parts li")) == len(book)


def test_encoding_page_renders_every_pointer_and_publishes_the_conventions(built_site):
    site, _ = built_site
    enc = html_page(site, "encoding.html")
    intro = " ".join(enc.cssselect("main")[0].text_content().split())
    assert "is derived from it" in intro and " are in ." not in intro
    hrefs = {a.get("href") for a in enc.cssselect("main p a")}
    assert {"schemas/edition.rng", "conventions.html"} <= hrefs
    conv = html_page(site, "conventions.html")
    heads = conv.cssselect("main h2")
    assert heads and all(h.get("id") for h in heads)
    assert conv.cssselect("main table")


def test_russian_titles_keep_their_language(built_site):
    site, _ = built_site
    assert html_page(site, "allen.html").cssselect('.tei-document cite[lang="ru-Latn"]')


# ---------------------------------------------------------------- every page kind

PAGES = ["index.html", "allen.html", "gaido.html", "pirani-wpsp.html", "persons/index.html",
         "persons/shliapnikov.html", "organisations/index.html", "places/index.html", "events/index.html",
         "encoding.html", "conventions.html", "about.html"]


def test_no_page_kind_scrolls_sideways_at_390_px(phone, site_url, shot):
    for rel in PAGES:
        phone.goto(site_url + rel)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, rel
    shot(phone, "document-390", full_page=False)


@pytest.mark.parametrize("rel", PAGES)
def test_every_page_kind_passes_axe(page, site_url, outside, rel):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(site_url + rel)
    if rel == "allen.html":  # with the reading aids switched on and a note open
        page.locator("#hl-select").select_option("all")
        page.locator("a.noteref").first.click()
        page.locator(".popover").wait_for(state="visible", timeout=5000)
    result = Axe().run(page, options=WCAG)
    assert result.violations_count == 0, rel + result.generate_report()
    assert outside == []
    if rel == "allen.html":
        page.keyboard.press("Escape")
        page.locator("#hl-select").select_option("")
