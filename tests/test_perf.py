"""Work done once, not per node or per file: the results must be those of the plain way."""

from __future__ import annotations

import json
import re
import shutil

from hypothesis import given, settings, strategies as st

from edition.checking import crossref
from edition.registers import exempt
from edition.checking.validate import validate

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


def test_the_link_check_finds_the_broken_links_it_found_before(tmp_path, monkeypatch):
    import lxml.html

    from edition.publishing.linkcheck import Checker, broken_links

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
    files = {f.relative_to(site).as_posix() for f in site.rglob("*") if f.is_file()}
    folders = {f.relative_to(site).as_posix() for f in site.rglob("*") if f.is_dir()}
    checker = Checker(files, folders, site.resolve())
    for rel in sorted(files):
        if rel.endswith(".html"):
            checker.add_page(rel, (site / rel).read_text())
    read = lambda rel: lxml.html.parse(str(site / rel)).getroot()  # noqa: E731
    assert sorted(checker.broken(read)) == sorted(before)
    # from what the site check, run first, kept of each page it parsed, no page parsed twice
    from edition.publishing import linkcheck, sitecheck
    memo, hashes = {}, {}
    sitecheck.check_pages(site, {}, link_memo=memo, hashes=hashes)
    assert len(memo) == 3 and sorted(hashes) == ["index.html", "persons/a b.html", "persons/a.html"]
    monkeypatch.setattr(linkcheck, "parts", lambda root: 1 / 0)
    assert sorted(broken_links(site, memo, hashes)) == sorted(before)
    # nothing broken: the pages are not read again
    good = Checker(files, folders, site.resolve())
    good.add_page("persons/a b.html", (site / "persons" / "a b.html").read_text())
    assert good.broken(lambda rel: 1 / 0) == []


def test_a_long_register_checked_in_parts_gives_the_findings_of_the_whole(tmp_path, monkeypatch):
    from conftest import ROOT
    from edition.checking import validate as v
    from edition.checking.xml import parse

    persons = tmp_path / "persons.xml"
    text = (FIXTURES / "register" / "persons.xml").read_text()
    # a fault in the last entry, which only the last part holds
    last = text.rindex("<person ")
    text = text[:last] + '<person bogus="1" ' + text[last + len("<person "):]
    persons.write_text(text)
    tree = parse(persons)
    whole = v.check_schema(tree, ROOT / "schemas" / "edition.rng", "persons.xml", text.split("\n"))
    monkeypatch.setattr(v, "RUN_LIMIT", 1)
    assert sum(1 for _ in v._pieces(tree)) > 2
    parts = v.check_schema(tree, ROOT / "schemas" / "edition.rng", "persons.xml", text.split("\n"))
    # the fault found where it is, with the same message (what libxml2 then says of the enclosing
    # elements may differ; a failed file's messages come from Jing on the whole file anyway)
    line = text[:last].count("\n") + 1
    assert [f for f in whole if f.line == line and "bogus" in f.message]
    # invalid in parts as in whole; libxml2 may word a part's failure by its enclosing elements
    # instead (it does for this fixture), so what a contributor reads is the validator's report,
    # which words a failed file's messages from the whole file
    assert parts
    report = v.validate([persons], ROOT / "schemas", base=tmp_path)
    assert any(f.line == line and "bogus" in f.message for f in report.findings), report.findings
    # a valid register is valid in parts too
    persons.write_text((FIXTURES / "register" / "persons.xml").read_text())
    assert v.check_schema(parse(persons), ROOT / "schemas" / "edition.rng", "persons.xml", [], fast=False) == []
    assert v.check_schema(parse(persons), ROOT / "schemas" / "edition.rng", "persons.xml", []) == []


def _text_directive_as_before(before, text, after, words=3):
    from urllib.parse import quote
    enc = lambda s: quote(s, safe="").replace("-", "%2D")  # noqa: E731
    glue_after = re.match(r"[\w'’]+", after)
    glue_before = re.search(r"[\w'’]+$", before)
    start = (glue_before.group(0) if glue_before else "") + text + (glue_after.group(0) if glue_after else "")
    before = before[:glue_before.start()] if glue_before else before
    after = after[glue_after.end():] if glue_after else after
    prefix = " ".join(w for w in before.split()[-words:] if "…" not in w)
    suffix = " ".join(w for w in after.split()[:words] if "…" not in w)
    if not start.strip():
        return ""
    return (":~:text=" + (enc(prefix) + "-," if prefix else "") + enc(" ".join(start.split()))
            + (",-" + enc(suffix) if suffix else ""))


_CONTEXT = "abc xyz_'’ -–.…\n\t(Лениндй2١"  # letters, marks, spaces, a Cyrillic and an Arabic digit


@settings(max_examples=600, deadline=None)
@given(st.text(_CONTEXT, max_size=120), st.text(_CONTEXT, max_size=12), st.text(_CONTEXT, max_size=120))
def test_a_mentions_text_fragment_is_the_one_the_plain_patterns_made(before, text, after):
    """registers.text_directive reads the end of the context from the end, and splits only the
    words it keeps: the fragment must be the one of the patterns it replaced."""
    from edition.registers import text_directive
    assert text_directive(before, text, after) == _text_directive_as_before(before, text, after)
    assert text_directive(before * 3, text, after) == _text_directive_as_before(before * 3, text, after)
