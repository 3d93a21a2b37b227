"""Check every link of a built site: the file exists and, for a page, the fragment is an id on it.

One pass reads each page once and keeps only its ids and its hrefs (not the parsed page); then
each distinct href, per folder, is resolved once, by string arithmetic against the list of the
site's files rather than by asking the file system for every link."""

from __future__ import annotations

import os
import posixpath
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

_EXTERNAL = ("http:", "https:", "mailto:", "data:")


@dataclass
class Index:
    """What the check needs of a site: every file, and for each page its ids and its links."""
    files: set[str] = field(default_factory=set)        # paths relative to the site, "/"-separated
    folders: set[str] = field(default_factory=set)
    ids: dict[str, set[str]] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)  # page → hrefs in document order

    def add_page(self, rel: str, html: str | bytes) -> None:
        """Index one page from its text (the build can hand over what it has just written)."""
        root = etree.fromstring(html.encode("utf-8") if isinstance(html, str) else html, _parser())
        self.files.add(rel)
        if root is None:
            self.ids[rel], self.links[rel] = set(), []
            return
        self.ids[rel] = set(root.xpath("//@id"))
        self.links[rel] = _hrefs(root)


def _parser() -> etree.HTMLParser:
    return etree.HTMLParser(no_network=True)


def _hrefs(root) -> list[str]:
    # `href or src` of each a/link/script, as the check has always read them
    out = []
    for el in root.iter("a", "link", "script"):
        href = el.get("href") or el.get("src")
        if href:
            out.append(href)
    return out


def index(site: Path) -> Index:
    site = site.resolve()
    idx = Index()
    parser = _parser()
    for folder, dirs, names in os.walk(site):
        dirs.sort()
        rel_folder = os.path.relpath(folder, site).replace(os.sep, "/")
        rel_folder = "" if rel_folder == "." else rel_folder
        if rel_folder:
            idx.folders.add(rel_folder)
        for name in sorted(names):
            rel = f"{rel_folder}/{name}" if rel_folder else name
            idx.files.add(rel)
            if name.endswith(".html"):
                root = etree.parse(os.path.join(folder, name), parser).getroot()
                idx.ids[rel] = set(root.xpath("//@id")) if root is not None else set()
                idx.links[rel] = _hrefs(root) if root is not None else []
    return idx


def broken_in(idx: Index, site: Path | None = None) -> list[tuple[str, str]]:
    """Broken links of an indexed site as (page, href), pages sorted, links in page order.
    `site` is only needed for links that leave the site (../ beyond its root)."""
    out = []
    resolved: dict[tuple[str, str], tuple[str | None, bool]] = {}
    for page in sorted(idx.links):
        folder = posixpath.dirname(page)
        for href in idx.links[page]:
            if href.startswith(_EXTERNAL):
                continue
            file, _, frag = unquote(href).partition("#")
            key = (folder, file) if file else ("", page)
            if key not in resolved:
                resolved[key] = _target(idx, folder, file, site) if file else (page, True)
            target, exists = resolved[key]
            if not exists or (frag and target in idx.ids and frag not in idx.ids[target]):
                out.append((page, href))
    return out


def _target(idx: Index, folder: str, file: str, site: Path | None) -> tuple[str | None, bool]:
    joined = posixpath.normpath(posixpath.join(folder, file)) if not file.startswith("/") else None
    if joined is None or joined == ".." or joined.startswith("../"):
        # outside the site (or absolute): only the file system can say
        if site is None:
            return None, False
        target = (site / folder / file).resolve()
        return None, target.exists()
    if joined == ".":
        return None, True
    return joined, joined in idx.files or joined in idx.folders


def broken_links(site: Path) -> list[tuple[str, str]]:
    return broken_in(index(site), site.resolve())


if __name__ == "__main__":
    bad = broken_links(Path(sys.argv[1] if len(sys.argv) > 1 else "build/site"))
    for page, href in bad:
        print(f"{page}: broken link {href}")
    print(f"{len(bad)} broken links")
    sys.exit(1 if bad else 0)
