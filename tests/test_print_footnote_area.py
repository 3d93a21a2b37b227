"""The faster footnote measurement (edition/publishing/footnote_area.py) lays pages out exactly
as WeasyPrint's own: every note and every paragraph on the same page, patched or not."""

from __future__ import annotations

import logging
import re

import pytest

from edition.publishing import footnote_area, print_edition


class Captured(Exception):
    pass


def _page_anchors(job) -> list[list[str]]:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = HTML(string=job.html, base_url=job.base_url).render(font_config=FontConfiguration())
    return [sorted(page.anchors) for page in document.pages]


def test_patched_and_unpatched_layouts_put_notes_and_paragraphs_on_the_same_pages(project, tmp_path, monkeypatch):
    import weasyprint

    if weasyprint.__version__ != footnote_area.PINNED:
        pytest.skip(f"the patch applies to WeasyPrint {footnote_area.PINNED} only")
    from edition.publishing.site import build

    jobs = []

    def capture(site):   # the print HTML as the build makes it, then stop the build: no render
        jobs.extend(print_edition.jobs(site))
        raise Captured

    monkeypatch.setattr(print_edition, "write_pdfs", capture)
    with pytest.raises(Captured):
        build(project, tmp_path / "site", make_pdf=True)
    job = next(j for j in jobs if j.doc_id == "gaido")   # 74 notes on 28 pages, some long
    try:
        footnote_area.uninstall()
        theirs = _page_anchors(job)
        assert footnote_area.install()
        ours = _page_anchors(job)
    finally:
        footnote_area.install()
    assert len(ours) == len(theirs) > 20
    notes = [a for page in theirs for a in page if re.fullmatch(r"gaido-(n|ed)\d+", a)]
    paragraphs = [a for page in theirs for a in page if re.fullmatch(r"gaido-p\d+", a)]
    assert len(notes) > 70 and len(paragraphs) > 100
    assert ours == theirs
