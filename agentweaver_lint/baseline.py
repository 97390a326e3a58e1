"""The baseline: known findings by line-free fingerprint, so only new ones fail the gate.

The file has sorted keys, no timestamps and no line numbers; a secret appears only as the
hash inside its fingerprint. Moving code does not change it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from agentweaver_lint.model import Finding

BASELINE_NAME = ".agentweaver-baseline.json"
FORMAT_VERSION = 1


class BaselineError(Exception):
    """The baseline file cannot be read."""


def baseline_text(findings: Iterable[Finding]) -> str:
    entries = {
        f.fingerprint: {"code": f.code, "path": f.path}
        for f in findings
        if f.suppressed is None and not f.code.startswith("AWL")
    }
    doc = {"tool": "agentweaver-lint", "version": FORMAT_VERSION, "findings": entries}
    return json.dumps(doc, indent=2, sort_keys=True) + "\n"


def read_baseline(path: Path) -> dict[str, object]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{path}: not a baseline file: {exc}") from None
    findings = doc.get("findings") if isinstance(doc, dict) else None
    if not isinstance(findings, dict):
        raise BaselineError(f"{path}: not a baseline file: no 'findings' table")
    return findings


def write_baseline(path: Path, findings: Iterable[Finding]) -> str:
    """Write the baseline; return ``created``, ``unchanged`` or ``changed``."""
    text = baseline_text(findings)
    old = path.read_text(encoding="utf-8") if path.is_file() else None
    if old == text:
        return "unchanged"
    path.write_text(text, encoding="utf-8")
    return "created" if old is None else "changed"
