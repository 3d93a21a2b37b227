"""First-draft TEI of Avrich, "Bolshevik Opposition to Lenin" (sources/004_cb3934c848413a84.txt).

    .venv/bin/python tools/import/avrich.py [OUT.xml]      (default: tei/avrich.xml)

The source is a web re-issue (The Anarchist Library) of an OCR'd copy of the article in The
Russian Review 43 (1984), pp. 1-29. What this script does:

* front: title, subtitle and author as printed (lines 1-5) and the Contents (7-10; the dot
  leaders are dropped, the page numbers kept as refs to the two parts);
* body: the two parts "Part One" (12) and "Part Two" (98) as div type="part"; every other
  non-empty line from 14 to 162 is a paragraph;
* the nine paragraphs cut by a page break (JOINS, checked against the raw text) are joined;
  "thou-/sands" (66/68) is rejoined without the soft hyphen;
* the two block quotations that survive as such (66-68, 114) become <quote>;
* the four note calls that survive as plain digits (29, 70, 89, 99) become notes with
  <gap reason="note-text-not-in-source"/>: the note texts (and all other calls) are not in
  the source;
* line by line edits (EDITS): certain OCR errors as choice/sic/corr (resp="#ed"), titles of
  works, transliterated Russian, and a few editorial notes (resp="#ed") on damage that is not
  corrected (possible garbled calls, quotation marks lost);
* the colophon (164-172) goes into the header (sourceDesc, availability).

Hand corrections followed in tei/avrich.xml, which is the source of truth; this script is the
record of the conversion and is not meant to be re-run over the hand-corrected file (it would
overwrite them). The output was read against the raw text at every join, call, correction and
quotation. Hand corrections made after the run: the wording of editorial note ed4 (the
unmarked quotations of the letters: "passages that seem to quote"), and additions to the
editorialDecl/correction paragraph (Gavriii, ulim-radical, Preserve, Spontaneous, 'West,
"(among)", the dash missing after "1917", the wording on "onefor"), and the wording of the
sourceDesc note on the web edition.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "sources" / "004_cb3934c848413a84.txt"
DOC = "avrich"
TODAY = "2026-11-23"

# paragraph starting on line A goes on at line B (a page break fell in between)
JOINS = {18: 20, 28: 30, 46: 48, 56: 58, 66: 68, 80: 82, 118: 120, 146: 148, 158: 160}
NOSPACE_JOIN = {66}  # "thou-" / "sands": the word is rejoined
PARTS = {12: ("1", "s1"), 98: ("2", "s2")}
BLOCK_QUOTES = {66, 114}


def E(s: str) -> str:
    return escape(s)


def sic(printed: str, corrected: str) -> str:
    return f'<choice><sic>{E(printed)}</sic><corr resp="#ed">{E(corrected)}</corr></choice>'


def title(xml: str, lang: str | None = None, level: str | None = None) -> str:
    attrs = (f' level="{level}"' if level else "") + (f' xml:lang="{lang}"' if lang else "")
    return f"<title{attrs}>{xml}</title>"


def ru(xml: str) -> str:
    return f'<foreign xml:lang="ru-Latn">{xml}</foreign>'


def call(n: int) -> str:
    return (f'<note place="foot" n="{n}" xml:id="{DOC}-n{n}">'
            f'<gap reason="note-text-not-in-source"/></note>')


def ed(text: str) -> str:
    # numbered in document order at the end
    return f'<note type="editorial" resp="#ed" xml:id="{DOC}-ed#">{text}</note>'


# line -> list of (printed text, replacement XML[, expected count])
EDITS: dict[int, list[tuple]] = {
    14: [("The State and Revolution", title("The State and Revolution"))],
    16: [("selfmanagement", sic("selfmanagement", "self-management"))],
    18: [("Gavriii", sic("Gavriii", "Gavriil")), ("ll'ich", sic("ll'ich", "Il'ich"))],
    26: [("hard labor'", "hard labor'" + ed(
        "The apostrophe after \u201clabor\u201d probably stands for a full stop and a note call "
        "garbled in the OCR; the text is kept as printed."))],
    38: [("tendency or Bolshevik", "tendency " + sic("or", "of") + " Bolshevik")],
    40: [("The State and Revolution", title("The State and Revolution"))],
    44: [("supervisions", "supervisions" + ed(
        "\u201csupervisions\u201d: the final s probably stands for a full stop and a note call "
        "garbled in the OCR; the text is kept as printed."))],
    46: [("party, You", sic("party,", "party.") + " You")],
    48: [("ll'ich", sic("ll'ich", "Il'ich")), ("couurage", sic("couurage", "courage")),
         ("Miasnikov declared,", "Miasnikov declared," + ed(
             "From here to \u201cthe abyss.\u201d the words are Miasnikov's: the quotation, "
             "probably printed as a block quotation in the article, has been run into the "
             "paragraph without quotation marks in the source. The edition does not supply them.")),
         ("rankandf'ile", sic("rankandf'ile", "rank-and-file"))],
    50: [("the,Central", sic("the,Central", "the Central"))],
    58: [("Committee.29", "Committee." + call(29)),
         ("called Bol'nye voprosy", "called " + title("Bol'nye voprosy", "ru-Latn")),
         ("idle, Following", sic("idle,", "idle.") + " Following"),
         ("Bot'nye voprosy", title(sic("Bot'nye", "Bol'nye") + " voprosy", "ru-Latn")),
         ("to took into", "to " + sic("took", "look") + " into")],
    60: [("Bot'nye voprosy", title(sic("Bot'nye", "Bol'nye") + " voprosy", "ru-Latn")),
         ("In your memorandum it is not clear.", "In your memorandum it is not clear." + ed(
             "Here and in the next two paragraphs words of Lenin's and Miasnikov's letters "
             "stand without quotation marks in the source (\u201cWhat kind of freedom do you "
             "want? \u2026\u201d, \u201cThe capitalists are still strong \u2026\u201d, "
             "\u201cIf so, this is a crude way \u2026\u201d); the edition does not supply them."))],
    66: [("thou-", "thou")],
    70: [("August I 1", "August " + sic("I 1", "11")),
         ("Bol'nye voprosy", title("Bol'nye voprosy", "ru-Latn"))],
    74: [("Bol'nye voprosy", title("Bol'nye voprosy", "ru-Latn"))],
    78: [('expelling Miasnikov"', 'expelling Miasnikov"' + ed(
        "The stray quotation mark after \u201cMiasnikov\u201d may be the remains of a note call "
        "garbled in the OCR; it is kept as printed.")),
         ("hesitations, Yet", sic("hesitations,", "hesitations.") + " Yet"),
         ("the 'West", "the " + sic("'West", "West"))],
    80: [("Kollontai's Workers' Opposition", "Kollontai's " + title("Workers' Opposition"))],
    84: [("cotigress", sic("cotigress", "congress")), ("Kcisior", sic("Kcisior", "Kosior")),
         ("Kosior, warned", sic("Kosior,", "Kosior") + " warned")],
    86: [("Twenty-Two, They", "Twenty-" + sic("Two,", "Two.") + " They"),
         ("yidu", sic("yidu", "you"))],
    88: [("only Minin", "only " + sic("Minin", "Mitin"))],
    90: [("ruled. that", sic("ruled.", "ruled") + " that")],
    92: [("Treyozhnye voprosy", title(sic("Treyozhnye", "Trevozhnye") + " voprosy", "ru-Latn")),
         ("Bol'nw voprosy", title(sic("Bol'nw", "Bol'nye") + " voprosy", "ru-Latn"))],
    94: [("selfdetermination", sic("selfdetermination", "self-determination")),
         ("sovicts", sic("sovicts", "soviets"))],
    100: [("in each factory. It", "in each factory." + ed(
        "The closing quotation mark of the quotation from the manifesto is missing in the "
        "source.") + " It"),
          ("apporatchiki", ru(sic("apporatchiki", "apparatchiki")))],
    102: [("of' the", sic("of'", "of") + " the", 2), ("to Preserve", "to " + sic("Preserve", "preserve"))],
    106: [("convinced. was", sic("convinced.", "convinced,") + " was")],
    108: [("onefor", sic("onefor", "one-for")), ("defended-the", sic("defended-the", "defended the")),
          ("Bolshevik. monopoly", sic("Bolshevik.", "Bolshevik") + " monopoly"),
          ("wttile", sic("wttile", "while")), ("insist-ing", sic("insist-ing", "insisting"))],
    110: [("Sotsialisticheskii vestnik", title("Sotsialisticheskii vestnik", "ru-Latn", "j"))],
    112: [("M, K. Berzina", sic("M,", "M.") + " K. Berzina"), ("Barzitia", sic("Barzitia", "Berzina")),
          ("the group.70", "the group." + call(70))],
    116: [("Congressi", "Congressi" + ed(
        "\u201cCongressi\u201d: the final i is probably a comma or a note call garbled in the "
        "OCR; the text is kept as printed.")),
          ("speech, On", sic("speech,", "speech.") + " On")],
    120: [("ll'ich", sic("ll'ich", "Il'ich"))],
    124: [("ulim-radical", sic("ulim-radical", "ultra-radical")),
          ("working class.", "working class." + ed(
              "The closing quotation mark of the quotation from Fischer is missing in the source."))],
    126: [("the, workers", sic("the,", "the") + " workers")],
    132: [("a Spontaneous", "a " + sic("Spontaneous", "spontaneous"))],
    138: [("the, local", sic("the,", "the") + " local")],
    140: [("Erevan'.89", "Erevan'." + call(89)), ("cut'his", sic("cut'his", "cut his")),
          ("police, In", sic("police,", "police.") + " In")],
    152: [("Ocherednoi obman", title("Ocherednoi obman", "ru-Latn"))],
    154: [("memoirs.99", "memoirs." + call(99)), ("engineer He", sic("engineer", "engineer.") + " He")],
    156: [("in1946", sic("in1946", "in 1946"))],
    162: [("society, Miasnikov's", sic("society,", "society.") + " Miasnikov's")],
}


def markup(ln: int, text: str) -> str:
    spans = []
    for edit in EDITS.get(ln, []):
        old, new = edit[0], edit[1]
        want = edit[2] if len(edit) > 2 else 1
        found = [m.start() for m in re.finditer(re.escape(old), text)]
        assert len(found) == want, (ln, old, len(found))
        spans += [(s, s + len(old), new) for s in found]
    spans.sort()
    out, pos = [], 0
    for s, e, new in spans:
        assert s >= pos, (ln, "overlapping edits")
        out += [E(text[pos:s]), new]
        pos = e
    out.append(E(text[pos:]))
    return "".join(out)


HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="avrich" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title type="main">Bolshevik Opposition to Lenin</title>
        <title type="sub">G. T. Miasnikov and the Workers' Group</title>
        <author xml:id="avrich-author">Paul Avrich</author>
        <respStmt xml:id="ed">
          <resp>TEI encoding, correction of extraction damage, editorial notes</resp>
          <orgName>The editors of Communist Dissent in Early Soviet Russia, 1919–1923</orgName>
        </respStmt>
      </titleStmt>
      <publicationStmt>
        <publisher>Communist Dissent in Early Soviet Russia, 1919–1923: a digital edition</publisher>
        <idno type="edition">avrich</idno>
        <availability status="restricted">
          <licence target="https://creativecommons.org/licenses/by/4.0/">The TEI markup and the
            editorial notes are licensed under CC BY 4.0.</licence>
          <p>The web copy encoded here is marked "Anti-Copyright" by The Anarchist Library. The
            source states no rights for the article as first published in The Russian Review
            (1984); the text is reproduced here for scholarly use only.</p>
        </availability>
        <date when="2026">2026</date>
      </publicationStmt>
      <sourceDesc>
        <biblStruct>
          <analytic>
            <author>Paul Avrich</author>
            <title level="a">Bolshevik Opposition to Lenin</title>
            <title level="a" type="sub">G. T. Miasnikov and the Workers' Group</title>
          </analytic>
          <monogr>
            <title level="j">RUSSIAN REVIEW</title>
            <imprint>
              <biblScope unit="volume" n="43">Vol. 43</biblScope>
              <date when="1984">1984</date>
              <biblScope unit="page">pp. 1–29</biblScope>
            </imprint>
          </monogr>
          <note>The original publication as the source's colophon states it ("RUSSIAN REVIEW,
            Vol. 43, 1984 pp. 1–29"): the journal is The Russian Review. The issue and the month
            of publication are not stated in the source (Allen's article cites it as "43, no. 1
            (1984)": see <ref target="allen.xml#allen-n14">allen.xml, note 14</ref>).</note>
          <relatedItem type="otherForm">
            <bibl>
              <author>Paul Avrich</author>
              <title>Bolshevik Opposition to Lenin G. T. Miasnikov and the Workers' Group</title>
              <date when="1984">1984</date>
              <publisher>The Anarchist Library (Mirror)</publisher>
              <availability status="free"><p>Anti-Copyright</p></availability>
              <note>Retrieved on <date when="2020-08-02">2nd August 2020</date>
                from <ref target="http://struggle.ws/russia/bol_opp_lenin_avrich.html">http://struggle.ws/russia/bol_opp_lenin_avrich.html</ref>.
                Proofread online source RevoltLib.com, retrieved on <date when="2020-11-17">November
                17, 2020</date>. (RUSSIAN REVIEW, Vol. 43, 1984 pp. 1–29)</note>
              <idno type="URL">usa.anarchistlibraries.net</idno>
              <note>The web edition the text was encoded from (sources/004_cb3934c848413a84.txt):
                its colophon is given here as printed. It is an OCR'd copy of the journal
                article, without the article's notes.</note>
            </bibl>
          </relatedItem>
        </biblStruct>
      </sourceDesc>
    </fileDesc>
    <encodingDesc>
      <editorialDecl>
        <correction><p>The source is an OCR text with many errors. They are kept as printed;
          where the correction is certain it is given with choice/sic/corr (resp="#ed"): letters
          misread ("ll'ich" for Il'ich, "couurage", "cotigress", "Kcisior" for Kosior, "Minin"
          for Mitin, "Barzitia" for Berzina, "yidu", "sovicts", "apporatchiki", "Treyozhnye" for
          Trevozhnye, "Bot'nye" and "Bol'nw" for Bol'nye, …), spaces and hyphens lost or added
          ("selfmanagement", "onefor", "in1946", "insist-ing", "cut'his"), and punctuation misread
          where a sentence plainly ends or goes on ("idle, Following", "ruled. that",
          "the,Central"). Uncertain readings are kept without correction ("P. A. Ziluisky",
          "Soviets-, it", "proletarian characters", "monopoly to power", "declared proletariat",
          the spacing of "I.Makh", "G.V.Shokhanov", "B. A.Kurzhner"), and so are variant
          spellings ("surprizing", "chastizing", "Twenty Two"). Dashes printed as hyphens
          ("Party-the Democratic Centralists") are kept as printed; the one corrected compound
          "onefor" is given as "one-for" in keeping with them.</p></correction>
        <normalization><p>No normalisation of spelling, transliteration, dashes or quotation
          marks.</p></normalization>
        <quotation marks="all"><p>Quotation marks are kept as printed (straight), stray ones
          included. Quotation marks the source has lost (a block quotation of Miasnikov run into
          a paragraph; passages of Lenin's and Miasnikov's letters; two closing marks) are not
          supplied; editorial notes point them out. The two block quotations that survive as such
          (Miasnikov's letter to Lenin; Kuznetsov's statement) are encoded as quote.</p></quotation>
        <hyphenation eol="none"><p>The one word hyphenated at a page break ("thou-/sands") is
          rejoined; real compounds keep their hyphen.</p></hyphenation>
        <segmentation><p>Nine paragraphs cut in two by the printed page breaks (visible in the
          source as a blank line inside a sentence) are rejoined; page breaks are not
          recorded.</p></segmentation>
        <p>Notes: the article in The Russian Review had notes (at least 99, to judge by the
          calls that survive); their texts, and all but four of their calls, were lost in the
          OCR and web transmission of the source. The four calls that survive as plain digits
          (29, 70, 89, 99) are encoded as notes at their places with their printed numbers,
          each with a gap (reason="note-text-not-in-source") where the text would stand; the
          numbering therefore does not start at 1 and has gaps. Possible remains of other,
          garbled calls are kept as printed and pointed out in editorial notes. The Contents of
          the web edition is kept in the front; its page numbers are those of the web edition
          and point to the two parts. The colophon of the web edition is in the sourceDesc.</p>
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
      </langUsage>
    </profileDesc>
    <revisionDesc>
      <change when="TODAY" who="#ed">Encoded from sources/004_cb3934c848413a84.txt with
        tools/import/avrich.py, then corrected by hand.</change>
    </revisionDesc>
  </teiHeader>
  <text>
    <front>
      <docTitle>
        <titlePart type="main">Bolshevik Opposition to Lenin</titlePart>
        <titlePart type="sub">G. T. Miasnikov and the Workers' Group</titlePart>
      </docTitle>
      <byline><docAuthor>Paul Avrich</docAuthor></byline>
      <div type="contents" xml:id="avrich-contents">
        <head>Contents</head>
        <list>
          <item>Part One <ref target="#avrich-s1">3</ref></item>
          <item>Part Two <ref target="#avrich-s2">12</ref></item>
        </list>
      </div>
    </front>
""".replace("TODAY", TODAY)


