"""First-draft TEI of Barbara C. Allen, "Early Dissent within the Party" (sources/000_...).

    .venv/bin/python tools/import/allen.py tei/allen.xml

The source is a PDF extraction. Each page's note texts ("N. ...") are printed after the
page's running text, so they cut paragraphs in two; superscript digits are the calls.
This script

* reads the note bodies (a line "N. " whose N is the next expected note number), joins the
  bodies continued on a later page (notes 5, 74, 111, 114: the continuation lines carry no
  number, and the one continuing note 5 begins with a false "24. "), and takes the body of
  note 118 from the last line of the file, after the affiliation and e-mail;
* rejoins the 25 paragraphs split at page breaks (list checked against sources/NOTES.md and
  by the assertions below: every line that does not end a sentence, and every line that
  starts in lower case, must take part in a join), removing the hyphen of the 8 words
  hyphenated at the break;
* puts every note at its call (<note place="foot" n="N" xml:id="allen-nN">, no space before);
* turns *...* italics into <title> (titles of works, with xml:lang for German and Russian
  titles), <foreign xml:lang="ru-Latn"> (Russian words, archive names) or <hi rend="italic">
  (Ibid., et al.);
* encodes the author's square brackets in quotations as <supplied resp="#allen-author"> and
  the certain misprints as <choice><sic/><corr resp="#ed"/></choice>, the two web addresses
  as <ref target>;
* adds the edition's two cross-references (editorial notes in notes 14 and 74);
* writes headings, the two block quotations, the title block and byline (<front>) and the
  affiliation and e-mail (<back><div type="contact">), inside the header below.

Hand corrections followed in tei/allen.xml, which is the source of truth; this script is the
reviewable record of the conversion and is not meant to be re-run over the corrected (and later
entity-tagged) file. The draft was read against the source at every join, every note position,
both block quotations and the front and back matter; the text and every note were compared word
for word with the raw file (only the 8 rejoined words differ). Entity markup (persName, orgName,
placeName) is not made here: it is the business of tools/tag/.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "sources" / "000_c0ef21589b2dc481.txt"
DOC = "allen"
AUTHOR_ID = "allen-author"

# paragraph split at a page break: first line -> continuation line
JOINS = {9: 17, 23: 29, 45: 51, 67: 81, 87: 97, 111: 119, 135: 149, 159: 163, 191: 203,
         207: 219, 223: 235, 239: 255, 287: 295, 301: 309, 313: 325, 339: 351, 355: 365,
         367: 375, 379: 391, 399: 405, 409: 421, 425: 435, 439: 447, 453: 457, 461: 463}
HYPHENATED = {45, 87, 223, 239, 301, 409, 425, 461}
# note-body continuation lines (no number of their own) -> note
NOTE_CONTINUED = {33: 5, 289: 74, 427: 111, 441: 114}
HEADS = {19, 55, 123, 155, 261, 337, 451}
BLOCK_QUOTES = {151, 395}
BYLINE, TITLE, BODY_FIRST, BODY_LAST = 3, (5, 6, 7), 9, 467
AFFILIATION, CONTACT, NOTE_118 = 469, 471, 473

SUPER = "⁰¹²³⁴⁵⁶⁷⁸⁹"
CALL = re.compile(rf"[{SUPER}]+")
TO_DIGITS = str.maketrans(SUPER, "0123456789")

# italics that are not titles of works
FOREIGN = {"bul'varnaia", "poshlaia", "orgburo", "Vperedist", "Mezhraionets",
           "Vot ironiia sud'by",
           # archive names (institutions, not works)
           "Tsentrāl'nyi arkhiv Federal'noi Sluzhby Bezopasnosti",
           "Gosudarstvennyi arkhiv Rossiiskoi Federatsii",
           "Rossiiskii gosudarstvennyi arkhiv sotsial’no-politicheskoi istorii"}
ITALIC = {"Ibid.", "ibid.", "et al."}
GERMAN_TITLES = ("Die Taktik", "Jahrbücher")
ENGLISH_TITLES = ("The ", "Enemies", "Bolshevik Feminist", "Aleksandra Kollontai", "Moscow under",
                  "Memoirs", "Revolution", "Bukharin", "Russia under", "Russian Review",
                  "For the Revolution", "Agents", "Biographical", "Encyclopedia")

# certain misprints: printed form -> correction (whole words only)
SIC = {"Lapse": "Lepse", "Tomsy": "Tomsky", "Padchenko": "Radchenko", "Firfov": "Firsov",
       "Kubyshekin": "Kubyshkin", "Beatrix": "Beatrice", "politicheskaiia": "politicheskaia",
       "Narkomvnuudel": "Narkomvnudel", "Tsentrāl'nyi": "Tsentral'nyi",
       "Odinmadsatyi": "Odinnadtsatyi", "Odinadtsatyi": "Odinnadtsatyi",
       "Odinnadsatyi": "Odinnadtsatyi"}
# the author's insertions in square brackets (only inside quotations of the running text)
SUPPLIED = ["Zetkin", "Tenth Party", "congress delegates", "the working class",
            "to the working class"]


HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="allen" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title type="main">Early Dissent within the Party</title>
        <title type="sub">Alexander Shliapnikov and the Letter of the Twenty-Two</title>
        <author xml:id="allen-author">Barbara C. Allen</author>
        <respStmt xml:id="ed">
          <resp>TEI encoding, correction of extraction damage, editorial notes</resp>
          <orgName>The editors of Communist Dissent in Early Soviet Russia, 1919–1923</orgName>
        </respStmt>
      </titleStmt>
      <publicationStmt>
        <publisher>Communist Dissent in Early Soviet Russia, 1919–1923: a digital edition</publisher>
        <idno type="edition">allen</idno>
        <availability status="restricted">
          <licence target="https://creativecommons.org/licenses/by/4.0/">The TEI markup and the
            editorial notes are licensed under CC BY 4.0.</licence>
          <p>The source prints no copyright notice and no licence. The text is the work of
            Barbara C. Allen and remains under the copyright of its author and of its original
            publisher (not named in the source); it is reproduced here for scholarly use only.</p>
        </availability>
        <date when="2026-11-23">2026</date>
      </publicationStmt>
      <sourceDesc>
        <biblStruct>
          <analytic>
            <author>Barbara C. Allen</author>
            <title level="a">Early Dissent within the Party: Alexander Shliapnikov and the Letter of the Twenty-Two</title>
          </analytic>
          <monogr>
            <title level="j">not stated in the source</title>
            <imprint>
              <date>not stated in the source</date>
            </imprint>
          </monogr>
          <note>Where and when the article was published is not stated in the source. The
            source is a text extraction of the printed article (footnotes at the foot of each
            page), without running heads or page numbers. The byline reads "BARBARA C. ALLEN
            (Philadelphia, USA)"; after the text the author's affiliation (LaSalle University)
            and e-mail address are printed. Note 1 says that the article is drawn from the
            author's doctoral dissertation (Indiana University, Bloomington, 2001); the latest
            publication it cites is of 2006 (note 40), so it cannot have appeared before
            2006. No venue is inferred here.</note>
        </biblStruct>
      </sourceDesc>
    </fileDesc>
    <encodingDesc>
      <editorialDecl>
        <correction><p>Misprints are kept as printed. Where the correction is certain from the
          article itself it is given with choice/sic/corr (resp="#ed"): "Lapse" for Lepse
          (8 times), "Tomsy" for Tomsky (4), "Padchenko" for Radchenko (n. 47), "Firfov" for
          Firsov and "Kubyshekin" for Kubyshkin (n. 66), "Beatrix" for Beatrice Farnsworth
          (n. 1), "f" for "f." (n. 13), "Tsentrāl'nyi" for Tsentral'nyi (n. 15),
          "politicheskaiia" for politicheskaia (n. 6), "Narkomvnuudel" for Narkomvnudel
          (n. 105), and "Odinadtsatyi", "Odinnadsatyi", "Odinmadsatyi" for Odinnadtsatyi
          (nn. 81, 95, 97, 98). Variant spellings and slips that cannot be corrected with
          certainty from the source are kept without comment: e.g. "Odinnadtsati s’ezd" (n. 3),
          "Twenty Two" (introduction), "Fulbright-Hayes" and "Wiczyinski" (nn. 1, 6), "Luka" beside
          "Lukka" (nn. 53, 66), "(1883-59)" (n. 20), the parenthesis left open in n. 33 and the
          closing quotation mark missing after "higher than anything." (section "Eleventh
          Communist Party Congress").</p></correction>
        <normalization><p>No normalisation of spelling, transliteration, capitalisation, dashes or
          quotation marks. The title, printed in capitals, is given in capitals in the front
          matter and in mixed case in the header.</p></normalization>
        <quotation marks="all"><p>Quotation marks are kept as printed: the source changes between
          straight (") and curly (“ ”, ‘ ’) marks from page to page. Inline quotations are not
          marked up; the two block quotations (Kollontai's diary; Saltykov-Shchedrin's tale as
          Kollontai told it) are quote elements. Ellipses printed ". . ." inside quotations are
          kept as printed characters, since the source does not mark them as the author's
          omissions.</p></quotation>
        <hyphenation eol="none"><p>Eight words hyphenated at a page break (faction-al, Opposi-tion,
          Menshe-viks, Comin-tern, par-ty, nei-ther, Pe-trovsky, fig-uratively) are rejoined; all
          other hyphens are printed ones and are kept.</p></hyphenation>
        <segmentation><p>The 25 paragraphs cut at page breaks (and by the note texts printed
          between the two halves) are rejoined; page breaks are not recorded. A split that
          falls exactly at the end of a sentence cannot be told from a paragraph end and is
          kept as a paragraph end.</p></segmentation>
        <interpretation><p>Italics (marked *…* in the source) are encoded as title for titles of
          works (with xml:lang for German and Russian titles), as foreign xml:lang="ru-Latn"
          for transliterated Russian words and the names of archives, and as hi rend="italic"
          for Ibid. and et al. The author's words in square brackets inside quotations
          ([Zetkin], [Tenth Party], [congress delegates], [the working class], [to the working
          class]) are supplied resp="#allen-author"; square brackets in bibliographic
          references (nn. 20, 37) are kept as printed characters.</p></interpretation>
        <p>Notes: the source has 118 footnotes with superscript calls; each page's note texts
          ("N. …") were printed after its running text. Every note is placed at its call with
          its printed number in n (1–118, no gaps); every note's text survives in the source.
          The call of note 1 stands at the end of the title. Note texts continued on a later
          page are joined: note 5 (its continuation begins "24. Februar bis 4. März, 1922",
          which is not note 24 but the end of the German title cut by the page break; the
          title is encoded as one title element), note 74 ("Litvinov (b. 1896) worked in
          VSNKh …"), note 111 and note 114. The text of note 118, printed as the last line of
          the source after the author's affiliation and e-mail, is moved to its call. The
          edition's own notes are note type="editorial" resp="#ed".</p>
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
        <language ident="ru-Latn">Russian in Latin transliteration</language>
        <language ident="de">German</language>
      </langUsage>
    </profileDesc>
    <revisionDesc>
      <change when="2026-11-23" who="#ed">Encoded from sources/000_c0ef21589b2dc481.txt with
        tools/import/allen.py, then corrected by hand.</change>
    </revisionDesc>
  </teiHeader>
  <text>
<!--TEXT-->
  </text>
</TEI>
"""


