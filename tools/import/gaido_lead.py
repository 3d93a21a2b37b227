"""First-draft TEI of Gaido's review of Allen's *Documents* (sources/001_…).

    python tools/import/gaido_lead.py OUT.xml

A web text: one paragraph per line, no page breaks. The 73 note calls survive as "[n]" but the
note texts do not; block quotations (sources/NOTES.md 3.5, checked against the text) become
<quote>; the reviewer's brackets become <supplied> or <gap>. Hand corrections follow in the TEI.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

SRC = Path(__file__).resolve().parents[2] / "sources" / "001_30813e4e4d752838.txt"
DOC = "gaido"
AUTHOR = "#gaido-author"
HEADS = [9, 35, 71, 101, 147, 211]
QUOTES = [[19], [27, 29], [33], [45], [51], [55], [59, 61, 63, 65, 67], [77, 79, 81], [85, 87], [95],
          [107], [111], [117, 119, 121], [127], [135], [141], [153], [159], [165, 167],
          [175, 177, 179, 181, 183, 185, 187, 189], [199], [207]]
SIC = {"Shlipanikov": "Shliapnikov", "Efimov": "Ignatov"}
FOREIGN = {"semaine sanglante": "fr", "Deutscher Oktober": "de", "Kommunistische Arbeiter-Partei Deutschlands": "de"}


def markup(text: str) -> str:
    out = escape(text)
    out = out.replace("[…]", '<gap reason="omitted-by-author"/>')
    out = re.sub(r"\[([А-Яа-яЁё -]+)\]", rf'<supplied resp="{AUTHOR}"><foreign xml:lang="ru">\1</foreign></supplied>', out)
    out = re.sub(r"\[([^\]\d][^\]]*)\]", rf'<supplied resp="{AUTHOR}">\1</supplied>', out)
    for title_after in ("pamphlet ", "brochure "):
        out = out.replace(title_after + "The Workers’ Opposition", title_after + "<title>The Workers’ Opposition</title>")
    for t in ("Diary Notes", "The New Course"):
        out = out.replace(t, f"<title>{t}</title>")
    out = re.sub(r"(?<![\w>])Pravda", "<title>Pravda</title>", out)
    out = out.replace("in<title>Pravda</title>", "in<title>Pravda</title>")
    for phrase, lang in FOREIGN.items():
        out = out.replace(phrase, f'<foreign xml:lang="{lang}">{phrase}</foreign>')
    for sic, corr in SIC.items():
        out = re.sub(rf"(?<![\w>]){sic}(?!\w)", f'<choice><sic>{sic}</sic><corr resp="#ed">{corr}</corr></choice>', out)
    return out


def with_notes(text: str) -> str:
    parts = re.split(r"\[(\d+)\]", text)
    out = markup(parts[0])
    for i in range(1, len(parts), 2):
        n = parts[i]
        out += f'<note place="foot" n="{n}" xml:id="{DOC}-n{n}"><gap reason="note-text-not-in-source"/></note>'
        out += markup(parts[i + 1])
    return out


def main() -> int:
    lines = SRC.read_text(encoding="utf-8").split("\n")
    in_quote = {ln: group for group in QUOTES for ln in group}
    divs: list[list[str]] = [[f'<div type="section" xml:id="{DOC}-s0">']]
    for ln in range(5, len(lines) + 1):
        text = lines[ln - 1].strip()
        if not text:
            continue
        if ln in HEADS:
            divs.append([f'<div type="section" xml:id="{DOC}-s{len(divs)}">', f"<head>{with_notes(text)}</head>"])
            continue
        group = in_quote.get(ln)
        if group:
            if ln == group[0]:
                divs[-1].append("<quote>")
            divs[-1].append(f"<p>{with_notes(text)}</p>")
            if ln == group[-1]:
                divs[-1].append("</quote>")
            continue
        divs[-1].append(f"<p>{with_notes(text)}</p>")
    body = "<body>\n" + "\n".join("\n".join(d) + "\n</div>" for d in divs) + "\n</body>"
    header = Path(__file__).with_name("gaido_header.xml").read_text(encoding="utf-8")
    Path(sys.argv[1]).write_text(header.replace("<!--BODY-->", body), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
