"""Check every link of a built site: the file exists and, for a page, the fragment is an id on it.

One pass reads each page once and keeps of it only what the check needs: its ids, as 64-bit
hashes of "page#id" (8 bytes an id, so a site of millions of ids fits in a few tens of MB), and
the distinct page#fragment pairs its links ask for. Each distinct href, per folder, is resolved
once, by string arithmetic against the list of the site's files rather than by asking the file
system for every link. Only when something is broken are the pages read again, to name every
broken link in page order."""

from __future__ import annotations

import hashlib
import os
import posixpath
import sys
from array import array
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from .buildcache import page_memo

_EXTERNAL = ("http:", "https:", "mailto:", "data:")


def _parser() -> etree.HTMLParser:
    return etree.HTMLParser(no_network=True)


def _hrefs(root) -> list[str]:
    # `href or src` of each a/link/script, as the check has always read them
    out = []
    if root is None:
        return out
    for el in root.iter("a", "link", "script"):
        href = el.get("href") or el.get("src")
        if href:
            out.append(href)
    return out


def _ids(root) -> list[str]:
    return root.xpath("//@id") if root is not None else []


def parts(root) -> tuple[list[str], list[str]]:
    """What the check keeps of a parsed page: its ids and its links' addresses."""
    return _ids(root), _hrefs(root)


def _key(page: str, frag: str) -> int:
    # a collision could only hide a broken fragment, with a chance of about n/2^64
    return hash(page + "#" + frag)


class Checker:
    """Pages handed over one at a time (from the disk, or by the build as it writes them);
    `broken()` at the end. `files` and `folders` are every file and folder of the site,
    relative to it, "/"-separated."""

    def __init__(self, files: set[str], folders: set[str], site: Path | None = None):
        self.files, self.folders, self.site = files, folders, site
        self._ids = array("q")
        self._asked: set[int] = set()
        self._resolved: dict[tuple[str, str], tuple[str | None, bool]] = {}
        self._missing = False
        self.pages: list[str] = []

    def add_page(self, rel: str, html: str | bytes | None = None, root=None) -> None:
        if root is None:
            root = etree.fromstring(html.encode("utf-8") if isinstance(html, str) else html, _parser())
        self.add_parts(rel, _ids(root), _hrefs(root))

    def add_parts(self, rel: str, ids: list[str], hrefs: list[str]) -> None:
        """A page by what the check keeps of it: its ids and its links' addresses."""
        self.pages.append(rel)
        self._ids.extend(_key(rel, i) for i in ids)
        folder = posixpath.dirname(rel)
        for href in hrefs:
            target, exists, frag = self._resolve(rel, folder, href)
            if not exists:
                self._missing = True
            elif frag and target is not None and target.endswith(".html"):
                self._asked.add(_key(target, frag))

    def _resolve(self, page: str, folder: str, href: str) -> tuple[str | None, bool, str]:
        if href.startswith(_EXTERNAL):
            return None, True, ""
        file, _, frag = unquote(href).partition("#")
        frag = frag.split(":~:", 1)[0]  # a text fragment directive is not part of the id
        if not file:
            return page, True, frag
        key = (folder, file)
        if key not in self._resolved:
            self._resolved[key] = self._target(folder, file)
        target, exists = self._resolved[key]
        return target, exists, frag

    def _target(self, folder: str, file: str) -> tuple[str | None, bool]:
        joined = None if file.startswith("/") else posixpath.normpath(posixpath.join(folder, file))
        if joined is None or joined == ".." or joined.startswith("../"):
            # outside the site (or absolute): only the file system can say
            if self.site is None:
                return None, False
            return None, (self.site / folder / file).resolve().exists()
        if joined == ".":
            return None, True
        return joined, joined in self.files or joined in self.folders

    def _unanswered(self) -> set[int]:
        return self._asked - self._asked.intersection(self._ids)  # in C, no list of every id

    def broken(self, read_page) -> list[tuple[str, str]]:
        """(page, href) of every broken link, pages sorted, links in page order. `read_page(rel)`
        gives a page's parsed root again, asked only when something is broken."""
        bad = self._unanswered()
        if not bad and not self._missing:
            return []
        out = []
        html_pages = set(self.pages)
        for page in sorted(self.pages):
            folder = posixpath.dirname(page)
            for href in _hrefs(read_page(page)):
                target, exists, frag = self._resolve(page, folder, href)
                if not exists or (frag and target in html_pages and _key(target, frag) in bad):
                    out.append((page, href))
        return out


def _walk(site: Path) -> tuple[set[str], set[str], list[str]]:
    files, folders, pages = set(), set(), []
    for folder, dirs, names in os.walk(site):
        dirs.sort()
        rel_folder = os.path.relpath(folder, site).replace(os.sep, "/")
        rel_folder = "" if rel_folder == "." else rel_folder
        if rel_folder:
            folders.add(rel_folder)
        for name in sorted(names):
            rel = f"{rel_folder}/{name}" if rel_folder else name
            files.add(rel)
            if name.endswith(".html"):
                pages.append(rel)
    return files, folders, pages


def broken_links(site: Path, memo: dict | None = None, hashes: dict | None = None) -> list[tuple[str, str]]:
    """Every broken link of the site in `site`, as (page, href), pages sorted. `memo` (content
    hash → the page's ids and hrefs) spares parsing a page met before; it is left holding this
    site's pages (emptied on a site of more than buildcache.MEMO_PAGES). `hashes` (page → content
    hash, from the site check just run over the same files) spares reading each page again."""
    site = site.resolve()
    files, folders, pages = _walk(site)
    memo = page_memo(memo, len(pages))
    checker = Checker(files, folders, site)
    parser = _parser()
    read = lambda rel: etree.parse(str(site / rel), parser).getroot()  # noqa: E731
    seen = {}
    for rel in pages:
        if memo is None:
            checker.add_page(rel, root=read(rel))
            continue
        h = (hashes or {}).get(rel) or hashlib.sha1((site / rel).read_bytes()).hexdigest()
        found = memo.get(h)
        if found is None:
            found = parts(read(rel))
        seen[h] = found
        checker.add_parts(rel, *found)
    if memo is not None:
        memo.clear()
        memo.update(seen)
    return checker.broken(read)


if __name__ == "__main__":
    bad = broken_links(Path(sys.argv[1] if len(sys.argv) > 1 else "build/site"))
    for page, href in bad:
        print(f"{page}: broken link {href}")
    print(f"{len(bad)} broken links")
    sys.exit(1 if bad else 0)
