"""The print edition as a reader holds it: each document's PDF and the whole volume, read back
with pypdf and poppler (pdftotext, pdftoppm) and compared with the TEI."""

from __future__ import annotations

import copy
import re
import subprocess
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from edition import corpus, registers
from edition.checking.xml import NS, XML_ID

from conftest import ROOT

DOCS = sorted(p.stem for p in (ROOT / "tei").glob("*.xml"))
ARTIFACTS = ROOT / "build" / "test-artifacts"


def words(text: str) -> str:
    """Text as a run of words: ligatures undone, line-end hyphens joined, punctuation dropped."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\u00ad\u2010-]\s*\n\s*", "", text)
    return " ".join(re.sub(r"[^\w\s]", " ", text).split()).casefold()


def printed_text(el) -> str:
    """An element's text as the PDF prints it there: notes (at the page foot) and the editors'
    corrections (listed at the end) left out."""
    el = copy.deepcopy(el)
    etree.strip_elements(el, *(f"{{{NS['t']}}}{name}" for name in ("note", "corr", "reg", "expan")), with_tail=False)
    return " ".join("".join(el.itertext()).split())


def sentences(el) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"‘'(])", printed_text(el)) if words(s)]


@lru_cache(maxsize=None)
def page_texts(pdf: Path) -> list[str]:
    """pdftotext page by page (the reading order the PDF gives)."""
    n = len(PdfReader(str(pdf)).pages)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    pages = out.split("\f")
    assert len(pages) >= n
    return pages[:n]


def body_lines(text: str) -> str:
    """A page without its running head (first line) and its folio (last line)."""
    lines = [l for l in text.strip("\n").split("\n")]
    if lines and lines[-1].strip().isdigit():
        lines = lines[:-1]
    return "\n".join(lines)


def destinations(reader: PdfReader) -> dict[str, int]:
    return {name: reader.get_destination_page_number(dest) for name, dest in reader.named_destinations.items()}


def tree(doc_id):
    return corpus.parse(ROOT / "tei" / f"{doc_id}.xml")


@pytest.fixture(scope="module")
def volume(built_site) -> Path:
    site, _ = built_site
    return site / "pdf" / "edition.pdf"


# ---------------------------------------------------------------- each document and the volume

@pytest.mark.parametrize("doc_id", DOCS)
def test_first_and_last_sentence_of_the_text_are_in_its_pdf_and_in_the_volume(built_site, volume, doc_id):
    site, _ = built_site
    paragraphs = [p for p in tree(doc_id).getroot().iterfind("t:text/t:body//t:p", NS) if sentences(p)]
    first, last = sentences(paragraphs[0])[0], sentences(paragraphs[-1])[-1]
    for pdf in (site / "pdf" / f"{doc_id}.pdf", volume):
        whole = words("\n".join(body_lines(t) for t in page_texts(pdf)))
        # a sentence may run across a page break, with notes between: its first and last words
        assert " ".join(words(first).split()[:8]) in whole, (pdf.name, first)
        assert " ".join(words(last).split()[-8:]) in whole, (pdf.name, last)


def note_pages(pdf: Path, doc_id: str):
    """For every footnote of the document: its id, the page of its call, the page of its text."""
    dest = destinations(PdfReader(str(pdf)))
    notes = tree(doc_id).getroot().xpath(
        "t:text//t:note[@place='foot' or @type='editorial'][@xml:id][not(ancestor::t:note)]", namespaces=NS)
    return [(n, dest[f"{n.get(XML_ID)}-call"], dest[n.get(XML_ID)]) for n in notes]


@pytest.mark.parametrize("doc_id", DOCS)
def test_no_note_is_lost_in_the_layout(built_site, volume, doc_id):
    site, _ = built_site
    notes = tree(doc_id).getroot().xpath("t:text//t:note[@xml:id]", namespaces=NS)
    for pdf in (site / "pdf" / f"{doc_id}.pdf", volume):
        dest = destinations(PdfReader(str(pdf)))
        whole = words("\n".join(page_texts(pdf)))
        for note in notes:
            assert note.get(XML_ID) in dest, (pdf.name, note.get(XML_ID))
            start = " ".join(words(printed_text(note)).split()[:6])
            assert start in whole, (pdf.name, note.get(XML_ID), start)


@pytest.mark.parametrize("doc_id", ["allen", "gaido", "pirani-vlasov"])
def test_a_footnote_stands_on_the_page_of_its_call_with_its_text(built_site, doc_id):
    site, _ = built_site
    pdf = site / "pdf" / f"{doc_id}.pdf"
    texts = page_texts(pdf)
    on_page = [(n, call) for n, call, page in note_pages(pdf, doc_id) if call == page]
    assert on_page
    for note, page in on_page:
        start = " ".join(words(printed_text(note)).split()[:6])
        assert start in words(texts[page]), (note.get(XML_ID), start)


def test_footnotes_leave_the_page_of_their_call_only_to_the_next_one_and_rarely(built_site):
    """WeasyPrint carries a note that does not fit to the next page, whole when not even its first
    two lines fit (a long note is broken, its first part keeping the note's place); the call's
    page is where a note belongs, the next page the only other place it may go, and across the
    edition no more than one note in twenty may go there (8 of 360 when this was written)."""
    site, _ = built_site
    placed, carried = 0, []
    for doc_id in DOCS:
        notes = note_pages(site / "pdf" / f"{doc_id}.pdf", doc_id)
        assert all(page in (call, call + 1) for _, call, page in notes), doc_id
        placed += len(notes)
        carried += [n.get(XML_ID) for n, call, page in notes if page != call]
    assert placed > 300
    assert len(carried) * 20 <= placed, carried


CONTINUED = re.compile(r"\(n\. (\S+) continued\)")


@pytest.mark.parametrize("pdf_name", [*DOCS, "edition"])
def test_a_note_is_whole_on_its_call_s_page_or_the_next_or_broken_across_the_two(built_site, pdf_name):
    """Every note stands whole on its call's page, or whole on the next (carried: not even two
    of its lines fitted), or broken: its first lines on the call's page, the rest on the next
    under "(n. 12 continued)" (the build fails on a note lost altogether)."""
    site, _ = built_site
    pdf = site / "pdf" / f"{pdf_name}.pdf"
    texts = page_texts(pdf)
    carried = []
    for doc_id in (DOCS if pdf_name == "edition" else [pdf_name]):
        for note, call, page in note_pages(pdf, doc_id):
            text = words(printed_text(note)).split()
            start, end = " ".join(text[:6]), " ".join(text[-6:])
            assert page in (call, call + 1), note.get(XML_ID)
            assert start in words(texts[page]), (note.get(XML_ID), page + 1)
            if end in words(texts[page]):
                carried += [note.get(XML_ID)] if page != call else []
                continue
            # broken: its call's page holds its start, the next page its end under the line
            assert page == call and end in words(texts[call + 1]), (note.get(XML_ID), page + 1)
            labels = CONTINUED.findall(body_lines(texts[call + 1]))
            assert labels and (note.get("n") is None or note.get("n") in labels), (note.get(XML_ID), labels)
    assert len(carried) < 40, carried


@pytest.mark.parametrize("doc_id", ["allen", "avrich"])
def test_paragraph_ids_are_the_pdfs_destinations_as_in_the_html(built_site, volume, doc_id):
    site, _ = built_site
    ids = [p.get(XML_ID) for p in tree(doc_id).getroot().xpath("t:text//t:p[@xml:id]", namespaces=NS)]
    html = (site / f"{doc_id}.html").read_text(encoding="utf-8")
    for pdf in (site / "pdf" / f"{doc_id}.pdf", volume):
        dest = destinations(PdfReader(str(pdf)))
        for ident in ids:
            assert ident in dest, (pdf.name, ident)
            assert f'id="{ident}"' in html


@pytest.mark.parametrize("doc_id", DOCS)
def test_the_tei_source_is_attached_and_the_metadata_given(built_site, doc_id):
    site, _ = built_site
    reader = PdfReader(str(site / "pdf" / f"{doc_id}.pdf"))
    assert reader.attachments[f"{doc_id}.xml"] == [(ROOT / "tei" / f"{doc_id}.xml").read_bytes()]
    doc = corpus.describe(ROOT / "tei" / f"{doc_id}.xml", tree(doc_id))
    meta = reader.metadata
    assert meta.title.startswith(doc.title)
    assert meta.author == ", ".join(doc.authors) or not doc.authors
    assert meta.subject and meta.get("/Keywords")
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]  # tagged
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert re.search(r'pdfuaid:part(="|>)1', xmp)  # PDF/UA-1 identification


def test_running_heads_give_title_and_section_apart_from_the_subtitle(built_site):
    site, _ = built_site
    texts = page_texts(site / "pdf" / "allen.pdf")
    doc = corpus.describe(ROOT / "tei" / "allen.xml", tree("allen"))
    heads = [t.strip("\n").split("\n")[0] for t in texts]
    # the opening page has no head; the left pages the edition, the right the document
    assert not heads[0].startswith(doc.title)
    right, left = heads[2::2], heads[1::2]
    assert all(h.startswith(doc.title) for h in right), right
    assert not any(doc.subtitle in h for h in right)
    assert any(" · " in h for h in right)  # with the section
    assert set(left) == {"Communist Dissent 1919–1923"}


def test_running_heads_and_outline_leave_out_a_headings_note_call(volume):
    """Pirani's introduction has its note 1 on its heading ("Introduction¹"): the running head and
    the outline give the heading's words, not the call's number after them."""
    heading = next(h for h in tree("pirani-intro").getroot().iterfind(".//t:div/t:head", NS)
                   if h.find(".//t:note", NS) is not None)
    words_only = " ".join("".join(heading.xpath(".//text()[not(ancestor::t:note)]", namespaces=NS)).split())
    heads = [t.strip("\n").split("\n")[0].strip() for t in page_texts(volume)]
    assert any(h.endswith(" · " + words_only) for h in heads)
    assert not any(re.search(rf"{re.escape(words_only)}\s*\d+$", h) for h in heads)
    titles = []

    def walk(items):
        for it in items:
            walk(it) if isinstance(it, list) else titles.append(it.title)
    walk(PdfReader(str(volume)).outline)
    assert words_only in titles and not any(re.fullmatch(rf"{re.escape(words_only)}\s*\d+", t) for t in titles)


def test_outline_separates_title_and_subtitle(built_site, volume):
    site, _ = built_site
    doc = corpus.describe(ROOT / "tei" / "allen.xml", tree("allen"))
    outline = PdfReader(str(site / "pdf" / "allen.pdf")).outline
    assert outline[0].title == doc.title
    titles = []

    def walk(items, depth):
        for it in items:
            if isinstance(it, list):
                walk(it, depth + 1)
            else:
                titles.append((depth, it.title))
    walk(PdfReader(str(volume)).outline, 0)
    assert (0, doc.title) in titles
    # Pirani's book is one part, its introduction and five documents under it
    part = next(i for i, (d, t) in enumerate(titles) if t.startswith("Communist Dissidents in Early Soviet Russia"))
    under = [t for d, t in titles[part + 1:] if d == 1][:6]
    assert under[0] == "Introduction" and len(under) == 6


def test_misprints_are_printed_and_their_corrections_listed(built_site):
    site, _ = built_site
    text = words("\n".join(page_texts(site / "pdf" / "allen.pdf")))
    assert "misprints corrected by the editors" in text
    assert "lapse lepse" in text  # "Lapse] Lepse"
    # the text itself keeps the printed reading
    body = text.split("misprints corrected by the editors")[0]
    assert "lapse" in body


# ---------------------------------------------------------------- the volume

def test_volume_holds_every_document_in_the_editions_order_with_one_page_sequence(built_site, volume, project):
    site, stats = built_site
    reader = PdfReader(str(volume))
    dest = destinations(reader)
    starts = [dest[d] for d in project.order]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    texts = page_texts(volume)
    assert stats.pdf_pages_by_doc["edition"] == len(texts)
    # one sequence: every numbered page's folio is its place in the volume
    numbered = [(i, t.strip("\n").split("\n")[-1].strip()) for i, t in enumerate(texts, 1)]
    numbered = [(i, f) for i, f in numbered if f.isdigit()]
    assert len(numbered) > len(texts) - 4
    assert all(int(f) == i for i, f in numbered)
    assert len(texts) > sum(n for d, n in stats.pdf_pages_by_doc.items() if d != "edition")


def test_volume_ids_are_unique():
    from edition.publishing.volume import DuplicateIds, check_unique_ids

    check_unique_ids('<p id="allen-p1"></p><p id="allen-p2"></p>')
    with pytest.raises(DuplicateIds, match="allen-p1"):
        check_unique_ids('<p id="allen-p1"></p><p id="allen-p1"></p>')


def test_volume_title_page_and_front_matter(volume, project):
    texts = page_texts(volume)
    front = words(" ".join(texts[:3]))
    meta = project.meta
    for field in ("title", "editors", "licence"):
        assert words(meta[field]) in front, field
    assert words(f"version {meta['version']}") in front
    principles = words(" ".join(texts[3:6]))
    assert "editorial principles" in principles and "numbered as printed" in principles


def test_table_of_contents_numbers_are_the_pages_of_the_headings(volume, project):
    reader = PdfReader(str(volume))
    dest = destinations(reader)
    texts = page_texts(volume)
    toc_page = next(i for i, t in enumerate(texts) if t.lstrip().startswith("Contents") or "\nContents\n" in t[:200])
    toc = re.sub(r"\s*\n\s*", " ", texts[toc_page] + " " + texts[toc_page + 1])
    docs = corpus.load(project)
    checked = 0
    for d in docs:
        m = re.search(re.escape(d.title) + r".*?(?:\. ?){3,}\s*(\d+)", toc)
        assert m, d.title
        number = int(m.group(1))
        assert number == dest[d.id] + 1, d.title
        assert d.title.split()[0] in texts[number - 1]  # the heading is printed on that page
        checked += 1
    m = re.search(r"Indexes of .*?(?:\. ?){3,}\s*(\d+)", toc)
    assert int(m.group(1)) == dest["indexes"] + 1
    assert checked == len(docs)


def index_line(texts: list[str], heading: str, start: int) -> str:
    """The page numbers printed after a heading of the index, read across lines, columns and pages."""
    flow = "\n".join(body_lines(t).split("\n", 1)[-1] for t in texts[start:])
    m = re.search(re.escape(heading) + r"(?: \([^)]*\))?((?:[\s,–]*\d+n?)+)", flow)
    assert m, heading
    return m.group(1)


def expand(pages: str) -> set[int]:
    out = set()
    for part in re.findall(r"\d+n?(?:\s*–\s*\d+)?", pages):
        a, _, b = part.replace("n", "").partition("–")
        out.update(range(int(a), int(b or a) + 1))
    return out


def text_of_page(text: str) -> str:
    """What the texts print on a page: no running head or folio, no web address (a name in a URL
    is no mention), and not the editors' list of corrected misprints ("p. 190 Shlipanikov] …")."""
    lines = body_lines(text).split("\n")[1:]
    lines = [l for l in lines if not re.match(r"p\. \d+ .*\]", l)]
    return re.sub(r"\S*(://|www\.)\S*|\S+/\S+", " ", "\n".join(lines).split("Misprints corrected by the editors")[0])


