"""Property-based: random but schema-shaped TEI (nested p, hi, note, persName, date with random
attribute values and random Unicode: right-to-left scripts, combining marks, controls near NUL)
never makes validation or rendering raise; every finding is located; a valid file renders to a
page that html5lib parses without a single error and that holds every piece of its text."""

from __future__ import annotations

import html
import os
import shutil
from pathlib import Path

import html5lib
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from edition import corpus, registers
from edition.publishing.site import Site, Stats, jinja, write_documents
from edition.publishing.transform import Stylesheets
from edition.checking.validate import validate
from edition.checking.xml import ParseError, parse

from conftest import FIXTURES, mini_project

MINI = (FIXTURES / "mini.xml").read_text(encoding="utf-8")
START = '<p xml:id="mini-p2">'
END = "</p>\n      </div>"

RTL = "אבגדהוזחטיכלמנסעפצקרשת" + "ابتثجحخدذرزسشصضطظعغفقكلمنهوي" + "\u200f\u202e\u2067"
COMBINING = "".join(chr(c) for c in range(0x300, 0x370)) + "\u20dd\u0489"
NEAR_NUL = "\x00\x01\x02\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f\x80\x85\x9f\t\n"
ODD = "\ufeff\u00ad\u200b\u200d\ufffd\ufdd0\ufffe\U0001f600\U00010000" + "<>&\"']]>"

legal = st.one_of(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
    st.sampled_from(RTL), st.sampled_from(COMBINING), st.sampled_from(ODD), st.sampled_from("abc XYZ  éšж"),
)
# one text in five may hold controls near NUL (most of which XML forbids: the parser must say where)
texts = st.one_of(*[st.text(alphabet=legal, max_size=12)] * 4,
                  st.text(alphabet=st.one_of(legal, st.sampled_from(NEAR_NUL)), max_size=12))
values = st.one_of(texts, st.sampled_from(["italic", "bold", "sup", "1922-02-26", "1922", "per:shliapnikov",
                                           "per:alskii", "org:comintern", "x", ""]))


def esc(s: str, quote: bool = False) -> str:
    return html.escape(s, quote=quote).replace("&#x27;", "'")


@st.composite
def fragments(draw, depth: int = 0, in_note: bool = False):
    """A list of nodes: ("text", s) or (tag, {attr: value}, children); paragraphs inside notes."""
    out = []
    for _ in range(draw(st.integers(0, 4 if depth < 3 else 1))):
        kinds = ["text", "text", "hi", "persName", "date"] + (["p", "p"] if in_note else ["note"])
        kind = draw(st.sampled_from(kinds if depth < 4 else ["text"]))
        if kind == "text":
            out.append(("text", draw(texts)))
            continue
        attrs = {}
        if kind == "hi":
            attrs["rend"] = draw(st.one_of(st.sampled_from(["italic", "bold", "smallcaps", "sup", "sub"]), values))
        elif kind == "persName" and draw(st.booleans()):
            attrs["ref"] = draw(st.one_of(st.sampled_from(["per:shliapnikov", "per:alskii", "per:alekseev"]), values))
        elif kind == "date":
            attrs["when"] = draw(st.one_of(st.sampled_from(["1922-02-26", "1921", "1923-03"]), values))
        elif kind == "note":
            attrs.update({"type": "editorial", "resp": "#ed"})
        if draw(st.integers(0, 5)) == 0:
            attrs["n"] = draw(values)
        out.append((kind, attrs, draw(fragments(depth + 1, in_note or kind == "note"))))
    return out


def serialise(nodes) -> str:
    parts = []
    for node in nodes:
        if node[0] == "text":
            parts.append(esc(node[1]))
        else:
            tag, attrs, kids = node
            a = "".join(f' {k}="{esc(v, quote=True)}"' for k, v in attrs.items())
            parts.append(f"<{tag}{a}>{serialise(kids)}</{tag}>")
    return "".join(parts)


def text_pieces(nodes) -> list[str]:
    out = []
    for node in nodes:
        if node[0] == "text":
            out.append(node[1])
        else:
            out.extend(text_pieces(node[2]))
    return out


def xml_legal(s: str) -> bool:
    return all(c in "\t\n\r" or 0x20 <= ord(c) <= 0xD7FF or 0xE000 <= ord(c) <= 0xFFFD or ord(c) >= 0x10000
               for c in s)


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory):
    return mini_project(tmp_path_factory.mktemp("fuzz") / "proj")


@pytest.fixture(scope="module")
def sheets(fuzz_project):
    return Stylesheets(fuzz_project.xslt_dir)


def render_page(project, sheets, path: Path, tree) -> str:
    trees = {p.resolve(): parse(p) for p in project.register_dir.glob("*.xml")}
    trees[path] = tree
    docs = [corpus.describe(path, tree)]
    out = project.root / "out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    site = Site(project, docs, trees, out, Stats(), False, None, lambda s: None)
    site.env = jinja(project)
    site.entries = registers.load_entries(project.register_dir, trees)
    site.named = registers.collect_mentions(site.entries, docs)
    site.kinds = [k for k in registers.KINDS if any(e.prefix == k for e in site.entries.values())]
    site.sheets = sheets
    write_documents(site)
    return (out / "mini.html").read_text(encoding="utf-8")


@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "50")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(fragments())
def test_random_tei_never_breaks_validation_or_rendering(fuzz_project, sheets, nodes):
    fragment = serialise(nodes)
    source = MINI.replace(START, START + fragment + " ", 1)
    path = (fuzz_project.tei_dir / "mini.xml").resolve()
    path.write_text(source, encoding="utf-8")

    report = validate([path], fuzz_project.schema_dir, base=fuzz_project.root, edition_dir=fuzz_project.tei_dir)
    lines = source.count("\n") + 1
    for f in report.findings:
        assert 1 <= f.line <= lines and f.column >= 1, str(f)
    pieces = text_pieces(nodes)
    if not xml_legal(fragment):
        event("not XML: refused by the parser")
        assert any(f.rule == "xml" for f in report.errors), [str(f) for f in report.findings]
        return
    if report.errors:
        event("refused: " + report.errors[0].rule)
        return
    event("valid: rendered")
    page = render_page(fuzz_project, sheets, path, parse(path))
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    doc = parser.parse(page)
    assert parser.errors == [], (parser.errors[:3], fragment)
    shown = " ".join("".join(doc.find(".//main").itertext()).split())
    for piece in pieces:
        want = " ".join(piece.replace("\r", "\n").split())
        assert want in shown, (want, fragment)


def test_the_generator_reaches_valid_files(fuzz_project):
    """The property is not vacuous: plain fragments validate, so the rendering branch is taken."""
    fragment = '<hi rend="italic">שלום עולם</hi> <persName ref="per:alskii">e\u0301</persName>'
    path = (fuzz_project.tei_dir / "mini.xml").resolve()
    path.write_text(MINI.replace(START, START + fragment + " ", 1), encoding="utf-8")
    report = validate([path], fuzz_project.schema_dir, base=fuzz_project.root, edition_dir=fuzz_project.tei_dir)
    assert report.ok, [str(f) for f in report.errors]
