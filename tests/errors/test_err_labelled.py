"""ERR against hand-labelled except/catch clauses of realistic Django, Celery, Express and
NestJS-style code: precision and recall, and the code chosen for each clause."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import run_gate
from agentweaver_lint.settings import Setting

LABELLED = Path(__file__).parent.parent / "fixtures" / "errors" / "labelled"
LABEL_RE = re.compile(r"(?:#|//) label: ([a-z-]+)")
EXPECTED_CODE = {
    "bare": "ERR001",
    "broad": "ERR002",
    "swallowed": "ERR003",
    "no-context": "ERR004",
    "print": "ERR004",
    "unhandled-route": "ERR005",
}


def _labels(root: Path) -> dict[tuple[str, int], str]:
    labels: dict[tuple[str, int], str] = {}
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".py", ".js", ".ts"):
            continue
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            match = LABEL_RE.search(line)
            if match:
                labels[(path.relative_to(root).as_posix(), number)] = match.group(1)
    return labels


def test_err_precision_and_recall_on_labelled_clauses(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(LABELLED, root)
    labels = _labels(root)
    settings = load_settings(root, flags={"select": Setting(["ERR"], "test")})
    findings = {(f.path, f.line): f.code for f in run_gate(root, settings, jobs=1).report.findings}
    bad = {key for key, label in labels.items() if label != "ok"}
    true_positives = {key for key in findings if key in bad}
    precision = len(true_positives) / len(findings)
    recall = len(true_positives) / len(bad)
    assert len(labels) >= 50
    assert precision >= 0.9, sorted(set(findings) - bad)
    assert recall >= 0.75, sorted(bad - set(findings))
    wrong_code = {
        key: (findings[key], labels[key])
        for key in true_positives
        if findings[key] != EXPECTED_CODE[labels[key]]
    }
    assert wrong_code == {}
    assert (precision, recall) == (1.0, 1.0), (
        sorted(set(findings) - bad),
        sorted(bad - set(findings)),
    )
