"""The entity tagger (tools/tag/entities.py) on a small register and text."""

from __future__ import annotations

import sys

from lxml import etree

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools" / "tag"))
import entities  # noqa: E402

REGISTER = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><listPerson>
<person xml:id="medvedev-sergei"><persName type="preferred"><forename>Sergei</forename> <surname>Medvedev</surname></persName></person>
<person xml:id="medvedev-aleksei"><persName type="preferred"><forename>Aleksei</forename> <surname>Medvedev</surname></persName></person>
<person xml:id="lenin"><persName type="preferred"><forename>Vladimir</forename> <surname>Lenin</surname></persName><persName type="variant">Il'ich</persName></person>
<person xml:id="lepse"><persName type="preferred"><surname>Lepse</surname></persName><persName type="variant" subtype="misprint">Lapse</persName></person>
</listPerson></body></text></TEI>"""

TEXT = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Lenin</title></titleStmt></fileDesc></teiHeader>
<text><body><p>S. P. Medvedev met Lenin's envoy; Leninist views; Medvedev left. Il'ich wrote.
<choice><sic>Lapse</sic><corr>Lepse</corr></choice> spoke. A. Medvedev signed.</p></body></text></TEI>"""


def run(tmp_path, defaults=None):
    reg = tmp_path / "register"
    reg.mkdir()
    (reg / "persons.xml").write_text(REGISTER)
    forms, info = entities.load_forms(reg)
    tree = etree.ElementTree(etree.fromstring(TEXT))
    tagged, ambiguous = entities.tag_tree(tree, "t", forms, info, entities.build_pattern(forms), defaults or {})
    names = [(el.get("ref"), "".join(el.xpath(".//text()[not(ancestor::*[local-name()='corr'])]")))
             for el in tree.getroot().iter("{*}persName")]
    return names, ambiguous, tree


def test_tags_unique_names_initials_decide_and_derived_words_are_left(tmp_path):
    names, ambiguous, tree = run(tmp_path)
    assert names == [("per:medvedev-sergei", "S. P. Medvedev"), ("per:lenin", "Lenin"),
                     ("per:lenin", "Il'ich"), ("per:lepse", "Lapse"), ("per:medvedev-aleksei", "A. Medvedev")]
    assert [a[0] for a in ambiguous] == ["Medvedev"]  # the bare surname is left for a person
    assert "Leninist" in etree.tostring(tree, encoding="unicode")
    # the header is never tagged
    assert tree.getroot().find(".//{*}teiHeader//{*}persName") is None


def test_a_document_default_decides_a_bare_surname(tmp_path):
    names, ambiguous, _ = run(tmp_path, {"Medvedev": "per:medvedev-sergei"})
    assert ("per:medvedev-sergei", "Medvedev") in names and not ambiguous


def test_misprint_in_choice_is_wrapped_whole(tmp_path):
    _, _, tree = run(tmp_path)
    lepse = [el for el in tree.getroot().iter("{*}persName") if el.get("ref") == "per:lepse"][0]
    assert lepse[0].tag.endswith("choice") and lepse.tail.startswith(" spoke")
