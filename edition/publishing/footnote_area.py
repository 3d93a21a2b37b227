"""A faster footnote area for WeasyPrint 70, the version pinned in pyproject.toml, and long notes
that break across pages.

**Measuring.** WeasyPrint 70 measures the footnote area of a page by laying the whole area out
again every time a note is added to the page, moved to the next one or taken back
(`LayoutContext._update_footnote_area`): the cost grows with the square of the notes on a page,
and on these note-heavy pages it was more than a third of the layout time. The height of a
note set at the area's width does not depend on the notes beside it when notes have no
vertical margins to collapse (the stylesheet gives `.fn` none, and this patch checks it), so
each note is measured once and the area's height is the sum of its notes' heights.

The page's footnote area is still laid out by WeasyPrint at the end of the page, but a note in
it is not set a second time: the lines it was measured with are copied into place (moved to
where the note now stands), since with no vertical margins and no limit below the area
nothing about them can differ.

**Breaking a long note.** WeasyPrint 70 cannot split a note: one that does not fit under the
text of its call's page is carried whole to the next page (upstream Kozea/WeasyPrint #1833),
and the call's page keeps the space it would have taken. Here, once a page's text is laid
out, the first note carried from it is broken where its lines stop fitting into that space:
as many lines as fit stay at the foot of the call's page (never fewer than the note's
`orphans`), the rest (never fewer than its `widows`) is carried to the next page, where it
stands first, under a line "(n. 12 continued)" and without its number. The text of the call's
page is not touched (its lines were laid out before, and the part added only fills the room
left under them); the pages after it are laid out by WeasyPrint with the shorter carried part.
The first part is the first lines of the note's one layout, the continuation WeasyPrint's own
layout of the note from the resume point of the first part's last line (at the next page's
width, whatever it is), so no word is set twice or lost. A part is a copy of the note's box that
says where it resumes and how many lines it keeps (`_edition_part`).

The patch applies only to the pinned version (any other falls back to WeasyPrint's own code) and
to an area whose height is not constrained (no height, min-height or max-height on @footnote);
anything else, a note with vertical margins, padding or borders or one that is not plain lines
included, takes WeasyPrint's own path (measured as WeasyPrint does, carried whole).
tests/test_print_footnote_area.py checks that the patched and unpatched layouts put every
note and every paragraph on the same page, every line of text at the same place, up to the page
a note is broken from; tests/test_print_long_notes.py that a broken note's words all stand
once, in order, its first part under its call's text, the rest first on the next page."""

from __future__ import annotations

from math import inf

PINNED = "70.0"

_original = None
_original_block_level_layout = None
_original_page_block_level_layout = None


def _no_vertical_margins(style) -> bool:
    return all(style[side].value == 0 for side in ("margin_top", "margin_bottom"))


def _flat(box) -> bool:
    """No padding or border above or below: the note's lines are its whole height."""
    return not (box.padding_top or box.padding_bottom or box.border_top_width or box.border_bottom_width)


def _part(box):
    """(note, where it resumes, how many lines) if `box` is part of a broken note, else None:
    the note laid out from the skip stack (None: from its start), cut after that many lines
    (None: to its end)."""
    return box.__dict__.get("_edition_part")


def _make_part(note, skip, count):
    part = note.copy()   # same style, same children: WeasyPrint lays it out from `skip`
    part._edition_part = (note, skip, count)
    return part


# ---------------------------------------------------------------- layout of a note in the area

def _whole_layout(context, box, bottom_space, skip_stack, containing_block, *args, **kwargs):
    """The note of `box` laid out whole where `box` stands: the first layout at this width, or a
    copy of it moved here."""
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


