"""The files of a repository as git sees them, classified, each read at most once.

Listing: inside git, tracked plus untracked-not-ignored files (``git ls-files``, safe
flags); outside git, a walk that honours every ``.gitignore``. Vendored and generated
trees, symlinks leaving the root and files over the size cap are skipped with a count.
Reading happens lazily (in the worker that checks the file); text and the Python tree are
cached on the :class:`SourceFile` so every family shares one read and one parse.
"""

from __future__ import annotations

import ast
import os
import stat
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from agentweaver_lint.classify import classify_language, classify_roles
from agentweaver_lint.gitutil import GitError, git_toplevel, run_git
from agentweaver_lint.globs import GlobSet

DEFAULT_EXCLUDES: tuple[str, ...] = (
    ".git/",
    "node_modules/",
    "bower_components/",
    "vendor/",
    "third_party/",
    "third-party/",
    ".venv/",
    "venv/",
    "site-packages/",
    "__pycache__/",
    ".tox/",
    ".nox/",
    ".mypy_cache/",
    ".pytest_cache/",
    ".ruff_cache/",
    ".agentweaver_cache/",
    ".eggs/",
    "*.egg-info/",
    "*.min.js",
    "*.min.css",
    "*.js.map",
    "*.css.map",
    "*.pyc",
)
DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024
BINARY_SNIFF = 8192


