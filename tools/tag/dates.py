"""Tag calendar dates and years in TEI documents with ISO 8601 values.

    python tools/tag/dates.py tei/allen.xml [tei/…] [--dry-run]

Recognises the forms the sources print: "February 26, 1922", "26 February 1922", "February
1922", "1922", ranges ("1919-1920", "1920–1", "March 2-8, 1922", "February 24 to March 4, 1922",
"23 March to 1 April 1921", "March–April 1922", "March 1919-April 1920", "(1885-1937)", "(1898-?)");
"the 1920s" is left untagged, a decade being neither a calendar date nor a year. A day
and month printed without a year take the year last printed before them in the same division,
marked cert="medium" and evidence="conjecture". Existing <date> elements are kept, so the
tool can be re-run after hand corrections; numbers that are page, folio or file numbers are
left alone.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
from entities import T, insert_marked, write  # noqa: E402

MONTHS = {m: i for i, m in enumerate(
    "January February March April May June July August September October November December".split(), 1)}
for short, i in list((m[:3], i) for m, i in MONTHS.items()) + [("Sept", 9)]:
    MONTHS.setdefault(short, i)
MON = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
YEAR = r"(?:1[89]\d\d|20[0-3]\d)"
DASH = r"\s?[-–—]\s?"
SKIP = {f"{T}{t}" for t in ("date", "time", "idno", "ptr", "gap", "corr", "reg", "expan", "email", "num")}
# a number after these is a page, folio, file or issue number, not a year
NOT_YEAR_BEFORE = re.compile(r"(?:\b(?:pp?|ll?|ff?|d|op|no|No|vol|Vol|nos?)\.\s?|[:/]\s?)$")

PATTERNS = [
    # March 1919-April 1920 (months of two years)
    ("my-my", rf"(?P<m1>{MON}),?\s(?P<y>{YEAR}){DASH}(?P<m2>{MON}),?\s(?P<y2>{YEAR})"),
    # February 24 to March 4, 1922 · March 27-April 2, 1922
    ("md-md-y", rf"(?P<m1>{MON})\s(?P<d1>\d{{1,2}})(?:{DASH}|\sto\s)(?P<m2>{MON})\s(?P<d2>\d{{1,2}}),?\s(?P<y>{YEAR})"),
    # 23 March to 1 April 1921
    ("dm-dm-y", rf"(?P<d1>\d{{1,2}})\s(?P<m1>{MON})(?:{DASH}|\sto\s)(?P<d2>\d{{1,2}})\s(?P<m2>{MON}),?\s(?P<y>{YEAR})"),
    # February 10 or 16, 1922 (one of two days)
    ("md-or-d-y", rf"(?P<m1>{MON})\s(?P<d1>\d{{1,2}})\sor\s(?P<d2>\d{{1,2}}),?\s(?P<y>{YEAR})"),
    # March 2-8, 1922
    ("m-dd-y", rf"(?P<m1>{MON})\s(?P<d1>\d{{1,2}}){DASH}(?P<d2>\d{{1,2}}),?\s(?P<y>{YEAR})"),
    # 2-8 March 1922
    ("dd-m-y", rf"(?P<d1>\d{{1,2}}){DASH}(?P<d2>\d{{1,2}})\s(?P<m1>{MON}),?\s(?P<y>{YEAR})"),
    # February 26, 1922 · Tuesday, April 11, 1922 (the weekday stays outside)
    ("md-y", rf"(?P<m1>{MON})\s(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s(?P<y>{YEAR})"),
    # 26 February 1922 · 2nd August 2020
    ("dm-y", rf"(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s(?P<m1>{MON}),?\s(?P<y>{YEAR})"),
    # March–April 1922 · late February - early March 1922
    ("m-m-y", rf"(?P<m1>{MON})(?:{DASH}|\sto\s)(?:early\s|late\s|mid-)?(?P<m2>{MON}),?\s(?P<y>{YEAR})"),
    # August and September 1923 (the first month takes the year printed after the second)
    ("m-and-m-y", rf"(?P<m1>{MON})\s(?:and|or)\s(?P<m2>{MON}),?\s(?P<y>{YEAR})"),
    # February 1922
    ("m-y", rf"(?P<m1>{MON}),?\s(?P<y>{YEAR})"),
    # 1919-1920 · 1920–1 · 1921-22 · 1898-?
    ("y-y", rf"(?P<y>{YEAR}){DASH}(?P<y2>\d{{4}}|\d{{1,2}}(?!\d)|\?)"),
    # the 1920s
    ("decade", r"(?P<y>1[89]\d0)s"),
    # March 2-8 (year from context)
    ("m-dd", rf"(?P<m1>{MON})\s(?P<d1>\d{{1,2}}){DASH}(?P<d2>\d{{1,2}})(?!\d|,?\s\d)"),
    # February 26 (year from context)
    ("md", rf"(?P<m1>{MON})\s(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?!\d|,?\s\d)"),
    # 26 February (year from context)
    ("dm", rf"(?<![\d,.])(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s(?P<m1>{MON})(?!,?\s\d)"),
    ("y", rf"(?P<y>{YEAR})"),
]
# One alternation, first pattern first; group k3 is PATTERNS[3], its inner groups k3_y, k3_m1 …
PATTERN = re.compile("|".join(f"(?P<k{i}>{rx.replace('?P<', f'?P<k{i}_')})" for i, (_, rx) in enumerate(PATTERNS)))
BOUND = re.compile(r"\w")


def _iso(y: int, m: int | None = None, d: int | None = None) -> str:
    return f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if d else "")


def _month(s: str) -> int:
    return MONTHS[s.rstrip(".")]


def values(kind: str, g: dict, context_year: int | None) -> dict | None:
    """The ISO attributes for one match, or None when it is not a date after all."""
    y = int(g["y"]) if g.get("y") else context_year
    if y is None:
        return None
    inferred = {} if g.get("y") else {"cert": "medium", "evidence": "conjecture"}
    try:
        if kind in ("md-md-y", "dm-dm-y"):
            return {"from": _iso(y, _month(g["m1"]), int(g["d1"])), "to": _iso(y, _month(g["m2"]), int(g["d2"]))}
        if kind == "md-or-d-y":
            m = _month(g["m1"])
            return {"notBefore": _iso(y, m, int(g["d1"])), "notAfter": _iso(y, m, int(g["d2"]))}
        if kind in ("m-dd-y", "dd-m-y", "m-dd"):
            m = _month(g["m1"])
            return {"from": _iso(y, m, int(g["d1"])), "to": _iso(y, m, int(g["d2"])), **inferred}
        if kind in ("md-y", "dm-y", "md", "dm"):
            return {"when": _iso(y, _month(g["m1"]), int(g["d1"])), **inferred}
        if kind == "m-and-m-y":
            return {"when": _iso(y, _month(g["m1"])), "_second": _iso(y, _month(g["m2"]))}
        if kind == "m-m-y":
            return {"from": _iso(y, _month(g["m1"])), "to": _iso(y, _month(g["m2"]))}
        if kind == "m-y":
            return {"when": _iso(y, _month(g["m1"]))}
        if kind == "y-y":
            end = g["y2"]
            if end == "?":
                return {"from": _iso(y)}
            y2 = int(end) if len(end) == 4 else int(str(y)[: 4 - len(end)] + end)
            return {"from": _iso(y), "to": _iso(y2)} if y2 > y else None
        if kind == "decade":
            # "the 1920s" is read so that its "1920" is not taken for a year, but a decade is
            # neither a calendar date nor a year: not tagged (docs/encoding.md)
            return None
        if kind == "my-my":
            return {"from": _iso(y, _month(g["m1"])), "to": _iso(int(g["y2"]), _month(g["m2"]))}
        if kind == "y":
            return {"when": _iso(y)}
    except (KeyError, ValueError):
        return None
    return None


def _valid(attrs: dict) -> bool:
    import datetime
    for v in attrs.values():
        parts = v.split("-")
        if len(parts) == 3 and parts[0].isdigit():
            try:
                datetime.date(*map(int, parts))
            except ValueError:
                return False
    return True


def tag_tree(tree) -> int:
    count = 0
    last_year: list[int | None] = [None]

    def split(text: str) -> list:
        out, pos = [], 0
        for m in PATTERN.finditer(text):
            if (m.start() and BOUND.match(text[m.start() - 1])) or (m.end() < len(text) and text[m.end()].isdigit()):
                continue
            if NOT_YEAR_BEFORE.search(text[max(0, m.start() - 6): m.start()]):
                continue
            kind = PATTERNS[int(m.lastgroup[1:])][0]
            g = {k[len(m.lastgroup) + 1:]: v for k, v in m.groupdict().items()
                 if v is not None and k.startswith(m.lastgroup + "_")}
            attrs = values(kind, g, last_year[0])
            if not attrs or not _valid(attrs):
                continue
            if g.get("y") and g.get("m1"):
                # only a date with a month sets the year for later day-and-month dates: bare
                # years are as often life dates or years of publication
                last_year[0] = int(g["y"])
            out.append(text[pos:m.start()])
            if "_second" in attrs:  # two months, one year: two dates
                m1_end, m2_start = m.end(f"{m.lastgroup}_m1"), m.start(f"{m.lastgroup}_m2")
                out += [({"when": attrs["when"]}, text[m.start():m1_end]), text[m1_end:m2_start],
                        ({"when": attrs["_second"]}, text[m2_start:m.end()])]
            else:
                out.append((attrs, m.group(0)))
            pos = m.end()
        out.append(text[pos:])
        return out

    def make(attrs, surface):
        el = etree.Element(f"{T}date", {k: attrs[k] for k in ("when", "from", "to", "notBefore", "notAfter", "cert", "evidence") if k in attrs})
        el.text = surface
        return el

    def walk(el):
        nonlocal count
        if el.tag in SKIP or (el.tag == f"{T}note" and el.get("type") == "editorial"):
            value = el.get("when") or el.get("from") or ""
            if el.tag == f"{T}date" and len(value) >= 7 and value[:4].isdigit():
                last_year[0] = int(value[:4])
            return
        if el.tag == f"{T}note":
            # a note has its own context: it neither takes nor gives the running text's year
            saved, last_year[0] = last_year[0], None
            walk_children(el)
            last_year[0] = saved
            return
        walk_children(el)

    def walk_children(el):
        nonlocal count
        if el.tag == f"{T}div":
            last_year[0] = None if el.getparent().tag == f"{T}body" else last_year[0]
        originals = list(el)
        if el.text:
            parts = split(el.text)
            if len(parts) > 1:
                el.text = parts[0] or None
                count += sum(isinstance(p, tuple) for p in parts)
                insert_marked(el, 0, parts[1:], make)
        for child in originals:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts = split(child.tail)
                if len(parts) > 1:
                    child.tail = parts[0] or None
                    count += sum(isinstance(p, tuple) for p in parts)
                    insert_marked(el, el.index(child) + 1, parts[1:], make)

    for text in tree.getroot().iterfind(f"{T}text"):
        walk(text)
    return count


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", type=Path, nargs="+")
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args()
    for path in args.files:
        tree = etree.parse(str(path))
        n = tag_tree(tree)
        print(f"{path}: {n} dates tagged")
        if not args.dry_run:
            write(tree, path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