def main() -> int:
    out_path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tei" / "avrich.xml"
    lines = SRC.read_text(encoding="utf-8").split("\n")
    # checks of the source structure this script relies on
    assert lines[0] == "Bolshevik Opposition to Lenin" and lines[4] == "Paul Avrich"
    assert lines[11] == "Part One" and lines[97] == "Part Two"
    assert lines[163].startswith("The Anarchist Library")
    for a, b in JOINS.items():
        assert lines[a - 1] and not lines[a] and lines[b - 1], (a, b)
        assert not re.search(r'[.!?:"]$', lines[a - 1]) or a == 66, a  # a sentence is cut
    continued = set(JOINS.values())
    body = ["    <body>"]
    open_div = False
    ln = 14 - 2
    while ln <= 162:
        raw = lines[ln - 1].strip()
        if not raw or ln in continued:
            ln += 1
            continue
        if ln in PARTS:
            n, sid = PARTS[ln]
            if open_div:
                body.append("      </div>")
            body.append(f'      <div type="part" n="{n}" xml:id="{DOC}-{sid}">')
            body.append(f"        <head>{E(raw)}</head>")
            open_div = True
            ln += 1
            continue
        xml = markup(ln, raw)
        cur = ln
        while cur in JOINS:
            nxt = JOINS[cur]
            sep = "" if cur in NOSPACE_JOIN else " "
            xml += sep + markup(nxt, lines[nxt - 1].strip())
            cur = nxt
        if ln in BLOCK_QUOTES:
            body.append(f"        <quote>\n          <p>{xml}</p>\n        </quote>")
        else:
            body.append(f"        <p>{xml}</p>")
        ln += 1
    body += ["      </div>", "    </body>", "  </text>", "</TEI>", ""]
    doc = HEADER + "\n".join(body)
    counter = iter(range(1, 1000))
    doc = re.sub(rf"{DOC}-ed#", lambda m: f"{DOC}-ed{next(counter)}", doc)
    out_path.write_text(doc, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
