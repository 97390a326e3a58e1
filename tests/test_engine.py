"""Engine and workspace: parse errors, crashes, pool equals serial, file listing rules."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from helpers import with_test_family

from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import run_gate, workspace_options
from agentweaver_lint.settings import Setting
from agentweaver_lint.workspace import build_workspace


def gate(root: Path, jobs: int = 1, **flags: object) -> list[tuple[str, str, int, int]]:
    settings = load_settings(
        root, flags={k: Setting(v, "test") for k, v in {"select": ["TST"], **flags}.items()}
    )
    report = run_gate(root, settings, jobs=jobs).report
    return [(f.code, f.path, f.line, f.column) for f in report.findings]


def test_unparsable_python_is_awl001_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("def broken(:\n    pass\n")
    (tmp_path / "good.py").write_text("x = 'FIXME-GATE'\n")
    (tmp_path / "deep.py").write_text("x = " + "(" * 3000 + ")" * 3000 + "\n")
    with with_test_family():
        found = gate(tmp_path)
    assert ("AWL001", "bad.py", 1, 12) in found
    assert ("TST001", "good.py", 1, 6) in found
    assert any(code == "AWL001" and path == "deep.py" for code, path, _, _ in found)


def test_pool_equals_serial(tmp_path: Path) -> None:
    for index in range(150):
        (tmp_path / f"m{index:03}.py").write_text(
            f"a = {index}\n" + ("b = 'FIXME-GATE'\n" if index % 7 == 0 else "")
        )
    with with_test_family():
        serial = gate(tmp_path, jobs=1)
        pooled = gate(tmp_path, jobs=2)
    assert serial == pooled
    assert len(serial) == 22


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_git_listing_honours_gitignore_and_untracked(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text("ignored.txt\nbuild_out/\n")
    (tmp_path / "tracked.py").write_text("x = 1\n")
    (tmp_path / "untracked.py").write_text("y = 1\n")
    (tmp_path / "ignored.txt").write_text("z\n")
    (tmp_path / "build_out").mkdir()
    (tmp_path / "build_out" / "gen.py").write_text("g = 1\n")
    (tmp_path / "node_modules" / "pkg").mkdir(parents=True)
    (tmp_path / "node_modules" / "pkg" / "index.js").write_text("x\n")
    nested = tmp_path / "vendored_repo"
    nested.mkdir()
    _git(nested, "init", "-q")
    (nested / "inner.py").write_text("i = 1\n")
    _git(tmp_path, "add", "tracked.py")
    settings = load_settings(tmp_path)
    workspace = build_workspace(tmp_path, workspace_options(settings))
    assert workspace.in_git
    assert sorted(f.path for f in workspace.files) == [".gitignore", "tracked.py", "untracked.py"]


def test_walk_outside_git_honours_nested_gitignore(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.log\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".gitignore").write_text("secret_dir/\n")
    (tmp_path / "sub" / "secret_dir").mkdir()
    (tmp_path / "sub" / "secret_dir" / "a.py").write_text("a\n")
    (tmp_path / "sub" / "keep.py").write_text("k\n")
    (tmp_path / "x.log").write_text("l\n")
    (tmp_path / "app.min.js").write_text("m\n")
    workspace = build_workspace(tmp_path, workspace_options(load_settings(tmp_path)))
    assert not workspace.in_git
    assert sorted(f.path for f in workspace.files) == [
        ".gitignore",
        "sub/.gitignore",
        "sub/keep.py",
    ]
    assert workspace.skipped["excluded"] == 1


def test_size_cap_binary_symlinks_and_bad_bytes(tmp_path: Path) -> None:
    (tmp_path / "big.py").write_text("x = 1\n" * 100)
    (tmp_path / "blob.py").write_bytes(b"\x00\x01\x02FIXME-GATE")
    (tmp_path / "latin.py").write_bytes(b"s = '\xe9\xff FIXME-GATE'\n")
    (tmp_path / "utf16.txt").write_bytes("FIXME-GATE here\n".encode("utf-16"))
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("FIXME-GATE\n")
    os.symlink(outside, tmp_path / "link_out.txt")
    os.symlink(tmp_path / "loop_a", tmp_path / "loop_b")
    os.symlink(tmp_path / "loop_b", tmp_path / "loop_a")
    with with_test_family():
        settings = load_settings(
            tmp_path, flags={"select": Setting(["TST"], "t"), "max_file_size": Setting(500, "t")}
        )
        run = run_gate(tmp_path, settings, jobs=1)
    found = [(f.code, f.path, f.line, f.column) for f in run.report.findings]
    assert found == [("TST001", "latin.py", 1, 9), ("TST001", "utf16.txt", 1, 1)]
    skipped = run.report.summary.files_skipped
    assert skipped["over the size cap"] == 1
    assert skipped["binary"] == 1
    assert skipped["symlink out of the repository"] == 1
    assert skipped["broken symlink"] == 2


def test_paths_limit_file_checks_but_not_repo_checks(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("'FIXME-GATE'\n")
    (tmp_path / "b.py").write_text("'FIXME-GATE'\n")
    (tmp_path / "GATE-FAIL").write_text("x\n")
    with with_test_family():
        settings = load_settings(tmp_path, flags={"select": Setting(["TST"], "t")})
        report = run_gate(tmp_path, settings, paths=[str(tmp_path / "b.py")], jobs=1).report
    assert [(f.code, f.path) for f in report.findings] == [
        ("TST002", "GATE-FAIL"),
        ("TST001", "b.py"),
    ]


def test_fingerprints_survive_moving_code(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 'FIXME-GATE'\n")
    with with_test_family():
        settings = load_settings(tmp_path, flags={"select": Setting(["TST"], "t")})
        before = run_gate(tmp_path, settings, jobs=1).report.findings
        (tmp_path / "a.py").write_text("\n\n\nx = 'FIXME-GATE'\n")
        after = run_gate(tmp_path, settings, jobs=1).report.findings
    assert [f.line for f in before] == [1] and [f.line for f in after] == [4]
    assert [f.fingerprint for f in before] == [f.fingerprint for f in after]
