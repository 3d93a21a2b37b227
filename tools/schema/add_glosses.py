"""Set the ODD's element inventory and per-element documentation from tools/schema/glosses.tsv.

    python tools/schema/add_glosses.py && python tools/schema/build.py

glosses.tsv is the one list of the elements the edition allows, with the module each comes from
and what it is for here; this writes them into schemas/edition.odd (moduleRef include lists and
an elementSpec/desc each), keeping the attribute lists and rules the ODD already has.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
T = "{http://www.tei-c.org/ns/1.0}"


def main() -> None:
    rows = [line.split("\t") for line in (ROOT / "tools" / "schema" / "glosses.tsv").read_text().splitlines()
            if line and not line.startswith("#")]
    odd_path = ROOT / "schemas" / "edition.odd"
    tree = etree.parse(str(odd_path), etree.XMLParser(remove_blank_text=True))
    spec = tree.find(f".//{T}schemaSpec")
    by_module = defaultdict(list)
    for name, module, _ in rows:
        by_module[module].append(name)
    for ref in spec.findall(f"{T}moduleRef"):
        spec.remove(ref)
    anchor = 0
    spec.insert(anchor, etree.Element(f"{T}moduleRef", key="tei"))
    for i, (module, names) in enumerate(sorted(by_module.items()), 1):
        spec.insert(i, etree.Element(f"{T}moduleRef", key=module, include=" ".join(names)))
    specs = {e.get("ident"): e for e in spec.iterfind(f"{T}elementSpec")}
    for name, _, gloss in rows:
        es = specs.get(name)
        if es is None:
            es = etree.SubElement(spec, f"{T}elementSpec", ident=name, mode="change")
        desc = es.find(f"{T}desc")
        if desc is None:
            desc = etree.Element(f"{T}desc")
            es.insert(0, desc)
            desc.text = gloss
    etree.indent(tree, space="  ")
    odd_path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))


if __name__ == "__main__":
    main()
