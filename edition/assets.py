"""The site's static files: the stylesheet published minified (rcssmin), the scripts without
their comment lines and indentation, everything else copied as it is. The readable sources stay
in assets/; a reader's browser gets a quarter fewer bytes.

Scripts are not given to a JavaScript minifier: the ones on PyPI (rjsmin) predate template
literals and squeeze the spaces inside them, which changed the text of citations."""

from __future__ import annotations

import shutil
from pathlib import Path

import rcssmin


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


def publish(src: Path, dest: Path) -> None:
    for path in sorted(src.rglob("*")):
        if path.is_dir():
            continue
        out = dest / path.relative_to(src)
        out.parent.mkdir(parents=True, exist_ok=True)
        minify = MINIFY.get(path.suffix)
        if minify is None:
            shutil.copy2(path, out)
        else:
            out.write_text(minify(path.read_text(encoding="utf-8")), encoding="utf-8")
