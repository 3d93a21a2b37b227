"""The faster footnote area (edition/publishing/footnote_area.py) lays pages out exactly as
WeasyPrint's own: every note and every paragraph on the same page, every piece of text at the
same place, patched or not, up to the first page from which a long note is broken (which
WeasyPrint would have carried whole): that page keeps its text, and only gains the note's first
lines under its notes."""

from __future__ import annotations

import re
import shutil

import pytest

from edition.publishing import footnote_area, print_edition


class Captured(Exception):
    pass


def _pages(job) -> tuple[list[list[str]], list[list[tuple]]]:
    """Per page: the ids on it; every piece of text with its position and whether it stands in
    the footnote area."""
    from weasyprint import HTML
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox, TextBox
    from weasyprint.text.fonts import FontConfiguration

    def pieces(box, in_area=False):
        in_area = in_area or isinstance(box, FootnoteAreaBox)
        if isinstance(box, TextBox):
            yield (round(box.position_x, 2), round(box.position_y, 2), box.text, in_area)
        for child in getattr(box, "children", ()):
            yield from pieces(child, in_area)

    document = HTML(string=job.html, base_url=job.base_url).render(font_config=FontConfiguration())
    return ([sorted(page.anchors) for page in document.pages],
            [list(pieces(page._page_box)) for page in document.pages])


def _both(job):
    """(WeasyPrint's own layout, the patched one) of `job`."""
    try:
        footnote_area.uninstall()
        theirs = _pages(job)
        assert footnote_area.install()
        return theirs, _pages(job)
    finally:
        footnote_area.install()


@pytest.fixture(scope="module")
def print_jobs(project, tmp_path_factory):
    """The print HTML of every document as the build makes it (the build stopped before rendering)."""
    import weasyprint

    if weasyprint.__version__ != footnote_area.PINNED:
        pytest.skip(f"the patch applies to WeasyPrint {footnote_area.PINNED} only")
    from edition.publishing.site import build

    tmp_path = tmp_path_factory.mktemp("footnote-area")
    jobs = []

    def capture(site):   # the print HTML as the build makes it, then stop the build: no render
        shutil.copytree(site.out / "assets", tmp_path / "assets")   # the build's folder goes
        jobs.extend(print_edition.jobs(site))
        raise Captured

    mp = pytest.MonkeyPatch()
    mp.setattr(print_edition, "write_pdfs", capture)
    try:
        with pytest.raises(Captured):
            build(project, tmp_path / "site", make_pdf=True)
    finally:
        mp.undo()
    for job in jobs:
        job.base_url = tmp_path.as_uri() + "/"
    return {job.doc_id: job for job in jobs}


def test_patched_and_unpatched_layouts_put_notes_and_paragraphs_on_the_same_pages(print_jobs):
    (theirs, their_lines), (ours, our_lines) = _both(print_jobs["gaido"])   # 74 notes on 28 pages, some long
    assert len(ours) == len(theirs) > 20
    notes = [a for page in theirs for a in page if re.fullmatch(r"gaido-(n|ed)\d+", a)]
    paragraphs = [a for page in theirs for a in page if re.fullmatch(r"gaido-p\d+", a)]
    assert len(notes) > 70 and len(paragraphs) > 100
    assert ours == theirs
    assert sum(map(len, their_lines)) > 1000 and our_lines == their_lines


@pytest.mark.parametrize("doc_id", ["allen", "pirani-intro"])
def test_the_layouts_agree_up_to_the_page_a_long_note_breaks_from(print_jobs, doc_id):
    """allen (360 notes) and pirani-intro (where WeasyPrint carries the 7-line note 9 whole): the
    same pages up to the first that differs; from there on a note is broken, so that page has
    WeasyPrint's text with the first lines of one more note at its foot, and the next page has the
    continuation."""
    (theirs, their_lines), (ours, our_lines) = _both(print_jobs[doc_id])
    differ = next((i for i, pair in enumerate(zip(zip(ours, our_lines), zip(theirs, their_lines)))
                   if pair[0] != pair[1]), None)
    if differ is None:
        assert len(ours) == len(theirs) and sum(map(len, their_lines)) > 1000
        return
    # the ids of the page, and those of the note's first lines (its own among them), which
    # WeasyPrint's layout has on the next page
    assert differ > 0 and set(theirs[differ]) < set(ours[differ]) <= set(theirs[differ]) | set(theirs[differ + 1])
    outside = [[p for p in page if not p[3]] for page in (our_lines[differ], their_lines[differ])]
    assert outside[0] == outside[1] and len(outside[1]) > 20   # the text of the page, untouched
    ours_area, theirs_area = ([p for p in page if p[3]] for page in (our_lines[differ], their_lines[differ]))
    # WeasyPrint's notes, moved up together as the area grew, then the note's first lines: a run
    # of the text WeasyPrint set on the next page, line for line
    shift = {round(mine[1] - their[1], 1) for mine, their in zip(ours_area, theirs_area)}
    assert [p[0::2] for p in ours_area[:len(theirs_area)]] == [p[0::2] for p in theirs_area] and len(shift) <= 1
    added, their_next = [p[2] for p in ours_area[len(theirs_area):]], [p[2] for p in their_lines[differ + 1]]
    assert added and any(their_next[i:i + len(added)] == added for i in range(len(their_next)))
    assert any("continued)" in p[2] for p in our_lines[differ + 1] if p[3])
