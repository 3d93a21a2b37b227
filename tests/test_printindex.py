"""The volume's index lines: headings, see references, collation, ranges and note pages."""

from __future__ import annotations

from lxml import etree

from edition.publishing import printindex
from edition.publishing.printindex import PageRef, Subject
from edition.registers import load_entries

from conftest import FIXTURES


def subject(heading: str, mentions, prefix="per", see=(), ident=None) -> Subject:
    return Subject(prefix, ident or heading.lower().replace(" ", "-").replace(",", ""), heading, "", list(see), mentions)


def pages(line) -> str:
    """An index line's pages as printed."""
    out = []
    for first, last in printindex.ranges(line.refs):
        out.append(f"{first.page}{'n' if first.note_only else ''}" + (f"–{last.page}" if last else ""))
    return ", ".join(out)


def test_consecutive_pages_collapse_into_a_range_and_note_pages_are_marked():
    page_of = {"a1": 12, "a2": 13, "a3": 13, "a4": 14, "a5": 20, "a6": 45, "a7": 46}
    s = subject("Shliapnikov, Alexander", [("a1", False), ("a2", True), ("a3", False), ("a4", False),
                                           ("a5", False), ("a6", True), ("a7", False)])
    [line] = printindex.build([s], "per", page_of)
    # page 13 has a mention in the text as well as in a note: a text page; 45 has only a note
    assert pages(line) == "12–14, 20, 45n, 46"


def test_a_page_is_listed_once_with_an_anchor_on_it():
    page_of = {"a1": 3, "a2": 3, "a3": 3}
    [line] = printindex.build([subject("Lenin, Vladimir", [("a1", True), ("a2", False), ("a3", False)])], "per", page_of)
    assert line.refs == [PageRef(3, "a2", False)]


def test_ranges_never_join_a_note_page():
    refs = [PageRef(1, "x", False), PageRef(2, "y", True), PageRef(3, "z", False)]
    assert [(a.page, b.page if b else None) for a, b in printindex.ranges(refs)] == [(1, None), (2, None), (3, None)]


def test_collation_follows_the_letters_not_the_code_points():
    names = ["Zinoviev, Grigorii", "Émile, X", "Al'skii, A.", "Alekseev, B.", "Öcalan", "Shliapnikova, Irina",
             "Shliapnikov, Alexander", "alba"]
    got = sorted(names, key=printindex.collation_key)
    assert got == ["alba", "Alekseev, B.", "Al'skii, A.", "Émile, X", "Öcalan", "Shliapnikov, Alexander",
                   "Shliapnikova, Irina", "Zinoviev, Grigorii"]
    assert sorted(names) != got  # what Python's own order would have printed


def test_see_references_send_other_spellings_to_the_heading(tmp_path):
    reg = tmp_path / "persons.xml"
    reg.write_text("""<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><listPerson>
      <person xml:id="shliapnikov"><persName type="preferred"><forename>Alexander</forename> <surname>Shliapnikov</surname></persName>
        <persName type="variant">Shlyapnikov</persName><persName type="variant">Alexander Shlyapnikov</persName>
        <persName type="variant">SHLIAPNIKOV</persName><persName type="variant">A. Shliapnikov</persName></person>
      <person xml:id="romanov"><persName type="preferred"><forename>Mikhail</forename> <surname>Romanov</surname></persName>
        <persName type="variant">Grand Duke Michael</persName><persName type="variant">Grand Duke</persName></person>
    </listPerson></body></text></TEI>""")
    entries = load_entries(tmp_path)
    s = entries["per:shliapnikov"]
    assert printindex.heading(s) == "Shliapnikov, Alexander"
    # one reference per spelling of the surname; case and initials are not other spellings
    assert printindex.see_references(s, "Shliapnikov, Alexander") == ["Shlyapnikov"]
    r = entries["per:romanov"]
    assert printindex.see_references(r, "Romanov, Mikhail") == ["Michael, Grand Duke"]


def test_see_lines_stand_in_order_and_point_to_the_entry():
    subs = [subject("Shliapnikov, Alexander", [("a", False)], see=["Shlyapnikov"], ident="shliapnikov"),
            subject("Shmidt, V.", [("b", False)], ident="shmidt")]
    lines = printindex.build(subs, "per", {"a": 5, "b": 9})
    assert [(l.heading, l.see) for l in lines] == [("Shliapnikov, Alexander", ""), ("Shlyapnikov", "Shliapnikov, Alexander"),
                                                    ("Shmidt, V.", "")]
    assert lines[1].anchor == lines[0].anchor == "index-per-shliapnikov"


def test_an_entry_never_printed_on_a_page_is_left_out():
    assert printindex.build([subject("Nobody", [("gone", False)])], "per", {}) == []


def test_the_fixture_register_gives_inverted_headings():
    entries = load_entries(FIXTURES / "register")
    persons = [e for e in entries.values() if e.prefix == "per"]
    assert persons and all("," in printindex.heading(e) or " " not in e.name for e in persons)
