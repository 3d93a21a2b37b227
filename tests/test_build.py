"""The real edition, built once: every document has its page, its TEI download and its PDF."""

from __future__ import annotations

import copy
import re
import unicodedata

import lxml.html
import pytest
from pypdf import PdfReader

from edition import corpus
from edition.checking.xml import NS

from conftest import ROOT

DOCS = sorted(p.stem for p in (ROOT / "tei").glob("*.xml"))


def norm(text: str) -> str:
    """PDF text as words: ligatures undone, hyphenation at line ends joined, spaces folded."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\u00ad\u2010-]\s*\n\s*", "", text)
    return " ".join(text.split())


def first_words(el, n: int) -> str:
    """The first n words of an element's own text, notes inside it and corrections left out."""
    el = copy.deepcopy(el)
    for inner in el.xpath(".//t:note | .//t:corr | .//t:reg", namespaces=NS):
        parent, prev = inner.getparent(), inner.getprevious()
        if inner.tail:  # keep the text that follows the removed element
            if prev is not None:
                prev.tail = (prev.tail or "") + inner.tail
            else:
                parent.text = (parent.text or "") + inner.tail
        parent.remove(inner)
    return " ".join("".join(el.itertext()).split()[:n])


def test_every_document_is_built(built_site, project):
    site, stats = built_site
    assert stats.documents == len(DOCS) > 0
    assert stats.pdfs == len(DOCS) + 1  # and the whole volume
    assert (site / "pdf" / "edition.pdf").is_file()
    for doc_id in DOCS:
        assert (site / f"{doc_id}.html").is_file()
        assert (site / "pdf" / f"{doc_id}.pdf").is_file()


@pytest.mark.parametrize("doc_id", DOCS)
def test_document_page_links_its_downloads(built_site, project, doc_id):
    site, _ = built_site
    page = lxml.html.parse(str(site / f"{doc_id}.html")).getroot()
    hrefs = {a.get("href") for a in page.iter("a")}
    assert f"tei/{doc_id}.xml" in hrefs and f"pdf/{doc_id}.pdf" in hrefs
    doc = corpus.describe(ROOT / "tei" / f"{doc_id}.xml", corpus.parse(ROOT / "tei" / f"{doc_id}.xml"))
    assert page.cssselect("h1")[0].text_content().startswith(doc.title)
    assert len(page.cssselect("h1")) == 1
    # every note has its call in the text; each call leads to a note in the list, and back,
    # except where the source lost the note's text (the call stays, unlinked: sup.noteref.lost)
    calls = page.cssselect("a.noteref")
    lost = page.cssselect("sup.noteref.lost")
    ids = {el.get("id") for el in page.iter() if el.get("id")}
    notes = doc.tree.getroot().findall("t:text//t:note", NS)
    gone = [n for n in notes if n.find("t:gap[@reason='note-text-not-in-source']", NS) is not None and len(n) == 1]
    assert len(calls) + len(lost) == len(notes) and len(lost) == len(gone)
    for a in calls:
        assert a.get("href")[1:] in ids
        assert page.get_element_by_id(a.get("href")[1:]).cssselect('a[role="doc-backlink"]')[0].get("href") == "#" + a.get("id")


@pytest.mark.parametrize("doc_id", DOCS)
def test_tei_download_is_the_source_file_byte_for_byte(built_site, doc_id):
    site, _ = built_site
    assert (site / "tei" / f"{doc_id}.xml").read_bytes() == (ROOT / "tei" / f"{doc_id}.xml").read_bytes()


@pytest.mark.parametrize("doc_id", DOCS)
def test_pdf_has_the_text_its_footnotes_and_numbered_pages(built_site, doc_id):
    site, stats = built_site
    reader = PdfReader(str(site / "pdf" / f"{doc_id}.pdf"))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) == stats.pdf_pages_by_doc[doc_id]
    # folios run 1..N: each page's last line is its number, so no page was lost or added
    for i, text in enumerate(pages, 1):
        assert text.strip().split("\n")[-1].strip() == str(i), f"page {i} of {doc_id}"
    tree = corpus.parse(ROOT / "tei" / f"{doc_id}.xml")
    whole = norm("\n".join(pages))
    first_p = tree.getroot().find("t:text/t:body//t:p", NS)
    assert norm(first_words(first_p, 8)) in whole
    note = next((n for n in tree.getroot().iterfind("t:text//t:note", NS) if first_words(n, 6)), None)
    if note is not None:
        assert norm(first_words(note, 6)) in whole


def test_home_page_lists_every_document_with_its_author(built_site, project):
    site, _ = built_site
    home = lxml.html.parse(str(site / "index.html")).getroot()
    links = {a.get("href") for a in home.cssselect("a.doc-link")}
    assert links == {f"{d}.html" for d in DOCS}
    for d in corpus.load(project):
        entry = home.cssselect(f'a.doc-link[href="{d.id}.html"]')[0].getparent()
        for author in d.authors:
            assert author in entry.text_content()


def test_no_link_in_the_built_site_is_broken(built_site):
    from edition.publishing.linkcheck import broken_links

    site, _ = built_site
    assert broken_links(site) == []


def test_a_broken_link_is_found(tmp_path):
    from edition.publishing.linkcheck import broken_links

    (tmp_path / "a.html").write_text('<p id="x"><a href="b.html">b</a> <a href="a.html#x">x</a> <a href="#nope">n</a></p>')
    assert broken_links(tmp_path) == [("a.html", "b.html"), ("a.html", "#nope")]


@pytest.mark.parametrize("doc_id", DOCS)
def test_pdf_fonts_are_embedded_and_the_editions_own(built_site, doc_id):
    import subprocess

    site, _ = built_site
    out = subprocess.run(["pdffonts", str(site / "pdf" / f"{doc_id}.pdf")], capture_output=True, text=True,
                         check=True).stdout.splitlines()[2:]
    assert out
    for line in out:
        name, emb = line.split()[0], line.split()[-5]
        assert emb == "yes", line
        assert "Libertine" in name or "Noto" in name, line  # no silent fallback to another family


def test_pdf_keeps_cyrillic(built_site):
    site, _ = built_site
    text = " ".join(p.extract_text() for p in PdfReader(str(site / "pdf" / "gaido.pdf")).pages)
    assert "величины" in text and "чиновник-бюрократ" in norm(text)
