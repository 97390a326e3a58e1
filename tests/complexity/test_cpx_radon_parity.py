"""CPX numbers equal radon's CLI; our linear raw metrics equal radon's quadratic ones."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from agentweaver_lint.checks.complexity.raw import analyze, maintainability
from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import run_gate
from agentweaver_lint.model import Severity
from agentweaver_lint.settings import Setting

FIXTURES = Path(__file__).parent.parent / "fixtures" / "complexity"


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES, tmp_path / "repo")
    (tmp_path / "repo" / "pyproject.toml").write_text(
        "[tool.agentweaver-lint.rules.CPX001]\nwarning_rank = 'A'\n"
        "[tool.agentweaver-lint.rules.CPX002]\nmin_mi = 101.0\n",
        encoding="utf-8",
    )
    return tmp_path / "repo"


def _radon(repo: Path, command: str) -> dict[str, object]:
    files = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*.py"))
    done = subprocess.run(
        [sys.executable, "-m", "radon", command, "-j", *files],
        cwd=repo,
        capture_output=True,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    # A module this interpreter cannot parse (``except*`` before 3.11) is radon's error and our
    # AWL001, not a CPX finding: it is compared by neither.
    return {
        path: value
        for path, value in result.items()
        if not (isinstance(value, dict) and "error" in value)
    }


def _findings(repo: Path, code: str) -> list[tuple[str, int, int, dict[str, object], Severity]]:
    settings = load_settings(repo, flags={"select": Setting([code], "test")})
    report = run_gate(repo, settings, jobs=1).report
    return [
        (f.path, f.line, f.column, dict(f.extra), f.severity)
        for f in report.findings
        if f.code == code
    ]


def test_cpx001_blocks_equal_radon_cc(repo: Path) -> None:
    radon = _radon(repo, "cc")
    expected = sorted(
        (path, block["lineno"], block["col_offset"] + 1, block["complexity"], block["rank"])
        for path, blocks in radon.items()
        for block in blocks  # type: ignore[attr-defined]
    )
    ours = sorted(
        (path, line, column, extra["complexity"], extra["rank"])
        for path, line, column, extra, _ in _findings(repo, "CPX001")
    )
    assert len(expected) >= 6
    assert ours == expected


def test_cpx001_default_rank_c_matches_radon_min_c(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES, repo)
    radon = _radon(repo, "cc")
    expected = sorted(
        (path, block["lineno"], block["col_offset"] + 1)
        for path, blocks in radon.items()
        for block in blocks  # type: ignore[attr-defined]
        if block["rank"] >= "C"
    )
    found = _findings(repo, "CPX001")
    assert sorted((p, line, col) for p, line, col, _e, _s in found) == expected
    assert expected
    assert all(severity is Severity.WARNING for *_x, severity in found)


def test_cpx002_mi_equals_radon_mi(repo: Path) -> None:
    radon = _radon(repo, "mi")
    expected = sorted((path, round(float(v["mi"]), 2), v["rank"]) for path, v in radon.items())  # type: ignore[index]
    ours = sorted(
        (path, extra["module_mi"], extra["module_rank"])
        for path, _l, _c, extra, _s in _findings(repo, "CPX002")
    )
    assert ours == expected


def test_raw_metrics_equal_radon_on_fixtures_and_our_sources() -> None:
    from radon.raw import analyze as radon_analyze

    sources = sorted(FIXTURES.rglob("*.py")) + sorted(
        (Path(__file__).parents[2] / "agentweaver_lint").rglob("*.py")
    )
    for path in sources:
        text = path.read_text("utf-8")
        assert tuple(analyze(text).__dict__.values()) == tuple(radon_analyze(text)), path


def test_raw_metrics_equal_radon_on_tricky_layouts() -> None:
    from radon.metrics import mi_visit
    from radon.raw import analyze as radon_analyze

    text = (
        '"""Module\n\ndoc."""\nx = (1,\n\n     2)  # c\ny = """a\n  b"""\nif x: y = 1; z = 2\n'
        "w = 1 + \\\n    2\n# only a comment\n'single'\nclass A:  # c\n    '''Doc.'''\n    pass\n"
    )
    assert tuple(analyze(text).__dict__.values()) == tuple(radon_analyze(text))
    assert maintainability(ast.parse(text), text).mi == pytest.approx(
        mi_visit(text, True), abs=1e-9
    )
    data = "DATA = {\n" + "".join(f"    'k{i}': [{i}, 'v{i}'],\n" for i in range(150)) + "}\n"
    assert tuple(analyze(data).__dict__.values()) == tuple(radon_analyze(data))


def test_large_data_module_is_linear() -> None:
    data = (
        "DATA = {\n"
        + "".join(f"    'k{i}': [{i}, 'v{i}', {{'a': {i}}}],\n" for i in range(5000))
        + "}\n"
    )
    raw = analyze(data)
    assert (raw.loc, raw.lloc, raw.sloc, raw.comments, raw.multi, raw.blank) == (
        5002,
        2,
        5002,
        0,
        0,
        0,
    )  # radon counts the dict colons: 2
    figures = maintainability(ast.parse(data), data)
    assert 0 <= figures.mi <= 100


def test_logical_lines_equal_radons_on_every_run_of_our_sources() -> None:
    from radon.raw import _logical

    from agentweaver_lint.checks.complexity.raw import _runs, logical_lines

    tricky = "if a: b; c\nfor x in y: pass  # c\nd = {1: 2}; e = x[1:2]\nf = lambda: 0\n;\n"
    texts = [tricky] + [
        path.read_text("utf-8")
        for path in sorted((Path(__file__).parents[2] / "agentweaver_lint").rglob("*.py"))
    ]
    runs = 0
    for text in texts:
        for _first, _last, tokens in _runs([line.strip() for line in text.splitlines()]):
            assert logical_lines(tokens) == _logical(tokens), tokens
            runs += 1
    assert runs > 10_000


def test_raw_metrics_follow_radon_past_a_blank_line_that_ends_a_continuation() -> None:
    # radon's buffer stops at the blank line's start, inside the continuation, so its run
    # grows on to the next end; a run ending at that blank line would count other lines.
    from radon.raw import analyze as radon_analyze

    text = (FIXTURES / "layouts" / "continuation_then_blank.py").read_text("utf-8")
    assert tuple(analyze(text).__dict__.values()) == tuple(radon_analyze(text))
    snippets = ["x = 1 \\\n\ny = 2\n", "x = 1 \\\n\n\ny = 2\n", "x = 1 \\\n\nif x: y\n"]
    for snippet in snippets:
        assert tuple(analyze(snippet).__dict__.values()) == tuple(radon_analyze(snippet)), snippet
