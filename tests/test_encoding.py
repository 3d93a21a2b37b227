"""The encoding of the sources measured against the raw texts in sources/.

Nothing lost, nothing invented (word multisets); every note numbered as printed and standing at
its call (the words before the call in the raw text are the words before the note in the TEI);
every heading of the source a <head>; every file valid against full TEI.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from edition.checking.provenance import _is_editorial, compare, words
from edition.checking.xml import NS, TEI_NS, parse

from conftest import ROOT, TEI_ALL

SOURCES = ROOT / "sources"
TEI = ROOT / "tei"

# source file → the TEI documents that encode it, in the order of the source
ENCODINGS = {
    "000_c0ef21589b2dc481.txt": ["allen"],
    "001_30813e4e4d752838.txt": ["gaido"],
    "002_c204f55f586b8205.txt": ["fitz"],
    "003_565b5a36cf94700f.txt": ["pirani-intro", "pirani-vlasov", "pirani-wpsp",
                                 "pirani-collectivists", "pirani-workers-truth", "pirani-litvinov"],
    "004_cb3934c848413a84.txt": ["avrich"],
}

# The printed note numbers of each document, as counted in the sources (sources/NOTES.md).
NOTE_NUMBERS = {
    "allen": list(range(1, 119)),
    "gaido": list(range(1, 74)),
    "fitz": list(range(1, 70)),
    "pirani-intro": list(range(1, 19)),
    "pirani-vlasov": list(range(1, 13)),
    "pirani-wpsp": [1, 2],
    "pirani-collectivists": list(range(1, 11)),
    "pirani-workers-truth": list(range(1, 8)),
    "pirani-litvinov": list(range(1, 36)),
    "avrich": [29, 70, 89, 99],  # the only calls that survive in the source
}

# Headings as the sources print them.
HEADINGS = {
    "allen": ["Background", "Private meetings of the Twenty-Two", "At the Comintern Executive",
              "Fifth Congress of the Metalworkers' Union", "The interlude",
              "Eleventh Communist Party Congress", "Conclusion"],
    "gaido": ["The Formation of the Workers’ Opposition",
              "Alexandra Kollontai’s brochure The Workers’ Opposition (January 1921)",
              "The Tenth Congress of the Russian Communist Party (March 1921)",
              "From the Ban on Factions to the Election of Stalin as General Secretary",
              "From the New Economic Policy to Stalinism", "Concluding Remarks"],
    "fitz": ["First days of revolution", "Rancorous collapse of a honeymoon", "Pulling apart",
             "Many meanings of ‘workers' control’", "10th Congress of the Russian Communist Party",
             "The end approaches", "The third meeting of the Comintern",
             "How do you strangle an opposition?", "Battle for supremacy",
             "Shlyapnikov under Stalin", "Looking forward"],
    "pirani-intro": ["Introduction", "THE DOCUMENTS", "COMMENTS"],
    "pirani-vlasov": ["1. Anton Vlasov's letter to the Central Committee"],
    "pirani-wpsp": ["2. Declaration of the Workers and Peasants Socialist Party", "DECLARATION"],
    "pirani-collectivists": ["3. ‘We are collectivists’", "II.", "III", "IV", "V", "VI", "VII",
                             "VIII", "IX", "X", "XI"],
    "pirani-workers-truth": ["4. Appeal of the Workers Truth group", "DECLARATION",
                             "THE WORLD ECONOMY AND THE RELATIONSHIP OF CLASS FORCES.",
                             "THE RCP AND THE WORKING CLASS.",
                             "THE ECONOMY AND RELATIONSHIP OF CLASS FORCES IN RUSSIA.",
                             "THE TRADE UNION MOVEMENT IN RUSSIA.", "THE NEED TO SET UP A WORKERS PARTY",
                             "AIMS OF THE RUSSIAN WORKERS’ PARTY", "ATTITUDE TO THE SOCIALIST PARTIES.",
                             "ATTITUDE TO THE WORKERS OPPOSITION."],
    "pirani-litvinov": ["5. From Iosif Litvinov's diary"],
    "avrich": ["Part One", "Part Two"],
}

# How each raw source writes a note call. Superscripts at the start of a line are note bodies
# in 003, not calls; 004 keeps four calls as bare digits glued to punctuation.
CALLS = {
    "000_c0ef21589b2dc481.txt": re.compile(r"(?<=[^\s⁰¹²³⁴⁵⁶⁷⁸⁹])[⁰¹²³⁴⁵⁶⁷⁸⁹]+"),
    "001_30813e4e4d752838.txt": re.compile(r"\[(\d+)\]"),
    "002_c204f55f586b8205.txt": re.compile(r" \[(\d+)\]"),
    "003_565b5a36cf94700f.txt": re.compile(r"(?<=[^\s⁰¹²³⁴⁵⁶⁷⁸⁹])[⁰¹²³⁴⁵⁶⁷⁸⁹]+"),
    "004_cb3934c848413a84.txt": re.compile(r"(?<=[a-z'][.'])(29|70|89|99)(?=\s|$)"),
}
CONTEXT = 4  # words compared before each call

DOCS = [d for docs in ENCODINGS.values() for d in docs]


def tei_path(doc_id: str) -> Path:
    return TEI / f"{doc_id}.xml"


def present(docs):
    missing = [d for d in docs if not tei_path(d).exists()]
    if missing:
        pytest.fail(f"not encoded yet: {', '.join(missing)}")


@pytest.mark.parametrize("source", sorted(ENCODINGS))
def test_every_word_of_the_source_is_encoded_and_none_added(source):
    docs = ENCODINGS[source]
    present(docs)
    c = compare(SOURCES / source, [tei_path(d) for d in docs])
    assert c.coverage >= 0.995, f"coverage {c.coverage:.2%}; missing {c.missing.most_common(20)}"
    assert c.added_share <= 0.005, f"added {c.added_share:.2%}: {c.added.most_common(20)}"


@pytest.mark.parametrize("doc_id", DOCS)
def test_notes_are_numbered_as_printed(doc_id):
    present([doc_id])
    root = parse(tei_path(doc_id)).getroot()
    notes = root.findall("t:text//t:note[@place='foot']", NS)
    assert [int(n.get("n")) for n in notes] == NOTE_NUMBERS[doc_id]
    for n in notes:
        assert n.get("{http://www.w3.org/XML/1998/namespace}id") == f"{doc_id}-n{n.get('n')}"


def _source_contexts(source: str) -> list[list[str]]:
    """For each call in the raw text, in order, the words before it on its line."""
    out = []
    for line in (SOURCES / source).read_text(encoding="utf-8").split("\n"):
        if source.startswith("002") and "Notes 1." in line:
            line = line.split("Notes 1.")[0]  # the note texts run on after the last calls
        for m in CALLS[source].finditer(line):
            before = words(CALLS[source].sub(" ", line[: m.start()]))
            out.append(before[-CONTEXT:])
    return out


def _walk_words(el, seen: list[str], on_note=None) -> list[str]:
    """The words of el in reading order, leaving out notes (on_note is told where each stands)
    and the edition's own words."""
    if not isinstance(el.tag, str) or _is_editorial(el):
        return seen
    if el.tag == f"{{{TEI_NS}}}note":
        if on_note:
            on_note(el, seen)
        return seen
    if el.text:
        seen.extend(words(el.text))
    for child in el:
        _walk_words(child, seen, on_note)
        if child.tail:
            seen.extend(words(child.tail))
    return seen


