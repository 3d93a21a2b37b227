"""The site's static files: the stylesheet published minified (rcssmin), the scripts without
their comment lines and indentation, everything else copied as it is. The readable sources stay
in assets/; a reader's browser gets a quarter fewer bytes.

The one stylesheet is published as two files: its paged-media rules (`@media print`, `@page`),
which only WeasyPrint reads, go to NAME-print.css, linked by the print templates after NAME.css;
a reader's browser does not fetch them with every page.

Scripts are not given to a JavaScript minifier: the ones on PyPI (rjsmin) predate template
literals and squeeze the spaces inside them, which changed the text of citations."""

from __future__ import annotations

import shutil
from pathlib import Path

import rcssmin
import tinycss2


def strip_js(source: str) -> str:
    """Drop whole-line // comments, leading indentation and blank lines: safe as long as no
    string or template literal runs over a line end, which the scripts never do (they write \\n)."""
    out = []
    for line in source.splitlines():
        text = line.strip()
        if text and not text.startswith("//"):
            out.append(text)
    return "\n".join(out) + "\n"


MINIFY = {".css": rcssmin.cssmin, ".js": strip_js}


def split_print(css: str) -> tuple[str, str]:
    """(screen, paged media): the top-level rules of a stylesheet, the paged-media ones apart."""
    screen, paged = [], []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True):
        paged_rule = rule.type == "at-rule" and (
            rule.lower_at_keyword == "page"
            or (rule.lower_at_keyword == "media" and tinycss2.serialize(rule.prelude).strip().lower() == "print"))
        (paged if paged_rule else screen).append(tinycss2.serialize([rule]))
    return "".join(screen), "".join(paged)


def publish(src: Path, dest: Path) -> None:
    for path in sorted(src.rglob("*")):
        if path.is_dir():
            continue
        out = dest / path.relative_to(src)
        out.parent.mkdir(parents=True, exist_ok=True)
        minify = MINIFY.get(path.suffix)
        if minify is None:
            shutil.copy2(path, out)
        elif path.suffix == ".css":
            screen, paged = split_print(path.read_text(encoding="utf-8"))
            out.write_text(minify(screen), encoding="utf-8")
            if paged:
                out.with_name(f"{path.stem}-print.css").write_text(minify(paged), encoding="utf-8")
        else:
            out.write_text(minify(path.read_text(encoding="utf-8")), encoding="utf-8")