def italics(text: str) -> str:
    def repl(m: re.Match) -> str:
        inner = m.group(1)
        plain = re.sub(r"<[^>]+>", "", inner)
        if plain in FOREIGN:
            return f'<foreign xml:lang="ru-Latn">{inner}</foreign>'
        if plain in ITALIC:
            return f'<hi rend="italic">{inner}</hi>'
        if plain.startswith(GERMAN_TITLES):
            return f'<title xml:lang="de">{inner}</title>'
        if plain.startswith(ENGLISH_TITLES):
            return f"<title>{inner}</title>"
        return f'<title xml:lang="ru-Latn">{inner}</title>'
    out = re.sub(r"\*([^*]+)\*", repl, text)
    assert "*" not in out, out[:200]
    return out


def inline(text: str) -> str:
    """Escape and mark up a run of text without note calls."""
    out = italics(escape(text))
    for sic, corr in SIC.items():
        out = re.sub(rf"(?<![\w']){re.escape(sic)}(?!\w)",
                     f'<choice><sic>{sic}</sic><corr resp="#ed">{corr}</corr></choice>', out)
    # "f 17" (note 13) lacks the period of every other fond citation
    out = out.replace("RGASPI, f 17,", 'RGASPI, <choice><sic>f</sic><corr resp="#ed">f.</corr></choice> 17,')
    # the two web addresses, printed in angle brackets (kept as printed)
    out = re.sub(r"&lt;(https?://[^&\s]+)&gt;", r'&lt;<ref target="\1">\1</ref>&gt;', out)
    for s in SUPPLIED:
        out = out.replace(f"[{escape(s)}]", f'<supplied resp="#{AUTHOR_ID}">{escape(s)}</supplied>')
    return out


