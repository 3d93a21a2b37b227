"""pydyf's list of page references, built once per page count instead of once per use.

WeasyPrint 70 tags a PDF (PDF/UA) by giving every structure element the reference of its page,
`pdf.page_references[page_number]`; pydyf 0.13 builds that property afresh on each use, a tuple
of every page's reference. The volume has 233 pages and about 37,000 structure elements, so
its tags cost 8.6 million string formats (0.5–0.9 CPU s of a 20 s render). Here the tuple is
kept until a page is added: the same values, so the same PDF, byte for byte
(tests/test_pdf_pagerefs.py)."""

from __future__ import annotations

PINNED = "0.13.0"   # the pydyf whose property this replaces

_original = None


def _page_references(self):
    kids = self.pages["Kids"]
    # Kids only grows (add_page appends three items a page): its identity and length tell
    # whether the tuple kept is still the one pydyf would build now.
    key = (id(kids), len(kids))
    kept = self.__dict__.get("_edition_page_references")
    if kept is None or kept[0] != key:
        kept = self.__dict__["_edition_page_references"] = (key, _original.fget(self))
    return kept[1]


def install() -> bool:
    global _original
    import pydyf

    if getattr(pydyf, "__version__", None) != PINNED:
        return False
    if _original is None:
        _original = pydyf.PDF.page_references
        pydyf.PDF.page_references = property(_page_references)
    return True


def uninstall() -> None:
    """pydyf's own property again (for the test that compares the two)."""
    global _original
    import pydyf

    if _original is not None:
        pydyf.PDF.page_references = _original
        _original = None
