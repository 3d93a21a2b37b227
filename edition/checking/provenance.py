"""Word-for-word comparison of a TEI encoding with the raw source it was made from.

The edition promises that nothing of a source is lost and nothing invented. This module
measures both halves of that promise on word multisets:

* coverage: the share of the raw file's words found in the TEI (the text, plus the parts of
  the header that carry source material: titles, authors, sourceDesc, notesStmt, creation);
* added: the share of words in the TEI's <text> that the raw file does not have.

What the edition itself writes is left out of "added": editorial notes, corrections
(<corr>, <reg>, <expan>, keeping <sic>, <orig>, <abbr>), and anything carried under the
edition's own responsibility (@resp="#ed").

A printed note number stands twice in a raw file (call and body label) but once, as @n,
in the TEI; the TEI side therefore counts @n twice for a note whose text survives. A printed
list label moved to item/@n counts once.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

TEI = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI}

_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SUPERSCRIPT_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_WORD = re.compile(r"[^\W_]+")

# Elements whose words are the edition's, not the source's.
_EDITORIAL = {f"{{{TEI}}}{name}" for name in ("corr", "reg", "expan")}
# Header parts that carry the source's own words (imprint, byline, title page).
_HEADER_SOURCE_PARTS = (
    "t:fileDesc/t:titleStmt/t:title",
    "t:fileDesc/t:titleStmt/t:author",
    "t:fileDesc/t:notesStmt",
    "t:fileDesc/t:sourceDesc",
    "t:profileDesc/t:creation",
)


def words(text: str) -> list[str]:
    """Lower-cased word tokens; superscript digits (note calls) become separate numbers."""
    text = _SUPERSCRIPT_RUN.sub(lambda m: " " + m.group(0).translate(_SUPERSCRIPT_DIGITS) + " ", text)
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return [w.lower() for w in _WORD.findall(text)]


def _is_editorial(el: etree._Element) -> bool:
    if el.tag in _EDITORIAL:
        return True
    if el.tag == f"{{{TEI}}}note" and el.get("type") == "editorial":
        return True
    return el.get("resp") == "#ed"


def _note_has_text(note: etree._Element) -> bool:
    return bool("".join(note.itertext()).strip())


def source_words_of(el: etree._Element, out: list[str]) -> list[str]:
    """Collect the source's words below `el`, in document order, skipping editorial matter."""
    if not isinstance(el.tag, str) or _is_editorial(el):
        return out
    if el.tag == f"{{{TEI}}}note" and el.get("n"):
        out.extend(words(el.get("n")) * (2 if _note_has_text(el) else 1))
    elif el.tag == f"{{{TEI}}}item" and el.get("n"):
        out.extend(words(el.get("n")))  # a printed list label, moved to @n
    if el.text:
        out.extend(words(el.text))
    for child in el:
        source_words_of(child, out)
        if child.tail:
            out.extend(words(child.tail))
    return out


def tei_words(tree: etree._ElementTree) -> tuple[list[str], list[str]]:
    """(words of <text>, words of the header parts that carry source material)."""
    root = tree.getroot()
    text_words: list[str] = []
    for text in root.iterfind("t:text", NS):
        source_words_of(text, text_words)
    header_words: list[str] = []
    for header in root.iterfind("t:teiHeader", NS):
        for path in _HEADER_SOURCE_PARTS:
            for el in header.iterfind(path, NS):
                source_words_of(el, header_words)
    return text_words, header_words


@dataclass
class Comparison:
    source_total: int
    missing: Counter
    added: Counter
    text_total: int

    @property
    def coverage(self) -> float:
        return 1 - sum(self.missing.values()) / self.source_total if self.source_total else 1.0

    @property
    def added_share(self) -> float:
        return sum(self.added.values()) / self.text_total if self.text_total else 0.0


def compare(source: Path, teis: list[Path]) -> Comparison:
    """Compare one raw source with the TEI file(s) encoding it (several for a book's parts)."""
    src = Counter(words(source.read_text(encoding="utf-8")))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    text_c: Counter = Counter()
    header_c: Counter = Counter()
    for path in teis:
        t, h = tei_words(etree.parse(str(path), parser))
        text_c.update(t)
        header_c.update(h)
    encoded = text_c + header_c
    return Comparison(
        source_total=sum(src.values()),
        missing=src - encoded,
        added=text_c - src,
        text_total=sum(text_c.values()),
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m edition.checking.provenance", description=__doc__.split("\n\n")[0])
    ap.add_argument("source", type=Path, help="raw source text (sources/*.txt)")
    ap.add_argument("tei", type=Path, nargs="+", help="TEI file(s) encoding it")
    ap.add_argument("--show", type=int, default=40, help="how many missing/added words to list")
    args = ap.parse_args(argv)
    c = compare(args.source, args.tei)
    print(f"source words {c.source_total}  coverage {c.coverage:.4%}  "
          f"missing {sum(c.missing.values())}  text words {c.text_total}  "
          f"added {sum(c.added.values())} ({c.added_share:.4%})")
    if args.show:
        print("missing:", " ".join(f"{w}×{n}" for w, n in c.missing.most_common(args.show)))
        print("added:  ", " ".join(f"{w}×{n}" for w, n in c.added.most_common(args.show)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
