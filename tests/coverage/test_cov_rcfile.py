"""coverage.py configuration read as data, in coverage.py's own file order."""

from __future__ import annotations

from pathlib import Path

from agentweaver_lint.checks.coverage.rcfile import DEFAULT_EXCLUDE, read_coverage_config


def test_coveragerc_wins_and_exclude_also_extends(tmp_path: Path) -> None:
    (tmp_path / ".coveragerc").write_text(
        "[run]\nplugins = evil_plugin\nomit = */gen/*, build/*\n"
        "[report]\nexclude_also =\n    raise NotImplementedError\n    if __name__ == .__main__.:\n"
        "[paths]\nsource =\n    src/\n    /ci/*/src/\n"
    )
    (tmp_path / "setup.cfg").write_text("[coverage:report]\nexclude_lines = nothing\n")
    config = read_coverage_config([tmp_path])
    assert config.source == str(tmp_path / ".coveragerc")
    assert config.exclude == [
        *DEFAULT_EXCLUDE,
        "raise NotImplementedError",
        "if __name__ == .__main__.:",
    ]
    assert config.omit == ["*/gen/*", "build/*"]
    assert config.paths == [("src/", ["/ci/*/src/"])]


def test_setup_cfg_exclude_lines_replace_defaults(tmp_path: Path) -> None:
    (tmp_path / "setup.cfg").write_text(
        "[metadata]\nname = x\n[coverage:report]\nexclude_lines =\n"
        "    pragma: no cover\n    def __repr__\n"
    )
    config = read_coverage_config([tmp_path])
    assert config.exclude == ["pragma: no cover", "def __repr__"]


def test_tox_ini_then_pyproject(tmp_path: Path) -> None:
    (tmp_path / "tox.ini").write_text("[tox]\nenvlist = py\n")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.coverage.report]\npartial_also = ["if DEBUG:"]\n'
        '[tool.coverage.paths]\nsource = ["src/", "/app/src/"]\n'
    )
    config = read_coverage_config([tmp_path])
    assert config.source.endswith("pyproject.toml")
    assert config.partial[-1] == "if DEBUG:"
    assert config.paths == [("src/", ["/app/src/"])]


def test_broken_config_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / ".coveragerc").write_text("[run\nbranch = True\n")
    config = read_coverage_config([tmp_path])
    assert config.source == "defaults"
    assert config.problems and config.problems[0].startswith(".coveragerc:")


def test_first_folder_with_a_config_wins(tmp_path: Path) -> None:
    (tmp_path / "backend").mkdir()
    (tmp_path / "backend" / ".coveragerc").write_text("[report]\nexclude_lines = X\n")
    (tmp_path / ".coveragerc").write_text("[report]\nexclude_lines = Y\n")
    assert read_coverage_config([tmp_path / "backend", tmp_path]).exclude == ["X"]


def test_registration_imports_neither_coverage_nor_defusedxml() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from agentweaver_lint.registry import build_registry; "
        "build_registry(['agentweaver_lint.checks.coverage'], plugins=False); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('coverage', 'defusedxml')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
