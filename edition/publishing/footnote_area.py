"""A faster footnote area for WeasyPrint 70, the version pinned in pyproject.toml.

WeasyPrint 70 measures the footnote area of a page by laying the whole area out again every
time a note is added to the page, moved to the next one or taken back
(`LayoutContext._update_footnote_area`): the cost grows with the square of the notes on a page,
and on these note-heavy pages it was more than a third of the layout time. The height of a
note set at the area's width does not depend on the notes beside it when notes have no
vertical margins to collapse (the stylesheet gives `.fn` none, and this patch checks it), so
each note is measured once and the area's height is the sum of its notes' heights.

The page's footnote area is still laid out by WeasyPrint at the end of the page, but a note in
it is not set a second time: the lines it was measured with are copied into place (moved to
where the note now stands), since with no vertical margins and no limit below the area
nothing about them can differ. The patch applies
only to the pinned version (any other falls back to WeasyPrint's own code) and to an area
whose height is not constrained (no height, min-height or max-height on @footnote); anything
else, a note with vertical margins included, takes WeasyPrint's own path.
tests/test_print_footnote_area.py checks that the patched and unpatched layouts put every
note and every paragraph on the same page, every line of text at the same place."""

from __future__ import annotations

from math import inf

PINNED = "70.0"

_original = None
_original_block_level_layout = None


def _no_vertical_margins(style) -> bool:
    return all(style[side].value == 0 for side in ("margin_top", "margin_bottom"))


def _block_level_layout(context, box, bottom_space, skip_stack, containing_block, *args, **kwargs):
    """A note laid out in a footnote area, unbroken: the first layout at this width is kept
    and a copy of it is moved to where the note now starts."""
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox

    if not (isinstance(containing_block, FootnoteAreaBox) and bottom_space == -inf and skip_stack is None
            and box.is_footnote() and _no_vertical_margins(box.style)):
        return _original_block_level_layout(context, box, bottom_space, skip_stack, containing_block,
                                            *args, **kwargs)
    cache = context.__dict__.setdefault("_edition_note_layouts", {})
    key = (id(box.style), containing_block.width)
    hit = cache.get(key)
    if hit is None or hit[0] is not box.style:
        start = (box.position_x, box.position_y)
        result = _original_block_level_layout(context, box, bottom_space, skip_stack, containing_block,
                                              *args, **kwargs)
        if result[0] is None or result[1] is not None:   # not laid out whole: nothing to reuse
            return result
        hit = cache[key] = (box.style, start, result)
    _, (x0, y0), (laid, *rest) = hit
    copy = laid.deepcopy()
    copy.translate(box.position_x - x0, box.position_y - y0)
    return (copy, *[dict(r) if isinstance(r, dict) else (list(r) if isinstance(r, list) else r) for r in rest])


def _note_height(context, area, note):
    """The height `note` adds to `area`, or None if it cannot be measured alone."""
    cache = context.__dict__.setdefault("_edition_note_heights", {})
    key = (id(note), area.width)
    hit = cache.get(key)
    if hit is not None and hit[0] is note:
        return hit[1]
    from weasyprint.formatting_structure import build
    from weasyprint.layout import block

    alone = area.copy_with_children([note])
    laid = block.block_level_layout(context, build.create_anonymous_boxes(alone.deepcopy()), -inf, None, area.page)[0]
    child = laid.children[0] if laid.children else None
    height = None
    if child is not None and len(laid.children) == 1 and not child.margin_top and not child.margin_bottom:
        height = laid.height
    cache[key] = (note, height)   # the note itself is kept, so that its id is not reused
    return height


def _update_footnote_area(self):
    area = self.current_footnote_area
    if not (area.style["height"] == "auto" and area.min_height == 0 and area.max_height == inf):
        return _original(self)
    heights = [_note_height(self, area, note) for note in self.current_page_footnotes]
    if None in heights:
        return _original(self)
    # What follows is WeasyPrint's own bookkeeping, with the measured sum for the laid-out area.
    if area.height != "auto" and not self.in_column:
        self.page_bottom += area.margin_height()
    area.children = self.current_page_footnotes
    area.height = sum(heights) if area.children else 0
    if not self.in_column:
        self.page_bottom -= area.margin_height()
    return False   # an unconstrained area never overflows


def install() -> bool:
    """Replace the measurement in this process (WeasyPrint's pinned version only); say whether
    it is in place."""
    global _original, _original_block_level_layout
    import weasyprint
    from weasyprint.layout import LayoutContext, block

    if weasyprint.__version__ != PINNED:
        return False
    if _original is None:
        _original = LayoutContext._update_footnote_area
        LayoutContext._update_footnote_area = _update_footnote_area
        # block.py calls its own module-level name for each child of a box
        _original_block_level_layout = block.block_level_layout
        block.block_level_layout = _block_level_layout
    return True


def uninstall() -> None:
    """WeasyPrint's own measurement again (for the test that compares the two)."""
    global _original, _original_block_level_layout
    from weasyprint.layout import LayoutContext, block

    if _original is not None:
        LayoutContext._update_footnote_area = _original
        block.block_level_layout = _original_block_level_layout
        _original = _original_block_level_layout = None
