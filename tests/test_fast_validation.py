"""The compiled forms of the schemas (schemas/edition.fast.rng, schemas/edition.sch.xsl) are up
to date with their sources and give the verdicts and findings of the sources themselves."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest
from lxml import etree

from edition.checking import fastgrammar
from edition.checking.xml import ParseError, parse

from conftest import ROOT

SCHEMAS = ROOT / "schemas"
TEI = "{http://www.tei-c.org/ns/1.0}"


def _files() -> list[Path]:
    return sorted((ROOT / "tei").rglob("*.xml")) + sorted((ROOT / "tests" / "invalid").glob("*.xml"))


def _trees():
    for path in _files():
        try:
            yield path, parse(path)
        except ParseError:
            continue  # refused before the grammar is asked


def test_the_fast_grammar_is_up_to_date_with_edition_rng():
    assert (SCHEMAS / "edition.fast.rng").read_bytes() == fastgrammar.derive((SCHEMAS / "edition.rng").read_bytes())


def test_a_fast_grammar_made_from_another_edition_rng_is_not_used(tmp_path):
    for name in ("edition.rng", "edition.fast.rng"):
        (tmp_path / name).write_bytes((SCHEMAS / name).read_bytes())
    assert fastgrammar.load(tmp_path) is not None
    (tmp_path / "edition.rng").write_bytes((SCHEMAS / "edition.rng").read_bytes().replace(b"<empty/>", b"<empty></empty>", 1))
    assert fastgrammar.load(tmp_path) is None


def test_same_verdict_on_every_file_of_the_edition_and_every_invalid_sample():
    slow, fast = etree.RelaxNG(etree.parse(str(SCHEMAS / "edition.rng"))), fastgrammar.load(SCHEMAS)
    verdicts = {}
    for path, tree in _trees():
        verdicts[path.name] = slow.validate(tree)
        assert fast.validate(tree) == verdicts[path.name], path
    assert True in verdicts.values() and False in verdicts.values()


def _mutants(tree: etree._ElementTree, names: list[str], n: int, seed: int):
    """Small random edits of a valid document: renamed, removed, unwrapped, moved, doubled
    elements and stray text, each the kind of slip an editor makes."""
    rnd = random.Random(seed)
    for _ in range(n):
        t = copy.deepcopy(tree)
        els = [e for e in t.getroot().iter() if isinstance(e.tag, str) and e.getparent() is not None]
        el = rnd.choice(els)
        op = rnd.randrange(6)
        parent = el.getparent()
        if op == 0:
            el.tag = TEI + rnd.choice(names)
        elif op == 1:
            parent.remove(el)
        elif op == 2:
            etree.strip_tags(parent, el.tag)
        elif op == 3:
            target = rnd.choice(els)
            if target is not el and el not in target.iterancestors():
                parent.remove(el)
                target.insert(rnd.randrange(len(target) + 1), el)
        elif op == 4:
            el.addnext(copy.deepcopy(el))
        else:
            if len(el):
                el[rnd.randrange(len(el))].tail = "stray words"
            else:
                el.text = (el.text or "") + "stray words"
        yield t


@pytest.mark.parametrize("name", ["pirani-wpsp.xml", "register/events.xml"])
def test_same_verdict_on_random_edits_of_a_document(name):
    slow, fast = etree.RelaxNG(etree.parse(str(SCHEMAS / "edition.rng"))), fastgrammar.load(SCHEMAS)
    rng = etree.parse(str(SCHEMAS / "edition.rng")).getroot()
    names = sorted({e.get("name") for e in rng.iter("{http://relaxng.org/ns/structure/1.0}element")})
    tree = parse(ROOT / "tei" / name)
    verdicts = []
    for mutant in _mutants(tree, names, 150, seed=13):
        v = slow.validate(mutant)
        assert fast.validate(mutant) == v, etree.tostring(mutant)[:200]
        verdicts.append(v)
    # both kinds of verdict are compared, not only one
    assert verdicts.count(True) > 15 and verdicts.count(False) > 15


# --- Schematron ---------------------------------------------------------------------------

def test_the_compiled_schematron_is_up_to_date_with_edition_sch():
    from edition.checking import schcompile

    assert (SCHEMAS / "edition.sch.xsl").read_bytes() == schcompile.compile_schematron((SCHEMAS / "edition.sch").read_bytes())


def _attribute_mutants(tree, n: int, seed: int):
    """Attributes the rules look at, removed or given other values."""
    rnd = random.Random(seed)
    values = ["foot", "editorial", "italic", "italics", "x", "per:a", "org:a", "per:a per:b", "1", "lost", ""]
    for _ in range(n):
        t = copy.deepcopy(tree)
        els = [e for e in t.getroot().iter() if isinstance(e.tag, str) and e.attrib]
        for _ in range(3):
            el = rnd.choice([e for e in els if e.attrib])  # an earlier edit may have removed its last one
            att = rnd.choice(sorted(el.attrib))
            if rnd.random() < 0.4:
                del el.attrib[att]
            else:
                el.set(att, rnd.choice(values))
        yield t


def test_same_schematron_findings_on_the_edition_the_invalid_samples_and_random_edits():
    from edition.checking import schematron

    sch = SCHEMAS / "edition.sch"
    assert schematron.precompiled(sch) is not None
    trees = [t for _, t in _trees()] + list(_attribute_mutants(parse(ROOT / "tei" / "pirani-wpsp.xml"), 60, seed=7))
    failing = 0
    for tree in trees:
        found = schematron.failures(tree, sch)
        assert found == schematron.failures(tree, sch, precompiled_ok=False)
        failing += bool(found)
    assert failing > 40


def test_the_compiler_follows_schematron_where_the_edition_does_not_yet(tmp_path):
    """Several rules in a pattern (a node takes the first it matches), reports, lets, names and
    attribute contexts, against lxml's isoschematron."""
    from edition.checking import schcompile, schematron

    sch = tmp_path / "rules.sch"
    sch.write_text("""<schema xmlns="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt">
  <ns prefix="t" uri="http://www.tei-c.org/ns/1.0"/>
  <let name="top" value="/t:TEI/@xml:id"/>
  <pattern id="two-rules">
    <rule context="t:p[@rend]"><assert test="@rend = 'x'">rend <value-of select="@rend"/> of <name/></assert></rule>
    <rule context="t:p | t:head"><let name="n" value="string-length(.)"/>
      <report test="$n &gt; 5">long <name/> in <value-of select="$top"/>: <value-of select="$n"/></report></rule>
  </pattern>
  <pattern id="attrs">
    <rule context="@xml:lang"><assert test=". = 'en'">lang <value-of select="."/></assert></rule>
  </pattern>
</schema>""")
    sch.with_name("rules.sch.xsl").write_bytes(schcompile.compile_schematron(sch.read_bytes()))
    doc = etree.ElementTree(etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="d"><text xml:lang="fr"><body>\n'
        '<head>a heading</head>\n<p rend="y">short</p>\n<p>a longer one</p>\n<p rend="x">fine, long</p>\n'
        '<p xml:lang="en">ok</p></body></text></TEI>'))
    schematron.precompiled.cache_clear()
    new = schematron.failures(doc, sch)
    assert schematron.precompiled(sch) is not None
    old = schematron.failures(doc, sch, precompiled_ok=False)
    # the same failures in the same order; on an attribute the SVRL path finds no line (it
    # reports line 1), the compiled form gives the attribute's element
    assert [f[2:] for f in new] == [f[2:] for f in old]
    assert [f for f in new if f[3] != "attrs"] == [f for f in old if f[3] != "attrs"]
    assert [f[:2] for f in new if f[3] == "attrs"] == [(1, "text")]  # <text xml:lang="fr"> is on line 1
    assert [f[3] for f in new].count("two-rules") == 3 and any("lang fr" in f[2] for f in new)
    # edited .sch: the stale compiled file is not used
    sch.write_text(sch.read_text().replace("'x'", "'z'"))
    schematron.precompiled.cache_clear()
    assert schematron.precompiled(sch) is None
    with pytest.raises(schcompile.Unsupported):
        schcompile.compile_schematron(b'<schema xmlns="http://purl.oclc.org/dsdl/schematron"><pattern abstract="true" id="a"/></schema>')