def _block_level_layout(context, box, bottom_space, skip_stack, containing_block, *args, **kwargs):
    """A note laid out in a footnote area, unbroken: the first layout at this width is kept
    and a copy of it is moved to where the note now starts; a part of a broken note is that
    copy cut to its lines (under the continuation line if it is not the first part)."""
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox

    # every child of a footnote area is a note (whose float WeasyPrint has reset to none), but
    # for the continuation line measured alone
    if not (isinstance(containing_block, FootnoteAreaBox) and bottom_space == -inf and skip_stack is None
            and not box.__dict__.get("_edition_marker") and _no_vertical_margins(box.style)):
        return _original_block_level_layout(context, box, bottom_space, skip_stack, containing_block,
                                            *args, **kwargs)
    part = _part(box)
    if part is None:
        return _whole_layout(context, box, bottom_space, skip_stack, containing_block, *args, **kwargs)
    note, skip, count = part
    if skip is None:
        result = _whole_layout(context, box, bottom_space, None, containing_block, *args, **kwargs)
    else:   # the rest of the note, as WeasyPrint sets it from where its first part stopped
        result = _original_block_level_layout(context, box, bottom_space, skip, containing_block,
                                              *args, **kwargs)
    laid = result[0]
    if laid is None:
        return result
    lines = laid.children if count is None else laid.children[:count]
    top = laid.content_box_y()
    kept = []
    if skip is not None:
        marker, marker_height, (x0, y0) = _marker(context, containing_block, note)
        for line in marker:
            line = line.deepcopy()
            line.translate(laid.content_box_x() - x0, top - y0)
            line._edition_marker_line = True
            kept.append(line)
        top += marker_height
        # the continuation is not where the note is: its id (and so the PDF's destination and
        # the page the build counts it on) stays with the first part
        laid.style = laid.style.copy()
        laid.style["anchor"] = None
    dy = top - lines[0].position_y
    for line in lines:
        line.translate(0, dy)
    laid.children = kept + lines
    laid.height = lines[-1].position_y + lines[-1].height - laid.content_box_y()
    return (laid, None, *result[2:])


# ---------------------------------------------------------------- measuring

def _measure(context, area, note):
    """(height, lines) of `note` (or a part of a broken note) set alone at the width of `area`,
    where lines are the (top, bottom, resume point) of each line of its text below its top, or
    None if it is not one run of lines that WeasyPrint can resume; None if it cannot be
    measured alone."""
    cache = context.__dict__.setdefault("_edition_note_heights", {})
    key = (id(note), area.width)
    hit = cache.get(key)
    if hit is not None and hit[0] is note:
        return hit[1]
    from weasyprint.formatting_structure import boxes, build
    from weasyprint.layout import block

    alone = build.create_anonymous_boxes(area.copy_with_children([note]).deepcopy())
    inline = alone.children[0].children   # the note's content: one line box to break, if plain
    laid = block.block_level_layout(context, alone, -inf, None, area.page)[0]
    child = laid.children[0] if laid.children else None
    measure = None
    if child is not None and len(laid.children) == 1 and not child.margin_top and not child.margin_bottom:
        lines = None
        if (len(inline) == 1 and isinstance(inline[0], boxes.LineBox) and child.children and _flat(child)
                and all(isinstance(c, boxes.LineBox) for c in child.children)):
            top = child.content_box_y()
            lines = [(line.position_y - top, line.position_y + line.height - top, line.resume_at)
                     for line in child.children if not line.__dict__.get("_edition_marker_line")]
        measure = (laid.height, lines)
    cache[key] = (note, measure)   # the note itself is kept, so that its id is not reused
    return measure


def _note_height(context, area, note):
    """The height `note` (or a part of a broken note) adds to `area`, or None if it cannot be
    measured alone."""
    measure = _measure(context, area, note)
    return None if measure is None else measure[0]


def _marker(context, area, note):
    """The continuation line of `note` laid out at the area's width: (line boxes, height, the
    top left corner they were laid out from)."""
    cache = context.__dict__.setdefault("_edition_markers", {})
    key = (id(note), area.width)
    hit = cache.get(key)
    if hit is not None and hit[0] is note:
        return hit[1]
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import block

    style = note.style.anonymous_style.copy()
    style["font_style"] = "italic"
    text = boxes.TextBox(note.element_tag, style, note.element, continuation_text(note.element))
    line = boxes.LineBox.anonymous_from(note, [text])
    marker = boxes.BlockBox.anonymous_from(note, [line])
    marker._edition_marker = True
    laid = block.block_level_layout(context, area.copy_with_children([marker]), -inf, None, area.page)[0]
    laid = laid.children[0]
    result = (laid.children, laid.margin_height(), (laid.content_box_x(), laid.content_box_y()))
    cache[key] = (note, result)
    return result


def continuation_text(element) -> str:
    """"(n. 12 continued)": the line that heads the continued part of note 12."""
    if element is not None:
        for el in element.iter():
            if "fn-label" in (el.get("class") or "").split():
                label = "".join(el.itertext()).strip()
                if label:
                    return f"(n. {label} continued)"
    return "(continued)"


def _measurable(area) -> bool:
    return area.style["height"] == "auto" and area.min_height == 0 and area.max_height == inf


def _update_footnote_area(self):
    area = self.current_footnote_area
    if not _measurable(area):
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


