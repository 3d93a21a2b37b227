"""Checks across files: pointers into the registers and between documents, ids unique across
the edition, register entries used and told apart."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .. import registers as registers_module
from ..registers import KINDS, NAME_START, closed, exempt, is_short, short_names_by_document, whole_foreign_name
from .xml import NS, TEI_NS, XML_ID

# prefix → (register file stem, element that carries the entry, what a reader calls it), from the
# one table of registers in registers.KINDS
_READER_NAME = {"person": "person", "org": "organisation", "place": "place", "event": "event"}
REGISTERS = {prefix: (stem, entry, _READER_NAME[entry]) for prefix, (stem, entry, *_rest) in KINDS.items()}
NAME_OF_ENTRY = {entry: name_tag for stem, entry, name_tag, *_rest in KINDS.values()}
POINTING = ("persName", "orgName", "placeName", "name", "rs", "date")
# asked in libxml2, not element by element in Python
# plain strings: lxml's "smart" strings keep their element, and with it the whole tree, alive
_ALL_IDS = etree.XPath("//@xml:id", smart_strings=False)
_POINTER_HOLDERS = etree.XPath("descendant-or-self::*[@ref or @resp or @who or @source or @corresp or @target or @sameAs]")
_IDS_OUTSIDE_HEADER = etree.XPath("//*[@xml:id][not(ancestor::t:teiHeader)]", namespaces=NS)


@dataclass
class Edition:
    """Every file of the edition, parsed: documents by id, register entries by prefix."""

    trees: dict[Path, etree._ElementTree]
    docs: dict[str, Path] = field(default_factory=dict)
    entries: dict[str, dict[str, etree._Element]] = field(default_factory=lambda: defaultdict(dict))
    register_paths: dict[str, Path] = field(default_factory=dict)
    _ids: dict[Path, set[str]] = field(default_factory=dict)
    _by_resolved: dict[Path, Path] = field(default_factory=dict)
    _at: dict[Path, Path | None] = field(default_factory=dict)
    _from: dict[tuple[Path, str], Path | None] = field(default_factory=dict)

    @classmethod
    def of(cls, trees: dict[Path, etree._ElementTree]) -> "Edition":
        ed = cls(trees)
        by_stem = {stem: prefix for prefix, (stem, _, _) in REGISTERS.items()}
        for path in trees:  # `trees` may parse a document when asked: only the registers are taken
            prefix = by_stem.get(path.stem) if path.parent.name == "register" else None
            if prefix:
                ed.register_paths[prefix] = path
                kind = REGISTERS[prefix][1]
                for el in trees[path].getroot().iter(f"{{{TEI_NS}}}{kind}"):
                    if el.get(XML_ID):
                        ed.entries[prefix][el.get(XML_ID)] = el
            else:
                ed.docs[path.stem] = path
        return ed

    def ids(self, path: Path) -> set[str]:
        if path not in self._ids:
            self._ids[path] = set(_ALL_IDS(self.trees[path]))
        return self._ids[path]

    def file_from(self, path: Path, file: str) -> Path | None:
        """The file of the edition `file` (relative) points to from `path`; each pair resolved once."""
        key = (path.parent, file)
        if key not in self._from:
            self._from[key] = self.file_at(path.parent / file)
        return self._from[key]

    def file_at(self, target: Path) -> Path | None:
        if not self._by_resolved:
            self._by_resolved = {p.resolve(): p for p in self.trees}
        # a register points into the same few documents hundreds of times: resolve each once
        if target not in self._at:
            self._at[target] = self._by_resolved.get(target.resolve())
        return self._at[target]


Finding = tuple[Path, int, str | None, str, str, str]  # path, line, element, severity, message, rule


def _near(word: str, options, prefix: str = "") -> str:
    import difflib  # only for a finding: not imported on every run

    near = difflib.get_close_matches(word, list(options), n=1, cutoff=0.75)
    return f'; did you mean "{prefix}{near[0]}"?' if near else ""


def check(ed: Edition, paths: list[Path], whole_edition: bool, never_alone: frozenset[str] = frozenset(),
          not_within: tuple[str, ...] = (), memo=None) -> list[Finding]:
    out: list[Finding] = []
    local = _local

    # ids unique across the edition; a file's id is its name. Ids in a header (e.g. "ed" for the
    # editors' respStmt) name responsibilities inside that file and may recur in every file.
    # (path, line, element name) of each id, not the element: that would hold every tree
    places: dict[str, list[tuple[Path, int, str]]] = defaultdict(list)
    for path in sorted(ed.trees):
        root = ed.trees[path].getroot()
        if root.get(XML_ID) and root.get(XML_ID) != path.stem and path in paths:
            out.append((path, root.sourceline, "TEI", "error",
                        f'the document id "{root.get(XML_ID)}" must be the file name "{path.stem}"', "doc-id"))
        for el in _IDS_OUTSIDE_HEADER(root):
            if el is not root:
                places[el.get(XML_ID)].append((path, el.sourceline, local(el)))
    checked = set(paths)
    for i, occurrences in places.items():
        if len(occurrences) < 2:
            continue
        # report on the files being checked; among them, every use after the first
        for k, (path, line, name) in enumerate(occurrences):
            others = [p for j, (p, *_) in enumerate(occurrences) if j != k]
            if path in checked and (k > 0 or not any(p in checked for p in others)):
                out.append((path, line, name, "error",
                            f'xml:id "{i}" is already used in {others[0].name}', "id-unique"))

    for path in paths:
        tree = ed.trees.get(path)
        if tree is None:
            continue
        ids = ed.ids(path)
        for el in _POINTER_HOLDERS(tree):  # the elements with an attribute checked here, in order
            name = local(el)
            ref = el.get("ref")
            if ref and name in POINTING:
                out.extend(_check_entity_ref(ed, path, el, ref))
            for att in ("resp", "who", "source", "corresp", "target", "sameAs"):
                for tok in (el.get(att) or "").split():
                    if tok.startswith("#") and tok[1:] not in ids:
                        out.append((path, el.sourceline, name, "error",
                                    f'@{att} points to "#{tok[1:]}", which is not an xml:id in this file'
                                    + _near(tok[1:], ids), "local-pointer"))
                    elif att in ("target", "corresp", "source") and ".xml" in tok and "://" not in tok:
                        out.extend(_check_doc_pointer(ed, path, el, att, tok))

    if whole_edition:
        out.extend(_check_registers(ed))
    out.extend(_untagged(ed, paths, never_alone, not_within, memo))
    return out


# Where text cannot hold a mention is decided by registers.not_a_mention_here, shared with the tagger.


def _forms(ed: Edition, never_alone: frozenset[str] = frozenset()) -> dict[str, set[str]]:
    forms: dict[str, set[str]] = defaultdict(set)
    for prefix, entries in ed.entries.items():
        tag = NAME_OF_ENTRY[REGISTERS[prefix][1]]
        for ident, entry in entries.items():
            for n in entry.iterfind(f"t:{tag}", NS):
                if is_short(n):
                    continue  # a name only where its @source says: see _short_forms
                for el in (n, n.find("t:surname", NS)):
                    text = " ".join("".join(el.itertext()).split()) if el is not None else ""
                    if len(text) > 2 and text not in never_alone:
                        forms[text].add(f"{prefix}:{ident}")
    return forms


def _short_forms(ed: Edition) -> dict[str, list[tuple[str, dict[str, set[str]]]]]:
    return short_names_by_document(
        (f"{prefix}:{ident}", entry, f"{{{TEI_NS}}}{NAME_OF_ENTRY[REGISTERS[prefix][1]]}")
        for prefix, entries in ed.entries.items() for ident, entry in entries.items())


def _untagged(ed: Edition, paths: list[Path], never_alone: frozenset[str],
              not_within: tuple[str, ...] = (), memo=None) -> list[Finding]:
    """Warnings for register names that occur in a text without a tag: what a contributor missed.

    `memo` (the validation cache) keeps each file's findings under the file's content hash and a
    digest of the register names and rules: an unchanged file against unchanged registers is
    not scanned again."""
    docs = set(ed.docs.values())
    if not any(path in docs for path in paths):
        return []  # registers only: no text to scan, and the names need not be gathered
    forms = _forms(ed, never_alone)
    if not forms:
        return []
    short = _short_forms(ed)
    context = _digest({**forms, **{f"{d}#{frag}:{form}": refs for d, scoped in short.items()
                                   for frag, fs in scoped for form, refs in fs.items()}}, never_alone, not_within)
    matcher = None
    out: list[Finding] = []
    for path in paths:
        if path not in docs:
            continue
        hit = memo.get(path, context) if memo is not None else None
        if hit is not None:
            out.extend((path, *f) for f in hit)
            continue
        if matcher is None:
            matcher = _FormMatcher(forms)
        tree = ed.trees[path]  # once: it may be parsed on each asking
        found = _scan(tree, path, forms, matcher, not_within)
        doc_id = tree.getroot().get(XML_ID) or path.stem
        for frag, scoped in short.get(doc_id, []):
            found.extend(_scan(tree, path, scoped, _FormMatcher(scoped), not_within, frag))
        if memo is not None:
            memo.put(path, context, [f[1:] for f in found])
        out.extend(found)
    return out


def _digest(forms: dict[str, set[str]], never_alone, not_within) -> str:
    h = hashlib.sha256()
    for form in sorted(forms):
        h.update(form.encode() + b"\0" + " ".join(sorted(forms[form])).encode() + b"\1")
    h.update(repr((sorted(never_alone), tuple(not_within))).encode())
    # and the code that finds them: a fix to the scan must not be hidden by old results
    for module in (__file__, registers_module.__file__):
        h.update(Path(module).read_bytes())
    return h.hexdigest()[:32]


_END = None  # key of a trie node where a form ends
_AFTER = re.compile(r"\w|-\w")  # what may not follow a name: it would be part of a longer word


class _FormMatcher:
    """Every form at once, as a trie walked from each word start: the cost is the length of the
    text, not the number of names, and nothing is compiled but a character class (a regular
    expression of 10,000 names takes longer to compile than to run). At each place the longest
    form that ends a word wins, as with an alternation sorted longest first,
    `(?<![\\w-])(form|…)(?!\\w|-\\w)`, which it replaces."""

    def __init__(self, forms):
        self.trie: dict = {}
        for form in forms:
            node = self.trie
            for ch in form:
                node = node.setdefault(ch, {})
            node[_END] = True
        firsts = "".join(re.escape(ch) for ch in sorted(k for k in self.trie if k is not _END))
        # where a name may begin: the rule the tagger uses too (registers.NAME_START)
        self._start = re.compile(NAME_START + "[" + firsts + "]") if firsts else None

    def finditer(self, text: str):
        """(start, end) of each form found, left to right, not overlapping."""
        if self._start is None:
            return
        pos, n = 0, len(text)
        while (m := self._start.search(text, pos)) is not None:
            i = j = m.start()
            node, ends = self.trie, []
            while j < n and (node := node.get(text[j])) is not None:
                j += 1
                if _END in node:
                    ends.append(j)
            for e in reversed(ends):
                if not _AFTER.match(text, e):
                    yield i, e
                    pos = e
                    break
            else:
                pos = i + 1


def _excluded(el) -> bool:
    # one rule with the tagger: registers.closed, applied to the element and so to its subtree
    return closed(el)


def _scan(tree, path: Path, forms, matcher, not_within, within: str | None = None) -> list[Finding]:
    """Untagged names in the text; `within`: only in the passage with that xml:id ("" the whole
    text), for short names, which are names only there; they never stand as a foreign word."""
    out: list[Finding] = []

    def report(pieces: list[str], owners: list) -> None:
        # The text nodes of one <text>, joined by a character no name or phrase holds, so that
        # the matcher and the phrase rules run once over them all and never match across two.
        joined = "\0".join(pieces)
        exempted = exempt(joined, not_within)
        starts, at = [], 0
        for piece in pieces:
            starts.append(at)
            at += len(piece) + 1
        for start, end in matcher.finditer(joined):
            if exempted(start, end):
                continue
            parent, owner = owners[bisect_right(starts, start) - 1]
            name = joined[start:end]
            out.append((path, parent.sourceline, etree.QName(owner).localname, "warning",
                        f'"{name}" is not tagged; register: {" or ".join(sorted(forms[name]))}', "untagged"))

    # One walk in document order; a subtree where names are not mentions is skipped whole (its
    # tail still belongs to the parent), rather than asking every text node for its ancestors.
    def walk(el, skipped: bool, pieces: list[str], owners: list) -> None:
        skipped = skipped or _excluded(el)
        if el.text and not skipped:
            pieces.append(el.text)
            owners.append((el, el))
        for child in el:
            if isinstance(child.tag, str):
                walk(child, skipped, pieces, owners)
            if child.tail and not skipped:
                pieces.append(child.tail)
                owners.append((child, el))

    if within:
        for el in tree.getroot().iterfind(f".//t:text//*[@{XML_ID}='{within}']", NS):
            pieces: list[str] = []
            owners: list = []
            walk(el, any(_excluded(a) for a in (el, *el.iterancestors())), pieces, owners)
            report(pieces, owners)
        return out
    for text in tree.getroot().iterfind("t:text", NS):
        pieces = []
        owners = []
        walk(text, any(_excluded(a) for a in text.iterancestors()), pieces, owners)
        report(pieces, owners)
        if within is not None:
            continue
        # a name printed as a foreign word is still a mention (the italic "orgburo")
        for el in text.iterfind(".//t:foreign", NS):
            words = " ".join("".join(el.itertext()).split())
            if words in forms and whole_foreign_name(el):
                out.append((path, el.sourceline, "foreign", "warning",
                            f'"{words}" is not tagged; register: {" or ".join(sorted(forms[words]))}', "untagged"))
    return out


def _local(el) -> str:
    """An element's local name (what etree.QName(el).localname gives, from the tag string)."""
    return el.tag.rpartition("}")[2]


