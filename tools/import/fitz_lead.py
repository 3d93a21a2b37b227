"""First-draft TEI of Fitz, "Democratic production and the Workers' Opposition" (sources/002_…).

    python tools/import/fitz_lead.py OUT.xml

The source is a flattened web page: one line per section, the notes run together at the end
of the last line. This script splits the sections, the embedded heading, the lettered list, the
back matter and the 69 notes, and places each note at its call. Hand corrections follow in the TEI.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

SRC = Path(__file__).resolve().parents[2] / "sources" / "002_c204f55f586b8205.txt"
DOC = "fitz"

TITLES = [  # titles of works, as printed (italics are lost in the source)
    "Manifesto of the Communist Party", "Selected Works of Karl Marx and Frederick Engels",
    "The State and Revolution", "Selected Works of V. I. Lenin",
    "Alexander Shlyapnikov, 1885-1937: Life of an Old Bolshevik", "The Bolshevik Revolution: 1917-1923",
    "Selected Writings of Alexandra Kollontai", "The Workers' Opposition", "Communist Manifesto", "Pravda",
    "Green Social Thought",
]
SIC = {"Shyapnikov": "Shlyapnikov", "Trostky": "Trotsky", "Kamemev": "Kamenev"}
EMBEDDED_HEAD = "Many meanings of ‘workers' control’"


def markup(text: str) -> str:
    """Escape, then mark titles and certain misprints."""
    out = escape(text)
    for t in sorted(TITLES, key=len, reverse=True):
        out = re.sub(rf"(?<![\w>]){re.escape(escape(t))}(?![\w<])", f"<title>{escape(t)}</title>", out)
    out = re.sub(r"<title>(Selected Works of Karl Marx and Frederick Engels|Selected Works of V\. I\. Lenin|"
                 r"Selected Writings of Alexandra Kollontai)</title>", r"<title>\1</title>", out)
    for sic, corr in SIC.items():
        out = out.replace(sic, f'<choice><sic>{sic}</sic><corr resp="#ed">{corr}</corr></choice>')
    return out


def split_notes(notes_text: str) -> dict[int, str]:
    bodies, pos = {}, 0
    starts = []
    for n in range(1, 70):
        m = re.compile(rf"(?:^|(?<=\s)){n}[.,] ").search(notes_text, pos)
        if not m:
            raise SystemExit(f"note {n} not found")
        starts.append((n, m.start(), m.end()))
        pos = m.end()
    for i, (n, s, e) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(notes_text)
        bodies[n] = notes_text[e:end].strip()
    return bodies


def with_notes(text: str, bodies: dict[int, str]) -> str:
    """Markup of a running text with its calls " [n]" replaced by the notes themselves."""
    parts = re.split(r" \[(\d+)\]", text)
    out = markup(parts[0])
    for i in range(1, len(parts), 2):
        n = int(parts[i])
        out += f'<note place="foot" n="{n}" xml:id="{DOC}-n{n}">{markup(bodies[n])}</note>'
        out += markup(parts[i + 1])
    return out


def main() -> int:
    lines = SRC.read_text(encoding="utf-8").split("\n")
    last = lines[43]
    body_end = last.index("This article is based on")
    notes_at = last.index("Notes 1. ")
    bodies = split_notes(last[notes_at + len("Notes "):])
    back = last[body_end:notes_at].strip()
    lines[43] = last[:body_end].strip()

    heads = {6: "s1", 10: "s2", 14: "s3", 18: "s5", 22: "s6", 26: "s7", 30: "s8", 34: "s9", 38: "s10", 42: "s11"}
    # the web page's masthead is fused into the first paragraph (with no-break spaces)
    masthead = re.match(r"—\s?Links International Journal of Socialist Renewal\s?— ", lines[3])
    intro = lines[3][masthead.end():]
    divs = [f'<div type="section" xml:id="{DOC}-s0">\n<p>{with_notes(intro, bodies)}</p>\n</div>']
    for ln, sid in heads.items():
        head, text = lines[ln - 1], lines[ln + 1]
        if ln == 14:  # the section holds a second heading, run into its text
            first, second = text.split(f" {EMBEDDED_HEAD} ")
            divs.append(f'<div type="section" xml:id="{DOC}-s3">\n<head>{markup(head)}</head>\n'
                        f'<p>{with_notes(first, bodies)}</p>\n</div>')
            divs.append(f'<div type="section" xml:id="{DOC}-s4">\n<head>{markup(EMBEDDED_HEAD)}</head>\n'
                        f'<p>{with_notes(second, bodies)}</p>\n</div>')
            continue
        if ln == 30:
            divs.append(lettered(head, text, bodies, sid))
            continue
        divs.append(f'<div type="section" xml:id="{DOC}-{sid}">\n<head>{markup(head)}</head>\n'
                    f'<p>{with_notes(text, bodies)}</p>\n</div>')
    sentence = "Don Fitz, who can be reached at, was the 2016 candidate of the Missouri Green Party for Governor."
    presentation, rest = back.split(" " + sentence, 1)
    assert rest.startswith(" " + sentence)
    rest = rest[len(sentence) + 2:]
    bio = markup(sentence).replace("reached at,", 'reached at<gap reason="omitted-by-source"/>,')
    back_xml = (
        '<back>\n<div type="about-author">\n'
        f"<p>{markup(presentation)}</p>\n"
        f'<p>{bio}<note type="editorial" resp="#ed" xml:id="{DOC}-ed1">The web page prints this sentence twice; '
        "both are kept. Its e-mail address is missing from the page.</note></p>\n"
        f"<p>{bio} {markup(rest)}</p>\n</div>\n</back>")
    body_xml = "<body>\n" + "\n".join(divs) + "\n</body>"
    header = (Path(__file__).with_name("fitz_header.xml")).read_text(encoding="utf-8")
    out = Path(sys.argv[1])
    out.write_text(header.replace("<!--TEXT-->", body_xml + "\n" + back_xml), encoding="utf-8")
    return 0


def lettered(head: str, text: str, bodies, sid: str) -> str:
    labels = list("abcdefghijk") + ["j"]
    lead_end = text.index(" a. ")
    pos = lead_end
    cuts = []
    for lab in labels:
        i = text.index(f" {lab}. ", pos)
        cuts.append((lab, i))
        pos = i + 3
    tail_at = text.index(" Those who seemed", pos)
    items = []
    for k, (lab, i) in enumerate(cuts):
        end = cuts[k + 1][1] if k + 1 < len(cuts) else tail_at
        items.append((lab, text[i + len(lab) + 3:end].strip()))
    out = [f'<div type="section" xml:id="{DOC}-{sid}">', f"<head>{markup(head)}</head>",
           f"<p>{with_notes(text[:lead_end], bodies)}</p>", '<list rend="lettered">']
    for k, (lab, item) in enumerate(items):
        extra = ""
        if k == 11:
            extra = (f'<note type="editorial" resp="#ed" xml:id="{DOC}-ed2">The source labels this item '
                     '“j.” a second time; it is the twelfth item, which would be “l.”</note>')
        out.append(f'<item n="{lab}">{with_notes(item, bodies)}{extra}</item>')
    out += ["</list>", f"<p>{with_notes(text[tail_at:].strip(), bodies)}</p>", "</div>"]
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
