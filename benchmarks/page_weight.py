"""Bytes a reader's browser fetches for each document page of a built site, before compression:
the page, the stylesheet and scripts it links, and the data it may fetch later (name cards,
loaded once for the whole site). Prints a table, longest page first; no assertions.

    .venv/bin/python benchmarks/page_weight.py [build/site]
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urljoin

import lxml.html


def linked(page: Path, site: Path) -> list[Path]:
    root = lxml.html.parse(str(page)).getroot()
    refs = [el.get("href") for el in root.iter("link") if "stylesheet" in (el.get("rel") or "")]
    refs += [el.get("src") for el in root.iter("script") if el.get("src")]
    base = page.relative_to(site).as_posix()
    return [site / urljoin(base, r) for r in refs if r]


def main(site: Path) -> None:
    rows, documents = [], set()
    for page in sorted(site.glob("*.html")):
        assets = linked(page, site)
        size = page.stat().st_size
        extra = sum(a.stat().st_size for a in assets if a.exists())
        rows.append((size + extra, page.name, size, extra))
        if 'class="tei-document"' in page.read_text(encoding="utf-8"):
            documents.add(page.name)
    rows.sort(reverse=True)
    cards = site / "data" / "cards.json"
    print(f"{'page':28} {'HTML KB':>8} {'CSS+JS KB':>10} {'total KB':>9}")
    for total, name, size, extra in rows:
        print(f"{name:28} {size / 1024:8.1f} {extra / 1024:10.1f} {total / 1024:9.1f}")
    if cards.exists():
        print(f"\nname cards (data/cards.json, fetched once on the first card, then cached): "
              f"{cards.stat().st_size / 1024:.1f} KB")
    longest = next(r for r in rows if r[1] in documents)
    print(f"longest document page with its CSS and JS: {longest[1]} {longest[0] / 1024:.1f} KB "
          f"({longest[0]} bytes; target under 250 KB = {250 * 1024} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "build/site"))
