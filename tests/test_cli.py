"""CLI snapshots per output format and per exit code, on a fixed fixture repository."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from helpers import check_golden, copy_repo, run_cli, with_test_family

from agentweaver_lint import __version__

FORMATS = ["text", "json", "sarif", "github", "markdown", "junit", "gitlab"]
SCHEMA = Path(__file__).parent.parent / "agentweaver_lint" / "schemas" / "report.schema.json"
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_repo("basic", tmp_path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_snapshot_per_format(fmt: str, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with with_test_family():
        result = run_cli(["--select", "TST001", "--format", fmt, "--no-color", str(repo)], capsys)
    assert result.code == 1
    text = result.out.replace(__version__, "VERSION")
    check_golden(f"basic.{fmt}", text)


def test_json_report_matches_schema(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with with_test_family():
        result = run_cli(["--select", "TST", "--format", "json", str(repo)], capsys)
    doc = json.loads(result.out)
    jsonschema.validate(doc, json.loads(SCHEMA.read_text()))
    assert doc["scorecard"][0]["id"] == "test-coverage"
    codes = [(f["code"], f["path"], f["line"], f["column"]) for f in doc["findings"]]
    assert codes == [("TST001", "app/other.py", 1, 10), ("TST001", "app/service.py", 5, 7)]


def test_sarif_matches_oasis_schema(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with with_test_family():
        result = run_cli(["--select", "TST", "--format", "sarif", str(repo)], capsys)
    doc = json.loads(result.out)
    jsonschema.validate(doc, json.loads(SARIF_SCHEMA.read_text()))
    run = doc["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    location = run["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "app/other.py", "uriBaseId": "%SRCROOT%"}
    assert "originalUriBaseIds" not in run
    assert run["results"][0]["partialFingerprints"]["agentweaverFingerprint/v1"]


def test_exit_0_when_clean(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "app" / "other.py").write_text("VALUE = 1\n")
    (repo / "app" / "service.py").write_text("VALUE = 2\n")
    with with_test_family():
        result = run_cli(["--select", "TST", str(repo)], capsys)
    assert result.code == 0
    check_golden("exit0.text", result.out)


def test_exit_1_and_fail_on(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "GATE-FAIL").write_text("x\n")
    (repo / "app" / "other.py").write_text("VALUE = 1\n")
    (repo / "app" / "service.py").write_text("VALUE = 2\n")
    with with_test_family():
        warning_only = run_cli(["--select", "TST002", str(repo)], capsys)
        failing = run_cli(["--select", "TST002", "--fail-on", "warning", str(repo)], capsys)
    assert warning_only.code == 0
    assert failing.code == 1
    check_golden("exit1-fail-on-warning.text", failing.out)


def test_exit_2_when_a_rule_crashes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "crash.txt").write_text("anything\n")
    with with_test_family():
        result = run_cli(["--select", "TST", "--format", "json", str(repo)], capsys)
    assert result.code == 2
    doc = json.loads(result.out)
    codes = sorted(f["code"] for f in doc["findings"])
    assert codes == ["AWL004", "TST001", "TST001"]  # the other findings still come out
    crash = next(f for f in doc["findings"] if f["code"] == "AWL004")
    assert crash["path"] == "crash.txt"
    assert "TST900" in crash["message"] and "RuntimeError: boom" in crash["message"]
    assert doc["summary"]["tool_error"] is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bogus"], "No such option '--bogus'"),
        (["--format", "yaml"], "unknown format 'yaml'"),
        (["--format", "json", "--format", "sarif"], "two formats cannot both go to stdout"),
        (["--select", "NOPE999"], "unknown rule selector 'NOPE999'"),
        (["--fail-on", "fatal"], "'fatal' is not one of"),
    ],
)
def test_exit_2_on_bad_flags(
    args: list[str], message: str, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_cli([*args, str(repo)], capsys)
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("agentweaver-lint: error:")
    assert message in lines[0]


def test_format_to_file_and_output(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sarif = tmp_path / "out" / "report.sarif"
    junit = tmp_path / "out" / "report.xml"
    with with_test_family():
        result = run_cli(
            [
                "--select",
                "TST",
                "--format",
                "text",
                "--format",
                f"sarif:{sarif}",
                "--format",
                f"junit:{junit}",
                str(repo),
            ],
            capsys,
        )
        single = run_cli(
            ["--select", "TST", "--format", "json", "-o", str(tmp_path / "r.json"), str(repo)],
            capsys,
        )
    assert result.code == 1 and single.code == 1
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert "<testsuite" in junit.read_text()
    assert json.loads((tmp_path / "r.json").read_text())["findings"]
    assert single.out == ""


def test_output_refuses_to_overwrite_scanned_source(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = repo / "app" / "service.py"
    before = target.read_text()
    result = run_cli(["--format", "json", "-o", str(target), str(repo)], capsys)
    assert result.code == 2
    assert "refusing to overwrite" in result.err
    assert target.read_text() == before


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["--version"], capsys).out.strip() == f"agentweaver-lint, version {__version__}"
    help_text = run_cli(["--help"], capsys).out
    assert "Exit codes:" in help_text and "3  the baseline file was changed" in help_text
    check_help = run_cli(["check", "--help"], capsys).out
    assert "--format NAME[:PATH]" in check_help and "Exit codes:" in check_help


def test_rules_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    listing = run_cli(["rules"], capsys)
    assert listing.code == 0 and "AWL001  parse-error" in listing.out
    explained = run_cli(["explain", "AWL004"], capsys)
    assert explained.out.startswith("# AWL004 rule-crashed")
    assert "## Why it matters" in explained.out
    by_name = run_cli(["explain", "parse-error"], capsys)
    assert by_name.out.startswith("# AWL001 parse-error")
    unknown = run_cli(["explain", "ZZZ999"], capsys)
    assert unknown.code == 2 and "unknown rule 'ZZZ999'" in unknown.err


def test_subcommand_wins_over_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "x.py").write_text("x = 1\n")
    listing = run_cli(["rules"], capsys, cwd=tmp_path)
    assert "AWL001" in listing.out
    as_path = run_cli(["./rules"], capsys, cwd=tmp_path)
    assert as_path.code == 0 and "Scorecard" in as_path.out


def test_ci_environment_requires_evidence(
    repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    result = run_cli(["config", "--show", "--root", str(repo)], capsys)
    line = next(x for x in result.out.splitlines() if x.startswith("require_evidence"))
    assert "True" in line and "CI environment variable" in line
