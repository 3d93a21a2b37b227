"""Documents streamed rather than held (issue 13: a thousand documents held parsed take a
gigabyte): the validation past HOLD_BYTES and the build parse a document again when a stage
needs it, and must find and write exactly what they do with every tree held."""

from __future__ import annotations

import shutil
from pathlib import Path

from lxml import etree

from edition import corpus, registers
from edition.checking import validate as validate_module
from edition.checking.xml import LazyTrees
from edition.publishing import chronology

ROOT = Path(__file__).resolve().parents[1]


def _edition_with_faults(where: Path) -> Path:
    """The real tei/ with faults that only the checks across files find."""
    tei = where / "tei"
    shutil.copytree(ROOT / "tei", tei)
    fitz = tei / "fitz.xml"
    text = fitz.read_text(encoding="utf-8")
    # an id of another document, a pointer to a passage that does not exist, an unknown person
    text = text.replace('xml:id="fitz-p3"', 'xml:id="allen-p3"', 1)
    text = text.replace('ref="per:shliapnikov"', 'ref="per:shliapnikov-nobody"', 1)
    fitz.write_text(text, encoding="utf-8")
    gaido = tei / "gaido.xml"
    g = gaido.read_text(encoding="utf-8")
    tagged = '<persName ref="per:kollontai">Alexandra Kollontai</persName>'
    assert tagged in g
    g = g.replace(tagged, "Alexandra Kollontai", 1)  # an untagged name (a warning)
    gaido.write_text(g, encoding="utf-8")
    return tei


def _validate(tei: Path):
    return validate_module.validate([tei], ROOT / "schemas", base=tei.parent, edition_dir=tei)


def test_streamed_validation_finds_what_held_validation_finds(tmp_path, monkeypatch):
    tei = _edition_with_faults(tmp_path)
    held = _validate(tei)
    assert isinstance(held.trees, dict)
    rules = {f.rule for f in held.findings}
    assert {"id-unique", "ref-unresolved", "untagged"} <= rules  # the faults are found at all

    monkeypatch.setattr(validate_module, "HOLD_BYTES", 0)
    streamed = _validate(tei)
    assert [str(f) for f in streamed.findings] == [str(f) for f in held.findings]
    assert isinstance(streamed.trees, LazyTrees)
    assert set(streamed.trees) == set(held.trees)
    doc = next(p for p in streamed.trees if p.parent.name == "tei")
    reg = next(p for p in streamed.trees if p.parent.name == "register")
    assert streamed.trees[doc] is not streamed.trees[doc]  # a document is parsed again, not held
    assert streamed.trees[reg] is streamed.trees[reg]      # a register is held
    assert etree.tostring(streamed.trees[doc]) == etree.tostring(held.trees[doc])


def test_streamed_document_is_parsed_again_with_the_ids_the_build_gave_it():
    entries = registers.load_entries(ROOT / "tei" / "register")
    paths = sorted((ROOT / "tei").glob("*.xml"))
    held = [corpus.describe(p, corpus.parse(p)) for p in paths]
    streamed = [corpus.describe(p, corpus.parse(p), hold=False) for p in paths]
    assert all(d._tree is None for d in streamed)
    named = [registers.collect_mentions(entries, docs) for docs in (held, streamed)]
    assert named[0] == named[1]
    for docs in (held, streamed):
        chronology.collect(docs)
    for h, s in zip(held, streamed):
        assert s.tree is not s.tree
        assert etree.tostring(s.tree) == etree.tostring(h.tree)  # the mention and date anchors too
        assert f'xml:id="{s.id}-m1"'.encode() in etree.tostring(s.tree)
        assert s.data == h.data


def test_register_exports_past_wide_documents_list_only_the_documents_that_mention(monkeypatch):
    from edition.publishing import exports

    entries = registers.load_entries(ROOT / "tei" / "register")
    docs = [corpus.describe(p, corpus.parse(p)) for p in sorted((ROOT / "tei").glob("*.xml"))]
    registers.collect_mentions(entries, docs)
    ids = [d.id for d in docs]
    wide = exports.register_rows(entries, ids)
    assert all(list(r["mentions_by_document"]) == ids for r in wide)  # every document, zeros too
    monkeypatch.setattr(exports, "WIDE_DOCUMENTS", len(ids) - 1)
    sparse = exports.register_rows(entries, ids)
    assert [r["id"] for r in sparse] == [r["id"] for r in wide]
    for w, s in zip(wide, sparse):
        assert s["mentions_by_document"] == {d: n for d, n in w["mentions_by_document"].items() if n}
        assert list(s["mentions_by_document"]) == [d for d in ids if d in s["mentions_by_document"]]
        assert s["mentions"] == w["mentions"]


