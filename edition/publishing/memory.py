"""Freed memory handed back to the system after the stages that parse every file.

lxml (libxml2) allocates each node of a parsed tree with malloc. When the validation's trees are
freed (every document and the registers, parsed and checked), glibc keeps their memory for later
allocations rather than giving it back; Python's own objects come from other memory (its arenas),
so the build's mentions, records and pages never reuse it: after validating the ×100 corpus the
process held 400 MiB, of which 320 were free memory kept so (docs/benchmarks.md, "Memory at ×100").
`malloc_trim(0)` gives the free pages back. Where there is no glibc (macOS, musl) it does nothing."""

from __future__ import annotations

import ctypes
import sys


def _trim():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # a libc without it
        return None


_TRIM = _trim()


def release() -> None:
    """Give the free memory malloc holds back to the system (a few milliseconds at ×100)."""
    if _TRIM is not None:
        _TRIM(0)
