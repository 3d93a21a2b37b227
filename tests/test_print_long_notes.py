"""A long note that does not fit under the text of its call's page breaks across pages
(edition/publishing/footnote_area.py): its first lines at the foot of the call's page, the rest
first in the next page's footnote area under "(n. 2 continued)"; every word once, in order; the
call where it was; the call's page's text and every page before it as WeasyPrint sets them.

The document is small and made here, with the edition's stylesheet: one-line paragraphs, then a
paragraph that calls the long note, then a long paragraph. The number of one-line paragraphs
is varied until WeasyPrint (unpatched) carries the long note whole to the next page, which it
does when the long paragraph's second line no longer fits and the orphans rule forbids
breaking after its first (it then takes the last note off the page)."""

from __future__ import annotations

import re
import subprocess
from functools import lru_cache

import pytest

from edition.publishing import footnote_area, pdf

from conftest import ROOT

LONG = " ".join(f"w{i:03d}" for i in range(1, 181))    # about eleven lines of a note
SHORT = "A short note before it."
LATER = "A note called on the next page."


NARROW = "<style>@page :nth(2) { margin-right: 45mm !important }</style>"   # a narrower second page


def document(fillers: int, head: str = "") -> str:
    lines = "\n".join(f"<p>Line {i} of the text.</p>" for i in range(fillers))
    para = " ".join(["The long paragraph runs over several lines of the page."] * 12)
    return f"""<!DOCTYPE html><html lang="en"><head><link rel="stylesheet" href="assets/edition.css">{head}</head>
<body class="print"><article class="tei-document print" lang="en"><div class="body">
<p>The first paragraph calls a short note.<sup class="fn-call" id="s-call">1</sup><span class="fn" id="s"><span
 class="fn-label">1</span> {SHORT}</span></p>
{lines}
<p>This paragraph calls the long note.<sup class="fn-call" id="a-call">2</sup><span class="fn" id="a"><span
 class="fn-label">2</span> {LONG}</span></p>
<p>{para}</p>
<p>{para}</p>
<p>A paragraph on the next page calls another note.<sup class="fn-call" id="b-call">3</sup><span class="fn"
 id="b"><span class="fn-label">3</span> {LATER}</span></p>
<p>{para}</p>
</div></article></body></html>"""


class Page:
    """A laid-out page as the test reads it: its ids, the lines of its text and of its notes."""

    def __init__(self, page):
        from weasyprint.formatting_structure import boxes

        self.anchors = set(page.anchors)
        root = page._page_box.children[0]
        area = next((c for c in page._page_box.children if isinstance(c, boxes.FootnoteAreaBox)), None)
        self.text = self.lines(root)
        self.notes = [text for _, text in self.lines(area)] if area else []
        self.note_line = max((line.height for line in area.descendants() if isinstance(line, boxes.LineBox)),
                             default=0) if area else 0
        self.area_top = area.position_y if area else None
        self.text_bottom = max((line.position_y + line.height for line in root.descendants()
                                if isinstance(line, boxes.LineBox)), default=0)

    @staticmethod
    def lines(box):
        from weasyprint.formatting_structure import boxes

        return [((round(line.position_x, 2), round(line.position_y, 2)),
                 "".join(t.text for t in line.descendants() if isinstance(t, boxes.TextBox)))
                for line in box.descendants() if isinstance(line, boxes.LineBox)]


@lru_cache(maxsize=None)
def laid_out(fillers: int, patched: bool, head: str = ""):
    from weasyprint import HTML

    html = HTML(string=document(fillers, head), base_url=ROOT.as_uri() + "/")
    try:
        if not patched:
            footnote_area.uninstall()
        return html.render()
    finally:
        footnote_area.install()


def pages(fillers: int, patched: bool, head: str = "") -> list[Page]:
    return [Page(p) for p in laid_out(fillers, patched, head).pages]


def page_of(pages: list[Page], anchor: str) -> int:
    return next(i for i, p in enumerate(pages) if anchor in p.anchors)


def note_words(lines: list[str]) -> list[str]:
    return re.sub(r"[\u00ad\u2010-]\n", "", "\n".join(lines)).split()


@pytest.fixture(scope="module")
def broken():
    """The number of one-line paragraphs with which WeasyPrint carries the long note whole, and
    the page of its call."""
    import weasyprint

    if weasyprint.__version__ != footnote_area.PINNED:
        pytest.skip(f"the patch applies to WeasyPrint {footnote_area.PINNED} only")
    for fillers in range(30, 5, -1):
        theirs = pages(fillers, patched=False)
        call = page_of(theirs, "a-call")
        if page_of(theirs, "a") == call + 1:
            return fillers, call
    pytest.fail("WeasyPrint carried the long note whole with no number of lines before it")


