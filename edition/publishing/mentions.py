"""Every document's mentions in context (registers.collect_mentions), kept per document in the
build's cache under the document's content hash: a document's mentions are made of its own TEI
and of which refs the registers hold, so after one document changes only its own are collected
again. The trees are anchored either way (the reading view and the exports read the ids)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import fields

from .. import registers
from . import mentionstore
from .buildcache import digest, memo

FIELDS = [f.name for f in fields(registers.Mention)]


def collect(entries: dict, docs, cache=None, keys: dict | None = None) -> dict[str, set[str]]:
    """What registers.collect_mentions does and returns: each entry's mentions appended in the
    documents' order, the refs each document names. `keys`, where given, is filled with each
    document's key: what its mentions are made of (a register page's key is made of them)."""
    if len(docs) > mentionstore.STORE_DOCUMENTS:  # too many to hold (nor to keep for the next build)
        return mentionstore.collect(entries, docs)
    cache = memo(cache, docs)
    if cache is None:
        return registers.collect_mentions(entries, docs)
    refs = digest(sorted(entries))
    named: dict[str, set[str]] = defaultdict(set)
    for d in docs:
        name, key = f"mentioned:{d.id}", digest(d.data, refs)
        if keys is not None:
            keys[d.id] = key
        old = cache.extra_old.get(name)
        if old and old[0] == key:
            d.anchor(registers.anchor_mentions, d.tree)  # the ids, in this parse and every later one
            found = [(ref, registers.Mention(*_decoded(fields))) for ref, fields in old[1]]
            for ref, m in found:
                entries[ref].mentions.append(m)
                named[d.id].add(ref)
        else:
            before = {ref: len(e.mentions) for ref, e in entries.items()}
            for doc_id, got in registers.collect_mentions(entries, [d]).items():
                named[doc_id] |= got
            found = [(ref, m) for ref, e in entries.items() for m in e.mentions[before[ref]:]]
        cache.extra[name] = [key, [[ref, _encoded(m)] for ref, m in found]]
    return named


# the contexts are held as UTF-8 bytes (registers.Mention); the cache is JSON
_BYTES = {i for i, f in enumerate(fields(registers.Mention)) if f.type in ("bytes", bytes)}


def _encoded(m) -> list:
    return [v.decode() if i in _BYTES else v for i, v in enumerate(getattr(m, f) for f in FIELDS)]


def _decoded(values: list) -> list:
    return [v.encode() if i in _BYTES else v for i, v in enumerate(values)]
