"""Work done once, not per node or per file: the results must be those of the plain way."""

from __future__ import annotations

import json
import re
import shutil

from edition import crossref
from edition.registers import exempt
from edition.validate import validate

from conftest import FIXTURES


def _exempt_plainly(text, phrases):
    spans = [(m.start(), m.end()) for p in phrases for m in re.finditer(re.escape(p), text)]
    return lambda start, end: any(a <= start and end <= b for a, b in spans)


def test_exempt_answers_as_the_plain_search_over_every_phrase():
    phrases = ("Oxford University Press", "University Press", "Lenin Levy", "a.b (c)")
    texts = ["Oxford University Press, 1990, and Lenin", "Indiana University Press", "the Lenin Levy of 1924",
             "no phrase at all", "a.b (c) and axb (c)", ""]
    for text in texts:
        fast, plain = exempt(text, phrases), _exempt_plainly(text, phrases)
        for start in range(len(text) + 1):
            for end in range(start, len(text) + 1):
                assert fast(start, end) == plain(start, end), (text, start, end)
    assert exempt("Oxford University Press", ())(0, 6) is False


def test_the_form_trie_finds_what_an_alternation_longest_first_finds():
    forms = {f: {"per:x"} for f in ("Lenin", "Lenin Levy", "Len", "Moscow", "Moscow Soviet", "Mos-cow", "Al'skii")}
    plain = re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
                       + r")(?!\w|-\w)")
    trie = crossref._FormMatcher(forms)
    text = ("Lenin Levy and Lenin, Leninism, Len-in, Len, the Moscow Soviet, Moscow Sovietskaya, Mos-cow, "
            "Al'skii's, pre-Lenin, Moscow-based, Moscow Soviet-s")
    assert list(trie.finditer(text)) == [m.span(1) for m in plain.finditer(text)]
    assert len(list(trie.finditer(text))) >= 8
    assert list(crossref._FormMatcher({}).finditer(text)) == []


def _project(tmp_path):
    root = tmp_path / "tei"
    (root / "register").mkdir(parents=True)
    shutil.copy(FIXTURES / "mini.xml", root / "mini.xml")
    for f in (FIXTURES / "register").glob("*.xml"):
        shutil.copy(f, root / "register" / f.name)
    mini = root / "mini.xml"
    mini.write_text(mini.read_text().replace('<persName ref="per:alekseev">Alekseev</persName>',
                                             '<persName ref="per:alekseev">Alekseev</persName> (Al\'skii)'))
    return root


def test_validating_one_file_keeps_what_the_cache_knows_of_the_others(tmp_path):
    from conftest import ROOT
    tei, cache = _project(tmp_path), tmp_path / "cache.json"
    whole = validate([tei], ROOT / "schemas", edition_dir=tei, cache_file=cache)
    known = json.loads(cache.read_text())
    assert len(known["clean"]) == 3 and len(known["untagged"]) == 1
    validate([tei / "register" / "persons.xml"], ROOT / "schemas", edition_dir=tei, cache_file=cache)
    assert json.loads(cache.read_text()) == known  # nothing evicted
    # the findings read back from the cache are the ones a scan gives
    again = validate([tei], ROOT / "schemas", edition_dir=tei, cache_file=cache)
    fresh = validate([tei], ROOT / "schemas", edition_dir=tei)
    assert [str(f) for f in again.findings] == [str(f) for f in fresh.findings] == [str(f) for f in whole.findings]
    assert any(f.rule == "untagged" for f in again.findings)


def test_a_register_change_is_not_hidden_by_cached_findings(tmp_path):
    from conftest import ROOT
    tei, cache = _project(tmp_path), tmp_path / "cache.json"
    before = validate([tei], ROOT / "schemas", edition_dir=tei, cache_file=cache)
    assert any("Al'skii" in f.message and f.rule == "untagged" for f in before.findings)
    persons = tei / "register" / "persons.xml"
    persons.write_text(persons.read_text().replace("Al'skii<", "Alsky<"))
    after = validate([tei], ROOT / "schemas", edition_dir=tei, cache_file=cache)
    assert not any("\"Al'skii\" is not tagged" in f.message for f in after.findings)
    assert [str(f) for f in after.findings] == [str(f) for f in validate([tei], ROOT / "schemas", edition_dir=tei).findings]


