"""Write the six Pirani headers (tools/import/pirani_headers/*.xml) from one template: the book
is the same in all of them; each part has its own author, title, date and archival source."""

from pathlib import Path

OUT = Path(__file__).resolve().parent / "pirani_headers"

MONOGR = """<monogr>
              <title level="m" type="main">Communist Dissidents in Early Soviet Russia</title>
              <title level="m" type="sub">Five Documents</title>
              <idno type="ISBN">978 1 80514 115 0</idno>
              <respStmt><resp>translated and introduced by</resp><persName>Simon Pirani</persName></respStmt>
              <imprint>
                <pubPlace>Market Harborough, Leicestershire</pubPlace>
                <publisher>Matador, an imprint of Troubador Publishing Ltd</publisher>
                <date when="2023">2023</date>
              </imprint>
              <biblScope unit="page" from="{start}">from p. {start}</biblScope>
            </monogr>"""
# first pages as the book's Contents print them; the Contents give no last pages
START = {"pirani-intro": 1, "pirani-vlasov": 23, "pirani-wpsp": 33, "pirani-collectivists": 41,
         "pirani-workers-truth": 69, "pirani-litvinov": 82}

PARTS = {
    "pirani-intro": dict(title="Introduction", author='<author xml:id="pirani">Simon Pirani</author>',
                         translator="", creation='<date when="2023">2023</date>', ms=None,
                         about="the translator's introduction to the book"),
    "pirani-vlasov": dict(title="Anton Vlasov's letter to the Central Committee", author="<author>Anton Vlasov</author>",
                          creation='<date when="1920-09">September 1920</date>',
                          ms=("Russian State Archive of Social and Political History (RGASPI)", "f. 329, op. 2, d. 1, ll. 28-29"),
                          about="document 1 of the book"),
    "pirani-wpsp": dict(title="Declaration of the Workers and Peasants Socialist Party",
                        author="<author><orgName>Workers and Peasants Socialist Party</orgName></author>",
                        creation='<date when="1921">1921</date>',
                        ms=("Central Archive of the Social-Political History of Moscow", "f. 3, op. 2, d. 18, ll. 2-3"),
                        about="document 2 of the book"),
    "pirani-collectivists": dict(title="‘We are collectivists’", author="<author><orgName>The Collectivists</orgName> (authors unknown)</author>",
                                 creation='<date when="1921-11">November 1921</date>',
                                 ms=("Russian State Archive of Social and Political History", "f. 17, op. 60, d. 43, ll. 20-28"),
                                 about="document 3 of the book"),
    "pirani-workers-truth": dict(title="Appeal of the Workers Truth group", author="<author><orgName>Workers Truth group</orgName></author>",
                                 creation='<date when="1922">1922</date>',
                                 ms=("Russian State Archive of Social and Political History (RGASPI)", "f. 17, op. 71, d. 81"),
                                 about="document 4 of the book; the translation follows the text published in Sotsialisticheskii vestnik (1923), no. 3"),
    "pirani-litvinov": dict(title="From Iosif Litvinov's diary", author="<author>Iosif Litvinov</author>",
                            creation='<date from="1922-01-15" to="1922-07-10">1922</date>',
                            ms=("Russian State Archive of Political History (RGASPI)", "f. 589, d. 1509, ll. 16-52"),
                            about="document 5 of the book"),
}

TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="{id}" xml:lang="en">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title type="main">{title}</title>
        {author}
        {translator}
        <respStmt xml:id="ed">
          <resp>TEI encoding, correction of extraction damage, editorial notes</resp>
          <orgName>The editors of Communist Dissent in Early Soviet Russia, 1919–1923</orgName>
        </respStmt>
      </titleStmt>
      <publicationStmt>
        <publisher>Communist Dissent in Early Soviet Russia, 1919–1923: a digital edition</publisher>
        <idno type="edition">{id}</idno>
        <idno type="collection">pirani</idno>
        <availability status="restricted">
          <licence target="https://creativecommons.org/licenses/by/4.0/">The TEI markup and the
            editorial notes are licensed under CC BY 4.0.</licence>
          <p>Copyright © 2023 Simon Pirani (translation, introduction and notes). The book is also
            offered by its author as a free PDF. Reproduced here for scholarly use.</p>
        </availability>
        <date when="2026-11-22">2026</date>
      </publicationStmt>
      <sourceDesc>
        <biblStruct>
          <analytic>
            {analytic_author}
            <title level="a">{title}</title>
          </analytic>
          {monogr}
          <note>This file encodes {about}. The book's front matter, back cover and imprint are
            given in <ref target="pirani-intro.xml">pirani-intro.xml</ref>.</note>
        </biblStruct>
        {ms}
      </sourceDesc>
    </fileDesc>
    <encodingDesc>
      <editorialDecl>
        <correction method="markup"><p>The text is given as printed; misprints are not corrected.</p></correction>
        <normalization><p>No normalisation of spelling, transliteration or quotation marks.</p></normalization>
        <quotation marks="all"><p>Quotation marks are kept as printed.</p></quotation>
        <hyphenation eol="none"><p>Hyphens at the printed page breaks in this book are real
          compound hyphens (e.g. drug-induced, heroic-decisive) and are kept.</p></hyphenation>
        <segmentation><p>Paragraphs split at page breaks (and by the note texts printed in
          between) are rejoined; page breaks are not recorded.</p></segmentation>
        <p>Notes: the notes are numbered afresh in each part of the book, as printed; each is
          placed at its call, and note texts continued on a later page are joined. All notes are
          the translator's (resp="#pirani"). The translator's headnotes are encoded as
          div type="headnote" resp="#pirani"; the "==" rule that follows them is not encoded. The
          translator's square brackets are supplied (resp="#pirani"), [...] is a gap
          (omitted-by-translator), and [*], his mark for an unreadable word, a gap
          (illegible).</p>
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
      <creation>{creation}</creation>
      <langUsage>
        <language ident="en">English</language>
        <language ident="ru-Latn">Russian in Latin transliteration</language>
      </langUsage>
    </profileDesc>
    <revisionDesc>
      <change when="2026-11-22" who="#ed">Encoded from sources/003_565b5a36cf94700f.txt with
        tools/import/pirani_lead.py, then corrected by hand.</change>
    </revisionDesc>
  </teiHeader>
  <text>
{front}<!--BODY-->
{back}
  </text>
</TEI>
"""

for doc_id, d in PARTS.items():
    translator = '<editor role="translator" xml:id="pirani">Simon Pirani</editor>' if doc_id != "pirani-intro" else ""
    ms = ""
    if d["ms"]:
        repo, idno = d["ms"]
        ms = (f"<msDesc>\n          <msIdentifier>\n            <repository>{repo}</repository>\n"
              f"            <idno>{idno}</idno>\n          </msIdentifier>\n"
              "          <p>The archival location of the original, as the translator's first note gives it.</p>\n"
              "        </msDesc>")
    front = back = ""
    if doc_id == "pirani-intro":  # the book's own front and back matter, filled in by pirani_lead.py
        front, back = "<!--FRONT-->\n", "<!--BACK-->"
    text = TEMPLATE.format(id=doc_id, title=d["title"], author=d["author"], translator=translator,
                           analytic_author=d["author"].replace(' xml:id="pirani"', ""), monogr=MONOGR.replace("{start}", str(START[doc_id])),
                           about=d["about"], ms=ms, creation=d["creation"], front=front, back=back)
    (OUT / f"{doc_id}.xml").write_text(text, encoding="utf-8")
