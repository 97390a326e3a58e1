"""Rule metadata, families and the registry that validates and indexes them.

A rule is declared, not inferred: a :class:`Rule` subclass carries its code, name, family,
non-negotiable, default severity, summary and options as class attributes, and its
documentation as a docstring in fixed sections. A :class:`Family` lists its rules and the
checks that produce their findings. Families are imported lazily by name; third-party
families come from the ``agentweaver_lint.plugins`` entry-point group.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from agentweaver_lint.model import NON_NEGOTIABLES, Severity

if TYPE_CHECKING:
    from agentweaver_lint.checks.base import Check, FamilyScore, ScoreContext

CODE_RE = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
DOC_SECTIONS = ("What it does", "Why it matters", "Example", "Use instead", "Options")
PLUGIN_GROUP = "agentweaver_lint.plugins"

BUILTIN_FAMILIES: tuple[str, ...] = (
    "agentweaver_lint.checks.awl",
    "agentweaver_lint.checks.complexity",
    "agentweaver_lint.checks.coverage",
    "agentweaver_lint.checks.docs",
    "agentweaver_lint.checks.errors",
    "agentweaver_lint.checks.migrations",
    "agentweaver_lint.checks.perf",
    "agentweaver_lint.checks.secrets",
    "agentweaver_lint.checks.stack",
    "agentweaver_lint.checks.validation",
)
"""Modules, each exposing ``FAMILY``; a family issue adds its module here."""


class RegistryError(Exception):
    """A rule or family is declared wrongly. Raised at registration, loudly."""


OptionType = type[bool] | type[int] | type[float] | type[str] | type[list[str]]


@dataclass(frozen=True)
class Option:
    """A rule option: settable in ``[tool.agentweaver-lint.rules.CODE]``."""

    name: str
    type: Any
    default: Any
    help: str

    def type_name(self) -> str:
        return "list[str]" if self.type == list[str] else self.type.__name__


class Rule:
    """Base class of rule metadata. Subclasses declare every attribute and a docstring."""

    code: ClassVar[str]
    name: ClassVar[str]
    family: ClassVar[str]
    non_negotiable: ClassVar[str | None]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    options: ClassVar[tuple[Option, ...]] = ()
    enabled_by_default: ClassVar[bool] = True
    aliases: ClassVar[tuple[str, ...]] = ()
    diff_scope: ClassVar[str] = "line"
    """With ``--diff``: ``line`` keeps findings on changed lines, ``file`` any finding in a
    changed file, ``always`` every finding (repository-level evidence such as COV003)."""

    @classmethod
    def doc_sections(cls) -> dict[str, str]:
        """The docstring split into its fixed sections (``## Title`` headings)."""
        return split_sections(cls.__doc__ or "")


def _dedent(text: str) -> str:
    import textwrap

    lines = text.expandtabs().splitlines()
    if not lines:
        return ""
    first, rest = lines[0].strip(), textwrap.dedent("\n".join(lines[1:]))
    return (first + "\n" + rest).strip()


def split_sections(doc: str) -> dict[str, str]:
    """Split a docstring into ``{heading: body}``; text before the first heading is ``""``."""
    sections: dict[str, str] = {}
    current = ""
    buf: list[str] = []
    for line in _dedent(doc).splitlines():
        if line.startswith("## "):
            sections[current] = "\n".join(buf).strip()
            current, buf = line[3:].strip(), []
        else:
            buf.append(line)
    sections[current] = "\n".join(buf).strip()
    return sections


ScoreFn = Callable[["ScoreContext"], "FamilyScore"]


@dataclass(frozen=True)
class Family:
    """A rule family: its prefix, the non-negotiable it serves, its rules and checks."""

    prefix: str
    title: str
    non_negotiable: str | None
    rules: tuple[type[Rule], ...]
    checks: tuple[Check, ...] = ()
    score: ScoreFn | None = None
    module: str = ""
    """Import path of the module exposing this family (so worker processes can load it)."""


@dataclass
class Registry:
    """All registered families and rules, indexed by code, alias and name."""

    families: dict[str, Family] = field(default_factory=dict)
    rules: dict[str, type[Rule]] = field(default_factory=dict)
    _names: dict[str, str] = field(default_factory=dict)
    _aliases: dict[str, str] = field(default_factory=dict)

    def register(self, family: Family) -> None:
        """Validate and add ``family``; raise :class:`RegistryError` on any bad declaration."""
        if not re.fullmatch(r"[A-Z]{2,4}", family.prefix):
            raise RegistryError(f"family prefix {family.prefix!r} must be 2-4 capital letters")
        if family.prefix in self.families:
            raise RegistryError(f"family {family.prefix} registered twice")
        if family.non_negotiable is not None and family.non_negotiable not in NON_NEGOTIABLES:
            raise RegistryError(f"family {family.prefix}: unknown non-negotiable")
        for rule in family.rules:
            self._validate_rule(family, rule)
        for check in family.checks:
            for code in check.codes:
                if not any(rule.code == code for rule in family.rules):
                    raise RegistryError(
                        f"check {type(check).__name__} emits {code}, not a rule of {family.prefix}"
                    )
        self.families[family.prefix] = family
        for rule in family.rules:
            self.rules[rule.code] = rule
            self._names[rule.name] = rule.code
            for alias in rule.aliases:
                self._aliases[alias] = rule.code

    def _validate_rule(self, family: Family, rule: type[Rule]) -> None:
        where = f"rule {getattr(rule, 'code', rule.__name__)}"
        for attr in ("code", "name", "family", "non_negotiable", "severity", "summary"):
            if attr not in vars(rule) and not hasattr(rule, attr):
                raise RegistryError(f"{where}: missing {attr}")
        if not CODE_RE.match(rule.code) or not rule.code.startswith(family.prefix):
            raise RegistryError(f"{where}: code must be {family.prefix} + 3 digits")
        if rule.code in self.rules or rule.code in self._aliases:
            raise RegistryError(f"{where}: code already used")
        if not NAME_RE.match(rule.name) or rule.name in self._names:
            raise RegistryError(f"{where}: name {rule.name!r} must be unique kebab-case")
        if rule.family != family.prefix:
            raise RegistryError(f"{where}: family {rule.family!r} is not {family.prefix}")
        if rule.non_negotiable is not None and rule.non_negotiable not in NON_NEGOTIABLES:
            raise RegistryError(f"{where}: unknown non-negotiable {rule.non_negotiable!r}")
        if not isinstance(rule.severity, Severity):
            raise RegistryError(f"{where}: severity must be a Severity")
        if rule.diff_scope not in ("line", "file", "always"):
            raise RegistryError(f"{where}: diff_scope must be line, file or always")
        if not rule.summary or "\n" in rule.summary:
            raise RegistryError(f"{where}: summary must be one line")
        sections = rule.doc_sections()
        missing = [s for s in DOC_SECTIONS if not sections.get(s)]
        if missing:
            raise RegistryError(f"{where}: docstring lacks sections {', '.join(missing)}")
        for option in rule.options:
            if not isinstance(option, Option) or not NAME_RE.match(option.name.replace("_", "-")):
                raise RegistryError(f"{where}: bad option {option!r}")

    def resolve(self, selector: str) -> list[str]:
        """Codes matched by a selector: a code, an alias, a code prefix, a name, a family, ALL."""
        sel = selector.strip()
        upper = sel.upper()
        if upper == "ALL":
            return sorted(self.rules)
        if upper in self.rules:
            return [upper]
        if upper in self._aliases:
            return [self._aliases[upper]]
        if sel in self._names:
            return [self._names[sel]]
        if re.fullmatch(r"[A-Z]{2,4}[0-9]{0,3}", upper):
            matched = sorted(code for code in self.rules if code.startswith(upper))
            if matched:
                return matched
        raise KeyError(selector)

    def family_of(self, code: str) -> Family:
        return self.families[self.rules[code].family]

    def sorted_rules(self) -> list[type[Rule]]:
        return [self.rules[code] for code in sorted(self.rules)]

    def all_checks(self) -> Iterable[tuple[Family, Check]]:
        for family in self.families.values():
            for check in family.checks:
                yield family, check


def _load_module_family(module_name: str) -> Family:
    module = importlib.import_module(module_name)
    family = getattr(module, "FAMILY", None)
    if not isinstance(family, Family):
        raise RegistryError(f"{module_name} exposes no FAMILY")
    if not family.module:
        import dataclasses

        family = dataclasses.replace(family, module=module_name)
    return family


def _plugin_modules() -> list[str]:
    if not _may_declare_plugins():
        return []
    from importlib.metadata import entry_points

    return sorted(ep.value.split(":")[0] for ep in entry_points(group=PLUGIN_GROUP))


def _may_declare_plugins() -> bool:
    """Whether an installed distribution may declare our entry-point group.

    ``importlib.metadata.entry_points`` imports ~60 modules and parses the entry points of
    every installed distribution: a third of the pre-commit hook's start-up. Looking for the
    group's name in each ``*.dist-info``/``*.egg-info`` ``entry_points.txt`` on ``sys.path``
    (where importlib looks) answers "no" in a millisecond; anything this look does not cover
    (a zip or egg on the path, another distribution finder) answers "maybe", and the exact
    lookup decides.
    """
    import sys
    from importlib.machinery import PathFinder

    for finder in sys.meta_path:
        if finder is not PathFinder and hasattr(finder, "find_distributions"):
            return True
    needle = PLUGIN_GROUP.encode()
    for entry in sys.path:
        folder = entry or "."
        if folder.lower().endswith(".egg"):
            return True
        try:
            names = os.listdir(folder)
        except NotADirectoryError:
            return True  # a zip archive on the path
        # agentweaver: ignore[ERR003] -- a missing path entry holds no distributions
        except OSError:
            continue
        for name in names:
            if not name.lower().endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(folder, name, "entry_points.txt"), "rb") as handle:
                    if needle in handle.read():
                        return True
            # agentweaver: ignore[ERR003] -- no entry points (or a file, not a folder): importlib skips it too
            except OSError:
                continue
    return False