# ---------------------------------------------------------------- breaking the first carried note

def _text_bottom(box) -> float:
    """The bottom of the last line (or other leaf) laid out in `box`: a box broken at the page's
    foot is stretched to it (css-break), so its own height says nothing of the room left."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.absolute import AbsolutePlaceholder

    if isinstance(box, boxes.LineBox):
        return box.position_y + box.height
    children = [c for c in getattr(box, "children", ())
                if not isinstance(c, AbsolutePlaceholder) and isinstance(c, boxes.Box)
                and (c.is_in_normal_flow() or c.is_floated())]
    if not children:
        return box.position_y + box.margin_height() - box.margin_bottom
    return max(_text_bottom(c) for c in children)


def _area_decoration(area) -> float:
    """Margins, borders and padding of the footnote area (what it adds besides its notes)."""
    height, area.height = area.height, 0
    try:
        return area.margin_height()
    finally:
        area.height = height


def _break_carried_note(context, root) -> bool:
    """Keep at the foot of this page as many lines of the first note carried to the next page as
    fit under the laid-out text `root`; say whether a note was broken."""
    area = context.current_footnote_area
    carried = context.reported_footnotes[0]
    if context.in_column or root is None or not _measurable(area):
        return False
    note, skip, count = _part(carried) or (carried, None, None)
    if not (note.style["footnote_display"] == "block" and _no_vertical_margins(note.style)):
        return False
    heights = [_note_height(context, area, n) for n in context.current_page_footnotes]
    measure = _measure(context, area, carried)
    if None in heights or measure is None or not measure[1]:
        return False
    lines = measure[1]   # below the continuation line, if `carried` is a continuation already
    reserved = area.margin_height() if area.height != "auto" else 0
    # the page's bottom as WeasyPrint would set it with the part in the area, against which it
    # would have tested the text's last line
    bottom = context.page_bottom + reserved - _area_decoration(area) - sum(heights)
    text = _text_bottom(root)
    kept = 0
    for lines_kept in range(note.style["orphans"], len(lines) - note.style["widows"] + 1):
        if context.overflows(bottom - lines[lines_kept - 1][1], text):
            break
        kept = lines_kept
    if not kept:
        return False
    context.current_page_footnotes.append(_make_part(note, skip, kept))
    rest = None if count is None else count - kept
    context.reported_footnotes[0] = _make_part(note, {0: lines[kept - 1][2]}, rest)
    context._update_footnote_area()
    return True


def _page_block_level_layout(context, box, *args, **kwargs):
    """make_page's layout of the page's text (whose result is kept) and of its footnote area
    (before which the first carried note may be broken)."""
    from weasyprint.formatting_structure import boxes, build

    if isinstance(box, boxes.FootnoteAreaBox) and context.reported_footnotes:
        root = context.__dict__.pop("_edition_page_text", None)
        if _break_carried_note(context, root):
            # make_page copied the area before it was given the note's first part
            area = build.create_anonymous_boxes(context.current_footnote_area.deepcopy())
            area.position_x, area.position_y = box.position_x, box.position_y
            box = area
    result = _original_page_block_level_layout(context, box, *args, **kwargs)
    if getattr(box, "is_for_root_element", False):
        context._edition_page_text = result[0]
    return result


def install() -> bool:
    """Replace the measurement and let long notes break in this process (WeasyPrint's pinned
    version only); say whether it is in place."""
    global _original, _original_block_level_layout, _original_page_block_level_layout
    import weasyprint
    from weasyprint.layout import LayoutContext, block, page

    if weasyprint.__version__ != PINNED:
        return False
    if _original is None:
        _original = LayoutContext._update_footnote_area
        LayoutContext._update_footnote_area = _update_footnote_area
        # block.py calls its own module-level name for each child of a box, page.py its own
        # imported name for the page's text and its footnote area
        _original_block_level_layout = block.block_level_layout
        block.block_level_layout = _block_level_layout
        _original_page_block_level_layout = page.block_level_layout
        page.block_level_layout = _page_block_level_layout
    return True


def uninstall() -> None:
    """WeasyPrint's own measurement again (for the test that compares the two)."""
    global _original, _original_block_level_layout, _original_page_block_level_layout
    from weasyprint.layout import LayoutContext, block, page

    if _original is not None:
        LayoutContext._update_footnote_area = _original
        block.block_level_layout = _original_block_level_layout
        page.block_level_layout = _original_page_block_level_layout
        _original = _original_block_level_layout = _original_page_block_level_layout = None