def test_the_long_note_starts_under_its_call_and_ends_first_on_the_next_page(broken):
    fillers, call = broken
    ours = pages(fillers, patched=True)
    assert page_of(ours, "a-call") == call and page_of(ours, "a") == call   # the call stays; the note joins it
    assert "a" not in ours[call + 1].anchors   # its id (the PDF's destination) stays with the first part
    here, there = ours[call].notes, ours[call + 1].notes
    first = next(i for i, line in enumerate(here) if line.startswith("2 "))
    assert here[0].startswith("1 " + SHORT[:10])          # the notes before it keep their places
    kept = here[first:]
    assert there[0] == "(n. 2 continued)"
    rest = there[1:next(i for i, line in enumerate(there) if line.startswith("3 "))]
    assert len(kept) >= 2 and len(rest) >= 2                # orphans and widows of the note
    assert note_words(kept + rest) == ["2", *LONG.split()]  # every word once, in order
    assert there[len(rest) + 1].startswith("3 " + LATER[:10])   # and the next note after it
    # as many lines as fit: one more would have met the text, or would have left one alone
    room = ours[call].area_top - ours[call].text_bottom
    assert room >= 0 and (len(rest) == 2 or room < ours[call].note_line), (room, len(rest))


def test_the_rest_is_set_anew_on_a_next_page_of_another_width(broken):
    """The continuation is WeasyPrint's layout of the note from where its first part stopped, so
    on a narrower page its lines break anew, and still no word is lost or set twice."""
    fillers, call = broken
    ours = pages(fillers, patched=True, head=NARROW)
    assert page_of(ours, "a-call") == call == 0 and page_of(ours, "a") == call
    here, there = ours[call].notes, ours[call + 1].notes
    kept = here[next(i for i, line in enumerate(here) if line.startswith("2 ")):]
    assert there[0] == "(n. 2 continued)"
    rest = there[1:next(i for i, line in enumerate(there) if line.startswith("3 "))]
    assert note_words(kept + rest) == ["2", *LONG.split()]
    wide = pages(fillers, patched=True)[call + 1].notes
    assert len(rest) > len(wide[1:wide.index(next(l for l in wide if l.startswith("3 ")))])   # more, shorter lines


def test_the_call_s_page_keeps_its_text_and_the_pages_before_it_are_unchanged(broken):
    fillers, call = broken
    ours, theirs = pages(fillers, patched=True), pages(fillers, patched=False)
    for mine, their in zip(ours[:call], theirs[:call]):
        assert (mine.anchors, mine.text, mine.notes) == (their.anchors, their.text, their.notes)
    assert ours[call].text == theirs[call].text
    assert ours[call].notes[:len(theirs[call].notes)] == theirs[call].notes   # the part only follows them
    assert theirs[call + 1].notes[0].startswith("2 ")    # WeasyPrint: the whole note there, first


def test_where_no_note_breaks_the_layout_is_weasyprint_s(broken):
    """With fewer lines before it the long note fits under its call, or WeasyPrint moves the
    call's line with it: the patched layout is then WeasyPrint's, page for page."""
    fillers, call = broken
    for n in range(fillers - 4, fillers):
        ours, theirs = pages(n, patched=True), pages(n, patched=False)
        if any(line == "(n. 2 continued)" for page in ours for line in page.notes):
            continue
        assert [(p.anchors, p.text, p.notes) for p in ours] == [(p.anchors, p.text, p.notes) for p in theirs]


def test_the_broken_note_counts_as_placed(broken, tmp_path):
    """The build's check that no note was lost finds both parts' note on a page."""
    fillers, call = broken
    job = pdf.PdfJob("long-note", document(fillers), ROOT.as_uri() + "/", tmp_path / "long-note.pdf")
    document_ = laid_out(fillers, patched=True)
    pdf._check_notes(job, document_)
    with pytest.raises(pdf.LostNotes, match=r"\ba\b"):   # without the first part's page, the note is lost
        pdf._check_notes(job, document_.copy(document_.pages[:call] + document_.pages[call + 1:]))


def test_the_broken_note_in_the_tagged_pdf(broken, tmp_path):
    """Written as the build writes it (PDF/UA-1), read back by pdftotext page by page."""
    fillers, call = broken
    pdf = tmp_path / "long-note.pdf"
    laid_out(fillers, patched=True).write_pdf(pdf, pdf_variant="pdf/ua-1")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout.split("\f")
    here, there = text[call], text[call + 1]
    assert "(n. 2 continued)" in there and "continued" not in here
    words = [w for w in re.findall(r"w\d{3}", here + "\n" + there)]
    assert words == LONG.split()
