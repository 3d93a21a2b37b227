"""First-draft TEI of Avrich, "Bolshevik Opposition to Lenin" (sources/004_…).

    python tools/import/avrich_lead.py OUT.xml

A web re-issue of an OCR'd journal article: paragraphs split at the printed pages are joined
(the splits listed in sources/NOTES.md, verified against the text), the four note calls that
survive become notes whose text the source lost, certain OCR errors are given with sic/corr.
Hand corrections follow in the TEI.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

SRC = Path(__file__).resolve().parents[2] / "sources" / "004_cb3934c848413a84.txt"
DOC = "avrich"
# paragraph A goes on at line B (a page break fell between them)
JOINS = {18: 20, 28: 30, 46: 48, 56: 58, 66: 68, 80: 82, 118: 120, 146: 148, 158: 160}
HYPHENATED = {66: ("thou-", "sands")}  # a word split at the page break
BLOCK_QUOTES = {66, 114}
HEADS = {12: "s1", 98: "s2"}
CALLS = {58: ("Provincial Committee.", "29"), 112: ("female members of the group.", "70"),
         140: ("Erevan'.", "89"), 154: ("in their memoirs.", "99")}
# OCR errors whose correction is certain: printed → corrected
SIC = [
    ("Gavriii ll'ich", "Gavriil Il'ich"), ("ll'ich", "Il'ich"), ("couurage", "courage"),
    ("rankandf'ile", "rank-and-file"), ("the,Central", "the Central"), ("Bot'nye", "Bol'nye"),
    ("Bol'nw", "Bol'nye"), ("to took into", "to look into"), ("August I 1", "August 11"),
    ("cotigress", "congress"), ("Kcisior", "Kosior"), ("yidu", "you"), ("Treyozhnye", "Trevozhnye"),
    ("sovicts", "soviets"), ("apporatchiki", "apparatchiki"), ("of' the", "of the"), ("onefor", "one for"),
    ("defended-the", "defended the"), ("wttile", "while"), ("insist-ing", "insisting"),
    ("Barzitia", "Berzina"), ("M, K. Berzina", "M. K. Berzina"), ("ulim-radical", "ultra-radical"),
    ("cut'his", "cut his"), ("in1946", "in 1946"), ("ruled. that", "ruled that"),
    ("Bolshevik. monopoly", "Bolshevik monopoly"), ("Minin", "Mitin"),
]
TITLES = ["Bol'nye voprosy", "Trevozhnye voprosy", "Ocherednoi obman", "Sotsialisticheskii vestnik"]


def markup(text: str) -> str:
    out = escape(text)
    # corrections first, longest first, each printed form marked once where it stands
    placeholders = {}
    for i, (sic, corr) in enumerate(sorted(SIC, key=lambda p: len(p[0]), reverse=True)):
        key = f"\x00{i}\x00"
        if escape(sic) in out:
            out = out.replace(escape(sic), key)
            placeholders[key] = f'<choice><sic>{escape(sic)}</sic><corr resp="#ed">{escape(corr)}</corr></choice>'
    for key, value in placeholders.items():
        out = out.replace(key, value)
    for t in TITLES:
        out = re.sub(rf"(?<![\w>]){re.escape(escape(t))}", f'<title xml:lang="ru-Latn">{escape(t)}</title>', out)
    # a title printed with an OCR slip: the title element wraps the correction
    out = re.sub(r"(<choice><sic>(?:Bot'nye|Bol'nw)</sic><corr resp=\"#ed\">Bol'nye</corr></choice> voprosy)",
                 r'<title xml:lang="ru-Latn">\1</title>', out)
    out = out.replace("<choice><sic>Treyozhnye</sic><corr resp=\"#ed\">Trevozhnye</corr></choice> voprosy",
                      '<title xml:lang="ru-Latn"><choice><sic>Treyozhnye</sic><corr resp="#ed">Trevozhnye</corr></choice> voprosy</title>')
    return out


def with_call(ln: int, text: str) -> str:
    if ln not in CALLS:
        return markup(text)
    before, n = CALLS[ln]
    i = text.index(before + n) + len(before)
    note = f'<note place="foot" n="{n}" xml:id="{DOC}-n{n}"><gap reason="note-text-not-in-source"/></note>'
    return markup(text[:i]) + note + markup(text[i + len(n):])


def main() -> int:
    lines = SRC.read_text(encoding="utf-8").split("\n")
    continued = set(JOINS.values())
    divs: list[list[str]] = []
    ln = 12
    while ln <= 162:
        text = lines[ln - 1].strip()
        if not text or ln in continued:
            ln += 1
            continue
        if ln in HEADS:
            divs.append([f'<div type="section" xml:id="{DOC}-{HEADS[ln]}">', f"<head>{escape(text)}</head>"])
            ln += 1
            continue
        parts = [(ln, text)]
        cur = ln
        while cur in JOINS:
            nxt = JOINS[cur]
            if cur in HYPHENATED:
                a, b = HYPHENATED[cur]
                assert parts[-1][1].endswith(a) and lines[nxt - 1].startswith(b)
                parts[-1] = (parts[-1][0], parts[-1][1][: -1])  # the soft hyphen goes, the word is joined
                parts.append((nxt, lines[nxt - 1].strip()))
            else:
                parts.append((nxt, " " + lines[nxt - 1].strip()))
            cur = nxt
        xml = "".join(with_call(n, t) for n, t in parts)
        if ln in BLOCK_QUOTES:
            divs[-1].append(f"<quote>\n<p>{xml}</p>\n</quote>")
        else:
            divs[-1].append(f"<p>{xml}</p>")
        ln += 1
    body = "<body>\n" + "\n".join("\n".join(d) + "\n</div>" for d in divs) + "\n</body>"
    header = Path(__file__).with_name("avrich_header.xml").read_text(encoding="utf-8")
    Path(sys.argv[1]).write_text(header.replace("<!--BODY-->", body), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
