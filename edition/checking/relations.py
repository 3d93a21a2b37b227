"""Relations between register entries (tei/register/relations.xml): membership, office,
structure, succession, each with @source pointing to the passage that states it.

`check` is called by the validator: both ends resolve, the kinds fit (a person is a member of
an organisation, not of a place), every relation has its source, and an entry whose name has a
date of existence (`notBefore`/`notAfter` on its preferred name) is not named in a passage
dated wholly outside it (a text naming the USSR in 1920), unless the mention says the editors
checked it (cert="high"). `for_pages` gives the register pages
what to show."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..registers import _flatten
from .xml import TEI_NS

STEM = "relations"
# name → (kinds of the active end, kinds of the passive end, heading on the active end's page,
# heading on the passive end's page); a mutual relation names one group of its active kinds.
KINDS = {
    "member": ({"per"}, {"org"}, "member of", "members mentioned in the edition"),
    "signatory": ({"per"}, set(), "signed with", ""),
    "added-signature": ({"per"}, set(), "added a signature with", ""),
    "chair": ({"per"}, {"org"}, "chair of", "chaired by"),
    "secretary": ({"per"}, {"org"}, "secretary of", "secretary"),
    "general-secretary": ({"per"}, {"org"}, "general secretary of", "general secretary"),
    "part-of": ({"org", "pla"}, {"org", "pla"}, "part of", "parts"),
    "meeting-of": ({"evt"}, {"org"}, "meeting of", "meetings"),
    "successor": ({"org", "pla"}, {"org", "pla"}, "successor of", "succeeded by"),
}
SAME_KIND = {"part-of", "successor"}
MUTUAL_HEADINGS = {"signatory": "Signatories of the Letter of the Twenty-Two",
                   "added-signature": "Added their signatures to the Letter of the Twenty-Two"}
_BLOCKS = {f"{{{TEI_NS}}}{t}" for t in ("p", "item", "note", "head", "cell", "l")}
_YEAR = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@dataclass
class Relation:
    name: str
    active: list[str]
    passive: list[str]
    mutual: list[str]
    when: str
    not_before: str
    not_after: str
    sources: list[str]
    element: etree._Element

    @property
    def dates(self) -> str:
        if self.when:
            return self.when
        if self.not_before or self.not_after:
            return f"{self.not_before or '?'}–{self.not_after or '?'}"
        return ""


def path_in(register_dir: Path) -> Path:
    return register_dir / f"{STEM}.xml"


def read(tree: etree._ElementTree) -> list[Relation]:
    out = []
    for el in tree.getroot().iter(f"{{{TEI_NS}}}relation"):
        out.append(Relation(el.get("name", ""), (el.get("active") or "").split(), (el.get("passive") or "").split(),
                            (el.get("mutual") or "").split(), el.get("when", ""), el.get("notBefore", ""),
                            el.get("notAfter", ""), (el.get("source") or "").split(), el))
    return out


def _tree(ed) -> tuple[Path | None, etree._ElementTree | None]:
    for path in ed.trees:  # by name: the trees may be parsed when asked
        if path.stem == STEM and path.parent.name == "register":
            return path, ed.trees[path]
    return None, None


def _sortable(value: str) -> str:
    """An ISO date or year as a sortable string; "1922" sorts before "1922-12"."""
    m = _YEAR.match(value or "")
    return "-".join(g for g in m.groups() if g) if m else ""


def _existence(entry) -> tuple[str, str]:
    for n in entry:
        if isinstance(n.tag, str) and n.get("type") == "preferred":
            return _sortable(n.get("notBefore", "")), _sortable(n.get("notAfter", ""))
    return "", ""


def check(ed) -> list:
    out = []
    path, tree = _tree(ed)
    if tree is not None:
        out.extend(_check_relations(ed, path, tree))
    out.extend(_check_existence(ed))
    return out


def _check_relations(ed, path: Path, tree) -> list:
    out = []
    for r in read(tree):
        line = r.element.sourceline
        if r.name not in KINDS:
            out.append((path, line, "relation", "error",
                        f'unknown relation "{r.name}"; known: {", ".join(KINDS)}', "relation-name"))
            continue
        active_kinds, passive_kinds = KINDS[r.name][:2]
        if not r.sources:
            out.append((path, line, "relation", "error",
                        f'the relation "{r.name}" points to no passage that states it (@source)', "relation-source"))
        ends = ([("active", a, active_kinds) for a in r.active] + [("passive", p, passive_kinds) for p in r.passive]
                + [("mutual", m, active_kinds) for m in r.mutual])
        if r.mutual and (r.active or r.passive):
            out.append((path, line, "relation", "error", "a relation is either mutual or has active and passive ends",
                        "relation-ends"))
        elif not r.mutual and not (r.active and r.passive):
            out.append((path, line, "relation", "error", f'the relation "{r.name}" needs @active and @passive',
                        "relation-ends"))
        same = {a.partition(":")[0] for a in r.active} | {p.partition(":")[0] for p in r.passive}
        if r.name in SAME_KIND and len(same) > 1:
            out.append((path, line, "relation", "error",
                        f'"{r.name}" relates entries of one kind (a body to a body, a place to a place), '
                        f'not {" and ".join(sorted(same))}', "relation-kind"))
        for role, ref, kinds in ends:
            prefix, _, ident = ref.partition(":")
            if ident not in ed.entries.get(prefix, {}):
                out.append((path, line, "relation", "error", f'@{role} "{ref}" is not a register entry', "relation-unresolved"))
            elif prefix not in kinds:
                want = " or ".join(sorted(kinds))
                out.append((path, line, "relation", "error",
                            f'"{r.name}": @{role} "{ref}" is of the wrong kind (a {prefix}: entry; expected {want}:)',
                            "relation-kind"))
    return out


_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s")


def _sentence_dates(el) -> list[str]:
    """The dates before `el` in the sentence that names it ("In 1920 the USSR …"): a paragraph
    may run over many years, and a date later in the sentence is often another event's ("the
    Soviet Union, … the outcome of the 1917 revolution")."""
    block = next((a for a in el.iterancestors() if a.tag in _BLOCKS), None)
    if block is None:
        return []
    found = [el, *block.iter(f"{{{TEI_NS}}}date")]
    text, spans = _flatten(block, set(found))  # one walk for the name and every date beside it
    before = text[:spans[el][0]] if el in spans else ""
    ends = list(_SENTENCE_END.finditer(before))
    start = ends[-1].end() if ends else 0
    stop = len(before)
    dates = []
    for d in found[1:]:
        if d not in spans:  # inside a note of the block: not the block's own sentence
            continue
        at = spans[d][0]
        if not (start <= at <= stop):
            continue
        for att in ("when", "from", "to", "notBefore", "notAfter"):
            if d.get(att):
                dates.append(_sortable(d.get(att)))
    return [d for d in dates if d]


