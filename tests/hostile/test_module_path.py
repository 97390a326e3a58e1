"""``python -m agentweaver_lint`` inside a scanned repository never imports from it."""

from __future__ import annotations

from pathlib import Path

from helpers import run_python


def test_a_plugin_declared_by_the_scanned_repository_is_never_imported(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    info = repo / "evil.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: evil\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[agentweaver_lint.plugins]\nevil = evilplugin\n")
    canary = tmp_path / "CANARY"
    (repo / "evilplugin.py").write_text(f"open({str(canary)!r}, 'w').write('ran')\n")
    (repo / "yaml.py").write_text(f"open({str(canary)!r}, 'w').write('shadowed')\n")
    (repo / "app.py").write_text("x = 1\n")
    result = run_python(repo, "-m", "agentweaver_lint", "--no-cache", "--no-color", ".")
    assert result.returncode in (0, 1), result.stderr
    assert "checked" in result.stdout
    assert not canary.exists()
