"""Write each file's correction declaration from its markup, so the header says what the file
does: `<correction method="markup">` gets one paragraph listing every choice/sic/corr of the text.

    python tools/tag/corrections.py tei/pirani-*.xml          # rewrite the declarations
    python tools/tag/corrections.py --check tei/*.xml         # exit 1 if one does not match

Only declarations with method="markup" are written; hand-written ones (Allen's) are left alone."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from lxml import etree

TEI = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI}


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def corrections(tree) -> list[tuple[str, str]]:
    out = []
    for choice in tree.getroot().iterfind(".//t:text//t:choice", NS):
        sic, corr = choice.find("t:sic", NS), choice.find("t:corr", NS)
        if sic is not None and corr is not None:
            out.append((_text(sic), _text(corr)))
    return out


def declaration(tree) -> str:
    found = corrections(tree)
    if not found:
        return "The text is given as printed; no misprint is corrected."
    def one(sic, corr):
        return f'"{sic}" for "{corr}"' if corr else f'"{sic}" deleted'
    listed = "; ".join(one(s, c) for s, c in found)
    n = len(found)
    return (f"The text is given as printed, but for {n} correction{'s' if n != 1 else ''} of misprints and "
            f"extraction damage, each kept beside the printed form as choice/sic/corr (resp=\"#ed\"): {listed}.")


def target(tree):
    return tree.getroot().find(".//t:encodingDesc/t:editorialDecl/t:correction[@method='markup']", NS)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    bad = 0
    for path in args.files:
        raw = path.read_text(encoding="utf-8")
        tree = etree.parse(str(path))
        el = target(tree)
        if el is None:
            continue
        want = declaration(tree)
        have = _text(el.find("t:p", NS))
        if have == want:
            continue
        if args.check:
            print(f"{path}:{el.sourceline}: the correction declaration does not match the markup; run tools/tag/corrections.py")
            bad += 1
            continue
        # rewrite the one paragraph in place, leaving the rest of the file byte for byte
        rx = re.compile(r'(<correction method="markup">\s*<p>)(.*?)(</p>)', re.S)
        esc = want.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        new, k = rx.subn(lambda m: m.group(1) + esc + m.group(3), raw, count=1)
        if k:
            path.write_text(new, encoding="utf-8")
            print(f"{path}: correction declaration written")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