# --- the hostile-content walk, skipped when the whole text shows nothing to find -------------

@pytest.mark.parametrize("attribute", [
    'target="javascript:alert(1)"', 'ref="per:a JavaScript:x"', 'target="HTTP://example.org"', 'ref="per:a"',
    'target="https://x mailto:y"', 'corresp="#a data:text/html,x"', 'rend="it\'s"', 'n="a&lt;b"', 'ref="perx:a"',
    'target="per:javascript:x"', 'n="\u0085"', 'xmlns:h="http://www.w3.org/1999/xhtml" h:onload="x"',
])
def test_the_walk_over_every_element_is_skipped_only_where_it_finds_nothing(attribute, monkeypatch):
    from edition.checking import hostile

    text = (f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p {attribute}>words</p>'
            '<!-- a comment -->\u0085 after it</body></text></TEI>')
    tree = etree.ElementTree(etree.fromstring(text))
    on_root = etree.ElementTree(etree.fromstring(
        f'<TEI xmlns="http://www.tei-c.org/ns/1.0" {attribute}><text><body><p>words</p></body></text></TEI>'))
    quick = [hostile.check(Path("x.xml"), t) for t in (tree, on_root)]
    monkeypatch.setattr(hostile, "_suspect", lambda tree: True)
    assert [hostile.check(Path("x.xml"), t) for t in (tree, on_root)] == quick


