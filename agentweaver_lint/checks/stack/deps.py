"""Dependencies as the inventory sees them: names normalised per ecosystem, pins judged."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PYPI = "pypi"
NPM = "npm"
GO = "go"

_PEP503 = re.compile(r"[-_.]+")
_PEP508_NAME = re.compile(r"^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*")
_EXACT_PY = re.compile(r"^\s*===?\s*[A-Za-z0-9][A-Za-z0-9.+!_-]*\s*$")
_EXACT_NPM = re.compile(
    r"^\s*(?:[=v]+\s*)?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?\s*$"
)
_BARE_VERSION = re.compile(r"^\s*\d+(?:\.\d+)*(?:[a-z]+\d*)?(?:\.post\d+)?(?:\.dev\d+)?\s*$")
_GIT_COMMIT = re.compile(r"[@#]([0-9a-f]{7,40})\s*$")


@dataclass(frozen=True)
class Dependency:
    """One declared dependency at its place in a manifest (1-based line and column)."""

    ecosystem: str
    name: str
    """Normalised: PEP 503 for PyPI, lower case for npm and Go."""
    display: str
    """As written in the manifest."""
    spec: str
    path: str
    line: int
    column: int = 1
    group: str = "main"
    """``main``, ``dev``, ``optional:NAME`` or ``group:NAME``."""
    pinned: bool = False
    local: bool = False
    """A path, workspace or link reference: not a registry package."""
    direct: bool = True


@dataclass
class Lock:
    """Resolved versions from one lockfile (or ``-c`` constraints file)."""

    ecosystem: str
    path: str
    versions: dict[str, str] = field(default_factory=dict)

    @property
    def folder(self) -> str:
        return self.path.rpartition("/")[0]


def normalise(ecosystem: str, name: str) -> str:
    """PEP 503 for PyPI (``Flask_SQLAlchemy`` → ``flask-sqlalchemy``); lower case otherwise."""
    name = name.strip()
    if ecosystem == PYPI:
        return _PEP503.sub("-", name).lower()
    return name.lower()


def split_requirement(text: str) -> tuple[str, str] | None:
    """A PEP 508 string → (name, version spec or URL); None if it names no package."""
    body = text.split(";", 1)[0].strip()
    match = _PEP508_NAME.match(body)
    if not match:
        return None
    rest = body[match.end() :].strip()
    if rest.startswith("@"):
        return match.group(1), rest
    if rest.startswith("(") and rest.endswith(")"):
        rest = rest[1:-1]
    return match.group(1), rest.strip()


def pypi_pinned(spec: str, *, bare_is_exact: bool = False) -> bool:
    """``==1.2.3`` (no wildcard) or ``===x``; a direct URL to an archive or a git commit."""
    spec = spec.strip()
    if spec.startswith("@"):
        url = spec[1:].strip()
        return bool(_GIT_COMMIT.search(url)) or url.endswith((".whl", ".tar.gz", ".zip"))
    if "*" in spec or "," in spec:
        return False
    if _EXACT_PY.match(spec):
        return True
    return bare_is_exact and bool(_BARE_VERSION.match(spec))


def npm_local(spec: str) -> bool:
    return spec.strip().startswith(("file:", "link:", "workspace:", "portal:", "./", "../", "/"))


def npm_pinned(spec: str) -> bool:
    """An exact semver (``1.2.3``, ``=1.2.3``); ``npm:alias@1.2.3``; a git URL with a commit."""
    spec = spec.strip()
    if spec.startswith("npm:"):
        spec = spec.rpartition("@")[2]
    if "://" in spec or spec.startswith(("git+", "github:", "git@")):
        return bool(_GIT_COMMIT.search(spec))
    return bool(_EXACT_NPM.match(spec))