def test_a_parallel_group_larger_than_a_page_is_cut_between_its_documents():
    cols = [(f"doc{i}", f"Doc {i}", [object()] * n) for i, n in enumerate((150, 150, 120, 30))]
    group = chronology.Parallel("par-x", "Tenth Congress", "Dates printed next to this event in …", cols,
                                notes=[("in the events register", "events/x.html", "a note")])
    small = chronology.Parallel("par-y", "1 May 1921", "The same day in …", cols[3:])
    pages = chronology.parallel_pages([group, small], limit=200)
    parts = [g for p in pages for g in p.entries]
    assert [g.id for g in parts] == ["par-x", "par-x-2", "par-x-3", "par-y"]
    assert [g.title for g in parts[:3]] == [f"Tenth Congress (part {k} of 3)" for k in (1, 2, 3)]
    assert [c for g in parts[:3] for c in g.columns] == cols  # every document once, in order
    assert parts[0].notes and not parts[1].notes and not parts[2].notes
    assert all(sum(len(c[2]) for g in p.entries for c in g.columns) <= 200 for p in pages)
    assert chronology.parallel_pages([small], limit=200)[0].entries == [small]  # a group that fits: as it was


def test_page_checks_keep_no_memo_past_memo_pages(tmp_path, monkeypatch):
    from edition.publishing import buildcache, linkcheck, sitecheck

    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text('<html><body><a href="a/b.html#x">b</a><a href="a/b.html#nope">b</a></body></html>')
    (site / "a" / "b.html").write_text('<html><body><p id="x">x</p><a href="../index.html">up</a></body></html>')
    memo: dict = {}
    found = linkcheck.broken_links(site, memo)
    assert found == [("index.html", "a/b.html#nope")] and len(memo) == 2
    checked = sitecheck.check_pages(site, pmemo := {})
    assert len(pmemo) == 2
    monkeypatch.setattr(buildcache, "MEMO_PAGES", 1)
    assert linkcheck.broken_links(site, memo) == found and memo == {}  # the same findings, nothing kept
    again = sitecheck.check_pages(site, pmemo)
    assert (again.problems, again.links, again.pages) == (checked.problems, checked.links, checked.pages) and pmemo == {}


def test_mentions_kept_on_disk_read_back_as_they_were_collected():
    import pickle

    from edition.publishing import mentionstore, parallel

    paths = sorted((ROOT / "tei").glob("*.xml"))
    held = registers.load_entries(ROOT / "tei" / "register")
    stored = registers.load_entries(ROOT / "tei" / "register")
    named = registers.collect_mentions(held, [corpus.describe(p, corpus.parse(p), hold=False) for p in paths])
    assert mentionstore.collect(stored, [corpus.describe(p, corpus.parse(p), hold=False) for p in paths]) == named
    store = mentionstore.store_of(stored)
    assert store is not None and mentionstore.store_of(held) is None
    mentioned = [ref for ref, e in held.items() if e.mentions]
    assert len(mentioned) > 100  # the edition's own registers, not a toy
    for ref, e in held.items():
        s = stored[ref].mentions
        assert isinstance(s, mentionstore.Stored)
        assert len(s) == len(e.mentions) and list(s) == e.mentions  # the same mentions, in their order
        assert registers.mention_documents(stored[ref]) == registers.mention_documents(e)
        assert list(registers.mention_documents(stored[ref])) == list(dict.fromkeys(m.doc_id for m in e.mentions))
    busiest = max(mentioned, key=lambda ref: len(held[ref].mentions))
    assert stored[busiest].mentions[-1] == held[busiest].mentions[-1]
    task = parallel.entry_task(stored[busiest], [("p.html", "entity.html", {})], None)
    sent = pickle.loads(pickle.dumps(task))["pages"][0][2]["entry"]  # to a worker: the mentions themselves
    assert sent.mentions == held[busiest].mentions
    doc = paths[0].stem
    in_doc = store.in_document(doc)
    assert sorted(in_doc, key=repr) == sorted((m for e in held.values() for m in e.mentions if m.doc_id == doc), key=repr)


def test_a_build_with_its_mentions_on_disk_writes_the_same_site(tmp_path, monkeypatch):
    """Past STORE_DOCUMENTS (the real edition and ×10 stay under it) the mentions are kept in a
    temporary SQLite file; the site is the same, in process and from worker processes."""
    from conftest import make_project
    from edition.publishing import mentionstore
    from edition.publishing.site import build
    from test_incremental import _same

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    files = sorted((ROOT / "tei").glob("*.xml")) + sorted((ROOT / "tei" / "register").glob("*.xml"))
    proj = make_project(tmp_path / "proj", files)
    ran = []
    collect = mentionstore.collect
    monkeypatch.setattr(mentionstore, "collect", lambda *a: ran.append(1) or collect(*a))
    held = build(proj, tmp_path / "held", make_pdf=False, jobs=1, incremental=False)
    assert not ran  # the real edition's mentions stay in memory
    monkeypatch.setattr(mentionstore, "STORE_DOCUMENTS", 0)
    stored = build(proj, tmp_path / "stored", make_pdf=False, jobs=1, incremental=False)
    assert ran
    _same(tmp_path / "held", tmp_path / "stored")
    assert (stored.pages, stored.warnings) == (held.pages, held.warnings)
    monkeypatch.setenv("EDITION_JOBS_MIN_PAGES", "0")  # the register pages' tasks pickled to workers
    build(proj, tmp_path / "workers", make_pdf=False, jobs=2, incremental=False)
    _same(tmp_path / "held", tmp_path / "workers")