def test_index_of_persons_lists_exactly_the_pages_the_name_is_printed_on(volume, project):
    texts = page_texts(volume)
    dest = destinations(PdfReader(str(volume)))
    first_text, index_start = dest[project.order[0]], dest["indexes"]
    entry = registers.load_entries(project.register_dir)["per:shliapnikov"]
    # every spelling of his surname the register records, as a word (not "Shliapnikova")
    forms = {re.split(r"[\s.]+", n.strip())[-1] for n in [entry.name, *entry.variants]}
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(forms))) + r")\b", re.IGNORECASE)
    printed = {i + 1 for i in range(first_text, index_start) if pattern.search(words(text_of_page(texts[i])))}
    listed = expand(index_line(texts, "Shliapnikov, Alexander", index_start))
    assert len(printed) > 30
    assert listed == printed, (sorted(listed - printed), sorted(printed - listed))


def test_index_collapses_ranges_marks_notes_and_refers_variants(volume):
    texts = page_texts(volume)
    start = destinations(PdfReader(str(volume)))["indexes"]
    flow = "\n".join(texts[start:])
    assert re.search(r"\d+–\d+", flow) and re.search(r"\d+n\b", flow)
    assert re.search(r"Shlyapnikov,\s+see\s+Shliapnikov, Alexander", flow)
    assert "Index of places" in flow and "Index of organisations" in flow
    # in order: Python's own sort would put a name with a diacritic or an apostrophe astray
    persons = flow.split("Index of places")[0]
    at = lambda heading: persons.index("\n" + heading)  # noqa: E731  (where its own line starts)
    assert at("Kollontai, Alexandra") < at("Lenin, Vladimir") < at("Zinoviev")