def _check_entity_ref(ed: Edition, path: Path, el, ref: str) -> list[Finding]:
    prefix, _, ident = ref.partition(":")
    if prefix in REGISTERS and ident and prefix in ed.register_paths and ident in ed.entries[prefix]:
        return []  # nearly every pointer: nothing to say
    local = _local(el)
    if prefix not in REGISTERS or not ident:
        return [(path, el.sourceline, local, "error",
                 f'@ref "{ref}" is not a register pointer (per:, org:, pla:, evt:)', "ref-scheme")]
    if prefix not in ed.register_paths:
        return [(path, el.sourceline, local, "error",
                 f'@ref "{ref}": there is no register tei/register/{REGISTERS[prefix][0]}.xml', "ref-unresolved")]
    if ident not in ed.entries[prefix]:
        what = REGISTERS[prefix][2]
        return [(path, el.sourceline, local, "error",
                 f'unknown {what} "{ref}"' + _near(ident, ed.entries[prefix], prefix + ":"), "ref-unresolved")]
    return []


def _check_doc_pointer(ed: Edition, path: Path, el, att: str, tok: str) -> list[Finding]:
    file, _, frag = tok.partition("#")
    match = ed.file_from(path, file)
    if match is not None and (not frag or frag in ed.ids(match)):
        return []
    local = _local(el)
    if match is None:
        return [(path, el.sourceline, local, "error", f'@{att} points to "{file}", which is not a file of the edition'
                 + _near(Path(file).stem, ed.docs), "doc-pointer")]
    if frag and frag not in ed.ids(match):
        return [(path, el.sourceline, local, "error",
                 f'@{att} points to "#{frag}" in {file}, which has no such xml:id' + _near(frag, ed.ids(match)),
                 "doc-pointer")]
    return []


