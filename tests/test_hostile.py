"""Hostile TEI never reaches a reader: each case is refused by validation with a located message
(where it must be) AND, rendered anyway through the real XSLT and Jinja (as a file that slipped
past validation would be), comes out as inert text in the page's DOM."""

from __future__ import annotations

import re

import shutil
from pathlib import Path

import lxml.html
import pytest

from edition import corpus
from edition.publishing.site import BuildFailed, Stats, _write_site
from edition.checking.validate import validate
from edition.checking.xml import parse

from conftest import FIXTURES, mini_project

MINI = (FIXTURES / "mini.xml").read_text(encoding="utf-8")
SENTENCE = "wrote."
UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")


def hostile_project(tmp_path: Path, text: str, persons: str | None = None):
    project = mini_project(tmp_path / "proj")
    (project.tei_dir / "mini.xml").write_text(text, encoding="utf-8")
    if persons is not None:
        (project.register_dir / "persons.xml").write_text(persons, encoding="utf-8")
    return project


def findings(project) -> list:
    report = validate([project.tei_dir], project.schema_dir, base=project.root, edition_dir=project.tei_dir)
    return report.errors


def render(project) -> lxml.html.HtmlElement:
    """The document page as the build writes it, validation skipped (defence in depth)."""
    trees = {p.resolve(): parse(p) for p in project.tei_dir.rglob("*.xml")}
    path = (project.tei_dir / "mini.xml").resolve()
    docs = [corpus.describe(path, trees[path])]
    out = project.root / "out"
    try:
        _write_site(project, docs, out, Stats(), False, None, lambda s: None, trees)
    except BuildFailed:  # the link check refuses some (a pointer made a link to nowhere): the page stays written
        pass
    html = (out / "mini.html").read_text(encoding="utf-8")
    return lxml.html.document_fromstring(html)


def assert_inert(page: lxml.html.HtmlElement) -> None:
    """Nothing in the page can run script: no inline or foreign script, no handler, no unsafe URL."""
    for el in page.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag == "script":
            assert re.match(r"(\.\./)*assets/[\w.-]+\.js$", el.get("src", "")) or el.get("type") == "application/json", \
                lxml.html.tostring(el)
            if el.get("type") == "application/json":
                assert "<" not in (el.text or ""), el.text  # cannot close the block
        # the site's own forms (search, the chronology's filters) and the chronology's density strip
        # are the templates' and the build's, outside the rendered text; inside it, none
        own = tag in ("form", "svg") and not any(a.tag == "article" for a in el.iterancestors())
        assert tag not in ("svg", "math", "iframe", "object", "embed", "base", "form", "style", "meta") \
            or tag == "meta" and el.getparent().tag == "head" or own, tag
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (tag, name, value)
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href", "srcdoc"):
                assert not value.strip().lower().startswith(UNSAFE_SCHEMES), (tag, name, value)


def body_text(page) -> str:
    return " ".join(page.get_element_by_id("main").text_content().split())


def located(errors, rule: str, line_has: str, text: str) -> None:
    hit = [f for f in errors if f.rule == rule]
    assert hit, [str(f) for f in errors]
    lines = text.split("\n")
    assert all(f.line >= 1 and f.column >= 1 for f in hit)
    assert any(line_has in lines[f.line - 1] for f in hit), [str(f) for f in hit]


@pytest.mark.parametrize("target", [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "  javascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "java&#x9;script:alert(1)",
])
@pytest.mark.parametrize("element", ["ref", "ptr"])
def test_a_script_pointer_is_refused_and_never_becomes_a_link(tmp_path, target, element):
    inner = "a link" if element == "ref" else ""
    tag = f'<{element} target="{target}">{inner}</{element}>'
    text = MINI.replace(SENTENCE, f"wrote {tag}.")
    project = hostile_project(tmp_path, text)
    errors = findings(project)
    if "&#x9;" not in target:  # a tab splits the value: "java" is a relative pointer, not a scheme
        located(errors, "pointer-scheme", f"<{element} ", text)
    page = render(project)
    assert_inert(page)
    if element == "ref":
        assert "a link" in body_text(page)  # the text of the source is kept, only the link is not made


