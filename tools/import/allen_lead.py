"""First-draft TEI of Allen, "Early Dissent within the Party" (sources/000_…).

    python tools/import/allen_lead.py OUT.xml

The source is a PDF extraction: each page's note texts ("N. …") follow its running text, so
paragraphs are cut by them. The script moves every note to its superscript call, joins the 25
paragraphs split at page breaks (8 with a word hyphenated at the break), joins the note texts
continued on a later page, and turns the *…* italics into title, foreign or hi. The lists of
splits and continuations come from sources/NOTES.md and were checked against the text (the
script asserts the shape of every join). Hand corrections follow in the TEI.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

SRC = Path(__file__).resolve().parents[2] / "sources" / "000_c0ef21589b2dc481.txt"
DOC = "allen"
JOINS = {9: 17, 23: 29, 45: 51, 67: 81, 87: 97, 111: 119, 135: 149, 159: 163, 191: 203, 207: 219,
         223: 235, 239: 255, 287: 295, 301: 309, 313: 325, 339: 351, 355: 365, 367: 375, 379: 391,
         399: 405, 409: 421, 425: 435, 439: 447, 453: 457, 461: 463}
HYPHENATED = {45, 87, 223, 239, 301, 409, 425, 461}
NOTE_CONTINUED = {33: 5, 289: 74, 427: 111, 441: 114, 473: 118}
HEADS = {19, 55, 123, 155, 261, 337, 451}
BLOCK_QUOTES = {151, 395}
SUPER = "⁰¹²³⁴⁵⁶⁷⁸⁹"
CALL = re.compile(rf"(?<=[^\s{SUPER}])[{SUPER}]+")
FOREIGN = {"bul'varnaia", "poshlaia", "orgburo", "Vperedist", "Mezhraionets", "Vot ironiia sud'by"}
ITALIC = {"Ibid.", "ibid.", "et al."}
SIC = {"Lapse": "Lepse", "Tomsy": "Tomsky", "Padchenko": "Radchenko", "Firfov": "Firsov",
       "Kubyshekin": "Kubyshkin"}


def italics(text: str) -> str:
    def repl(m):
        inner = m.group(1)
        if inner in FOREIGN:
            return f'<foreign xml:lang="ru-Latn">{inner}</foreign>'
        if inner in ITALIC:
            return f'<hi rend="italic">{inner}</hi>'
        return f"<title>{inner}</title>"
    return re.sub(r"\*([^*]+)\*", repl, text)


def markup(text: str) -> str:
    out = italics(escape(text))
    for sic, corr in SIC.items():
        out = re.sub(rf"(?<![\w>]){sic}(?!\w)", f'<choice><sic>{sic}</sic><corr resp="#ed">{corr}</corr></choice>', out)
    # the author's own insertions in square brackets
    out = re.sub(r"\[([^\]\d][^\]]*)\]", r'<supplied resp="#allen-author">\1</supplied>', out)
    return out


def main() -> int:
    lines = SRC.read_text(encoding="utf-8").split("\n")
    n_next = 1
    notes: dict[int, list[str]] = {}
    note_order: list[int] = []
    blocks: list[tuple[str, int, str]] = []  # (kind, first line, text) for text, head, quote
    continued = set(JOINS.values())
    current_note = None
    for ln in range(9, len(lines) + 1):
        text = lines[ln - 1].strip()
        if not text or ln in (469, 471):
            continue
        if ln in NOTE_CONTINUED:
            n = NOTE_CONTINUED[ln]
            if n == 118:
                notes[118] = [text[len("118. "):]]
            else:
                notes[n].append(text)
            continue
        m = re.match(r"(\d+)\. ", text)
        if m and int(m.group(1)) == n_next:
            notes[n_next] = [text[m.end():]]
            note_order.append(n_next)
            n_next += 1
            continue
        if ln in continued:
            continue
        if ln in HEADS:
            blocks.append(("head", ln, text))
            continue
        joined, cur = text, ln
        while cur in JOINS:
            nxt = JOINS[cur]
            follow = lines[nxt - 1].strip()
            if cur in HYPHENATED:
                assert joined.endswith("-"), (cur, joined[-20:])
                joined = joined[:-1] + follow
            else:
                assert not joined.endswith("-"), cur
                joined = joined + " " + follow
            cur = nxt
        blocks.append(("quote" if ln in BLOCK_QUOTES else "p", ln, joined))
    assert n_next == 118, n_next  # note 118's body is the displaced last line

    def with_notes(text: str) -> str:
        out, pos = [], 0
        for m in CALL.finditer(text):
            n = int(m.group(0).translate(str.maketrans(SUPER, "0123456789")))
            out.append(markup(text[pos:m.start()]))
            body = " ".join(notes[n])
            out.append(f'<note place="foot" n="{n}" xml:id="{DOC}-n{n}">{markup(body)}</note>')
            pos = m.end()
        out.append(markup(text[pos:]))
        # italics may open before a call and close after it: mark them across
        return "".join(out)

    title = " ".join(lines[i].strip() for i in (4, 5, 6))
    assert title.startswith("*") and title.endswith("¹*")
    title_xml = (f'<titlePart type="main"><hi rend="italic">{escape(title[1:-2])}</hi>'
                 f'<note place="foot" n="1" xml:id="{DOC}-n1">{markup(" ".join(notes[1]))}</note></titlePart>')

    body, section = [], 0
    body.append(f'<div type="section" xml:id="{DOC}-s0">')
    for kind, ln, text in blocks:
        if kind == "head":
            section += 1
            body.append("</div>")
            body.append(f'<div type="section" xml:id="{DOC}-s{section}">')
            body.append(f"<head>{markup(text)}</head>")
        elif kind == "quote":
            body.append(f"<quote>\n<p>{with_notes(text)}</p>\n</quote>")
        else:
            body.append(f"<p>{with_notes(text)}</p>")
    body.append("</div>")
    byline = lines[2].strip()
    assert byline == "BARBARA C. ALLEN (Philadelphia, USA)"
    front = (f"<front>\n<docTitle>{title_xml}</docTitle>\n"
             f"<byline><docAuthor>BARBARA C. ALLEN</docAuthor> (Philadelphia, USA)</byline>\n</front>")
    back = (f'<back>\n<div type="contact">\n<p><affiliation>{escape(lines[468].strip())}</affiliation></p>\n'
            f"<p>{escape(lines[470].strip()).replace('allenb@lasalle.edu', '<email>allenb@lasalle.edu</email>')}</p>\n"
            "</div>\n</back>")
    xml = front + "\n<body>\n" + "\n".join(body) + "\n</body>\n" + back
    header = Path(__file__).with_name("allen_header.xml").read_text(encoding="utf-8")
    Path(sys.argv[1]).write_text(header.replace("<!--TEXT-->", xml), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
