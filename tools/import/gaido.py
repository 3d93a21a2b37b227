"""First-draft TEI of Gaido's review of Allen's *Documents* (sources/001_30813e4e4d752838.txt).

    .venv/bin/python tools/import/gaido.py tei/gaido.xml

The source is a web text: one paragraph per line, blank lines between them, no page breaks and
no hyphenation at line ends. What the script does:

* line 1 (title and reviewed book) and line 3 (byline) go to <front>; the header is written
  out below (FRAME) and filled in from what the file states;
* lines 5 and 7 (the unheaded opening) are paragraphs at the start of <body>; the six headings
  (lines 9, 35, 71, 101, 147, 211) open <div type="section"> gaido-s1 … gaido-s6;
* the 73 note calls "[n]" become <note place="foot" n="n" xml:id="gaido-nn"> holding
  <gap reason="note-text-not-in-source"/> (the file has none of the note texts), placed where the
  call stands, with no space before it;
* the 22 block quotations (40 paragraphs, sources/NOTES.md 3.5, checked against the file) become
  <quote>, with <p> inside when they have several paragraphs; the introducing paragraph stays
  a <p> even where the quotation carries on its sentence (45, 95, 141, 175 begin in lower case);
* the reviewer's square brackets: "[…]" -> <gap reason="omitted-by-author"/>; word completions
  and insertions -> <supplied resp="#gaido-author">; the bracketed Cyrillic originals ->
  <supplied><foreign xml:lang="ru">;
* italics are lost in the web text: titles of works are marked <title> by the edition (a fixed
  list below), the French and German phrases <foreign>;
* certain slips get choice/sic/corr (SIC below); everything else is kept as printed.

The output was then checked by hand against the source (every paragraph round-tripped to the
raw line, every note position, the quotations, brackets, titles and corrections). Hand
corrections follow in the TEI: the committed tei/gaido.xml is the source of truth, and this
script is the record of the conversion (re-running it overwrites hand corrections).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "sources" / "001_30813e4e4d752838.txt"
DOC = "gaido"
AUTHOR = "#gaido-author"
HEADS = [9, 35, 71, 101, 147, 211]
QUOTES = [[19], [27, 29], [33], [45], [51], [55], [59, 61, 63, 65, 67], [77, 79, 81], [85, 87], [95],
          [107], [111], [117, 119, 121], [127], [135], [141], [153], [159], [165, 167],
          [175, 177, 179, 181, 183, 185, 187, 189], [199], [207]]

# exact strings (after XML escaping) -> replacement; applied in this order, each must occur
TITLES = [
    ("pamphlet The Workers’ Opposition", "pamphlet <title>The Workers’ Opposition</title>"),
    ("brochure The Workers’ Opposition", "brochure <title>The Workers’ Opposition</title>"),
    ("Diary Notes", "<title>Diary Notes</title>"),
    ("The New Course", "<title>The New Course</title>"),
    ("Stalin: A Critical Survey of Bolshevism", "<title>Stalin: A Critical Survey of Bolshevism</title>"),
]
FOREIGN = [("semaine sanglante", "fr"), ("Deutscher Oktober", "de"),
           ("Kommunistische Arbeiter-Partei Deutschlands", "de")]
SIC = [
    # (printed, corrected) - only certain slips
    ("Shlipanikov", "Shliapnikov"),
    ("Efimov", "Ignatov"),            # the speaker is Efim Ignatov (named before and after)
    ("According the", "According to"),
    ("tended put", "tended to put"),
]


def choice(sic: str, corr: str) -> str:
    return f'<choice><sic>{sic}</sic><corr resp="#ed">{corr}</corr></choice>'


def markup(text: str) -> str:
    out = escape(text)
    out = out.replace("[…]", '<gap reason="omitted-by-author"/>')
    out = re.sub(r"\[([А-Яа-яЁё -]+)\]",
                 rf'<supplied resp="{AUTHOR}"><foreign xml:lang="ru">\1</foreign></supplied>', out)
    out = re.sub(r"\[([^\]\d][^\]]*)\]", rf'<supplied resp="{AUTHOR}">\1</supplied>', out)
    for a, b in TITLES:
        out = out.replace(a, b)
    # "inPravda" (line 151): the space was lost at the italic boundary of the web page
    out = out.replace("inPravda", choice("inPravda", "in <title>Pravda</title>"))
    out = re.sub(r"(?<![\w>])Pravda(?!</title>)", "<title>Pravda</title>", out)
    for phrase, lang in FOREIGN:
        out = out.replace(phrase, f'<foreign xml:lang="{lang}">{phrase}</foreign>')
    for sic, corr in SIC:
        out = re.sub(rf"(?<![\w>]){sic}(?!\w)", choice(sic, corr), out)
    return out


def with_notes(text: str) -> str:
    parts = re.split(r"\[(\d+)\]", text)
    out = markup(parts[0])
    for i in range(1, len(parts), 2):
        n = parts[i]
        out += f'<note place="foot" n="{n}" xml:id="{DOC}-n{n}"><gap reason="note-text-not-in-source"/></note>'
        out += markup(parts[i + 1])
    return out


def body(lines: list[str]) -> str:
    in_quote = {ln: group for group in QUOTES for ln in group}
    out: list[str] = []
    ind = "      "
    sec = 0
    for ln in range(5, len(lines) + 1):
        text = lines[ln - 1].strip()
        if not text:
            continue
        if ln in HEADS:
            if sec:
                out.append("      </div>")
            sec += 1
            out.append(f'      <div type="section" xml:id="{DOC}-s{sec}">')
            out.append(f"        <head>{with_notes(text)}</head>")
            ind = "        "
            continue
        group = in_quote.get(ln)
        if group and len(group) == 1:
            out.append(f"{ind}<quote>{with_notes(text)}</quote>")
        elif group:
            if ln == group[0]:
                out.append(f"{ind}<quote>")
            out.append(f"{ind}  <p>{with_notes(text)}</p>")
            if ln == group[-1]:
                out.append(f"{ind}</quote>")
        else:
            out.append(f"{ind}<p>{with_notes(text)}</p>")
    out.append("      </div>")
    return "\n".join(out)


def main() -> int:
    lines = SRC.read_text(encoding="utf-8").split("\n")
    assert lines[0].startswith("Losing Power") and lines[2] == "By Daniel Gaido"
    text = FRAME.replace("<!--BODY-->", body(lines))
    Path(sys.argv[1]).write_text(text, encoding="utf-8")
    return 0


FRAME = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="gaido" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title type="main">Losing Power: The Workers' Opposition in the Russian Communist Party</title>
        <title type="sub">A Review of The Workers' Opposition in the Russian Communist Party: Documents, 1919–30, edited and translated by Barbara C. Allen</title>
        <author xml:id="gaido-author">Daniel Gaido</author>
        <respStmt xml:id="ed">
          <resp>TEI encoding, correction of extraction damage, editorial notes</resp>
          <orgName>The editors of Communist Dissent in Early Soviet Russia, 1919–1923</orgName>
        </respStmt>
      </titleStmt>
      <publicationStmt>
        <publisher>Communist Dissent in Early Soviet Russia, 1919–1923: a digital edition</publisher>
        <idno type="edition">gaido</idno>
        <availability status="restricted">
          <licence target="https://creativecommons.org/licenses/by/4.0/">The TEI markup and the
            editorial notes are licensed under CC BY 4.0.</licence>
          <p>The text is © Daniel Gaido and his publisher. The source file states no copyright
            notice, licence or publisher; the text is reproduced here for scholarly use only.</p>
        </availability>
        <date when="2026-11-23">2026</date>
      </publicationStmt>
      <sourceDesc>
        <biblStruct>
          <analytic>
            <author>Daniel Gaido</author>
            <title level="a">Losing Power: The Workers' Opposition in the Russian Communist Party</title>
          </analytic>
          <monogr>
            <imprint>
              <publisher>not stated in the source</publisher>
              <date>not stated in the source</date>
            </imprint>
          </monogr>
          <relatedItem type="reviewOf">
            <biblStruct>
              <monogr>
                <editor>Barbara C. Allen</editor>
                <respStmt>
                  <resp>translated by</resp>
                  <persName>Barbara C. Allen</persName>
                </respStmt>
                <title level="m">The Workers' Opposition in the Russian Communist Party: Documents, 1919–30</title>
                <imprint>
                  <publisher>not stated in the source</publisher>
                  <date>not stated in the source</date>
                </imprint>
                <extent>960 pages (as the review states)</extent>
              </monogr>
            </biblStruct>
          </relatedItem>
          <note>A book review. The source (a web text) gives the review's title, the reviewed
            book's title and editor-translator, and the byline "By Daniel Gaido"; it does not
            state the venue or the date of the review, nor the publisher or year of the reviewed
            book, and none is supplied here. (Simon Pirani's introduction, in this edition
            pirani-intro.xml, note 3, cites the book as published at Leiden by Brill in 2021.)</note>
        </biblStruct>
      </sourceDesc>
    </fileDesc>
    <encodingDesc>
      <editorialDecl>
        <correction><p>Misprints are kept as printed. Certain slips are given with
          choice/sic/corr (resp="#ed"): "Shlipanikov" (three times) for Shliapnikov; "Efimov"
          for Ignatov (the speaker is Efim Ignatov, named just before the quotation and again
          after it); "According the" for "According to"; "tended put" for "tended to put"; and
          "inPravda", where the space before the italic title was lost in the web extraction.
          Other oddities are kept without comment, as they may be the author's: "Vladimir Illich"
          (in a quotation), "the ‘the stifling", "emphasised that ‘have no differences", "so
          many other would do".</p></correction>
        <normalization><p>No normalisation of spelling, transliteration, quotation marks or
          dashes; the title line keeps its straight apostrophes, the text its curly ones.</p></normalization>
        <quotation marks="all"><p>Quotation marks are kept as printed. The 22 block quotations (40
          paragraphs) are encoded as quote, with p inside when they have several paragraphs;
          several begin in lower case because they carry on the reviewer's sentence, whose
          introducing part stays a paragraph of its own.</p></quotation>
        <hyphenation eol="none"><p>The web text has no hyphenation at line ends; hyphens are kept
          as printed.</p></hyphenation>
        <segmentation><p>The web text keeps its paragraphs (one per line) and has no page
          breaks.</p></segmentation>
        <p>Notes: the review's 73 note calls survive in the source as "[1]" … "[73]", but the
          texts of the notes are not in the source. Each note is kept at its call with its printed
          number in @n and a gap with reason="note-text-not-in-source"; the bracketed number
          itself is not repeated in the text.</p>
        <p>Square brackets inside quotations are the reviewer's as printed (some may go back to
          the translator of the quoted documents, which the source does not say): word
          completions and insertions are supplied with resp="#gaido-author" (the bracketed
          Cyrillic originals as foreign xml:lang="ru" inside supplied), and "[…]" is a gap with
          reason="omitted-by-author". Ellipses without brackets ("…") are kept as characters.</p>
        <p>Italics are lost in the source. Titles of works (The Workers’ Opposition, Pravda,
          Diary Notes, The New Course, Stalin: A Critical Survey of Bolshevism, and the reviewed
          book in the title) are marked as title by the edition; the French and German phrases
          (semaine sanglante, Deutscher Oktober, Kommunistische Arbeiter-Partei Deutschlands) as
          foreign. Titles printed in quotation marks keep their marks and are not tagged.</p>
        <p>The unheaded opening of the review (two paragraphs) stands at the start of the body,
          before the six headed sections.</p>
      </editorialDecl>
      <listPrefixDef>
        <prefixDef ident="per" matchPattern="(.+)" replacementPattern="register/persons.xml#$1">
          <p>Persons in the edition's register.</p>
        </prefixDef>
        <prefixDef ident="org" matchPattern="(.+)" replacementPattern="register/organisations.xml#$1">
          <p>Organisations in the edition's register.</p>
        </prefixDef>
        <prefixDef ident="pla" matchPattern="(.+)" replacementPattern="register/places.xml#$1">
          <p>Places in the edition's register.</p>
        </prefixDef>
      </listPrefixDef>
    </encodingDesc>
    <profileDesc>
      <langUsage>
        <language ident="en">English</language>
        <language ident="ru">Russian (Cyrillic), in two bracketed words</language>
        <language ident="fr">French</language>
        <language ident="de">German</language>
      </langUsage>
    </profileDesc>
    <revisionDesc>
      <change when="2026-11-23" who="#ed">Encoded from sources/001_30813e4e4d752838.txt with
        tools/import/gaido.py, then checked by hand against the source.</change>
    </revisionDesc>
  </teiHeader>
  <text>
    <front>
      <docTitle>
        <titlePart type="main">Losing Power: The Workers' Opposition in the Russian Communist Party.</titlePart>
        <titlePart type="sub">A Review of <title level="m">The Workers' Opposition in the Russian Communist Party: Documents, 1919–30</title>, edited and translated by Barbara C. Allen</titlePart>
      </docTitle>
      <byline>By <docAuthor>Daniel Gaido</docAuthor></byline>
    </front>
    <body>
<!--BODY-->
    </body>
  </text>
</TEI>
"""

if __name__ == "__main__":
    sys.exit(main())
