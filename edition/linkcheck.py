"""Check every link of a built site: the file exists and, for a page, the fragment is an id on it."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import unquote

import lxml.html


def broken_links(site: Path) -> list[tuple[str, str]]:
    site = site.resolve()
    pages = {f.resolve(): lxml.html.parse(str(f)).getroot() for f in site.rglob("*.html")}
    ids = {f: {e.get("id") for e in root.iter() if isinstance(e.tag, str) and e.get("id")} for f, root in pages.items()}
    out = []
    for page, root in pages.items():
        for el in root.iter("a", "link", "script"):
            href = el.get("href") or el.get("src")
            if not href or href.startswith(("http:", "https:", "mailto:", "data:")):
                continue
            file, _, frag = unquote(href).partition("#")
            frag = frag.split(":~:", 1)[0]  # a text fragment directive is not part of the id
            target = (page.parent / file).resolve() if file else page
            if not target.exists() or (frag and target in ids and frag not in ids[target]):
                out.append((str(page.relative_to(site)), href))
    return out


if __name__ == "__main__":
    bad = broken_links(Path(sys.argv[1] if len(sys.argv) > 1 else "build/site"))
    for page, href in bad:
        print(f"{page}: broken link {href}")
    print(f"{len(bad)} broken links")
    sys.exit(1 if bad else 0)