def _broken_links_as_before(site):
    """The check as it was: every page parsed and held, every link resolved on the file system."""
    from urllib.parse import unquote

    import lxml.html
    site = site.resolve()
    pages = {f.resolve(): lxml.html.parse(str(f)).getroot() for f in site.rglob("*.html")}
    ids = {f: {e.get("id") for e in root.iter() if isinstance(e.tag, str) and e.get("id")} for f, root in pages.items()}
    out = []
    for page, root in pages.items():
        for el in root.iter("a", "link", "script"):
            href = el.get("href") or el.get("src")
            if not href or href.startswith(("http:", "https:", "mailto:", "data:")):
                continue
            file, _, frag = unquote(href).partition("#")
            target = (page.parent / file).resolve() if file else page
            if not target.exists() or (frag and target in ids and frag not in ids[target]):
                out.append((str(page.relative_to(site)), href))
    return out


def test_the_link_check_finds_the_broken_links_it_found_before(tmp_path):
    from edition.linkcheck import Index, broken_in, broken_links

    site = tmp_path / "site"
    (site / "persons").mkdir(parents=True)
    (site / "assets").mkdir()
    (site / "assets" / "edition.css").write_text("p{}")
    (site / "index.html").write_text(
        '<html><head><link rel="stylesheet" href="assets/edition.css"><script src="assets/gone.js"></script></head>'
        '<body><p id="top"><a href="persons/a.html#m1">ok</a> <a href="persons/a.html#m9">no id</a>'
        ' <a href="persons/">folder</a> <a href="persons/b.html">missing</a> <a href="#top">self</a>'
        ' <a href="#nowhere">self, no id</a> <a href="assets/edition.css#x">not a page</a>'
        ' <a href="https://example.org/x">out</a> <a href="mailto:a@b.c">mail</a>'
        ' <a href="persons/a%20b.html">quoted</a> <a href="../outside.html">leaves the site</a>'
        ' <a href="./persons/../index.html#top">round about</a> <a href="persons/a.html#m9">again</a></p></body></html>')
    (site / "persons" / "a.html").write_text(
        '<p><span id="m1">A</span> <a href="../index.html#top">home</a> <a href="../index.html#gone">gone</a>'
        ' <a href="a.html#m1">me</a> <a href="../../../etc/nothing-here">far out</a> <a href="a b.html">space</a></p>')
    (site / "persons" / "a b.html").write_text('<p id="s">a page with a space</p>')
    (tmp_path / "outside.html").write_text("<p>beside the site</p>")
    before = _broken_links_as_before(site)
    assert len(before) == 7
    assert sorted(broken_links(site)) == sorted(before)
    # the same from pages handed over as text, as the build can do
    idx = Index()
    for f in sorted(site.rglob("*")):
        rel = f.relative_to(site).as_posix()
        if f.is_dir():
            idx.folders.add(rel)
        elif f.suffix == ".html":
            idx.add_page(rel, f.read_text())
        else:
            idx.files.add(rel)
    assert sorted(broken_in(idx, site)) == sorted(before)


def _kwic_as_before(block, target, width=70):
    """A mention's context as it was computed: one walk of the paragraph per mention."""
    note_tag = "{http://www.tei-c.org/ns/1.0}note"
    before, inside, after = [], [], []
    state = [before]

    def walk(node):
        if node is target:
            inside.append("".join(node.itertext()))
            state[0] = after
            return
        if node.tag == note_tag and node is not block:
            return
        if node.text:
            state[0].append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                state[0].append(child.tail)

    walk(block)
    fold = lambda parts: re.sub(r"\s+", " ", "".join(parts))  # noqa: E731
    b, t, a = fold(before).lstrip(), fold(inside).strip(), fold(after).rstrip()
    if len(b) > width:
        b = "…" + b[-width:].split(" ", 1)[-1]
    if len(a) > width:
        a = a[:width].rsplit(" ", 1)[0] + "…"
    return b, t, a


