"""schemas/edition.fast.rng: the grammar of schemas/edition.rng rewritten so that libxml2 validates
it several times faster, accepting exactly the same documents.

libxml2's RELAX NG tries every branch of a choice that it cannot sort by element name, copying
its state for each: TEI's content models are choices of references to model classes (which are
choices themselves, sharing elements), and mixed content is written as
`zeroOrMore { choice { text, … } }`, which libxml2 counts as "may be empty" and so never sorts.
That made every element of running text cost ~50 µs (0.3 s for allen.xml). Two rewrites, each
an identity of RELAX NG, fix it:

* a choice whose branches are, through references and nested choices, only elements (and
  notAllowed) is written as one flat choice of references to those elements, each once: choice
  is associative, commutative and idempotent, notAllowed is its identity, a reference stands for
  its definition;
* `zeroOrMore { choice { text, E₁, …, Eₙ } }`, the Eᵢ single elements, is written
  `mixed { zeroOrMore { choice { E₁, …, Eₙ } } }`: both are any sequence of text and of elements
  matching one of the Eᵢ.

Only the grammar's verdict (valid or not) is taken from this file; when a document is invalid,
the messages still come from edition.rng (or Jing). The file records the SHA-256 of the
edition.rng it was made from, and is not used when that no longer matches.

    python tools/schema/build.py        # writes it with the other generated schemas
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from lxml import etree

RNG = "http://relaxng.org/ns/structure/1.0"
ED = "urn:x-edition:derived"  # a foreign attribute, which RELAX NG processors ignore
SOURCE = f"{{{ED}}}source-sha256"
_R = f"{{{RNG}}}"


def _kids(el) -> list:
    return [c for c in el if isinstance(c.tag, str) and c.tag.startswith(_R)]


def derive(source: bytes) -> bytes:
    """The rewritten grammar (bytes of edition.fast.rng) for the bytes of edition.rng."""
    tree = etree.ElementTree(etree.fromstring(source, etree.XMLParser(remove_blank_text=True)))
    root = tree.getroot()
    defines: dict[str, etree._Element] = {}
    for d in root.iter(f"{_R}define"):
        if d.get("name") in defines or d.get("combine"):
            raise ValueError(f"define {d.get('name')} is combined; not rewritten")  # not this grammar's case
        defines[d.get("name")] = d
    if any(next(root.iter(f"{_R}{t}"), None) is not None for t in ("include", "externalRef", "parentRef")):
        raise ValueError("the grammar refers to others; not rewritten")

    def elements(node, out: list[str]) -> bool:
        """Append the element definitions `node` is a choice of; False if it is anything else."""
        if node.tag == f"{_R}notAllowed":
            return True
        if node.tag == f"{_R}choice":
            return all(elements(k, out) for k in _kids(node))
        if node.tag == f"{_R}ref":
            body = _kids(defines[node.get("name")])
            if len(body) != 1:
                return False
            if body[0].tag == f"{_R}element" and body[0].get("name"):
                if node.get("name") not in out:
                    out.append(node.get("name"))
                return True
            return elements(body[0], out)
        return False

    def flat(names: list[str]) -> etree._Element:
        choice = etree.Element(f"{_R}choice")
        for name in names:
            etree.SubElement(choice, f"{_R}ref", name=name)
        return choice

    for choice in list(root.iter(f"{_R}choice")):
        if choice.getroottree().getroot() is not root:
            continue  # inside a choice already rewritten
        branches = _kids(choice)
        texts = [b for b in branches if b.tag == f"{_R}text"]
        names: list[str] = []
        if not all(elements(b, names) for b in branches if b.tag != f"{_R}text") or len(names) < 2:
            continue
        parent = choice.getparent()
        if not texts:
            parent.replace(choice, flat(names))
        elif parent.tag == f"{_R}zeroOrMore" and len(_kids(parent)) == 1:
            mixed = etree.Element(f"{_R}mixed")
            repeat = etree.SubElement(mixed, f"{_R}zeroOrMore")
            repeat.append(flat(names))
            parent.getparent().replace(parent, mixed)
    # the model classes now referred to by nothing: dropped, as libxml2 would compile them anyway
    reachable: set[str] = set()
    todo = [r.get("name") for s in root.iterfind(f"{_R}start") for r in s.iter(f"{_R}ref")]
    while todo:
        name = todo.pop()
        if name not in reachable and name in defines:
            reachable.add(name)
            todo.extend(r.get("name") for r in defines[name].iter(f"{_R}ref"))
    for name, d in defines.items():
        if name not in reachable and d.getparent() is not None:
            d.getparent().remove(d)
    root.set(SOURCE, hashlib.sha256(source).hexdigest())
    etree.cleanup_namespaces(root, top_nsmap={"ed": ED})
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def load(schemas: Path) -> etree.RelaxNG | None:
    """The fast grammar beside edition.rng, or None when it is missing or made from another
    edition.rng (then the caller validates with edition.rng itself)."""
    fast, source = schemas / "edition.fast.rng", schemas / "edition.rng"
    try:
        tree = etree.parse(str(fast))
        if tree.getroot().get(SOURCE) != hashlib.sha256(source.read_bytes()).hexdigest():
            return None
        return etree.RelaxNG(tree)
    except (OSError, etree.LxmlError):
        return None

