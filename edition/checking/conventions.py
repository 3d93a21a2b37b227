"""The edition's conventions that no grammar states: note numbers in order, dates that exist."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from lxml import etree

from .xml import NS, XML_ID

ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
EARLIEST, LATEST = 1700, 2100  # outside this, a date in these texts is a slip
DATE_ATTS = ("when", "from", "to", "notBefore", "notAfter")
# Elements whose from/to are dates (TEI's att.datable); on biblScope or citedRange they are pages.
DATED = {"date", "time", "birth", "death", "floruit", "event", "change", "docDate", "origDate", "creation"}

Finding = tuple[Path, int, str | None, str, str, str]


def parse_iso(value: str) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day an ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD) can mean, or None."""
    m = ISO.match(value)
    if not m:
        return None
    y, mo, d = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])
    try:
        if d:
            day = datetime.date(y, mo, d)
            return day, day
        if mo:
            first = datetime.date(y, mo, 1)
            nxt = datetime.date(y + (mo == 12), mo % 12 + 1, 1)
            return first, nxt - datetime.timedelta(days=1)
        return datetime.date(y, 1, 1), datetime.date(y, 12, 31)
    except ValueError:
        return None


def check(path: Path, tree: etree._ElementTree) -> list[Finding]:
    out: list[Finding] = []
    root = tree.getroot()

    numbers = []
    for note in root.iterfind("t:text//t:note[@place='foot']", NS):
        n = note.get("n", "")
        if not n.isdigit():
            if n:
                out.append((path, note.sourceline, "note", "error",
                            f'note number "{n}" is not a number', "note-number"))
            continue
        if numbers and int(n) <= numbers[-1][0]:
            out.append((path, note.sourceline, "note", "error",
                        f"note {n} follows note {numbers[-1][0]}: notes must stand in printed order without repeats",
                        "note-order"))
        elif numbers and int(n) != numbers[-1][0] + 1:
            out.append((path, note.sourceline, "note", "warning",
                        f"note numbers jump from {numbers[-1][0]} to {n}", "note-gap"))
        elif not numbers and int(n) != 1:
            out.append((path, note.sourceline, "note", "warning",
                        f"the first note is numbered {n}, not 1", "note-gap"))
        numbers.append((int(n), note))

    # Citations, register pages and the PDF point at paragraphs by id: a paragraph without one
    # can be read but not cited (tools/tag/paragraphs.py gives the ids).
    for p in root.iterfind("t:text//t:p", NS):
        if p.get(XML_ID) is None and not any(etree.QName(a).localname == "note" for a in p.iterancestors()):
            out.append((path, p.sourceline, "p", "warning",
                        "paragraph without xml:id: it cannot be cited; run tools/tag/paragraphs.py", "paragraph-id"))
            break

    for el in root.iter():
        if not isinstance(el.tag, str) or etree.QName(el).localname not in DATED:
            continue
        spans = {}
        for att in DATE_ATTS:
            value = el.get(att)
            if value is None:
                continue
            span = parse_iso(value)
            local = etree.QName(el).localname
            if span is None:
                out.append((path, el.sourceline, local, "error",
                            f'@{att}="{value}" is not a date in ISO 8601 form (YYYY, YYYY-MM or YYYY-MM-DD) '
                            "that exists in the calendar", "date-invalid"))
            elif not (EARLIEST <= span[0].year <= LATEST):
                out.append((path, el.sourceline, local, "error",
                            f'@{att}="{value}" is outside the plausible range {EARLIEST}–{LATEST}', "date-range"))
            else:
                spans[att] = span
        if "from" in spans and "to" in spans and spans["from"][0] > spans["to"][1]:
            out.append((path, el.sourceline, etree.QName(el).localname, "error",
                        f'@from="{el.get("from")}" is after @to="{el.get("to")}"', "date-order"))
    return out
