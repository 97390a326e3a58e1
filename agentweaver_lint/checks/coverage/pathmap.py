"""Map the paths a report names onto the workspace's files.

Reports are often made elsewhere: in a CI container (``/app/src/…``), another checkout
(``/home/ci/build/…``), relative to Cobertura ``<sources>``, or as Go import paths. In order:
coverage.py ``[paths]`` aliases, Go module paths (``go.mod``), the path as given (absolute
under the root, or relative to the report's folder, the root or each ``<sources>`` entry),
then the longest path suffix that names exactly one workspace file. What maps nowhere is
returned as None so the caller lists it; third-party files are recognised separately.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

THIRD_PARTY = ("/site-packages/", "/dist-packages/", "/node_modules/", "/pkg/mod/", "<frozen ")


def normalise(raw: str) -> str:
    path = raw.strip().replace("\\", "/")
    if path.startswith("file://"):
        path = path[len("file://") :]
    if re.match(r"^/?[A-Za-z]:/", path):  # Windows drive: keep as an absolute path
        path = "/" + path.lstrip("/")
    while "//" in path:
        path = path.replace("//", "/")
    return path


def is_third_party(raw: str) -> bool:
    path = "/" + normalise(raw)
    return any(marker in path for marker in THIRD_PARTY)


def _glob_prefix_regex(pattern: str) -> re.Pattern[str]:
    """A coverage.py ``[paths]`` pattern as a regex matching a path prefix."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("^" + "".join(out).rstrip("/") + "(?:/|$)")


@dataclass
class PathMapper:
    """Maps report paths to workspace paths (root-relative POSIX)."""

    root: str
    """Absolute POSIX path of the repository root."""
    files: Iterable[str]
    aliases: Sequence[tuple[str, Sequence[str]]] = ()
    go_modules: dict[str, str] = field(default_factory=dict)
    """Go module path → its folder (root-relative, "" for the root)."""
    _known: set[str] = field(default_factory=set, init=False)
    _by_name: dict[str, list[str]] = field(default_factory=dict, init=False)
    _aliases: list[tuple[re.Pattern[str], str]] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self._known = set(self.files)
        by_name: dict[str, list[str]] = defaultdict(list)
        for path in self._known:
            by_name[posixpath.basename(path)].append(path)
        self._by_name = dict(by_name)
        for canonical, others in self.aliases:
            for pattern in others:
                self._aliases.append((_glob_prefix_regex(normalise(pattern)), normalise(canonical)))

    def map(self, raw: str, bases: Sequence[str] = ()) -> str | None:
        """The workspace path for ``raw``.

        ``bases`` are folders a relative path may hang from, most likely first (Cobertura
        ``<sources>``, the report's folder and its parents); the root comes last.
        """
        path = normalise(raw)
        if not path:
            return None
        candidates = self._candidates(path, bases)
        for candidate in candidates:
            found = self._direct(candidate)
            if found is not None:
                return found
        for candidate in sorted(candidates, key=lambda c: -c.count("/")):
            found = self._by_suffix(candidate)
            if found is not None:
                return found
        return None

    def _candidates(self, path: str, bases: Sequence[str]) -> list[str]:
        out: list[str] = []
        for regex, canonical in self._aliases:
            match = regex.match(path)
            if match:
                rest = path[match.end() :]
                out.append(posixpath.join(canonical, rest) if rest else canonical)
        for module, folder in sorted(self.go_modules.items(), key=lambda kv: -len(kv[0])):
            if path.startswith(module + "/"):
                out.append(posixpath.join(folder, path[len(module) + 1 :]))
        if path.startswith("_/"):  # Go outside module mode: "_" + absolute path
            out.append(path[1:])
        if not path.startswith("/"):
            out.extend(posixpath.join(normalise(base), path) for base in bases if base)
        out.append(path)
        return out

    def _direct(self, candidate: str) -> str | None:
        candidate = posixpath.normpath(candidate)
        if candidate.startswith("/"):
            root = self.root.rstrip("/")
            if not candidate.startswith(root + "/"):
                return None
            candidate = candidate[len(root) + 1 :]
        candidate = candidate.removeprefix("./")
        return candidate if candidate in self._known else None

    def _by_suffix(self, path: str) -> str | None:
        parts = [p for p in posixpath.normpath(path).split("/") if p not in ("", ".", "..")]
        if not parts:
            return None
        best: list[str] = []
        best_len = 0
        for known in self._by_name.get(parts[-1], ()):
            known_parts = known.split("/")
            common = 0
            while (
                common < min(len(parts), len(known_parts))
                and parts[-1 - common] == known_parts[-1 - common]
            ):
                common += 1
            if common > best_len:
                best, best_len = [known], common
            elif common == best_len:
                best.append(known)
        return best[0] if len(best) == 1 else None


def go_modules(files: Iterable[tuple[str, str]]) -> dict[str, str]:
    """``module`` directives of ``go.mod`` files: module path → folder (root-relative)."""
    modules: dict[str, str] = {}
    for path, text in files:
        for line in text.splitlines():
            words = line.split("//")[0].split()
            if len(words) == 2 and words[0] == "module":
                modules[words[1].strip('"`')] = posixpath.dirname(path)
                break
    return modules
