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
