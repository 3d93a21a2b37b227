"""The XSLT views on a small TEI document: what each TEI element becomes in HTML."""

from __future__ import annotations

import lxml.html
import pytest

from edition.publishing.transform import Stylesheets
from edition.checking.xml import parse

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
    assert call.get("role") == "doc-noteref"
    note = html.cssselect("section.footnotes div#mini-n1")[0]
    assert note.get("role") == "doc-footnote"
    assert "A source note with italics." in note.text_content()
    assert note.cssselect("em")[0].text == "italics"
    back = note.cssselect('a[role="doc-backlink"]')[0]
    assert back.get("href") == "#mini-n1-ref" and back.text == "1"  # the number leads back


def test_notes_keep_their_printed_numbers_and_editorial_notes_are_lettered(sheets):
    html = render(sheets, "html")
    labels = [n.cssselect(".nl")[0].text for n in html.cssselect("section.footnotes:not(.editorial) .notes > div")]
    assert labels == ["1"]  # note 2's text is lost: its call stays, the list does not repeat it
    ed = html.cssselect("section.footnotes.editorial .notes > div")
    assert [n.cssselect(".nl")[0].text for n in ed] == ["a"]
    # the editors' notes are told apart in the text too: their own class and label
    call = html.cssselect(f'a[href="#{ed[0].get("id")}"]')[0]
    assert "editorial" in call.get("class") and call.get("aria-label") == "editorial note a"


def test_a_note_lost_in_the_source_is_said_once_and_its_call_stays_quiet(sheets):
    html = render(sheets, "html")
    assert not html.cssselect("#mini-n2")  # no note that only says it is missing
    call = html.cssselect("sup.noteref.lost#mini-n2-ref")[0]
    assert call.text == "2" and call.getparent().tag != "a"
    statement = html.cssselect("section.footnotes .notes-lost")[0].text_content()
    assert "not in the source" in " ".join(statement.split()) and "(2)" in statement


def test_persname_becomes_a_link_to_its_register_page(sheets):
    link = render(sheets, "html").cssselect('a[href="persons/shliapnikov.html"]')[0]
    assert link.text == "Shliapnikov"
    # bare: the folder says the kind; no id of its own in the reading view (the print view keeps it)
    assert link.get("class") is None and link.get("id") is None


def test_a_name_without_a_register_entry_is_not_a_link(sheets):
    place = render(sheets, "html").cssselect(".entity.place")[0]
    assert place.tag == "span" and place.text == "Moscow"


def test_date_keeps_its_iso_value(sheets):
    time = render(sheets, "html").cssselect("time")[0]
    assert time.get("datetime") == "1922-02-26"
    assert time.text == "February 26, 1922"


def test_sic_is_shown_as_printed_with_the_correction_offered(sheets):
    choice = render(sheets, "html").cssselect(".choice")[0]
    assert choice.cssselect(".sic")[0].text == "Lapse"
    assert choice.cssselect(".corr")[0].text == "Lepse"
    assert "Lepse" in choice.get("title")


def test_phrases_keep_their_language(sheets, tmp_path):
    doc = tmp_path / "lang.xml"
    doc.write_text(MINI.read_text().replace(">Printed", '><title xml:lang="ru-Latn">Rabochaia oppozitsiia</title> Printed'))
    html = lxml.html.fromstring(sheets.transform("html", parse(doc), doc).html)
    assert html.cssselect("cite")[0].get("lang") == "ru-Latn"


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
    outer = html.cssselect('a[href="organisations/comintern.html"]')[-1]
    assert not outer.xpath(".//a")
    inner = outer.cssselect("span#mini-x1")[0]
    assert inner.get("data-ref") == "pla:moscow"
