"""coverage.py's configuration, read as data (never through coverage's own loader).

``Coverage().load()`` would import the plugins a repository's ``.coveragerc`` names, so the
few settings the gate needs — ``[paths]`` aliases, ``exclude_lines``/``exclude_also``,
``partial_branches``/``partial_also`` and ``omit`` — are read here with configparser and
tomllib, in coverage.py's own order: ``.coveragerc``, ``setup.cfg``, ``tox.ini``,
``pyproject.toml``; the first file holding coverage settings wins.
"""

from __future__ import annotations

import configparser
import importlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# tomllib is 3.11+; the dependency on tomli covers 3.10.
tomllib: Any = importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")

# coverage.py's defaults (coverage/config.py), repeated so that importing coverage is not
# needed to read a configuration.
DEFAULT_EXCLUDE = (
    r"#\s*(pragma|PRAGMA)[:\s]?\s*(no|NO)\s*(cover|COVER)",
    r"^\s*(((async )?def .*?)?[\])]+(\s*->.*?)?:\s*)?\.\.\.\s*(#|$)",
    r"^\s*if (typing\.)?TYPE_CHECKING:",
)
DEFAULT_PARTIAL = (r"#\s*(pragma|PRAGMA)[:\s]?\s*(no|NO)\s*(branch|BRANCH)",)
DEFAULT_PARTIAL_ALWAYS = (r"^\s*while (True|1|False|0):", r"^\s*if (True|1|False|0):")


@dataclass
class CoverageConfig:
    """The settings of coverage.py that change what a report measures or where files are."""

    source: str = "defaults"
    exclude: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    partial: list[str] = field(default_factory=lambda: list(DEFAULT_PARTIAL))
    omit: list[str] = field(default_factory=list)
    paths: list[tuple[str, list[str]]] = field(default_factory=list)
    """``[paths]`` entries: (canonical location, other spellings)."""
    problems: list[str] = field(default_factory=list)

    @property
    def exclude_regex(self) -> str:
        return _join_regex(self.exclude)

    @property
    def no_branch_regex(self) -> str:
        return _join_regex(self.partial + list(DEFAULT_PARTIAL_ALWAYS))


def _join_regex(regexes: list[str]) -> str:
    if not regexes:
        return ""
    if len(regexes) == 1:
        return regexes[0]
    return "|".join(f"(?:{r})" for r in regexes)


def _split(value: str, commas: bool) -> list[str]:
    items: list[str] = []
    for line in value.splitlines():
        parts = line.split(",") if commas else [line]
        items.extend(part.strip() for part in parts if part.strip())
    return items


def _as_list(value: Any, commas: bool) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value]
    if isinstance(value, str):
        return _split(value, commas)
    return []


def _apply(config: CoverageConfig, section: str, key: str, value: Any) -> None:
    """Fold one ``section.key = value`` into ``config``."""
    if section == "paths":
        locations = _as_list(value, commas=True)
        if locations:
            config.paths.append((locations[0], locations[1:]))
    elif section == "report" and key == "exclude_lines":
        config.exclude = _as_list(value, commas=False)
    elif section == "report" and key == "exclude_also":
        config.exclude.extend(_as_list(value, commas=False))
    elif section == "report" and key == "partial_branches":
        config.partial = _as_list(value, commas=False)
    elif section == "report" and key == "partial_also":
        config.partial.extend(_as_list(value, commas=False))
    elif section in ("run", "report") and key == "omit":
        config.omit.extend(_as_list(value, commas=True))


def _read_ini(path: Path, prefix: str) -> list[tuple[str, str, Any]] | None:
    parser = configparser.RawConfigParser(strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text("utf-8", "replace"), source=str(path))
    items: list[tuple[str, str, Any]] = []
    found = False
    for section in parser.sections():
        if not section.startswith(prefix):
            continue
        found = True
        name = section[len(prefix) :].removeprefix("coverage:")
        items.extend((name, key, value) for key, value in parser.items(section))
    return items if found else None


def _read_toml(path: Path) -> list[tuple[str, str, Any]] | None:
    doc = tomllib.loads(path.read_text("utf-8", "replace"))
    table = doc.get("tool", {}).get("coverage")
    if not isinstance(table, dict):
        return None
    items: list[tuple[str, str, Any]] = []
    for section, body in table.items():
        if isinstance(body, dict):
            items.extend((section, str(key), value) for key, value in body.items())
    return items


_CANDIDATES = (
    (".coveragerc", ""),
    ("setup.cfg", "coverage:"),
    ("tox.ini", "coverage:"),
    ("pyproject.toml", None),
)


def read_coverage_config(folders: list[Path]) -> CoverageConfig:
    """The coverage.py settings of the first folder (in order) that has a config file."""
    config = CoverageConfig()
    for folder in folders:
        for name, prefix in _CANDIDATES:
            path = folder / name
            if not path.is_file():
                continue
            try:
                items = _read_toml(path) if prefix is None else _read_ini(path, prefix)
            except (configparser.Error, ValueError, OSError, UnicodeError) as exc:
                config.problems.append(f"{path.name}: {type(exc).__name__}: {str(exc)[:120]}")
                continue
            if items is None:
                continue
            config.source = str(path)
            for section, key, value in items:
                _apply(config, section, key, value)
            return config
    return config
