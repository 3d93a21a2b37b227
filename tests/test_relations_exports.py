"""Relations between register entries (checked by validate, shown on entry pages) and the data
exports built with the site."""

from __future__ import annotations

import csv
import json

import lxml.html
from lxml import etree

from edition.cli import main
from edition.publishing.site import build

RELATIONS = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="relations" xml:lang="en">
  <teiHeader><fileDesc><titleStmt><title>Relations (test)</title>
    <respStmt xml:id="ed"><resp>compiled by</resp><name>the tests</name></respStmt></titleStmt>
    <publicationStmt><p>Test.</p></publicationStmt><sourceDesc><p>Made for the tests.</p></sourceDesc>
  </fileDesc></teiHeader>
  <text><body>
    <listRelation>
      RELATIONS
    </listRelation>
  </body></text>
</TEI>
"""
GOOD = '<relation name="member" active="per:alskii" passive="org:comintern" source="../mini.xml#mini-p2"/>'


def with_relations(project, *relations: str):
    (project.tei_dir / "register" / "relations.xml").write_text(RELATIONS.replace("RELATIONS", "\n".join(relations)))


def run(capsys, *args):
    code = main(["validate", *args])
    return code, capsys.readouterr().out


def test_a_stated_relation_validates(small_project, capsys, monkeypatch):
    monkeypatch.chdir(small_project.root)
    with_relations(small_project, GOOD)
    code, out = run(capsys, "tei")
    assert code == 0, out
    assert "[relation-" not in out


def test_relation_ends_must_resolve_and_fit_and_have_a_source(small_project, capsys, monkeypatch):
    monkeypatch.chdir(small_project.root)
    with_relations(small_project,
                   '<relation name="member" active="per:alskii" passive="per:alekseev" source="../mini.xml#mini-p2"/>',
                   '<relation name="member" active="per:nobody" passive="org:comintern" source="../mini.xml#mini-p2"/>',
                   '<relation name="chair" active="per:alskii" passive="org:comintern"/>',
                   '<relation name="befriended" active="per:alskii" passive="per:alekseev" source="../mini.xml#mini-p2"/>',
                   '<relation name="part-of" active="org:comintern" passive="org:comintern" source="../mini.xml#nowhere"/>',
                   '<relation name="part-of" active="per:alskii" passive="org:comintern" source="../mini.xml#mini-p2"/>')
    code, out = run(capsys, "tei")
    assert code == 1
    assert '"member": @passive "per:alekseev" is of the wrong kind' in out and "[relation-kind]" in out
    assert '@active "per:nobody" is not a register entry [relation-unresolved]' in out
    assert 'the relation "chair" points to no passage that states it (@source) [relation-source]' in out
    assert 'unknown relation "befriended"' in out
    assert '"part-of" relates entries of one kind (a body to a body, a place to a place), not org and per' in out
    assert 'points to "#nowhere" in ../mini.xml, which has no such xml:id' in out  # the source must exist


def test_a_name_used_before_its_entry_existed_is_a_warning_unless_checked(small_project, capsys, monkeypatch):
    monkeypatch.chdir(small_project.root)
    orgs = small_project.tei_dir / "register" / "organisations.xml"
    orgs.write_text(orgs.read_text().replace('<orgName type="preferred">', '<orgName type="preferred" notBefore="1923">', 1))
    mini = small_project.tei_dir / "mini.xml"
    text = mini.read_text()
    dated = text.replace('The <orgName ref="org:comintern">Comintern</orgName> met',
                         'In <date when="1920">1920</date> the <orgName ref="org:comintern">Comintern</orgName> met')
    assert dated != text
    mini.write_text(dated)
    code, out = run(capsys, "tei")
    assert 'is named in a passage dated 1920, but it exists only from 1923' in out and "[relation-date]" in out
    mini.write_text(dated.replace('<orgName ref="org:comintern">Comintern', '<orgName ref="org:comintern" cert="high">Comintern'))
    code, out = run(capsys, "tei")
    assert "[relation-date]" not in out
    mini.write_text(text)  # the date of February 26, 1922 is in the sentence before: not the Comintern's
    code, out = run(capsys, "tei")
    assert "[relation-date]" not in out
    orgs.write_text(orgs.read_text().replace('notBefore="1923"', 'notBefore="1920"'))
    mini.write_text(dated)
    code, out = run(capsys, "tei")
    assert "[relation-date]" not in out  # a name of 1920 in 1920 is in time


def test_entry_pages_show_relations_with_their_source_and_exports_match_the_registers(small_project):
    with_relations(small_project, GOOD)
    out = small_project.root / "build" / "site"
    build(small_project, out, make_pdf=False)
    org = lxml.html.parse(str(out / "organisations" / "comintern.html")).getroot()
    block = org.cssselect("section.relations")[0]
    assert block.cssselect("dt")[0].text_content() == "Members mentioned in the edition"
    member = block.cssselect("dd li")[0]
    assert member.cssselect("a")[0].get("href") == "../persons/alskii.html"
    assert member.cssselect(".source a")[0].get("href") == "../mini.html#mini-p2"
    person = lxml.html.parse(str(out / "persons" / "alskii.html")).getroot()
    assert person.cssselect("section.relations dt")[0].text_content() == "Member of"

    # registers: one row per entry, mention counts as tagged in the document
    mini = etree.parse(str(small_project.tei_dir / "mini.xml"))
    tagged = [el.get("ref") for el in mini.iter() if isinstance(el.tag, str) and el.get("ref")]
    rows = list(csv.DictReader((out / "data" / "registers.csv").open(encoding="utf-8")))
    assert sorted(r["id"] for r in rows) == ["org:comintern", "per:alekseev", "per:alskii", "per:shliapnikov"]
    for r in rows:
        assert int(r["mini"]) == int(r["mentions"]) == tagged.count(r["id"])
    data = json.loads((out / "data" / "registers.json").read_text(encoding="utf-8"))
    assert {e["id"]: e["mentions_by_document"]["mini"] for e in data["entries"]} == {r["id"]: int(r["mini"]) for r in rows}
    shl = next(e for e in data["entries"] if e["id"] == "per:shliapnikov")
    assert shl["variants"] == ["Shlyapnikov"] and shl["description"].startswith("Aleksandr Shliapnikov")

    # mentions: every tagged name, in order, with the paragraph that holds it
    mentions = list(csv.DictReader((out / "data" / "mentions.csv").open(encoding="utf-8")))
    assert [m["entity"] for m in mentions] == tagged
    assert [(m["paragraph"], m["surface"]) for m in mentions][:2] == [("mini-p1", "Shliapnikov"), ("mini-p1", "Comintern")]
    page = lxml.html.parse(str(out / "mini.html")).getroot()
    for m in mentions:
        assert m["anchor"].startswith("mini-m") and page.get_element_by_id(m["paragraph"]) is not None
        file, frag = m["link"].split("#")
        assert file == "mini.html" and page.get_element_by_id(frag.split(":~:")[0]) is not None

    # relations: the standoff table and the TEI itself
    rels = list(csv.DictReader((out / "data" / "relations.csv").open(encoding="utf-8")))
    assert rels == [{"relation": "member", "active": "per:alskii", "passive": "org:comintern", "mutual": "",
                     "when": "", "notBefore": "", "notAfter": "", "source": "../mini.xml#mini-p2"}]
    assert (out / "data" / "relations.xml").read_bytes() == (small_project.tei_dir / "register" / "relations.xml").read_bytes()
    index = lxml.html.parse(str(out / "persons" / "index.html")).getroot()
    assert {a.get("href") for a in index.cssselect(".exports a")} >= {"../data/registers.csv", "../data/mentions.csv",
                                                                    "../data/relations.csv", "../data/README.txt"}
    assert "CC BY 4.0" in (out / "data" / "README.txt").read_text()


def test_names_by_period_are_shown_earliest_first_with_their_passages_and_exported(small_project):
    orgs = small_project.tei_dir / "register" / "organisations.xml"
    orgs.write_text(orgs.read_text().replace(
        '<orgName type="variant">Comintern</orgName>',
        '<orgName type="variant" from="1920" to="1921" source="../mini.xml#mini-p2">Comintern</orgName>'
        '<orgName type="variant" when="1919-03" source="../mini.xml#mini-p1">Third International</orgName>'
        '<orgName type="variant" source="../mini.xml#mini-p1">the International</orgName>'
        '<orgName type="variant">Komintern</orgName>'))
    out = small_project.root / "build" / "site"
    build(small_project, out, make_pdf=False)
    page = lxml.html.parse(str(out / "organisations" / "comintern.html")).getroot()
    items = page.cssselect("section.names-by-period li")
    # dated names by their first year; an undated name with a passage after them; one with neither left out
    assert [li.text_content().split(" —")[0] for li in items] == [
        "Third International (March 1919)", "Comintern (1920–1921)", "the International (undated)"]
    assert items[1].cssselect("a")[0].get("href") == "../mini.html#mini-p2"
    data = json.loads((out / "data" / "registers.json").read_text(encoding="utf-8"))
    com = next(e for e in data["entries"] if e["id"] == "org:comintern")
    assert com["names_by_period"][0] == {"name": "Third International", "period": "March 1919",
                                         "sources": ["../mini.xml#mini-p1"]}
    # an entry whose names carry no period has no such block
    person = lxml.html.parse(str(out / "persons" / "alskii.html")).getroot()
    assert not person.cssselect("section.names-by-period")