BLOCK = re.compile(r"<(/?)(front|docTitle|body|back|div|quote)\b[^>]*>$")


def indent(xml: str) -> str:
    """Two-space indentation for the block structure; mixed-content lines stay on one line."""
    out, depth = [], 2  # inside <TEI><text>
    for ln in xml.split("\n"):
        m = BLOCK.match(ln)
        if m and m.group(1):
            depth -= 1
        out.append("  " * depth + ln)
        if m and not m.group(1):
            depth += 1
    assert depth == 2, depth
    return "\n".join(out)


# the edition's own cross-references (editorial notes), keyed by the source note they sit in
ED_NOTES = {
    14: ("<title>Russian Review</title>",
         '<title>Russian Review</title><note type="editorial" resp="#ed" xml:id="allen-ed1">'
         'This article is in the edition: <ref target="avrich.xml">Avrich, “Bolshevik Opposition '
         'to Lenin”</ref>.</note>'),
    74: ("March 14 entry.",
         'March 14 entry.<note type="editorial" resp="#ed" xml:id="allen-ed2">This diary entry is '
         'in the edition, in Simon Pirani’s translation: <ref '
         'target="pirani-litvinov.xml#pirani-litvinov-e1922-03-14">Litvinov’s diary, 14 March '
         '1922</ref>.</note>'),
}


