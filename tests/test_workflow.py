"""Baseline, diff mode, cache, shards and merge — on temporary repositories."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from helpers import run_cli, with_test_family

from agentweaver_lint import cache as cache_module
from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import GateOptions, run_gate
from agentweaver_lint.settings import Setting


def git(root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=root,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def make_repo(root: Path) -> Path:
    git(root, "init", "-q", "-b", "main")
    (root / "a.py").write_text("a = 'FIXME-GATE'\nb = 1\n")
    (root / "b.py").write_text("c = 1\n")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "base")
    return root


def codes(
    root: Path, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, list[tuple[str, str, int]]]:
    with with_test_family():
        result = run_cli(["--select", "TST001", "--format", "json", *args, str(root)], capsys)
    assert result.code in (0, 1), result.err
    doc = json.loads(result.out)
    active = [(f["code"], f["path"], f["line"]) for f in doc["findings"] if not f["suppressed"]]
    return result.code, active


# --- baseline ----------------------------------------------------------------------------


def test_baseline_adoption_then_only_new_findings_fail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo(tmp_path)
    with with_test_family():
        created = run_cli(["baseline", "--root", str(root)], capsys)
        unchanged = run_cli(["baseline", "--root", str(root)], capsys)
    assert (created.code, unchanged.code) == (0, 0)
    assert "baseline created" in created.out and "baseline unchanged" in unchanged.out
    text = (root / ".agentweaver-baseline.json").read_text()
    assert '"line"' not in text and "FIXME" not in text
    assert codes(root, capsys) == (0, [])
    # Moving code (new lines above) does not touch the baseline or fail the gate.
    (root / "a.py").write_text("\n\nimport os\na = 'FIXME-GATE'\nb = 1\n")
    assert codes(root, capsys) == (0, [])
    with with_test_family():
        moved = run_cli(["baseline", "--root", str(root)], capsys)
    assert moved.code == 0 and (root / ".agentweaver-baseline.json").read_text() == text
    # A new finding is the only one reported; re-baselining changes the file: exit 3.
    (root / "b.py").write_text("c = 'FIXME-GATE'\n")
    assert codes(root, capsys) == (1, [("TST001", "b.py", 1)])
    assert codes(root, capsys, "--no-baseline")[1] == [("TST001", "a.py", 4), ("TST001", "b.py", 1)]
    with with_test_family():
        changed = run_cli(["baseline", "--root", str(root)], capsys)
    assert changed.code == 3


def test_stale_baseline_entries_are_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo(tmp_path)
    with with_test_family():
        run_cli(["baseline", "--root", str(root)], capsys)
        (root / "a.py").write_text("a = 1\n")
        result = run_cli(["--format", "json", str(root)], capsys)
    summary = json.loads(result.out)["summary"]
    assert summary["baseline_stale"] == 1  # the fixed TST001 finding


def test_unreadable_baseline_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(tmp_path)
    (root / ".agentweaver-baseline.json").write_text("{not json")
    result = run_cli([str(root)], capsys)
    assert result.code == 2 and "not a baseline file" in result.err


# --- diff mode ---------------------------------------------------------------------------


def test_diff_mode_staged_unstaged_untracked_renamed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo(tmp_path)
    git(root, "checkout", "-q", "-b", "feature")
    (root / "b.py").write_text("c = 1\nd = 'FIXME-GATE'\n")  # unstaged change
    (root / "staged.py").write_text("s = 'FIXME-GATE'\n")
    git(root, "add", "staged.py")
    (root / "new.py").write_text("n = 'FIXME-GATE'\n")  # untracked
    git(root, "mv", "a.py", "moved.py")  # renamed, unchanged lines: its old finding is not new
    code, found = codes(root, capsys, "--diff", "main")
    assert code == 1
    assert found == [("TST001", "b.py", 2), ("TST001", "new.py", 1), ("TST001", "staged.py", 1)]


def test_diff_unknown_base_and_shallow_clone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "origin"
    root.mkdir()
    make_repo(root)
    unknown = run_cli(["--diff", "nope", str(root)], capsys)
    assert unknown.code == 2 and "unknown revision 'nope'" in unknown.err
    git(root, "checkout", "-q", "-b", "side")
    for index in range(3):
        (root / "b.py").write_text(f"c = {index}\n")
        git(root, "commit", "-q", "-am", f"side {index}")
    git(root, "checkout", "-q", "main")
    (root / "a.py").write_text("a = 2\n")
    git(root, "commit", "-q", "-am", "main 2")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", "--no-single-branch", f"file://{root}", str(clone))
    git(clone, "checkout", "-q", "side")
    shallow = run_cli(["--diff", "origin/main", str(clone)], capsys)
    assert shallow.code == 2, shallow.err
    assert "too shallow" in shallow.err and "git fetch --deepen" in shallow.err


# --- cache -------------------------------------------------------------------------------


def test_cache_hit_and_invalidation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo(tmp_path)
    calls: list[str] = []
    import awl_testfamily

    original = awl_testfamily.MarkerCheck.run

    def counting(self: object, ctx: object) -> None:
        calls.append(ctx.file.path)  # type: ignore[attr-defined]
        original(self, ctx)  # type: ignore[arg-type]

    monkeypatch.setattr(awl_testfamily.MarkerCheck, "run", counting)
    options = GateOptions(use_cache=True, jobs=1)

    def run(**flags: object) -> list[tuple[str, int]]:
        settings = load_settings(
            root, flags={k: Setting(v, "t") for k, v in {"select": ["TST001"], **flags}.items()}
        )
        return [(f.path, f.line) for f in run_gate(root, settings, options).report.findings]

    with with_test_family():
        first = run()
        assert sorted(calls) == [".gitignore", "a.py", "b.py"] or sorted(calls) == ["a.py", "b.py"]
        calls.clear()
        assert run() == first and calls == []  # warm: nothing re-checked
        (root / "b.py").write_text("c = 'FIXME-GATE'\n")
        assert run() == [*first, ("b.py", 1)] and calls == ["b.py"]  # content changed
        calls.clear()
        run(fail_on="warning")
        assert sorted(calls) == ["a.py", "b.py"]  # settings changed
        calls.clear()
        monkeypatch.setattr(cache_module, "__version__", "9.9.9")
        run(fail_on="warning")
        assert sorted(calls) == ["a.py", "b.py"]  # tool version changed
    assert (root / ".agentweaver_cache" / ".gitignore").read_text().endswith("*\n")
    assert "?? .agentweaver_cache" not in git(root, "status", "--porcelain")


def test_unwritable_cache_is_a_notice(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    (root / ".agentweaver_cache").write_text("not a folder")
    with with_test_family():
        settings = load_settings(root, flags={"select": Setting(["TST001"], "t")})
        report = run_gate(root, settings, GateOptions(use_cache=True, jobs=1)).report
    assert [f.path for f in report.findings] == ["a.py"]
    assert any(n.topic == "cache" for n in report.notices)


def test_clean_removes_the_cache(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(tmp_path)
    run_cli([str(root)], capsys)
    assert (root / ".agentweaver_cache").is_dir()
    assert "removed" in run_cli(["clean", "--root", str(root)], capsys).out
    assert not (root / ".agentweaver_cache").exists()


# --- shards and merge --------------------------------------------------------------------


def test_shard_union_equals_unsharded_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    make_repo(root)
    for index in range(30):
        (root / f"m{index}.py").write_text("x = 'FIXME-GATE'\n" if index % 3 else "x = 1\n")
    (root / "GATE-FAIL").write_text("x\n")
    (root / "dist").mkdir()
    (root / "dist" / "bundle.min.js").write_text("x\n")  # excluded by the listing
    (root / "blob.txt").write_bytes(b"\x00\x01binary")  # skipped by a file check
    reports = []
    with with_test_family():
        full = run_cli(["--select", "TST", "--format", "json", "--no-cache", str(root)], capsys)
        for shard in ("1/3", "2/3", "3/3"):
            out = tmp_path / f"shard{shard[0]}.json"
            result = run_cli(
                ["--select", "TST", "--shard", shard, "--format", f"json:{out}", str(root)], capsys
            )
            assert result.code in (0, 1)
            reports.append(str(out))
        merged = run_cli(["merge", *reports, "--root", str(root), "--format", "json"], capsys)
        bad = run_cli(["--shard", "4/3", str(root)], capsys)
    assert bad.code == 2 and "--shard" in bad.err
    full_doc, merged_doc = json.loads(full.out), json.loads(merged.out)
    assert merged.code == full.code == 1
    assert merged_doc["findings"] == full_doc["findings"]
    assert merged_doc["scorecard"] == full_doc["scorecard"]  # rescored from summed counters
    assert merged_doc["summary"]["files_checked"] == full_doc["summary"]["files_checked"]
    assert merged_doc["summary"]["files_skipped"] == full_doc["summary"]["files_skipped"]
    assert full_doc["summary"]["files_skipped"] == {"binary": 1, "excluded": 1}
    sizes = [len(json.loads(Path(r).read_text())["findings"]) for r in reports]
    assert all(size < len(full_doc["findings"]) for size in sizes)
    repo_level = [
        [f["code"] for f in json.loads(Path(r).read_text())["findings"] if f["code"] == "TST002"]
        for r in reports
    ]
    assert repo_level == [["TST002"], [], []]  # repository checks run in shard 1 only


def test_files_only_skips_repository_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo(tmp_path)
    (root / "GATE-FAIL").write_text("x\n")
    with with_test_family():
        full = run_cli(["--select", "TST", "--format", "json", str(root)], capsys)
        fast = run_cli(
            ["--select", "TST", "--files-only", "--format", "json", str(root / "a.py")], capsys
        )
    assert sorted(f["code"] for f in json.loads(full.out)["findings"]) == ["TST001", "TST002"]
    assert [f["code"] for f in json.loads(fast.out)["findings"]] == ["TST001"]


def test_repository_checks_are_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo(tmp_path)
    (root / "GATE-FAIL").write_text("x\n")
    import awl_testfamily

    runs: list[int] = []
    original = awl_testfamily.RepoMarkerCheck.run

    def counting(self: object, ctx: object) -> None:
        runs.append(1)
        original(self, ctx)  # type: ignore[arg-type]

    monkeypatch.setattr(awl_testfamily.RepoMarkerCheck, "run", counting)
    with with_test_family():
        settings = load_settings(root, flags={"select": Setting(["TST"], "t")})
        first = run_gate(root, settings, GateOptions(use_cache=True, jobs=1)).report.findings
        second = run_gate(root, settings, GateOptions(use_cache=True, jobs=1)).report.findings
        (root / "b.py").write_text("c = 2\n")
        run_gate(root, settings, GateOptions(use_cache=True, jobs=1))
    assert first == second and any(f.code == "TST002" for f in second)
    assert len(runs) == 2  # cold, then again only after a file changed


def test_merge_rejects_foreign_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bogus = tmp_path / "x.json"
    bogus.write_text('{"hello": 1}')
    result = run_cli(["merge", str(bogus)], capsys)
    assert result.code == 2 and "not an agentweaver-lint JSON report" in result.err


# --- history -----------------------------------------------------------------------------


def test_history_finds_a_secret_removed_from_the_tree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo(tmp_path)
    secret = "Zq9vN2mXk7" + "LpW4tR8sYb"
    (root / "settings.py").write_text(f'DB_PASSWORD = "{secret}"\n')
    git(root, "add", "settings.py")
    git(root, "commit", "-q", "-m", "oops")
    (root / "settings.py").write_text('import os\nDB_PASSWORD = os.environ["DB_PASSWORD"]\n')
    git(root, "commit", "-q", "-am", "fix")
    now = run_cli(["--select", "SEC", "--format", "json", str(root)], capsys)
    past = run_cli(["--select", "SEC", "--format", "json", "--history", "--", str(root)], capsys)
    assert json.loads(now.out)["findings"] == []
    doc = json.loads(past.out)
    (finding,) = doc["findings"]
    assert (finding["code"], finding["path"], finding["line"]) == ("SEC004", "settings.py", 1)
    assert len(finding["extra"]["commit"]) == 40 and finding["extra"]["author_date"]
    assert doc["snippets"] == []  # the line lives in an old commit, not in the work tree
    assert secret not in past.out
    assert past.code == 1


def test_merge_without_usable_settings_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    make_repo(root)
    out = tmp_path / "one.json"
    with with_test_family():
        run_cli(["--select", "TST", "--format", f"json:{out}", str(root)], capsys)
        (root / "pyproject.toml").write_text("[tool.agentweaver-lint]\nfail_on = \n")
        merged = run_cli(["merge", str(out), "--root", str(root), "--format", "json"], capsys)
    notices = [n["message"] for n in json.loads(merged.out)["notices"] if n["topic"] == "merge"]
    assert len(notices) == 1 and notices[0].startswith("scorecard figures combined per shard")
