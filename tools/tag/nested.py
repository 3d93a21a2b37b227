"""List the register names that stand untagged inside a tagged name: "the Urals bureau of the
CC RCP(b)" tagged as the bureau, with the CC inside it left untagged. The validator's
untagged-name warning does not look inside names (a name is closed to mentions), so this is a
reading aid for the editors, not a check: a name inside may be the entry itself ("the party CC in
Ukraine" is the Ukrainian CC, not the Russian party's), which only a reader can tell.

    .venv/bin/python tools/tag/nested.py [tei/*.xml]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
T = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
REGISTERS = (("persons", "persName", "per"), ("organisations", "orgName", "org"), ("places", "placeName", "pla"))
MENTIONS = (f"{T}persName", f"{T}orgName", f"{T}placeName", f"{T}name")


def forms() -> dict[str, set[str]]:
    """Every name form of the registers (short names aside: they are names only where they point)."""
    out: dict[str, set[str]] = {}
    for file, tag, prefix in REGISTERS:
        for n in etree.parse(str(ROOT / "tei" / "register" / f"{file}.xml")).iter(T + tag):
            if n.get("type") == "short":
                continue
            entry = next(a for a in n.iterancestors() if a.get(XML_ID))
            text = " ".join("".join(n.itertext()).split())
            if len(text) >= 2:
                out.setdefault(text, set()).add(f"{prefix}:{entry.get(XML_ID)}")
    return out


def report(paths: list[Path]) -> list[str]:
    names = forms()
    pattern = re.compile(r"(?<!\w)(" + "|".join(sorted(map(re.escape, names), key=len, reverse=True)) + r")(?!\w)")
    out = []
    for path in paths:
        for el in etree.parse(str(path)).getroot().iterfind(f"{T}text"):
            for m_el in el.iter(*MENTIONS):
                ref = m_el.get("ref")
                if not ref:
                    continue
                whole = " ".join("".join(m_el.itertext()).split())
                for piece in [m_el.text or ""] + [c.tail or "" for c in m_el]:  # its own text only
                    for m in pattern.finditer(piece):
                        name = m.group(1)
                        if name != whole and ref not in names[name]:
                            out.append(f"{path}:{m_el.sourceline}: '{name}' ({' or '.join(sorted(names[name]))}) "
                                       f"untagged inside {ref} '{whole}'")
    return out


if __name__ == "__main__":
    files = [Path(a) for a in sys.argv[1:]] or sorted((ROOT / "tei").glob("*.xml"))
    print("\n".join(report(files)) or "no untagged name inside a tagged one")
