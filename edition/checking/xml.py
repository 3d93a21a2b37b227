"""The one way this project parses XML: no DTD, no entities, no network, bounded in every way.

Limits (all reported as a located ParseError, never an exception of lxml's):
- file size: 20 MiB by default, `[limits] max_file_mb` in edition.toml;
- nesting depth, number of elements, length of an attribute value and of an xml:id: far above
  anything an edition file needs (the ten documents: depth 10, 2,400 elements, values ≤ 60
  characters, ids ≤ 30), low enough that a generated or hostile file cannot slow a build down;
- entities: none are expanded (a DOCTYPE is refused; libxml2's amplification guard stays on).
Encodings: UTF-8, or any encoding the XML declaration names (UTF-16 with its byte-order mark is
accepted: the bytes say what they are). Bytes that are not valid in the declared (or default
UTF-8) encoding are refused with the line where decoding failed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from dataclasses import dataclass
from pathlib import Path

from lxml import etree

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NS = {"t": TEI_NS}
XML_ID = f"{{{XML_NS}}}id"
MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_bytes: int = MAX_BYTES
    max_depth: int = 100          # libxml2 stops at 256 on its own; a TEI text needs ~15
    max_elements: int = 200_000
    max_attribute: int = 4_000    # characters in one attribute value
    max_id: int = 100             # characters in an xml:id (they become HTML ids and file names)

    @classmethod
    def from_config(cls, table: dict | None) -> "Limits":
        """Limits from edition.toml's [limits] table (max_file_mb, max_depth, ...)."""
        table = dict(table or {})
        kw = {}
        if "max_file_mb" in table:
            kw["max_bytes"] = int(float(table.pop("max_file_mb")) * 1024 * 1024)
        for name in ("max_depth", "max_elements", "max_attribute", "max_id"):
            if name in table:
                kw[name] = int(table.pop(name))
        if table:
            raise ValueError(f"[limits]: unknown setting(s) {', '.join(sorted(table))}")
        return cls(**kw)


DEFAULT_LIMITS = Limits()


@dataclass
class ParseError(Exception):
    """A file that cannot be read as XML, with the place where reading stopped."""

    path: Path
    line: int
    column: int
    message: str
    rule: str = "xml"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: error: {self.message} [{self.rule}]"


def parser() -> etree.XMLParser:
    # huge_tree stays False: libxml2 then bounds depth and text node size for us.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_blank_text=False)


def read_bytes(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of a file named as a source, or a ParseError that says why they cannot be had."""
    try:
        if path.is_dir():
            raise ParseError(path, 0, 0, "is a folder, not a file", "io")
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise ParseError(path, 1, 1, f"file is larger than {_mib(limits.max_bytes)} "
                             f"({_mib(size)}); raise [limits] max_file_mb in edition.toml if it must be", "size")
        with path.open("rb") as f:
            data = f.read(limits.max_bytes + 1)  # the file may have grown since stat()
    except OSError as e:
        why = e.strerror or str(e)
        if getattr(e, "errno", None) == 40:  # ELOOP
            why = "symbolic link loop"
        raise ParseError(path, 0, 0, f"cannot read file: {why}", "io") from None
    if len(data) > limits.max_bytes:
        raise ParseError(path, 1, 1, f"file is larger than {_mib(limits.max_bytes)}", "size")
    return data


def _mib(n: int) -> str:
    return f"{n / 2**20:.0f} MiB" if n >= 2**20 else f"{n} bytes"


def parse(path: Path, limits: Limits = DEFAULT_LIMITS) -> etree._ElementTree:
    """Parse a source file or raise ParseError; a DOCTYPE is refused (sources never need one)."""
    data = read_bytes(path, limits)
    if not data.strip():
        raise ParseError(path, 1, 1, "file is empty", "xml")
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser(), base_url=path.resolve().as_uri()))
    except etree.XMLSyntaxError as e:
        line, col = e.position if e.position else (e.lineno or 1, e.offset or 1)
        msg = e.msg or str(e)
        # libxml2 appends its own (often wrong) location for some errors; the position is ours.
        msg = msg.split(", line ")[0]
        raise ParseError(path, line or 1, max(col, 1), msg) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise ParseError(path, 1, 1, "a DOCTYPE is not allowed in edition sources", "doctype")
    check_limits(path, tree, limits)
    return tree


def _within(tree: etree._ElementTree, limits: Limits) -> bool:
    """Whether nothing in the tree is beyond a limit, asked of libxml2 in a few XPaths (a walk in
    Python over every element took most of the time of parsing). Only a file that fails one is
    walked, to name the first element beyond a limit."""
    count, depth, short, attribute, ident = _limit_paths(limits)
    if count(tree) or depth(tree):
        return False
    # one pass over the attributes for the smaller bound; the two exact ones only past it
    return not short(tree) or not (attribute(tree) or ident(tree))


_LIMIT_PATHS: dict = {}


def _limit_paths(limits: Limits) -> tuple:
    if limits not in _LIMIT_PATHS:
        shorter = min(limits.max_attribute, limits.max_id)
        _LIMIT_PATHS[limits] = (
            etree.XPath(f"count(descendant-or-self::*) > {limits.max_elements}"),
            etree.XPath("boolean(/" + "/".join(["*"] * (limits.max_depth + 1)) + ")"),
            etree.XPath(f"boolean(descendant-or-self::*/@*[string-length() > {shorter}])"),
            etree.XPath(f"boolean(descendant-or-self::*/@*[string-length() > {limits.max_attribute}])"),
            etree.XPath(f"boolean(descendant-or-self::*/@xml:id[string-length() > {limits.max_id}])"),
        )
    return _LIMIT_PATHS[limits]


def check_limits(path: Path, tree: etree._ElementTree, limits: Limits = DEFAULT_LIMITS) -> None:
    """Raise ParseError at the first element beyond a limit of depth, count or attribute length."""
    if _within(tree, limits):
        return
    count = 0
    depth = 0
    for event, el in etree.iterwalk(tree, events=("start", "end"), tag=etree.Element):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        count += 1
        where = el.sourceline or 1
        if depth > limits.max_depth:
            raise ParseError(path, where, 1, f"elements are nested more than {limits.max_depth} deep", "limit-depth")
        if count > limits.max_elements:
            raise ParseError(path, where, 1, f"more than {limits.max_elements:,} elements", "limit-elements")
        for name, value in el.attrib.items():
            if name == XML_ID and len(value) > limits.max_id:
                raise ParseError(path, where, 1, f"an xml:id of {len(value):,} characters "
                                 f"(at most {limits.max_id}): {value[:40]}…", "limit-id")
            if len(value) > limits.max_attribute:
                raise ParseError(path, where, 1, f"@{etree.QName(name).localname} is {len(value):,} characters long "
                                 f"(at most {limits.max_attribute:,})", "limit-attribute")


class LazyTrees(Mapping):
    """Parsed files by key, each taken from its loader when asked and not kept here, so that a
    walk over a thousand documents holds one tree at a time. Iterate over the keys and take
    each tree by its key: what keeps the pairs of `items()` (sorted, dict) holds every tree."""

    def __init__(self, loaders: dict[object, Callable[[], etree._ElementTree]]):
        self._loaders = loaders

    def __getitem__(self, key) -> etree._ElementTree:
        return self._loaders[key]()

    def __iter__(self):
        return iter(self._loaders)

    def __len__(self) -> int:
        return len(self._loaders)
