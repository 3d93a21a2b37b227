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


def test_the_trie_pattern_finds_what_an_alternation_longest_first_finds():
    forms = {f: {"per:x"} for f in ("Lenin", "Lenin Levy", "Len", "Moscow", "Moscow Soviet", "Mos-cow", "Al'skii")}
    plain = re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
                       + r")(?!\w|-\w)")
    trie = crossref._forms_pattern(forms)
    text = ("Lenin Levy and Lenin, Leninism, Len-in, Len, the Moscow Soviet, Moscow Sovietskaya, Mos-cow, "
            "Al'skii's, pre-Lenin, Moscow-based, Moscow Soviet-s")
    assert [m.span(1) for m in trie.finditer(text)] == [m.span(1) for m in plain.finditer(text)]
    assert len(list(trie.finditer(text))) >= 8


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
