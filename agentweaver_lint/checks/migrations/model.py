"""Values shared by the migration analysers: operations, issues and analysed migrations.

Every framework's analyser turns one migration (one file, or an up/down pair of files)
into a :class:`Migration`: the operations of each direction as an inventory of
:class:`Op` values, whether a down exists and what it amounts to, and the issues found
(MIG001 and the safety rules). The comparison of directions (MIG002) and the lossy check
(MIG003) work on the inventories alone, the same way for every framework.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Operation kinds that change the schema; anything else is data or neutral.
CREATE_KINDS = frozenset(
    {
        "create_table",
        "add_column",
        "create_index",
        "add_constraint",
        "create_type",
        "create_extension",
        "create_view",
        "create_function",
        "create_sequence",
        "create_trigger",
        "create_schema",
        "create_procedure",
        "create_policy",
    }
)
DROP_KINDS = frozenset(k.replace("create_", "drop_").replace("add_", "drop_") for k in CREATE_KINDS)
CHANGE_KINDS = frozenset(
    {"rename_table", "rename_column", "alter_column", "alter_type", "rename_index", "alter_other"}
)
DATA_KINDS = frozenset({"insert", "update", "delete", "truncate", "data"})
NEUTRAL_KINDS = frozenset({"noop", "comment", "grant", "transaction", "set", "select"})
_WORDS = {"alter_other": "alter table", "alter_type": "alter type", "opaque": "statement"}
SCHEMA_HELPER_PREFIXES = (
    "add_",
    "create_",
    "drop_",
    "remove_",
    "rename_",
    "alter_",
    "change_",
    "add",
    "create",
    "drop",
    "remove",
    "rename",
    "alter",
)
OPAQUE_KIND = "opaque"
"""A statement or call whose effect we could not classify (a DO block, a helper call)."""


@dataclass(frozen=True)
class Op:
    """One schema or data operation of a migration direction."""

    kind: str
    table: str = ""
    name: str = ""
    """Column, index, constraint, type… (lower-cased, unquoted); ``""`` when unnamed."""
    path: str = ""
    line: int = 1
    column: int = 1
    new_name: str = ""
    """For renames: the name after the rename."""
    detail: tuple[tuple[str, object], ...] = ()
    """Facts the safety rules read: ``("concurrently", True)``, ``("not_null", True)``…"""

    def fact(self, key: str, default: object = None) -> object:
        for name, value in self.detail:
            if name == key:
                return value
        return default

    @property
    def is_schema(self) -> bool:
        """Changes the schema (an unreadable helper named like a schema change counts)."""
        if self.kind in CREATE_KINDS or self.kind in DROP_KINDS or self.kind in CHANGE_KINDS:
            return True
        return bool(self.fact("schema"))

    def describe(self) -> str:
        if self.kind == OPAQUE_KIND:
            return self.name or "an unreadable statement"
        words = _WORDS.get(self.kind, self.kind.replace("_", " "))
        target = ".".join(part for part in (self.table, self.name) if part)
        return f"{words} {target}".strip()


@dataclass(frozen=True)
class Issue:
    """A finding an analyser wants reported (code, place, message)."""

    code: str
    path: str
    line: int
    column: int
    message: str
    key: str
    """Normalised matched text for the fingerprint (never a line number)."""
    end_column: int | None = None
    severity: str | None = None


@dataclass
class Direction:
    """What one direction (up or down) of a migration does."""

    ops: list[Op] = field(default_factory=list)
    exists: bool = True
    path: str = ""
    line: int = 1
    column: int = 1
    raises: bool = False
    """The direction only raises (``NotImplementedError``, ``IrreversibleMigration``, ``throw``)."""
    complete: bool = True
    """False when some operation could not be read (dynamic SQL, helper calls)."""
    declared: str = ""
    """How the down declares itself irreversible (``exports.down = false``), if it does."""

    @property
    def effective(self) -> list[Op]:
        return [op for op in self.ops if op.kind not in NEUTRAL_KINDS]

    @property
    def empty(self) -> bool:
        return self.exists and not self.raises and not self.effective

    @property
    def data_only(self) -> bool:
        ops = self.effective
        return bool(ops) and all(op.kind in DATA_KINDS for op in ops)


@dataclass
class Migration:
    """One analysed migration of a framework."""

    framework: str
    path: str
    """The file that stands for the migration (the up file of a pair)."""
    up: Direction
    down: Direction
    files: tuple[str, ...] = ()
    issues: list[Issue] = field(default_factory=list)
    irreversible_judged: bool = False
    """The analyser already decided MIG001 itself (framework-specific rules)."""
    compare: bool = True
    """Whether MIG002 may compare the two inventories."""
    parse_errors: list[ParseProblem] = field(default_factory=list)
    no_down_by_design: bool = False
    """Prisma and Drizzle: the framework has no down migrations at all."""


@dataclass(frozen=True)
class ParseProblem:
    """A file (or part of one) that did not parse: reported as AWL001."""

    path: str
    line: int
    column: int
    language: str
    error: str