@pytest.mark.parametrize("target", ["https://example.org/x", "mailto:ed@example.org", "#mini-s1", "mini.xml#mini-p2"])
def test_safe_pointers_still_become_links(tmp_path, target):
    project = hostile_project(tmp_path, MINI.replace(SENTENCE, f'wrote <ref target="{target}">there</ref>.'))
    assert not [f for f in findings(project) if f.rule == "pointer-scheme"]
    page = render(project)
    links = [a for a in page.iter("a") if a.text == "there"]
    assert links and links[0].get("href") == target.replace("mini.xml", "mini.html")


@pytest.mark.parametrize("att,value,rule", [
    ("rend", 'thesis" onmouseover="alert(1)', "attribute-markup"),
    ("rend", "thesis' onmouseover='alert(1)", "attribute-markup"),
    ("n", '"><script>alert(1)</script>', "attribute-markup"),
    ("n", "<img src=x onerror=alert(1)>", "attribute-markup"),
])
def test_quotes_and_angle_brackets_in_attributes_are_refused_and_escaped(tmp_path, att, value, rule):
    escaped = value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    text = MINI.replace('<p xml:id="mini-p2">', f'<p xml:id="mini-p2" {att}="{escaped}">')
    project = hostile_project(tmp_path, text)
    located(findings(project), rule, 'xml:id="mini-p2"', text)
    page = render(project)
    assert_inert(page)
    p = page.get_element_by_id("mini-p2")
    if att == "rend":
        assert p.get("class") == value  # one attribute holding the whole value, nothing broke out


def test_quotes_in_a_target_are_refused_and_escaped(tmp_path):
    text = MINI.replace(SENTENCE, 'wrote <ref target="https://example.org/&quot;onclick=&quot;alert(1)">x</ref>.')
    project = hostile_project(tmp_path, text)
    located(findings(project), "attribute-markup", "<ref ", text)
    page = render(project)
    assert_inert(page)
    a = next(a for a in page.iter("a") if a.text == "x")
    assert a.get("href") == 'https://example.org/"onclick="alert(1)' and a.get("onclick") is None


def test_quotes_in_an_xml_id_are_refused_by_the_parser(tmp_path):
    text = MINI.replace('xml:id="mini-p2"', 'xml:id="x&quot;onclick=&quot;alert(1)"')
    project = hostile_project(tmp_path, text)
    errors = findings(project)
    located(errors, "xml", "onclick", text)
    assert "NCName" in errors[0].message


@pytest.mark.parametrize("markup,ns", [
    ('<script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script>', "xhtml"),
    ('<a xmlns="http://www.w3.org/1999/xhtml" href="javascript:alert(1)">click</a>', "xhtml"),
    ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>', "svg"),
    ('<math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi></math>', "mathml"),
])
def test_elements_in_the_xhtml_or_svg_namespace_are_refused_and_not_rendered(tmp_path, markup, ns):
    text = MINI.replace(SENTENCE, f"wrote {markup}.")
    project = hostile_project(tmp_path, text)
    errors = findings(project)
    located(errors, "foreign-namespace", markup[:8], text)
    assert any(f.rule == "schema" for f in errors)  # the grammar refuses it too
    assert_inert(render(project))


def test_a_foreign_attribute_is_refused_and_not_rendered(tmp_path):
    text = MINI.replace(SENTENCE, 'wrote <ref xmlns:xl="http://www.w3.org/1999/xlink" xl:href="javascript:alert(1)" '
                                  'target="#mini-s1">x</ref>.')
    project = hostile_project(tmp_path, text)
    located(findings(project), "foreign-namespace", "xl:href", text)
    assert_inert(render(project))


@pytest.mark.parametrize("pi", ['<?xml-stylesheet type="text/xsl" href="https://evil.example/x.xsl"?>',
                                '<?php echo 1; ?>'])
def test_a_processing_instruction_is_refused(tmp_path, pi):
    text = MINI.replace("<TEI ", pi + "\n<TEI ", 1)
    project = hostile_project(tmp_path, text)
    located(findings(project), "processing-instruction", pi[:10], text)
    page = render(project)
    assert_inert(page)
    assert "evil.example" not in lxml.html.tostring(page, encoding="unicode")