def _check_registers(ed: Edition) -> list[Finding]:
    out: list[Finding] = []
    used: dict[str, set[str]] = defaultdict(set)
    for path in ed.docs.values():
        for el in ed.trees[path].getroot().iter():
            if isinstance(el.tag, str) and el.get("ref") and ":" in el.get("ref"):
                prefix, _, ident = el.get("ref").partition(":")
                used[prefix].add(ident)
    for prefix, entries in ed.entries.items():
        path = ed.register_paths[prefix]
        names: dict[str, list[str]] = defaultdict(list)
        for ident, entry in entries.items():
            if ident not in used[prefix]:
                out.append((path, entry.sourceline, etree.QName(entry).localname, "error",
                            f'register entry "{prefix}:{ident}" is not mentioned in any document', "entry-unused"))
            tag = NAME_OF_ENTRY[REGISTERS[prefix][1]]
            for n in entry.iterfind(f"t:{tag}", NS):
                key = " ".join("".join(n.itertext()).split()).casefold()
                if key and ident not in names[key]:
                    names[key].append(ident)
        for key, idents in names.items():
            if len(idents) > 1 and not all(entries[i].find("t:note", NS) is not None for i in idents):
                e = entries[idents[1]]
                out.append((path, e.sourceline, etree.QName(e).localname, "error",
                            f'the name "{key}" belongs to {", ".join(idents)}: each needs a note that tells them apart',
                            "entry-ambiguous"))
    return out
