"""Give every citable block of a text (a paragraph, or a list item holding no paragraph, outside
the notes) a stable xml:id, DOC-pN, numbered in reading order. Existing ids are kept and
numbering continues after the highest one, so ids never move once given: a citation of
`allen.html#allen-p12` stays right when a paragraph is added later.

The file is edited as text (only the start tags change), so everything else stays byte for byte.

    .venv/bin/python tools/tag/paragraphs.py tei/*.xml
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from lxml import etree

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
START = re.compile(r"<(p|item)(?=[\s/>])([^>]*)>")


def citable(el) -> bool:
    if any(a.tag == f"{TEI}note" for a in el.iterancestors()):
        return False
    if not any(a.tag == f"{TEI}text" for a in el.iterancestors()):
        return False
    return el.tag == f"{TEI}p" or el.find(f"{TEI}p") is None


def number(path: Path) -> int:
    raw = path.read_text(encoding="utf-8")
    tree = etree.fromstring(raw.encode("utf-8"))
    doc_id = tree.get(XML_ID) or path.stem
    elements = list(tree.iter(f"{TEI}p", f"{TEI}item"))
    starts = list(START.finditer(raw))
    if len(starts) != len(elements):
        raise SystemExit(f"{path}: {len(starts)} start tags but {len(elements)} elements; edit by hand")
    taken = [int(m.group(1)) for el in elements if (m := re.fullmatch(rf"{re.escape(doc_id)}-p(\d+)", el.get(XML_ID) or ""))]
    n = max(taken, default=0)
    out, last, added = [], 0, 0
    for el, m in zip(elements, starts):
        if citable(el) and not el.get(XML_ID):
            n += 1
            added += 1
            at = m.end(2) - m.group(2).endswith("/")
            out.append(raw[last:at])
            out.append(f' xml:id="{doc_id}-p{n}"')
            last = at
    out.append(raw[last:])
    if added:
        path.write_text("".join(out), encoding="utf-8")
    return added


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(f"{arg}: {number(Path(arg))} ids added")
