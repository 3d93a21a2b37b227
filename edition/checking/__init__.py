"""Checking a TEI file: hardened parsing, the grammar, the rules, the conventions and the
cross-references; every problem a located finding."""