def test_mentions_in_context_are_those_of_one_walk_per_mention():
    from types import SimpleNamespace

    from lxml import etree

    from edition import registers
    T = "http://www.tei-c.org/ns/1.0"
    words = " ".join(f"word{i}" for i in range(60))
    spaces = " " * 400
    xml = (f'<TEI xmlns="{T}"><text><body>'
           f'<p>{words} <persName ref="per:a">Ann</persName> and <orgName ref="org:b">the <persName ref="per:a">Ann</persName>'
           f' Society</orgName>{spaces}said<note place="foot" n="3">a note naming <persName ref="per:a">Ann</persName>'
           f' again</note> {words}, <persName ref="per:a">Ann</persName>{spaces}x{spaces}.</p>'
           f'<p>Short: <persName ref="per:a">Ann</persName>.</p><p><hi>no block between</hi> <rs ref="org:b">it</rs></p>'
           f'</body></text></TEI>')
    tree = etree.ElementTree(etree.fromstring(xml))
    entries = {r: SimpleNamespace(ref=r, mentions=[]) for r in ("per:a", "org:b")}
    named = registers.collect_mentions(entries, [SimpleNamespace(id="d", tree=tree)])
    assert named == {"d": {"per:a", "org:b"}}
    got = [(m.before, m.text, m.after) for e in entries.values() for m in e.mentions]
    mentions = [el for el in tree.iter() if el.get("ref")]
    by_ref = {r: [el for el in mentions if el.get("ref") == r] for r in entries}
    expected = [_kwic_as_before(registers._block(el), el) for r in entries for el in by_ref[r]]
    assert got == expected and len(got) == 7
    assert [m.in_note for m in entries["per:a"].mentions] == ["", "", "3", "", ""]


def test_register_pages_divided_past_their_limits_keep_every_mention_and_entry(small_project, tmp_path, monkeypatch):
    import lxml.html

    from edition import registerpages
    from edition.site import build
    from edition.linkcheck import broken_links

    whole = tmp_path / "whole"
    build(small_project, whole, make_pdf=False)
    monkeypatch.setattr(registerpages, "MENTIONS_PER_PAGE", 1)
    monkeypatch.setattr(registerpages, "ENTRIES_PER_PAGE", 1)
    site = tmp_path / "site"
    build(small_project, site, make_pdf=False)  # a broken link would fail the build
    assert broken_links(site) == []

    def links(page):
        return {a.get("href") for a in lxml.html.parse(str(page)).getroot().iter("a") if a.get("href")}

    def kwic(page):
        return sorted(a.get("href") for a in lxml.html.parse(str(page)).getroot().cssselect("ol.kwic a"))

    divided = 0
    for folder in ("persons", "organisations"):
        entry_pages = sorted(p.name for p in (whole / folder).glob("*.html") if p.name != "index.html")
        # every entry reachable from the index through its letter pages
        own = lambda page: {h for h in links(page) if not h.startswith(("index", "../", "#", "https:"))}  # noqa: E731
        parts = [h for h in links(site / folder / "index.html") if h.startswith("index-")]
        reached = set().union(*(own(site / folder / p) for p in parts)) if parts else own(site / folder / "index.html")
        assert reached == set(entry_pages)
        assert bool(parts) == (len(entry_pages) > 1)
        # every mention of an entry reachable from its page, directly or through its documents' pages
        for name in entry_pages:
            before = kwic(whole / folder / name)
            page = site / folder / name
            subpages = sorted(h for h in links(page) if h.startswith(name[:-5] + "/"))
            if subpages:
                divided += 1
                after = sorted(h for sub in subpages for h in kwic(page.parent / sub))
                assert kwic(page) == []
            else:
                after = kwic(page)
            assert [h.replace("../../", "../") for h in after] == before
    assert divided > 0
