"""Give register entries that have no description one, taken from the texts.

    python tools/register/describe.py [--dry-run]

For each entry of tei/register/*.xml without a <note>, the passage where the entry is tagged
(a name with life dates first, else its first tagged mention, in the edition's reading order)
gives the sentence quoted as its description, with a pointer to that note or section. Front
matter and tables of contents are not descriptions, so passages outside the body are passed
over when the body has one. Entries are edited in place; everything else in the file is kept
as written.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import ROOT, T, XML_ID, Block, blocks, describe, esc, sentence, tagged_in  # noqa: E402

from edition.registers import KINDS  # noqa: E402


def in_body(block: Block) -> bool:
    return any(a.tag == f"{T}body" for a in block.el.iterancestors())


def describe_missing(dry_run: bool = False) -> list[str]:
    every = blocks()
    body = [b for b in every if in_body(b)]
    done = []
    for prefix, (stem, kind, name_tag, *_) in KINDS.items():
        path = ROOT / "tei" / "register" / f"{stem}.xml"
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        tree = etree.parse(str(path))
        for entry in tree.getroot().iter(f"{T}{kind}"):
            if entry.find(f"{T}note") is not None:
                continue
            ident = entry.get(XML_ID)
            forms = [" ".join("".join(n.itertext()).split()) for n in entry.iterfind(f"{T}{name_tag}")]
            ref = f"{prefix}:{ident}"
            # the body first; the front or back matter only when the entry is tagged nowhere else
            in_text = body if any(tagged_in(b, ref) for b in body) else every
            best = describe(forms, in_text, ref)
            if not best:
                print(f"{path.name}: {ident}: no passage names it", file=sys.stderr)
                continue
            b, m, _, _ = best
            target, label = b.pointer()
            note = (f'          <note>{esc(sentence(b.text, m.start()))} '
                    f'<bibl><ref target="{target}">{esc(label)}</ref></bibl></note>\n')
            # the entry's closing tag, found textually so the file's layout stays as it is
            close = re.compile(rf'(<{kind} xml:id="{re.escape(ident)}">.*?)(        </{kind}>)', re.S)
            text = close.sub(lambda mm: mm.group(1) + note + mm.group(2), text, count=1)
            done.append(f"{prefix}:{ident} ← {label}")
        if not dry_run:
            path.write_text(text, encoding="utf-8")
    return done


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args()
    for line in describe_missing(args.dry_run):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
