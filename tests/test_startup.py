"""Start-up stays small: plugin discovery and the modules a hook run imports (no timings)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agentweaver_lint import registry, workspace

PLUGIN_ENTRY_POINTS = "[agentweaver_lint.plugins]\ndemo = demo_awl_plugin:FAMILY\n"


def _distribution(site: Path, folder: str, entry_points: str | None) -> None:
    info = site / folder
    info.mkdir(parents=True)
    name = folder.partition("-")[0]
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    if entry_points is not None:
        (info / "entry_points.txt").write_text(entry_points)


def test_a_plugin_declared_by_an_installed_distribution_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _distribution(tmp_path, "other-2.0.dist-info", "[console_scripts]\nother = other:main\n")
    _distribution(tmp_path, "demo_awl_plugin-1.0.dist-info", PLUGIN_ENTRY_POINTS)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert registry._may_declare_plugins()
    assert registry._plugin_modules() == ["demo_awl_plugin"]


def test_egg_info_folders_are_looked_at_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _distribution(tmp_path, "demo_awl_plugin.egg-info", PLUGIN_ENTRY_POINTS)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert registry._plugin_modules() == ["demo_awl_plugin"]


def test_no_declaration_means_no_plugins_without_asking_importlib(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _distribution(tmp_path, "other-2.0.dist-info", "[console_scripts]\nother = other:main\n")
    _distribution(tmp_path, "bare-1.0.dist-info", None)
    (tmp_path / "loose.egg-info").write_text("Name: loose\n")  # a file, not a folder
    monkeypatch.setattr("sys.path", [str(tmp_path), str(tmp_path / "missing")])
    assert not registry._may_declare_plugins()
    assert registry._plugin_modules() == []


def test_what_the_quick_look_cannot_read_goes_to_importlib(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "bundle.zip"
    archive.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip archive
    monkeypatch.setattr("sys.path", [str(archive)])
    assert registry._may_declare_plugins()
    monkeypatch.setattr("sys.path", [str(tmp_path / "old.egg")])
    assert registry._may_declare_plugins()


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def _hook_repo(root: Path) -> Path:
    _git(root, "init", "-q", "-b", "main")
    (root / ".gitignore").write_text("ignored.py\nbuild/\n")
    for name in ("a.py", "pkg/b.py", "pkg/deep/c.py", "ignored.py", "build/d.py", "new.py"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x = 1\n")
    (root / "nested").mkdir()
    _git(root / "nested", "init", "-q")
    (root / "nested" / "e.py").write_text("x = 1\n")
    _git(root, "add", ".gitignore", "a.py", "pkg")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@e.invalid", "commit", "-q", "-m", "base")
    return root


@pytest.mark.parametrize(
    "paths",
    [
        ["a.py", "new.py", "pkg/deep/c.py"],
        ["pkg"],
        ["ignored.py", "build/d.py", "nested/e.py", "missing.py", "a.py"],
        ["a.py", "../outside.py"],
    ],
)
def test_a_hook_lists_the_named_files_as_the_full_listing_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, paths: list[str]
) -> None:
    (tmp_path / "repo").mkdir()
    root = _hook_repo(tmp_path / "repo")
    monkeypatch.chdir(root)
    asked: list[list[str]] = []
    real = workspace.run_git

    def recording(args: list[str], cwd: Path, **kwargs: bool) -> bytes:
        asked.append(list(args))
        return real(args, cwd, **kwargs)

    monkeypatch.setattr(workspace, "run_git", recording)
    hook = workspace.build_workspace(root, workspace.WorkspaceOptions(), paths, only_paths=True)
    named = "../outside.py" not in paths
    assert any("--" in args for args in asked) == named
    monkeypatch.setattr(workspace, "PATHSPEC_MAX_CHARS", 0)  # too long: the whole tree
    full = workspace.build_workspace(root, workspace.WorkspaceOptions(), paths, only_paths=True)
    assert [f.path for f in hook.files] == [f.path for f in full.files]
    assert [f.path for f in hook.targets] == [f.path for f in full.targets]
    assert all("--" not in args for args in asked[-1:])


# Imported only where a check needs them: a hook run on a text file, or loading the rule
# catalogue, must not pay for them (a structural guard; start-up time itself is not asserted).
HEAVY = ("radon", "sqlglot", "tree_sitter", "jsonschema", "coverage", "defusedxml")
REPO_CHECK_READERS = (
    "agentweaver_lint.checks.coverage.collect",
    "agentweaver_lint.checks.migrations.discovery",
    "agentweaver_lint.checks.stack.inventory",
)
MODULES_AFTER = """
import json, sys
{body}
from agentweaver_lint.registry import _may_declare_plugins
print(json.dumps({{"modules": sorted(sys.modules), "plugins": _may_declare_plugins()}}))
"""


def _modules_after(body: str, cwd: Path) -> tuple[set[str], bool]:
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    code = MODULES_AFTER.format(body=body)
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    return set(data["modules"]), bool(data["plugins"])


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def test_the_rule_catalogue_loads_without_any_check_machinery(tmp_path: Path) -> None:
    body = "import agentweaver_lint.cli\nfrom agentweaver_lint.registry import get_registry\n"
    modules, plugins = _modules_after(body + "get_registry()", tmp_path)
    assert _loaded(modules, HEAVY) == []
    assert _loaded(modules, REPO_CHECK_READERS) == []
    assert _loaded(modules, ("agentweaver_lint.checks.secrets.scanner",)) == []
    assert plugins or "importlib.metadata" not in modules


def test_a_hook_run_imports_no_repository_check_reader(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "notes.txt").write_text("password = 'x'\n")
    body = (
        "from agentweaver_lint.cli import main\n"
        "try:\n"
        "    main(['--files-only', '--no-cache', '--format', 'json', 'notes.txt'])\n"
        "except SystemExit:\n"
        "    pass\n"
    )
    modules, plugins = _modules_after(body, repo)
    assert "agentweaver_lint.checks.secrets.scanner" in modules  # the file was scanned
    assert _loaded(modules, HEAVY) == []
    assert _loaded(modules, REPO_CHECK_READERS) == []
    assert plugins or "importlib.metadata" not in modules