def main() -> int:
    out_path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tei" / "allen.xml"
    lines = SRC.read_text(encoding="utf-8").split("\n")
    line = lambda n: lines[n - 1].strip()  # noqa: E731
    assert len(lines) == 473

    notes: dict[int, str] = {}
    blocks: list[tuple[str, int, str]] = []  # (kind, first line, text)
    expected = 1
    continuations = set(JOINS.values())
    for ln in range(BODY_FIRST, BODY_LAST + 1):
        text = line(ln)
        if not text:
            continue
        if ln in NOTE_CONTINUED:
            n = NOTE_CONTINUED[ln]
            assert n == expected - 1 or n < expected, (ln, n)
            notes[n] = notes[n] + " " + text
            continue
        m = re.match(r"(\d+)\. ", text)
        if m and int(m.group(1)) == expected:
            notes[expected] = text[m.end():]
            expected += 1
            continue
        assert not m, (ln, text[:40])
        if ln in continuations:
            continue
        if ln in HEADS:
            blocks.append(("head", ln, text))
            continue
        # a paragraph that is not a continuation starts with a capital or a quotation mark
        assert text[0].isupper() or text[0] in "“\"", (ln, text[:30])
        # every line that does not end a sentence must be joined to a later one
        joined, cur = text, ln
        while cur in JOINS:
            nxt = JOINS[cur]
            follow = line(nxt)
            if cur in HYPHENATED:
                assert joined.endswith("-"), cur
                joined = joined[:-1] + follow
            else:
                assert not joined.endswith("-"), cur
                joined = joined + " " + follow
            cur = nxt
        assert re.search(r'[.?!:"”’\'' + SUPER + r"]$", joined), (ln, joined[-30:])
        blocks.append(("quote" if ln in BLOCK_QUOTES else "p", ln, joined))
    for a, b in JOINS.items():
        assert not re.search(r"[.?!]" + f"[”\"{SUPER}]*$", line(a)) or a == 159, a
        assert line(b)[0].islower() or line(b)[0] in "“\"" or b in (149, 457), b
    assert expected == 118, expected
    last = line(NOTE_118)
    assert last.startswith("118. ")
    notes[118] = last[len("118. "):]
    # note 5: a German title cut by the page break ("... Moskau, vom*" / "24. *Februar ...")
    notes[5] = notes[5].replace("Moskau, vom* 24. *Februar", "Moskau, vom 24. Februar")
    assert "vom 24. Februar" in notes[5]

    used: list[int] = []

    def with_notes(text: str) -> str:
        parts, pos = [], 0
        for m in CALL.finditer(text):
            n = int(m.group(0).translate(TO_DIGITS))
            used.append(n)
            parts.append(inline(text[pos:m.start()]))
            note_xml = inline(notes[n])
            if n in ED_NOTES:
                a, b = ED_NOTES[n]
                assert note_xml.count(a) == 1, n
                note_xml = note_xml.replace(a, b)
            parts.append(f'<note place="foot" n="{n}" xml:id="{DOC}-n{n}">{note_xml}</note>')
            pos = m.end()
        parts.append(inline(text[pos:]))
        return "".join(parts)

    # title block (one italic span over three lines, note 1 called inside it)
    t1, t2, t3 = (line(n) for n in TITLE)
    assert t1.startswith("*") and t3.endswith("¹*")
    main_title = escape(t1[1:])
    sub_title = escape(f"{t2} {t3[:-2]}")
    used.append(1)
    front = (
        "<front>\n<docTitle>\n"
        f'<titlePart type="main"><hi rend="italic">{main_title}</hi></titlePart>\n'
        f'<titlePart type="sub"><hi rend="italic">{sub_title}</hi>'
        f'<note place="foot" n="1" xml:id="{DOC}-n1">{inline(notes[1])}</note></titlePart>\n'
        "</docTitle>\n"
    )
    byline = line(BYLINE)
    assert byline == "BARBARA C. ALLEN (Philadelphia, USA)"
    front += "<byline><docAuthor>BARBARA C. ALLEN</docAuthor> (Philadelphia, USA)</byline>\n</front>"

    body, section = [], 0
    body.append(f'<div type="section" xml:id="{DOC}-s{section}">')
    for kind, ln, text in blocks:
        if kind == "head":
            section += 1
            body.append("</div>")
            body.append(f'<div type="section" xml:id="{DOC}-s{section}">')
            body.append(f"<head>{inline(text)}</head>")
        elif kind == "quote":
            body.append("<quote>")
            body.append(f"<p>{with_notes(text)}</p>")
            body.append("</quote>")
        else:
            body.append(f"<p>{with_notes(text)}</p>")
    body.append("</div>")
    assert used == list(range(1, 119)), used

    aff, contact = line(AFFILIATION), line(CONTACT)
    assert aff == "LaSalle University" and contact.endswith("allenb@lasalle.edu")
    back = ('<back>\n<div type="contact" xml:id="allen-contact">\n'
            f"<p><affiliation>{escape(aff)}</affiliation></p>\n"
            f"<p>{escape(contact[:-len('allenb@lasalle.edu')])}<email>allenb@lasalle.edu</email></p>\n"
            "</div>\n</back>")

    text_xml = indent(front + "\n<body>\n" + "\n".join(body) + "\n</body>\n" + back)
    out_path.write_text(HEADER.replace("<!--TEXT-->", text_xml), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
