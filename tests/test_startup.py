"""Start-up stays small: plugin discovery and the modules a hook run imports (no timings)."""

from __future__ import annotations

import subprocess
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
