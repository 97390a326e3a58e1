"""Inline suppressions: every comment syntax, line-above and file forms, bare/malformed/unused."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import with_test_family

from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import run_gate
from agentweaver_lint.settings import Setting
from agentweaver_lint.suppressions import parse

KNOWN = frozenset({"SEC001", "SEC004", "TST001", "MIG001"})


@pytest.mark.parametrize(
    "line",
    [
        "x = 1  # agentweaver: ignore[SEC001] -- test token",
        "const x = 1; // agentweaver: ignore[SEC001] -- test token",
        "SELECT 1; -- agentweaver: ignore[SEC001] -- test token",
        "<p>x</p> <!-- agentweaver: ignore[SEC001] -- test token -->",
        "KEY=value # agentweaver: ignore[sec001] -- test token",
        "int x; /* agentweaver: ignore[SEC001] -- test token */",
    ],
)
def test_each_comment_syntax(line: str) -> None:
    found, bad = parse(line + "\n", KNOWN, {})
    assert bad == []
    assert [(s.codes, s.lines, s.reason) for s in found] == [
        (frozenset({"SEC001"}), frozenset({1}), "test token")
    ]


def test_line_above_and_file_forms() -> None:
    text = "# agentweaver: ignore[SEC001, SEC004] -- fixture\nx = 1\n# agentweaver: ignore-file[MIG001]\n"
    found, bad = parse(text, KNOWN, {})
    assert bad == []
    above, whole = found
    assert above.lines == frozenset({1, 2}) and above.codes == frozenset({"SEC001", "SEC004"})
    assert whole.whole_file and whole.covers("MIG001", 999) and not whole.covers("SEC001", 1)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("x = 1  # agentweaver: ignore", "bare suppression"),
        ("x = 1  # agentweaver: ignore[]", "bare suppression"),
        ("x = 1  # agentweaver: ignore[SEC1] -- r", "'SEC1' is not a rule code"),
        ("x = 1  # agentweaver: ignore[XYZ123] -- r", "unknown rule 'XYZ123'"),
        ("x = 1  # agentweaver: skip this", "malformed suppression"),
    ],
)
def test_bare_and_malformed(line: str, message: str) -> None:
    found, bad = parse(line + "\n", KNOWN, {})
    assert found == []
    assert len(bad) == 1 and message in bad[0].message
    assert (bad[0].line, bad[0].column) == (1, 8)


def test_prose_mentioning_the_tool_is_not_a_directive() -> None:
    assert parse("Run agentweaver: it is great\n", KNOWN, {}) == ([], [])


def test_compat_markers_cover_sec_only() -> None:
    text = "a = 1  # pragma: allowlist secret\n# pragma: allowlist nextline secret\nb = 2\nc = 3 # gitleaks:allow\n"
    found, _ = parse(text, KNOWN, {})
    assert [sorted(s.lines) for s in found] == [[1], [3], [4]]
    assert found[0].covers("SEC004", 1) and not found[0].covers("TST001", 1)


def run(root: Path) -> list[tuple[str, int, int, str | None]]:
    settings = load_settings(root, flags={"select": Setting(["TST", "AWL"], "t")})
    report = run_gate(root, settings, jobs=1).report
    return [(f.code, f.line, f.column, f.suppressed) for f in report.findings]


def test_suppressions_in_a_run(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        "x = 'FIXME-GATE'  # agentweaver: ignore[TST001] -- known\n"
        "# agentweaver: ignore[TST001] -- next line\n"
        "y = 'FIXME-GATE'\n"
        "z = 'FIXME-GATE'\n"
        "w = 1  # agentweaver: ignore[TST001] -- nothing here\n"
        "v = 2  # agentweaver: ignore\n"
    )
    with with_test_family():
        found = run(tmp_path)
    assert found == [
        ("TST001", 1, 6, "inline"),
        ("TST001", 3, 6, "inline"),
        ("TST001", 4, 6, None),
        ("AWL003", 5, 8, None),
        ("AWL002", 6, 8, None),
    ]


def test_suppressed_findings_keep_their_justification(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        "x = 'FIXME-GATE'  # agentweaver: ignore[TST001] -- known issue\n"
    )
    with with_test_family():
        settings = load_settings(tmp_path, flags={"select": Setting(["TST"], "t")})
        report = run_gate(tmp_path, settings, jobs=1).report
    (finding,) = report.findings
    assert finding.suppressed == "inline"
    assert finding.extra_dict()["justification"] == "known issue"
    assert report.failing() == []


def test_file_level_suppression(tmp_path: Path) -> None:
    (tmp_path / "gen.py").write_text(
        "# agentweaver: ignore-file[TST001] -- generated\na = 'FIXME-GATE'\n"
    )
    with with_test_family():
        assert run(tmp_path) == [("TST001", 2, 6, "inline")]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("python", 'EXAMPLE = "x = 1  # agentweaver: ignore"\n'),
        ("python", '"""Docs.\n\n    # agentweaver: ignore[SEC001] -- example\n"""\n'),
        ("markdown", "```python\nx = 1  # agentweaver: ignore\n```\n"),
        ("markdown", "# agentweaver: ignore is a heading here\n"),
        ("json", '{"a": "// agentweaver: ignore[SEC001] -- r"}\n'),
        ("javascript", "const a = 1; # agentweaver: ignore\n"),
    ],
)
def test_examples_outside_real_comments_are_not_directives(language: str, text: str) -> None:
    assert parse(text, KNOWN, {}, language) == ([], [])


def test_real_comments_per_language() -> None:
    python = parse("x = 1  # agentweaver: ignore[SEC001] -- r\n", KNOWN, {}, "python")[0]
    markdown = parse("text <!-- agentweaver: ignore[SEC001] -- r -->\n", KNOWN, {}, "markdown")[0]
    sql = parse("DROP TABLE x; -- agentweaver: ignore[MIG001] -- r\n", KNOWN, {}, "sql")[0]
    assert [s.codes for s in python + markdown + sql] == [
        frozenset({"SEC001"}),
        frozenset({"SEC001"}),
        frozenset({"MIG001"}),
    ]
