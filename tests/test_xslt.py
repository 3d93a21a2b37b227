"""The XSLT views on a small TEI document: what each TEI element becomes in HTML."""

from __future__ import annotations

import lxml.html
import pytest

from edition.transform import Stylesheets
from edition.xml import parse

from conftest import FIXTURES, ROOT

MINI = FIXTURES / "mini.xml"


@pytest.fixture(scope="module")
def sheets():
    return Stylesheets(ROOT / "xslt")


def render(sheets, view):
    result = sheets.transform(view, parse(MINI), MINI)
    assert result.messages == []  # every element of the fixture has a rule
    return lxml.html.fromstring(result.html)


def test_note_becomes_a_call_and_a_footnote_with_a_backlink(sheets):
    html = render(sheets, "html")
    call = html.cssselect("a.noteref#mini-n1-ref")[0]
    assert call.get("href") == "#mini-n1"
    assert call.text_content() == "1"
    # the call stands right after the word that carries it in the TEI
    assert call.getprevious().text_content() == "Shliapnikov"
    note = html.cssselect("section.footnotes li#mini-n1")[0]
    assert "A source note with italics." in note.text_content()
    assert note.cssselect("em")[0].text == "italics"
    back = note.cssselect("a.backlink")[0]
    assert back.get("href") == "#mini-n1-ref"


def test_notes_keep_their_printed_numbers_and_editorial_notes_are_lettered(sheets):
    html = render(sheets, "html")
    labels = [li.get("data-n") for li in html.cssselect("section.footnotes:not(.editorial) li")]
    assert labels == ["1", "2"]
    assert [li.get("data-n") for li in html.cssselect("section.footnotes.editorial li")] == ["a"]


def test_a_note_lost_in_the_source_says_so(sheets):
    note = render(sheets, "html").cssselect("li#mini-n2")[0]
    assert "not in the source" in note.text_content()


def test_persname_becomes_a_link_to_its_register_page(sheets):
    link = render(sheets, "html").cssselect("a.entity.person")[0]
    assert link.get("href") == "persons/shliapnikov.html"
    assert link.text == "Shliapnikov"
    assert link.get("data-ref") == "per:shliapnikov"


def test_a_name_without_a_register_entry_is_not_a_link(sheets):
    place = render(sheets, "html").cssselect(".entity.place")[0]
    assert place.tag == "span" and place.text == "Moscow"


def test_date_keeps_its_iso_value(sheets):
    time = render(sheets, "html").cssselect("time")[0]
    assert time.get("datetime") == "1922-02-26"
    assert time.text == "February 26, 1922"


def test_sic_is_shown_as_printed_with_the_correction_offered(sheets):
    sic = render(sheets, "html").cssselect(".sic")[0]
    assert sic.text == "Lapse"
    assert sic.get("data-corr") == "Lepse"


def test_supplied_text_gets_its_brackets_from_the_renderer(sheets):
    assert render(sheets, "html").cssselect(".supplied")[0].text_content() == "[Zetkin]"


def test_headings_and_toc(sheets):
    html = render(sheets, "html")
    assert html.cssselect("section#mini-s1 > h2")[0].text == "First part"
    assert html.cssselect("nav.toc a")[0].get("href") == "#mini-s1"


def test_print_view_keeps_notes_in_place_as_footnotes(sheets):
    html = render(sheets, "print")
    fn = html.cssselect("span.fn#mini-n1")[0]
    assert fn.cssselect(".fn-label")[0].text == "1"
    assert fn.getprevious().get("class") == "fn-call"
    assert not html.cssselect("section.footnotes")


def test_unknown_element_is_kept_and_reported(sheets, tmp_path):
    doc = tmp_path / "odd.xml"
    doc.write_text(MINI.read_text().replace(">Printed", "><mystery>kept</mystery> Printed"))
    result = sheets.transform("html", parse(doc), doc)
    assert "kept" in lxml.html.fromstring(result.html).text_content()
    assert any("mystery" in m for m in result.messages)


def test_a_name_inside_a_linked_name_is_not_a_nested_link(sheets, tmp_path):
    doc = tmp_path / "nested.xml"
    doc.write_text(MINI.read_text().replace(
        "<placeName>Moscow</placeName>",
        '<orgName ref="org:comintern"><placeName ref="pla:moscow" xml:id="mini-x1">Moscow</placeName> Bureau</orgName>'))
    html = lxml.html.fromstring(sheets.transform("html", parse(doc), doc).html)
    outer = html.cssselect('a[data-ref="org:comintern"]')[-1]
    assert not outer.xpath(".//a")
    inner = outer.cssselect("span#mini-x1")[0]
    assert inner.get("data-ref") == "pla:moscow"