def _check_existence(ed) -> list:
    """A name with dates of existence, in a passage whose dates all lie outside them."""
    limits = {}
    for prefix, entries in ed.entries.items():
        for ident, entry in entries.items():
            nb, na = _existence(entry)
            if nb or na:
                limits[f"{prefix}:{ident}"] = (nb, na)
    out = []
    if not limits:
        return out
    for path in ed.docs.values():
        for el in ed.trees[path].getroot().iter():
            ref = el.get("ref") if isinstance(el.tag, str) else None
            if ref not in limits:
                continue
            if el.get("cert") == "high":
                continue  # the editors checked this identification against the dates
            nb, na = limits[ref]
            dates = _sentence_dates(el)
            if not dates:
                continue
            latest, earliest = max(dates), min(dates)
            # "1922" does not lie before "1922-12": compare at the precision of the shorter date
            before = nb and latest < nb and not nb.startswith(latest)
            after = na and earliest > na and not earliest.startswith(na)
            if before or after:
                name = " ".join("".join(el.itertext()).split())
                span = f"from {nb}" if before else f"until {na}"
                out.append((path, el.sourceline, etree.QName(el).localname, "warning",
                            f'"{name}" ({ref}) is named in a passage dated {earliest if before else latest}'
                            f', but it exists only {span}: is another entry meant?', "relation-date"))
    return out


def label(target: str, titles: dict[str, str] | None = None) -> str:
    """ "../allen.xml#allen-p4" → "Allen …, ¶ 4"; a note "…-n2" → "n. 2"."""
    file, _, frag = target.partition("#")
    stem = Path(file).stem
    title = (titles or {}).get(stem, stem)
    part = frag[len(stem) + 1:] if frag.startswith(stem + "-") else frag
    m = re.fullmatch(r"([pn])(\d+)", part)
    where = (f"¶ {m.group(2)}" if m.group(1) == "p" else f"n. {m.group(2)}") if m else part
    return f"{title}, {where}" if where else title


def site_href(target: str) -> str:
    file, _, frag = target.partition("#")
    return f"../{Path(file).stem}.html" + (f"#{frag}" if frag else "")


_site_href = site_href


def for_pages(register_dir: Path, entries: dict, titles: dict[str, str] | None = None) -> dict[str, list[dict]]:
    """For each entry ref, the relations its page shows: heading, the other entries (name and
    href), dates, and the source passages (href, label)."""
    path = path_in(register_dir)
    if not path.exists():
        return {}
    shown: dict[str, list[dict]] = {}

    def link(ref):
        e = entries.get(ref)
        return {"ref": ref, "name": e.name if e else ref, "href": f"../{e.folder}/{e.id}.html" if e else ""}

    def add(ref, heading, others, r):
        groups = shown.setdefault(ref, [])
        group = next((g for g in groups if g["heading"] == heading), None)
        if group is None:
            group = {"heading": heading, "items": []}
            groups.append(group)
        for other in others:
            group["items"].append({**link(other), "dates": r.dates,
                                   "sources": [(_site_href(s), label(s, titles)) for s in r.sources]})

    for r in read(etree.parse(str(path))):
        if r.name not in KINDS:
            continue
        _, _, on_active, on_passive = KINDS[r.name]
        if r.mutual:
            for ref in r.mutual:
                add(ref, MUTUAL_HEADINGS.get(r.name, on_active), [m for m in r.mutual if m != ref], r)
            continue
        for a in r.active:
            add(a, on_active, r.passive, r)
        for p in r.passive:
            add(p, on_passive, r.active, r)
    for groups in shown.values():
        for g in groups:
            g["items"].sort(key=lambda i: entries[i["ref"]].sort_name if i["ref"] in entries else i["ref"])
    return shown
