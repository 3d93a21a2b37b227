"""The mentions in context kept in a temporary SQLite file while the build runs, past
STORE_DOCUMENTS documents, rather than held: at ×100 the 428,000 mentions with their contexts
took some 220 MiB of the build's memory from the first stage to the register pages (the stage
that reads them all), docs/benchmarks.md. Each entry's are read back when a stage asks for them.

An entry then keeps in memory only how many mentions it has in each document (its card, its row
in the register and the exports, its search record ask no more): `registers.Entry.mentions` is a
`Stored` sequence, whose length is known and whose items are read when it is iterated.

At the real edition's size (and ×10) nothing is stored: the mentions stay in lists, as before."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from .. import registers
from . import memory

STORE_DOCUMENTS = 100  # documents up to which the mentions stay in memory

_COLUMNS = "doc, anchor, before, text, after, in_note, target"


class Store:
    """One build's mentions, in the order they were collected (the documents' order)."""

    def __init__(self):
        # "": a private temporary file, deleted when the connection closes (SQLite keeps only
        # its small page cache in memory)
        self.db = sqlite3.connect("")
        self.db.execute(f"CREATE TABLE m (ref TEXT, {_COLUMNS})")
        self._indexed = False

    def add(self, ref: str, mentions) -> None:
        self.db.executemany(f"INSERT INTO m (ref, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            ((ref, m.doc_id, m.anchor, m.before_utf8, m.text, m.after_utf8, m.in_note, m.target)
                             for m in mentions))

    def _index(self) -> None:
        if not self._indexed:  # made once, after every row is in: faster than kept up on each insert
            self.db.execute("CREATE INDEX m_ref ON m (ref)")
            self.db.execute("CREATE INDEX m_doc ON m (doc)")
            self._indexed = True

    def of(self, ref: str) -> list[registers.Mention]:
        """An entry's mentions, in the order collected."""
        self._index()
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM m WHERE ref = ? ORDER BY rowid", (ref,))
        return [registers.Mention(*row) for row in rows]

    def in_document(self, doc_id: str) -> list[registers.Mention]:
        """Every mention in one document, in the order collected."""
        self._index()
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM m WHERE doc = ? ORDER BY rowid", (doc_id,))
        return [registers.Mention(*row) for row in rows]


class Stored(Sequence):
    """An entry's mentions as kept in a Store; `documents`: doc id → count, in document order."""

    __slots__ = ("store", "ref", "documents", "_len")

    def __init__(self, store: Store, ref: str, documents: dict[str, int]):
        self.store, self.ref, self.documents = store, ref, documents
        self._len = sum(documents.values())

    def __len__(self) -> int:
        return self._len

    def __iter__(self):
        return iter(self.store.of(self.ref) if self._len else ())

    def __getitem__(self, i):
        return self.store.of(self.ref)[i]


def store_of(entries: dict) -> Store | None:
    """The Store the entries' mentions are kept in, if they are."""
    for e in entries.values():
        return e.mentions.store if isinstance(e.mentions, Stored) else None
    return None


def collect(entries: dict, docs) -> dict[str, set[str]]:
    """registers.collect_mentions, a document at a time, each document's mentions moved to a
    Store as soon as they are made; what it returns."""
    store = Store()
    counts: dict[str, dict[str, int]] = {ref: {} for ref in entries}
    named: dict[str, set[str]] = {}
    for d in docs:
        for doc_id, refs in registers.collect_mentions(entries, [d]).items():
            named.setdefault(doc_id, set()).update(refs)
            for ref in refs:  # in any order: an entry's own rows keep theirs (rowid), all `of` reads
                e = entries[ref]
                store.add(ref, e.mentions)
                per_doc = counts[ref]
                for m in e.mentions:
                    per_doc[m.doc_id] = per_doc.get(m.doc_id, 0) + 1
                e.mentions.clear()
    store.db.commit()
    for ref, e in entries.items():
        e.mentions = Stored(store, ref, counts[ref])
    memory.release()  # the registers' trees (parsed for the entries) and the documents' are freed
    return named
