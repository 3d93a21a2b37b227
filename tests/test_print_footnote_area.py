"""The faster footnote area (edition/publishing/footnote_area.py) lays pages out exactly as
WeasyPrint's own: every note and every paragraph on the same page, every piece of text at the
same place, patched or not."""

from __future__ import annotations

import re
import shutil

import pytest

from edition.publishing import footnote_area, print_edition


class Captured(Exception):
    pass


def _pages(job) -> tuple[list[list[str]], list[list[tuple]]]:
    """Per page: the ids on it; every piece of text with its position."""
    from weasyprint import HTML
    from weasyprint.formatting_structure.boxes import TextBox
    from weasyprint.text.fonts import FontConfiguration

    document = HTML(string=job.html, base_url=job.base_url).render(font_config=FontConfiguration())
    return ([sorted(page.anchors) for page in document.pages],
            [[(round(b.position_x, 2), round(b.position_y, 2), b.text) for b in page._page_box.descendants()
              if isinstance(b, TextBox)] for page in document.pages])


def test_patched_and_unpatched_layouts_put_notes_and_paragraphs_on_the_same_pages(project, tmp_path, monkeypatch):
    import weasyprint

    if weasyprint.__version__ != footnote_area.PINNED:
        pytest.skip(f"the patch applies to WeasyPrint {footnote_area.PINNED} only")
    from edition.publishing.site import build

    jobs = []

    def capture(site):   # the print HTML as the build makes it, then stop the build: no render
        shutil.copytree(site.out / "assets", tmp_path / "assets")   # the build's folder goes
        jobs.extend(print_edition.jobs(site))
        raise Captured

    monkeypatch.setattr(print_edition, "write_pdfs", capture)
    with pytest.raises(Captured):
        build(project, tmp_path / "site", make_pdf=True)
    job = next(j for j in jobs if j.doc_id == "gaido")   # 74 notes on 28 pages, some long
    job.base_url = tmp_path.as_uri() + "/"
    try:
        footnote_area.uninstall()
        theirs, their_lines = _pages(job)
        assert footnote_area.install()
        ours, our_lines = _pages(job)
    finally:
        footnote_area.install()
    assert len(ours) == len(theirs) > 20
    notes = [a for page in theirs for a in page if re.fullmatch(r"gaido-(n|ed)\d+", a)]
    paragraphs = [a for page in theirs for a in page if re.fullmatch(r"gaido-p\d+", a)]
    assert len(notes) > 70 and len(paragraphs) > 100
    assert ours == theirs
    assert sum(map(len, their_lines)) > 1000 and our_lines == their_lines