def test_a_processing_instruction_inside_the_text_is_refused_and_dropped(tmp_path):
    text = MINI.replace(SENTENCE, "wrote <?xml-stylesheet href='x.xsl'?>.")
    project = hostile_project(tmp_path, text)
    located(findings(project), "processing-instruction", "<?xml-stylesheet", text)
    page = render(project)
    assert "xml-stylesheet" not in lxml.html.tostring(page, encoding="unicode")


def test_the_xml_model_processing_instruction_of_tei_editors_is_accepted(tmp_path):
    pi = '<?xml-model href="../schemas/edition.rng" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>'
    project = hostile_project(tmp_path, MINI.replace("<TEI ", pi + "\n<TEI ", 1))
    assert not findings(project)


def test_cdata_holding_markup_comes_out_as_text(tmp_path):
    text = MINI.replace(SENTENCE, "wrote <![CDATA[<script>alert(1)</script><b onmouseover='x'>bold</b>]]>.")
    project = hostile_project(tmp_path, text)
    assert not findings(project)  # CDATA is text: accepted, and shown as the characters it holds
    page = render(project)
    assert_inert(page)
    assert not list(page.iter("b"))
    assert "<script>alert(1)</script><b onmouseover='x'>bold</b>" in body_text(page)


def test_script_in_text_and_in_a_register_description_is_escaped(tmp_path):
    evil = "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    persons = (FIXTURES / "register" / "persons.xml").read_text(encoding="utf-8").replace(
        "Leader of the Workers' Opposition.", f"Leader {evil}.")
    project = hostile_project(tmp_path, MINI.replace(SENTENCE, f"wrote {evil}."), persons=persons)
    page = render(project)
    assert_inert(page)
    assert "</script><script>alert(1)</script>" in body_text(page)


@pytest.mark.parametrize("att,length,rule", [("xml:id", 101, "limit-id"), ("n", 4001, "limit-attribute")])
def test_over_long_ids_and_attribute_values_are_refused_with_their_line(tmp_path, att, length, rule):
    value = "p" + "x" * (length - 1)
    text = MINI.replace('<p xml:id="mini-p2">', f'<p xml:id="mini-p2" {att}="{value}">') if att != "xml:id" \
        else MINI.replace('xml:id="mini-p2"', f'xml:id="{value}"')
    project = hostile_project(tmp_path, text)
    errors = [f for f in findings(project) if f.path.endswith("mini.xml")]  # registers lose their uses
    assert [f.rule for f in errors] == [rule]
    assert "x" * 50 not in errors[0].message  # the message names the value, it does not repeat it
    assert errors[0].line == next(i for i, l in enumerate(text.split("\n"), 1) if value in l)


def test_the_limits_are_generous_for_real_values(tmp_path):
    value = "p" + "x" * 99
    project = hostile_project(tmp_path, MINI.replace('xml:id="mini-p2"', f'xml:id="{value}"'))
    assert not [f for f in findings(project) if f.rule.startswith("limit")]


def test_hostile_register_content_is_inert_on_every_page(tmp_path):
    persons = (FIXTURES / "register" / "persons.xml").read_text(encoding="utf-8").replace(
        '<ref target="../mini.xml#mini-s1">Test, first part</ref>',
        '<ref target="javascript:alert(1)">Test, first part</ref> <ref target="data:text/html,x">d</ref>'
        ' &lt;img src=x onerror=alert(1)&gt;')
    project = hostile_project(tmp_path, MINI, persons=persons)
    located(findings(project), "pointer-scheme", "javascript:", persons)
    render(project)
    pages = sorted((project.root / "out").rglob("*.html"))
    assert len(pages) > 5
    for f in pages:
        page = lxml.html.document_fromstring(f.read_text(encoding="utf-8"))
        assert_inert(page)
        assert not list(page.iter("img")), f


def test_a_note_inside_a_name_does_not_nest_links(tmp_path):
    """Found by tests/test_fuzz.py: <persName ref><note/></persName> made an <a> inside an <a>."""
    import html5lib

    text = MINI.replace(SENTENCE, 'wrote <persName ref="per:alskii">Al\'skii<note type="editorial" resp="#ed">'
                                  "A note.</note></persName>.")
    project = hostile_project(tmp_path, text)
    assert not findings(project)
    html = (render(project) is not None) and (project.root / "out" / "mini.html").read_text(encoding="utf-8")
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    parser.parse(html)
    assert parser.errors == []
