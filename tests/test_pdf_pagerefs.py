"""The page references kept by edition/publishing/pagerefs.py are pydyf's own: the same values
whenever pages are added, and the same PDF, byte for byte, patched or not."""

from __future__ import annotations

import pytest

from edition.publishing import pagerefs


@pytest.fixture
def pydyf():
    import pydyf

    if pydyf.__version__ != pagerefs.PINNED:
        pytest.skip(f"the patch applies to pydyf {pagerefs.PINNED} only")
    yield pydyf
    pagerefs.install()


def test_the_kept_references_follow_every_page_added(pydyf):
    pagerefs.uninstall()
    theirs = pydyf.PDF()
    assert pagerefs.install()
    ours = pydyf.PDF()
    for pdf in (theirs, ours):
        for _ in range(3):
            pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = ours.page_references
    assert first is ours.page_references   # kept, not built again
    for pdf in (theirs, ours):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert len(ours.page_references) == 4 and ours.page_references != first
    pagerefs.uninstall()
    assert ours.page_references == theirs.page_references


def test_a_tagged_pdf_is_the_same_byte_for_byte_with_and_without_the_patch(pydyf, tmp_path):
    from weasyprint import HTML

    html = ("<html lang='en'><title>T</title><body>"
            + "".join(f"<h1 id='h{i}'>Part {i}</h1><p>Text <a href='#h{(i + 1) % 9}'>on</a> page {i}.</p>"
                      "<p style='break-after: page'>A list:</p><ul><li>one</li><li>two</li></ul>" for i in range(9))
            + "</body></html>")
    doc = HTML(string=html).render()
    pagerefs.uninstall()
    theirs = doc.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=b"fixed", uncompressed_pdf=True)
    assert pagerefs.install()
    ours = doc.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=b"fixed", uncompressed_pdf=True)
    assert len(doc.pages) >= 9 and b"/StructTreeRoot" in ours
    assert ours == theirs
