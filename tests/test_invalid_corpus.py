"""Each broken or hostile file in tests/invalid/ gets the message EXPECTED.tsv gives for it:
located, in plain words, with its rule, exit status 1, and never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from edition.cli import main

INVALID = Path(__file__).parent / "invalid"
CASES = [line.split("\t") for line in (INVALID / "EXPECTED.tsv").read_text(encoding="utf-8").splitlines()
         if line and not line.startswith("#")]
LOCATED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning): (?P<msg>.+) \[(?P<rule>[\w-]+)\]$")


def test_the_corpus_is_large_and_every_file_has_an_expectation():
    files = {p.name for p in INVALID.glob("*.xml")}
    assert len(CASES) >= 25
    assert files == {name for name, _, _ in CASES}


@pytest.mark.parametrize("name,rule,words", CASES, ids=[c[0] for c in CASES])
def test_invalid_file_gets_its_message(name, rule, words, small_project, capsys, monkeypatch):
    monkeypatch.chdir(small_project.root)  # validated against the fixture edition's registers
    code = main(["validate", str(INVALID / name)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out + err
    findings = [LOCATED.match(line) for line in out.splitlines()[:-1]]
    assert all(findings), out  # every line is path:line:col: severity: message [rule]
    matching = [m for m in findings if m["rule"] == rule and words in m["msg"]]
    assert matching, f"expected [{rule}] …{words}… in:\n{out}"
    assert all(int(m["line"]) >= 1 and int(m["col"]) >= 1 for m in matching)


def test_a_file_over_the_size_limit_is_refused(tmp_path, capsys):
    big = tmp_path / "big.xml"
    with big.open("w") as f:
        f.write('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>')
        f.write("<p>x</p>" * 3_000_000)
        f.write("</body></text></TEI>")
    code = main(["validate", str(big)])
    out = capsys.readouterr().out
    assert code == 1 and "larger than" in out and "[size]" in out