def build_registry(
    modules: Sequence[str] | None = None, *, plugins: bool = True, extra: Sequence[str] = ()
) -> Registry:
    """Import and register the built-in families, plugins and ``extra`` modules."""
    registry = Registry()
    names = list(modules if modules is not None else BUILTIN_FAMILIES)
    if plugins:
        names += [m for m in _plugin_modules() if m not in names]
    names += [m for m in extra if m not in names]
    for name in names:
        registry.register(_load_module_family(name))
    return registry


_DEFAULT: Registry | None = None
_EXTRA: list[str] = []


def add_family_module(module_name: str) -> None:
    """Register one more family module for this process (tests, embedding)."""
    global _DEFAULT
    if module_name not in _EXTRA:
        _EXTRA.append(module_name)
    _DEFAULT = None


def remove_family_module(module_name: str) -> None:
    global _DEFAULT
    if module_name in _EXTRA:
        _EXTRA.remove(module_name)
    _DEFAULT = None


def extra_family_modules() -> list[str]:
    return list(_EXTRA)


def set_registry(registry: Registry) -> None:
    """Install ``registry`` as the process-wide one (worker processes)."""
    global _DEFAULT
    _DEFAULT = registry


def get_registry() -> Registry:
    """The process-wide registry, built on first use."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = build_registry(extra=_EXTRA)
    return _DEFAULT
