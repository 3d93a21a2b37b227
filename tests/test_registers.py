"""Register pages and indexes: every mention found, in context, linked to its exact place."""

from __future__ import annotations

import json
import urllib.parse

import lxml.html
import pytest

from edition.registers import sort_key
from edition.publishing.site import build


@pytest.fixture
def site(small_project):
    out = small_project.root / "build" / "site"
    build(small_project, out, make_pdf=False)
    return out


def page(path):
    return lxml.html.parse(str(path)).getroot()


def test_sort_key_orders_by_letters_not_code_points():
    names = ["Al'skii", "Alekseev", "Ėrlikh", "Zinoviev", "Dzerzhinskii"]
    assert sorted(names) != sorted(names, key=sort_key)  # Python's order puts ' and Ė wrongly
    assert sorted(names, key=sort_key) == ["Alekseev", "Al'skii", "Dzerzhinskii", "Ėrlikh", "Zinoviev"]


def test_person_page_lists_every_mention_in_context_with_a_link_to_its_place(site):
    entry = page(site / "persons" / "shliapnikov.html")
    assert entry.cssselect("h1")[0].text_content().strip() == "Aleksandr Shliapnikov (1885–1937)"
    assert "Shlyapnikov" in entry.cssselect(".variants")[0].text_content()
    items = entry.cssselect("ol.kwic li a")
    assert len(items) == 2  # "Shliapnikov" and "Shlyapnikov" in the fixture
    assert [a.cssselect("mark")[0].text for a in items] == ["Shliapnikov", "Shlyapnikov"]
    assert "On February 26, 1922" in items[0].cssselect(".before")[0].text
    doc = page(site / "mini.html")
    for a, printed in zip(items, ["Shliapnikov", "Shlyapnikov"]):
        file, frag = a.get("href").split("#")
        assert file == "../mini.html"
        # the link lands on the paragraph holding the name, and on the name itself where the
        # browser follows text fragments
        para, directive = frag.split(":~:text=")
        target = doc.get_element_by_id(para)
        assert target.tag == "p"
        assert [n.text for n in target.cssselect('a[href="persons/shliapnikov.html"]')].count(printed) == 1
        assert printed in urllib.parse.unquote(directive)
    # the description's source points into the edition
    src = entry.cssselect(".sources a")[0]
    assert src.get("href") == "../mini.html#mini-s1"


def test_index_is_sorted_by_transliterated_surname_with_counts(site):
    index = page(site / "persons" / "index.html")
    rows = index.cssselect("table.register tbody tr")
    names = [r.cssselect("td a")[0].text for r in rows]
    assert names == ["B. Alekseev", "A. Al'skii", "Aleksandr Shliapnikov"]
    counts = {r.cssselect("td a")[0].text: int(r.get("data-count")) for r in rows}
    assert counts["Aleksandr Shliapnikov"] == 2
    assert [a.text for a in index.cssselect("nav.az a")] == ["A", "S"]


def test_name_cards_are_one_file_for_the_site_not_a_copy_per_page(site):
    assert page(site / "mini.html").get_element_by_id("entity-cards", None) is None
    cards = json.loads((site / "data" / "cards.json").read_text(encoding="utf-8"))
    assert cards["per:shliapnikov"]["name"] == "Aleksandr Shliapnikov"
    assert cards["per:shliapnikov"]["dates"] == "1885–1937"
    assert cards["org:comintern"]["href"] == "organisations/comintern.html"
    # how often and where the edition names it, counted from the mentions
    assert cards["per:shliapnikov"]["mentions"] == 2 and cards["per:shliapnikov"]["docs"] == 1


def test_text_directive_takes_whole_words_and_its_context():
    from edition.registers import text_directive

    d = urllib.parse.unquote(text_directive("With ", "Lenin", "'s support a few", words=2))
    assert d == ":~:text=With-,Lenin's,-support a"
    assert text_directive("", "Comintern", "") == ":~:text=Comintern"
    assert "%2D" in text_directive("anti-WO ", "Trotsky", "")  # a hyphen is escaped, it separates terms


def test_site_navigation_offers_the_registers(site):
    nav = [a.text for a in page(site / "index.html").cssselect("nav.site-nav a")]
    assert "Persons" in nav and "Organisations" in nav
