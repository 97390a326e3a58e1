"""Language and role of a path, from its name alone (no reading)."""

from __future__ import annotations

from agentweaver_lint.globs import GlobSet

_EXTENSIONS: dict[str, str] = {
    ".py": "python",
    ".pyi": "python",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
    ".rb": "ruby",
    ".go": "go",
    ".sql": "sql",
    ".prisma": "prisma",
    ".yml": "yaml",
    ".yaml": "yaml",
    ".json": "json",
    ".toml": "toml",
    ".ini": "ini",
    ".cfg": "ini",
    ".md": "markdown",
    ".markdown": "markdown",
    ".rst": "rst",
    ".txt": "text",
    ".sh": "shell",
    ".bash": "shell",
    ".zsh": "shell",
    ".tf": "terraform",
    ".tfvars": "terraform",
    ".hcl": "terraform",
    ".xml": "xml",
    ".properties": "properties",
    ".sarif": "json",
    ".html": "html",
    ".env": "dotenv",
    ".java": "java",
    ".kt": "kotlin",
    ".cs": "csharp",
    ".php": "php",
    ".rs": "rust",
    ".csv": "csv",
    ".pem": "pem",
    ".key": "pem",
}
_NAMES: dict[str, str] = {
    "dockerfile": "dockerfile",
    "containerfile": "dockerfile",
    "gemfile": "ruby",
    "rakefile": "ruby",
    "makefile": "make",
    ".npmrc": "ini",
    ".pypirc": "ini",
    ".netrc": "netrc",
    "pipfile": "toml",
    "procfile": "text",
}
LOCKFILES = frozenset(
    {
        "poetry.lock",
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "pipfile.lock",
        "uv.lock",
        "pdm.lock",
        "gemfile.lock",
        "go.sum",
        "cargo.lock",
        "composer.lock",
        "bun.lockb",
    }
)
CODE_LANGUAGES = frozenset(
    {
        "python",
        "javascript",
        "typescript",
        "tsx",
        "ruby",
        "go",
        "java",
        "kotlin",
        "csharp",
        "php",
        "rust",
        "sql",
        "shell",
    }
)
CONFIG_LANGUAGES = frozenset(
    {
        "yaml",
        "json",
        "toml",
        "ini",
        "dotenv",
        "properties",
        "terraform",
        "xml",
        "dockerfile",
        "netrc",
    }
)
DEFAULT_TEST_PATTERNS: tuple[str, ...] = (
    "**/tests/**",
    "**/test/**",
    "test_*.py",
    "*_test.py",
    "*_test.go",
    "*.{spec,test}.{js,ts,jsx,tsx,mjs,cjs}",
    "**/__tests__/**",
    "conftest.py",
    "**/spec/**",
)
DEFAULT_MIGRATION_PATTERNS: tuple[str, ...] = (
    "**/migrations/**",
    "**/migrate/**",
    "**/alembic/versions/**",
    "**/versions/*.py",
    "*.up.sql",
    "*.down.sql",
    "**/db/migrate/**",
)


def _name(path: str) -> str:
    """``PurePosixPath(path).name`` without building a path object (called per file)."""
    return path.rstrip("/").rpartition("/")[2]


def _suffix(name: str) -> str:
    """``PurePosixPath(name).suffix``, the same way."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def classify_language(path: str) -> str | None:
    """The language of ``path`` by name: ``python``, ``typescript``, ``dotenv``… or None."""
    lower = _name(path).lower()
    if lower in _NAMES:
        return _NAMES[lower]
    if lower == ".env" or lower.startswith(".env.") or lower.endswith(".env"):
        return "dotenv"
    if lower.startswith("dockerfile") or lower.endswith(".dockerfile"):
        return "dockerfile"
    return _EXTENSIONS.get(_suffix(lower))


def classify_roles(
    path: str, language: str | None, tests: GlobSet, migrations: GlobSet
) -> frozenset[str]:
    """Roles: ``source``, ``test``, ``migration``, ``config``, ``lockfile``, ``docs``."""
    lower = _name(path).lower()
    roles: set[str] = set()
    if lower in LOCKFILES:
        roles.add("lockfile")
    elif language in CODE_LANGUAGES:
        roles.add("source")
    elif language in CONFIG_LANGUAGES:
        roles.add("config")
    if language in ("markdown", "rst") or path.startswith("docs/"):
        roles.add("docs")
    if tests.matches(path):
        roles.add("test")
    if migrations.matches(path) and language in CODE_LANGUAGES:
        roles.add("migration")
    return frozenset(roles)
