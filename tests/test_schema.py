"""The customisation: the ODD, the grammar and rules derived from it, and its documentation page."""

from __future__ import annotations

import subprocess
import sys

import lxml.html
import pytest
from lxml import etree

from edition.publishing.encodingdoc import document
from edition.publishing.site import build

from conftest import ROOT, TEI_ALL

RNG_NS = "{http://relaxng.org/ns/structure/1.0}"
TEI_NS = "{http://www.tei-c.org/ns/1.0}"


def odd_inventory() -> set[str]:
    spec = etree.parse(str(ROOT / "schemas" / "edition.odd")).find(f".//{TEI_NS}schemaSpec")
    return {n for ref in spec.iterfind(f"{TEI_NS}moduleRef") for n in ref.get("include", "").split()}


def rng_inventory() -> set[str]:
    root = etree.parse(str(ROOT / "schemas" / "edition.rng")).getroot()
    return {d[0].get("name") for d in root.iterfind(f"{RNG_NS}define")
            if len(d) and d[0].tag == f"{RNG_NS}element"}


def test_odd_and_rng_allow_the_same_elements():
    assert odd_inventory() == rng_inventory()


@pytest.mark.skipif(not TEI_ALL.exists(), reason="needs ../shared/schemas/tei_all.rng")
def test_generated_schemas_are_up_to_date_with_the_odd():
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "schema" / "build.py"), "--check",
                        "--base", str(TEI_ALL)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_the_glosses_list_every_element_of_the_odd():
    # tools/schema/add_glosses.py rewrites the ODD's inventory from glosses.tsv: an element the
    # ODD allows but the list lacks would be dropped from the schema the next time it runs
    rows = (ROOT / "tools" / "schema" / "glosses.tsv").read_text(encoding="utf-8").splitlines()
    glossed = {line.split("\t")[0] for line in rows if line and not line.startswith("#")}
    assert glossed == odd_inventory()


def test_every_element_the_edition_uses_is_in_the_odd():
    used = set()
    for path in (ROOT / "tei").rglob("*.xml"):
        used |= {etree.QName(el).localname for el in etree.parse(str(path)).getroot().iter()
                 if isinstance(el.tag, str)}
    assert used <= odd_inventory()


def test_encoding_page_documents_every_element_of_the_schema(small_project):
    out = small_project.root / "build" / "site"
    build(small_project, out, make_pdf=False)
    page = lxml.html.parse(str(out / "encoding.html")).getroot()
    documented = {s.get("id")[3:] for s in page.cssselect("section.element-doc")}
    assert documented == rng_inventory()
    hi = page.get_element_by_id("el-hi")
    assert "one of italic" in " ".join(hi.text_content().split())
    assert '<hi rend="italic">italics</hi>' in hi.cssselect("pre.example")[0].text_content()
    for name in ("edition.odd", "edition.rng", "edition.sch"):
        assert (out / "schemas" / name).read_bytes() == (ROOT / "schemas" / name).read_bytes()


def test_documentation_counts_come_from_the_texts():
    tree = etree.parse(str(ROOT / "tests" / "fixtures" / "mini.xml"))
    doc = document(ROOT / "schemas" / "edition.odd", {"mini": tree})
    counts = {e.name: e.count for e in doc["elements"]}
    assert counts["note"] == 3 and counts["persName"] == 4