def _tei_contexts(doc_id: str) -> list[list[str]]:
    """For each source note in the TEI, in order, the text words before it (notes left out)."""
    out: list[list[str]] = []

    def at_note(note, seen):
        if note.get("place") == "foot":
            out.append(seen[-CONTEXT:])

    for text in parse(tei_path(doc_id)).getroot().iterfind("t:text", NS):
        _walk_words(text, [], at_note)
    return out


@pytest.mark.parametrize("source", sorted(ENCODINGS))
def test_each_note_stands_at_its_call(source):
    docs = ENCODINGS[source]
    present(docs)
    expected = _source_contexts(source)
    found = [ctx for d in docs for ctx in _tei_contexts(d)]
    assert len(found) == len(expected)
    wrong = []
    for i, (src, tei) in enumerate(zip(expected, found)):
        k = min(len(src), len(tei))
        if k and src[-k:] != tei[-k:]:
            wrong.append((i + 1, " ".join(src), " ".join(tei)))
    assert not wrong, "\n".join(f"call {i}: source …{s} | TEI …{t}" for i, s, t in wrong[:10])


def _head_words(head) -> list[str]:
    return _walk_words(head, [])


@pytest.mark.parametrize("doc_id", DOCS)
def test_every_heading_of_the_source_is_a_head(doc_id):
    present([doc_id])
    root = parse(tei_path(doc_id)).getroot()
    heads = [_head_words(h) for h in root.iterfind("t:text//t:head", NS)]
    for heading in HEADINGS[doc_id]:
        assert words(heading) in heads, f"no <head> for {heading!r}"


@pytest.mark.skipif(not TEI_ALL.exists(), reason="needs ../shared/schemas/tei_all.rng")
@pytest.mark.parametrize("path", sorted(TEI.rglob("*.xml")), ids=lambda p: p.name)
def test_valid_against_full_tei(path):
    rng = _tei_all()
    assert rng.validate(etree.parse(str(path))), str(rng.error_log.filter_from_errors()[:5])


_cache = {}


def _tei_all():
    if "rng" not in _cache:
        _cache["rng"] = etree.RelaxNG(etree.parse(str(TEI_ALL)))
    return _cache["rng"]


@pytest.mark.parametrize("doc_id", DOCS)
def test_header_is_complete(doc_id):
    present([doc_id])
    h = parse(tei_path(doc_id)).getroot().find("t:teiHeader", NS)
    for path in ("t:fileDesc/t:titleStmt/t:title", "t:fileDesc/t:titleStmt/t:author",
                 "t:fileDesc/t:titleStmt/t:respStmt",
                 "t:fileDesc/t:publicationStmt/t:availability/t:licence",
                 "t:fileDesc/t:sourceDesc/*", "t:encodingDesc/t:editorialDecl",
                 "t:profileDesc/t:langUsage", "t:revisionDesc/t:change"):
        el = h.find(path, NS)
        assert el is not None, f"{doc_id}: no {path}"
        assert "".join(el.itertext()).strip() or len(el), f"{doc_id}: empty {path}"
