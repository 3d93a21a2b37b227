"""Findings as GitHub Actions workflow commands (`::error file=…,line=…::message`), so that a
pull request shows each problem on its line. Used by `edition validate --format github` and, on a
saved `--format json` report, by `python -m edition.checking.annotate validation.json`."""

from __future__ import annotations

import json
import sys


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")


def command(finding: dict) -> str:
    """One finding (Finding.as_dict()) → one workflow command line."""
    level = "error" if finding.get("severity") == "error" else "warning"
    props = [f"file={_prop(str(finding['path']))}"]
    if int(finding.get("line") or 0) >= 1:
        props.append(f"line={int(finding['line'])}")
        if int(finding.get("column") or 0) >= 1:
            props.append(f"col={int(finding['column'])}")
    if finding.get("rule"):
        props.append(f"title={_prop(str(finding['rule']))}")
    return f"::{level} {','.join(props)}::{_data(str(finding.get('message', '')))}"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        text = open(args[0], encoding="utf-8").read() if args else sys.stdin.read()
        report = json.loads(text)
    except (OSError, ValueError) as e:
        print(f"edition.checking.annotate: cannot read the validation report: {e}", file=sys.stderr)
        return 2
    for f in report.get("findings", []):
        print(command(f))
    return 0 if report.get("valid", not report.get("errors")) else 1


if __name__ == "__main__":
    sys.exit(main())