# ---------------------------------------------------------------- fonts and page images

def test_volume_fonts_are_embedded_subset_and_the_editions_own(volume):
    out = subprocess.run(["pdffonts", str(volume)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert out
    for line in out:
        cols = line.split()
        name, emb, sub = cols[0], cols[-5], cols[-4]
        assert emb == "yes" and sub == "yes", line
        assert re.match(r"[A-Z]{6}\+", name), line  # a subset's tag
        assert "Libertine" in name or "Noto" in name, line


def test_page_images_of_a_text_page_a_footnote_page_and_an_index_page(volume, built_site):
    site, _ = built_site
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    reader = PdfReader(str(volume))
    dest = destinations(reader)
    texts = page_texts(volume)
    pages = {
        "text-page": dest["avrich-p4"] + 1,
        "footnote-page": dest["allen-n6"] + 1,
        "index-page": dest["indexes"] + 2,
    }
    assert "The most up-to-date" in texts[pages["footnote-page"] - 1]
    for name, number in pages.items():
        stem = ARTIFACTS / f"volume-{name}"
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(number), "-l", str(number), "-singlefile",
                        str(volume), str(stem)], check=True)
        png = stem.with_suffix(".png")
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


# ---------------------------------------------------------------- only what changed is rendered

def test_pdfs_are_rendered_again_only_when_their_inputs_change(small_project, tmp_path):
    from edition.publishing.site import build

    out = tmp_path / "site"
    first = build(small_project, out, make_pdf=True)
    assert first.pdfs == 2 and first.pdfs_cached == 0  # the document and the volume
    before = (out / "pdf" / "mini.pdf").read_bytes()
    # unchanged sources: the site in place is kept as it is, PDFs and all
    kept = build(small_project, out, make_pdf=True)
    assert (out / "pdf" / "mini.pdf").read_bytes() == before and kept.pdfs == 2
    # a whole build of the same inputs takes each PDF from the cache, rendering none
    again = build(small_project, out, make_pdf=True, incremental=False)
    assert again.pdfs_cached == 2
    assert (out / "pdf" / "mini.pdf").read_bytes() == before
    # a changed text changes its PDF and the volume
    tei = small_project.tei_dir / "mini.xml"
    tei.write_text(tei.read_text(encoding="utf-8").replace("wrote.", "wrote again."), encoding="utf-8")
    changed = build(small_project, out, make_pdf=True)
    assert changed.pdfs_cached == 0
    assert "wrote again" in words(" ".join(p.extract_text() for p in PdfReader(str(out / "pdf" / "mini.pdf")).pages))
