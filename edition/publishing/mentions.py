"""Every document's mentions in context (registers.collect_mentions), kept per document in the
build's cache under the document's content hash: a document's mentions are made of its own TEI
and of which refs the registers hold, so after one document changes only its own are collected
again. The trees are anchored either way (the reading view and the exports read the ids)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import fields

from .. import registers
from .buildcache import digest

FIELDS = [f.name for f in fields(registers.Mention)]


def collect(entries: dict, docs, cache=None) -> dict[str, set[str]]:
    """What registers.collect_mentions does and returns: each entry's mentions appended in the
    documents' order, the refs each document names."""
    if cache is None:
        return registers.collect_mentions(entries, docs)
    refs = digest(sorted(entries))
    named: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        name, key = f"mentioned:{d.id}", digest(d.data, refs)
        old = cache.extra_old.get(name)
        if old and old[0] == key:
            registers.anchor_mentions(d.id, d.tree)
            found = [(ref, registers.Mention(*fields)) for ref, fields in old[1]]
            for ref, m in found:
                entries[ref].mentions.append(m)
                named[d.id].add(ref)
        else:
            before = {ref: len(e.mentions) for ref, e in entries.items()}
            for doc_id, got in registers.collect_mentions(entries, [d]).items():
                named[doc_id] |= got
            found = [(ref, m) for ref, e in entries.items() for m in e.mentions[before[ref]:]]
        cache.extra[name] = [key, [[ref, [getattr(m, f) for f in FIELDS]] for ref, m in found]]
    return named