def test_the_hostile_walk_gives_the_same_findings_on_every_sample(monkeypatch):
    from edition.checking import hostile

    quick = {p: hostile.check(p, t) for p, t in _trees()}
    monkeypatch.setattr(hostile, "_suspect", lambda tree: True)
    assert {p: hostile.check(p, t) for p, t in _trees()} == quick
    assert sum(bool(v) for v in quick.values()) >= 5


# --- the untagged-name scan over one <text> at a time ---------------------------------------

def _scan_node_by_node(tree, path, forms, matcher, not_within):
    """The scan as it was: each text node on its own."""
    from edition.checking import crossref
    from edition.registers import exempt

    out = []

    def look(text, parent, owner):
        exempted = exempt(text, not_within)
        for start, end in matcher.finditer(text):
            if not exempted(start, end):
                name = text[start:end]
                out.append((path, parent.sourceline, etree.QName(owner).localname, "warning",
                            f'"{name}" is not tagged; register: {" or ".join(sorted(forms[name]))}', "untagged"))

    def walk(el, skipped):
        skipped = skipped or crossref._excluded(el)
        if el.text and not skipped:
            look(el.text, el, el)
        for child in el:
            if isinstance(child.tag, str):
                walk(child, skipped)
            if child.tail and not skipped:
                look(child.tail, child, el)

    for text in tree.getroot().iterfind(f"{TEI}text"):
        walk(text, False)
    return [f for f in out if f[2] != "foreign"]  # (the foreign-word rule is compared by the other tests)


def _unwrap_every_other_name(tree):
    names = [el for el in tree.getroot().iter(f"{TEI}persName", f"{TEI}orgName", f"{TEI}placeName")]
    for el in names[::2]:
        el.tag = f"{TEI}seg"  # a neutral wrapper: its words count again, split at its edges
    etree.strip_tags(tree, f"{TEI}seg")
    return tree


def test_the_scan_of_whole_texts_finds_what_the_scan_of_each_text_node_finds():
    from edition import config
    from edition.checking import crossref

    project = config.load(ROOT)
    trees = {p.resolve(): parse(p) for p in sorted((ROOT / "tei").rglob("*.xml"))}
    ed = crossref.Edition.of(trees)
    forms = crossref._forms(ed, project.never_alone)
    matcher = crossref._FormMatcher(forms)
    crafted = etree.ElementTree(etree.fromstring(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>the anti-<hi rend="italic">Shliapnikov</hi> line, '
        'Oxford University <hi rend="bold">Press</hi> and Oxford University Press, Lenin<hi rend="sup">1</hi>'
        ' Lenin-<hi rend="italic">Trotsky</hi> Moscow</p></body></text></TEI>'))
    total = 0
    for path, tree in [*trees.items(), (ROOT / "crafted.xml", crafted)]:
        if path.parent.name == "register":
            continue
        for t in (tree, _unwrap_every_other_name(copy.deepcopy(tree))):
            found = [f for f in crossref._scan(t, path, forms, matcher, project.not_within) if f[2] != "foreign"]
            assert found == _scan_node_by_node(t, path, forms, matcher, project.not_within), path
            total += len(found)
    assert total > 1000


# --- limits asked of libxml2 before any walk -------------------------------------------------

@pytest.mark.parametrize("body", [
    "<a/>", "<a><b><c/></b></a>", "<a><b><c><d/></c></b></a>", "<a/><a/><a/><a/>", "<a/><a/><a/><a/><a/>",
    '<a n="0123456789"/>', '<a n="01234567890"/>', '<a xml:id="abc"/>', '<a xml:id="abcd"/>', '<a xml:id="abcde"/>',
    '<a n="abcdef"/>', '<a xml:id="abcdef" n="0123456789"/>',
])
def test_the_limits_asked_at_once_agree_with_the_walk(body, monkeypatch):
    from edition.checking import xml

    limits = xml.Limits(max_depth=3, max_elements=5, max_attribute=10, max_id=4)
    tree = etree.ElementTree(etree.fromstring(f"<r>{body}</r>"))
    asked = xml._within(tree, limits)
    monkeypatch.setattr(xml, "_within", lambda tree, limits: False)  # the walk, always
    try:
        xml.check_limits(Path("x.xml"), tree, limits)
        walked = True
    except ParseError:
        walked = False
    assert asked == walked
