"""Glob sets answer as pathspec's gitignore matching does, with one regex when nothing negates."""

from __future__ import annotations

from pathlib import Path

import pathspec

from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import workspace_options
from agentweaver_lint.globs import GlobSet, expand_braces

ROOT = Path(__file__).resolve().parents[1]
TRICKY = [
    "a.py",
    "src/app/models.py",
    "node_modules/x/index.js",
    "web/node_modules/y.js",
    "build/lib/a.py",
    "docs/build.md",
    "tests/test_a.py",
    "pkg/tests/conftest.py",
    "a/b/migrations/0001_initial.py",
    "vendor/x.min.js",
    "x.min.js.map",
    "dist",
    "/abs/dist/a.js",
    "./rel/a.py",
    "keep.min.js",
    "weird name/é.py",
]


def _spec(patterns: list[str]) -> pathspec.GitIgnoreSpec:
    return pathspec.GitIgnoreSpec.from_lines([p for x in patterns for p in expand_braces(x)])


def test_glob_sets_match_as_pathspec_does() -> None:
    options = workspace_options(load_settings(ROOT))
    sets = [
        list(options.exclude) + list(options.extend_exclude),
        list(options.test_patterns),
        list(options.migration_patterns),
        ["*.min.js", "build/", "!keep.min.js", "**/node_modules/**"],  # negation: pathspec
        ["{src,docs}/**/*.{py,md}", "# comment", "", "dist"],
        [],
    ]
    paths = TRICKY + sorted(p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*"))[:3000]
    compared = matched = 0
    for patterns in sets:
        globs, spec = GlobSet(patterns), _spec(patterns)
        for path in paths:
            expected = bool(patterns) and bool(spec.match_file(path))
            assert globs.matches(path) == expected, (patterns, path)
            compared += 1
            matched += expected
    assert compared > 3000
    assert matched > 20
    assert GlobSet(["*.min.js", "!keep.min.js"])._any is None  # negation keeps pathspec
    assert GlobSet(["*.py"])._any is not None
