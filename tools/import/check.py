"""Quick self-check for an encoder: full-TEI validity, word coverage and note numbering.

    python tools/import/check.py tei/fitz.xml --source sources/002_c204f55f586b8205.txt
    python tools/import/check.py tei/pirani-intro.xml tei/pirani-vlasov.xml \
        --source sources/003_565b5a36cf94700f.txt --lines 1-410

--lines restricts the source to a line range (1-based, inclusive; several ranges with commas),
for a source that several TEI files share.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from edition.checking.provenance import NS, compare  # noqa: E402

TEI_ALL = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "tei_all.rng"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("tei", type=Path, nargs="+")
    ap.add_argument("--source", type=Path)
    ap.add_argument("--lines", help="e.g. 1-410,903-929")
    args = ap.parse_args()
    rng = etree.RelaxNG(etree.parse(str(TEI_ALL))) if TEI_ALL.exists() else None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for path in args.tei:
        try:
            doc = etree.parse(str(path), parser)
        except etree.XMLSyntaxError as e:
            print(f"{path}: not well-formed: {e}")
            continue
        if rng is not None and not rng.validate(doc):
            for err in rng.error_log:
                print(f"{path}:{err.line}: tei_all: {err.message}")
        else:
            print(f"{path}: valid against tei_all" if rng else f"{path}: (tei_all.rng not found)")
        notes = doc.findall(".//t:note[@place='foot']", NS)
        ns = [n.get("n") for n in notes]
        expected = [str(i) for i in range(1, len(ns) + 1)]
        print(f"{path}: {len(ns)} notes" + ("" if ns == expected else f"; NUMBERING {ns}"))
        ids = [el.get("{http://www.w3.org/XML/1998/namespace}id") for el in doc.iter() if isinstance(el.tag, str)]
        ids = [i for i in ids if i]
        dup = {i for i in ids if ids.count(i) > 1}
        if dup:
            print(f"{path}: duplicate ids {sorted(dup)}")
    if args.source:
        source = args.source
        if args.lines:
            lines = source.read_text(encoding="utf-8").split("\n")
            keep = []
            for part in args.lines.split(","):
                a, b = (int(x) for x in part.split("-"))
                keep.extend(lines[a - 1 : b])
            tmp = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8")
            tmp.write("\n".join(keep))
            tmp.close()
            source = Path(tmp.name)
        c = compare(source, args.tei)
        print(f"coverage {c.coverage:.4%} (missing {sum(c.missing.values())} of {c.source_total}); "
              f"added {c.added_share:.4%} ({sum(c.added.values())} of {c.text_total})")
        print("missing:", " ".join(f"{w}×{n}" for w, n in c.missing.most_common(60)))
        print("added:  ", " ".join(f"{w}×{n}" for w, n in c.added.most_common(60)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
