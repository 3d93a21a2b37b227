"""Where the project lives and what the edition is called (edition.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Project:
    root: Path
    meta: dict
    order: list[str]
    collections: dict[str, dict] = field(default_factory=dict)
    registers: dict = field(default_factory=dict)
    limits_table: dict = field(default_factory=dict)   # [limits] of edition.toml

    @property
    def limits(self):
        """Bounds on every input file (edition/xml.py); [limits] max_file_mb = 20 by default."""
        from .checking.xml import Limits
        return Limits.from_config(self.limits_table)

    @property
    def never_alone(self) -> frozenset[str]:
        """Surnames that count as a mention only with a forename (edition.toml, [registers])."""
        return frozenset(self.registers.get("never_alone", []))

    @property
    def not_within(self) -> tuple[str, ...]:
        """Phrases in which a registered name is not a mention (edition.toml, [registers])."""
        return tuple(self.registers.get("not_within", []))

    @property
    def tei_dir(self) -> Path:
        return self.root / "tei"

    @property
    def register_dir(self) -> Path:
        return self.root / "tei" / "register"

    @property
    def xslt_dir(self) -> Path:
        return self.root / "xslt"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def assets_dir(self) -> Path:
        return self.root / "assets"

    @property
    def schema_dir(self) -> Path:
        return self.root / "schemas"


class ProjectNotFound(Exception):
    pass


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` (default: the current one) with an edition.toml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "edition.toml").is_file():
            return folder
    raise ProjectNotFound(f"no edition.toml in {here} or any folder above it")


def load(root: Path | None = None) -> Project:
    root = find_root(root)
    data = tomllib.loads((root / "edition.toml").read_text(encoding="utf-8"))
    meta = dict(data.get("edition", {}))
    order = list(meta.pop("order", []))
    return Project(root=root, meta=meta, order=order, collections=dict(data.get("collections", {})),
                   registers=dict(data.get("registers", {})), limits_table=dict(data.get("limits", {})))