class SourceFile:
    """One file of the workspace. Picklable; contents are read on first use and cached."""

    __slots__ = (
        "_bytes",
        "_lines",
        "_text",
        "_tree",
        "abspath",
        "language",
        "path",
        "roles",
        "size",
    )

    def __init__(
        self, path: str, abspath: str, size: int, language: str | None, roles: frozenset[str]
    ) -> None:
        self.path = path
        self.abspath = abspath
        self.size = size
        self.language = language
        self.roles = roles
        self._bytes: bytes | None = None
        self._text: str | None = None
        self._lines: list[str] | None = None
        self._tree: ast.Module | BaseException | None = None

    def __getstate__(self) -> dict[str, Any]:
        # Only the identity travels to workers; contents are read where they are used.
        return {
            "path": self.path,
            "abspath": self.abspath,
            "size": self.size,
            "language": self.language,
            "roles": self.roles,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"SourceFile({self.path!r})"

    def is_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def data(self) -> bytes:
        """The raw bytes (empty if unreadable)."""
        if self._bytes is None:
            try:
                with open(self.abspath, "rb") as handle:
                    self._bytes = handle.read(self.size + 1)
            except OSError:
                self._bytes = b""
        return self._bytes

    @property
    def is_binary(self) -> bool:
        head = self.data[:BINARY_SNIFF]
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return False
        return b"\x00" in head

    @property
    def text(self) -> str:
        """Decoded text: UTF-8 (BOM stripped), UTF-16 with BOM, else UTF-8 with replacement."""
        if self._text is None:
            self._text = decode(self.data)
        return self._text

    @property
    def lines(self) -> list[str]:
        """Lines as git and editors count them (``\\n``-separated, ``\\r`` stripped)."""
        if self._lines is None:
            self._lines = [line.removesuffix("\r") for line in self.text.split("\n")]
        return self._lines

    @property
    def python_tree(self) -> ast.Module | None:
        """The parsed module, shared by every family; None if it does not parse."""
        if self._tree is None:
            try:
                self._tree = ast.parse(self.text, filename=self.path, type_comments=False)
            except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
                self._tree = exc
        return self._tree if isinstance(self._tree, ast.Module) else None

    @property
    def python_error(self) -> BaseException | None:
        """Why :attr:`python_tree` is None (after it was asked for)."""
        self.python_tree  # noqa: B018 - parse on demand
        return self._tree if isinstance(self._tree, BaseException) else None

    def release(self) -> None:
        """Drop cached contents (after the file's checks ran) to bound memory."""
        self._bytes = self._text = self._lines = None
        self._tree = None


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace")


@dataclass
class Workspace:
    """The files of one run. ``targets`` are the files file checks run on."""

    root: Path
    files: list[SourceFile]
    targets: list[SourceFile]
    skipped: Counter[str] = field(default_factory=Counter)
    skipped_paths: dict[str, str] = field(default_factory=dict)
    in_git: bool = False
    changed_lines: dict[str, frozenset[int]] | None = None
    """With ``--diff BASE``: added or changed line numbers per path; None otherwise."""
    cache: Any = None
    """The run's result cache (:class:`agentweaver_lint.cache.Cache`), if any: a check that
    runs a tool over many files keeps each file's output there."""
    _index: dict[str, SourceFile] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._index = {f.path: f for f in self.files}

    def get(self, path: str) -> SourceFile | None:
        return self._index.get(path)

    def with_role(self, role: str) -> list[SourceFile]:
        return [f for f in self.files if role in f.roles]

    def matching(self, patterns: Sequence[str]) -> list[SourceFile]:
        spec = GlobSet(patterns)
        return [f for f in self.files if spec.matches(f.path)]


@dataclass(frozen=True)
class WorkspaceOptions:
    """What the workspace needs from the settings."""

    exclude: tuple[str, ...] = DEFAULT_EXCLUDES
    extend_exclude: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    test_patterns: tuple[str, ...] = ()
    migration_patterns: tuple[str, ...] = ()


PATHSPEC_MAX_CHARS = 8000
"""Longest list of named paths handed to ``git ls-files`` (beyond it, list everything)."""


def _pathspecs(wanted: Wanted | None) -> list[str]:
    """Literal git pathspecs for the named files and folders; [] to list the whole tree.

    Listing only what a hook names spares git a walk of every untracked folder. Only plain
    root-relative paths are handed over (git refuses a path outside the repository), and a
    long list (a hook on a whole tree) is not: the listing is filtered by name either way.
    """
    if wanted is None:
        return []
    files, folders = wanted
    named = sorted(files) + [folder.rstrip("/") for folder in folders]
    specs = [f":(literal){name}" for name in named]
    plain = all(
        name and not name.startswith("/") and ".." not in name.split("/") and "\\" not in name
        for name in named
    )
    if not specs or not plain or sum(len(spec) + 1 for spec in specs) > PATHSPEC_MAX_CHARS:
        return []
    return specs


def _list_git(root: Path, pathspecs: Sequence[str] = ()) -> list[str]:
    args = ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--full-name"]
    out = run_git([*args, "--", *pathspecs] if pathspecs else args, root)
    names: list[str] = []
    seen: set[str] = set()
    for raw in out.split(b"\0"):
        if not raw:
            continue
        name = raw.decode("utf-8", "surrogateescape")
        if name.endswith("/") or name in seen:  # an untracked nested repository
            continue
        seen.add(name)
        names.append(name)
    return names


def _list_walk(root: Path) -> list[str]:
    """Walk ``root`` honouring ``.gitignore`` files at every level; no symlinked folders."""
    import pathspec

    names: list[str] = []
    specs: list[tuple[str, Any]] = []

    def ignored(rel: str, is_dir: bool) -> bool:
        probe = rel + "/" if is_dir else rel
        for base, spec in specs:
            if base and not rel.startswith(base + "/"):
                continue
            sub = probe[len(base) + 1 :] if base else probe
            if spec.match_file(sub):
                return True
        return False

    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        rel_dir = Path(dirpath).relative_to(root).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir
        if ".gitignore" in filenames:
            try:
                lines = (Path(dirpath) / ".gitignore").read_text("utf-8", "replace").splitlines()
                specs.append((rel_dir, pathspec.GitIgnoreSpec.from_lines(lines)))
            # agentweaver: ignore[ERR003] -- an unreadable .gitignore or a vanished file is skipped, never fatal
            except OSError:
                pass
        keep = []
        for name in sorted(dirnames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if name == ".git" or ignored(rel, True):
                continue
            keep.append(name)
        dirnames[:] = keep
        for name in sorted(filenames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if not ignored(rel, False):
                names.append(rel)
    return names


def _inside(root: Path, target: Path) -> bool:
    try:
        target.relative_to(root)
    except ValueError:
        return False
    return True


def build_workspace(
    root: Path,
    options: WorkspaceOptions,
    paths: Iterable[str] | None = None,
    *,
    only_paths: bool = False,
) -> Workspace:
    """List, filter and classify the files under ``root``.

    ``paths`` (root-relative or absolute, files or folders) limits the file-check targets,
    as pre-commit does with staged files; repo checks still see every file. ``only_paths``
    (no repository checks will run) leaves every other file out, so a hook on three staged
    files classifies three files, not the repository.
    """
    root = root.resolve()
    wanted = _wanted(root, paths) if paths is not None else None
    in_git = (root / ".git").exists() and git_toplevel(root) == root
    skipped: Counter[str] = Counter()
    skipped_paths: dict[str, str] = {}
    try:
        specs = _pathspecs(wanted) if only_paths else []
        names = _list_git(root, specs) if in_git else _list_walk(root)
    except GitError:
        in_git = False
        names = _list_walk(root)
    excludes = GlobSet(list(options.exclude) + list(options.extend_exclude))
    tests = GlobSet(options.test_patterns)
    migrations = GlobSet(options.migration_patterns)
    if only_paths and wanted is not None:
        names = [name for name in names if _is_wanted(name, wanted)]
    files: list[SourceFile] = []
    for name in sorted(set(names)):
        if excludes.matches(name):
            skipped["excluded"] += 1
            continue
        full = root / name
        try:
            info = full.lstat()
        # agentweaver: ignore[ERR003] -- an unreadable .gitignore or a vanished file is skipped, never fatal
        except OSError:
            continue  # listed by git but deleted in the work tree
        if stat.S_ISLNK(info.st_mode):
            try:
                target = full.resolve(strict=True)
                info = target.stat()
            except (OSError, RuntimeError):
                skipped["broken symlink"] += 1
                skipped_paths[name] = "broken or looping symlink"
                continue
            if not _inside(root, target):
                skipped["symlink out of the repository"] += 1
                skipped_paths[name] = "symlink out of the repository"
                continue
        if not stat.S_ISREG(info.st_mode):
            continue
        if not os.access(full, os.R_OK):
            skipped["unreadable"] += 1
            skipped_paths[name] = "unreadable"
            continue
        if info.st_size > options.max_file_size:
            skipped["over the size cap"] += 1
            skipped_paths[name] = f"{info.st_size} bytes, over the size cap"
            continue
        language = classify_language(name)
        roles = classify_roles(name, language, tests, migrations)
        files.append(SourceFile(name, str(full), info.st_size, language, roles))
    workspace = Workspace(root, files, files, skipped, skipped_paths, in_git)
    if wanted is not None:
        workspace.targets = [f for f in files if _is_wanted(f.path, wanted)]
    return workspace


Wanted = tuple[frozenset[str], tuple[str, ...]]


def _wanted(root: Path, paths: Iterable[str]) -> Wanted | None:
    """(files, folders/) named by ``paths`` relative to ``root``; None when one is the root."""
    wanted_files: set[str] = set()
    wanted_dirs: list[str] = []
    for raw in paths:
        candidate = Path(raw)
        full = candidate if candidate.is_absolute() else Path.cwd() / candidate
        try:
            rel = full.resolve().relative_to(root).as_posix()
        except ValueError:
            rel = PurePosixPath(raw).as_posix()
        if rel in ("", "."):
            return None
        if full.is_dir():
            wanted_dirs.append(rel.rstrip("/") + "/")
        else:
            wanted_files.add(rel)
    return frozenset(wanted_files), tuple(wanted_dirs)


def _is_wanted(path: str, wanted: Wanted) -> bool:
    files, folders = wanted
    return path in files or path.startswith(folders)
