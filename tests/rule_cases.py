"""Run the YAML rule cases in ``tests/fixtures/rules/*.yml``.

Each file is one rule's cases::

    rule: SEC001
    cases:
      - name: classic token in settings
        kind: fail                      # fail: expect non-empty; pass: expect empty
        files:                          # written to a fresh folder (not a git repository)
          app/settings.py: |
            TOKEN = "…"
        settings:                       # optional [tool.agentweaver-lint] table
          coverage: {business_logic: 90}
        select: [SEC]                   # optional; default: the rule's family
        expect:                         # [code, line, column] (single file) or
          - [SEC001, 1, 9]              # [path, code, line, column]
        codes: [SEC001]                 # optional; codes compared (default: the rule)
        changed_lines:                  # optional: run as in diff mode with these lines
          app/settings.py: [1, 2]

Findings are compared exactly (path, code, line, column) for the compared codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CASES_DIR = Path(__file__).parent / "fixtures" / "rules"


@dataclass
class RuleCase:
    rule: str
    name: str
    kind: str
    files: dict[str, str]
    expect: list[tuple[str, str, int, int]]
    settings: dict[str, Any] = field(default_factory=dict)
    select: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    changed_lines: dict[str, list[int]] | None = None
    source: str = ""

    @property
    def id(self) -> str:
        return f"{self.rule}-{self.kind}-{self.name}"


def load_cases() -> list[RuleCase]:
    cases: list[RuleCase] = []
    for path in sorted(CASES_DIR.glob("*.yml")):
        doc = yaml.safe_load(path.read_text("utf-8"))
        rule = doc["rule"]
        for raw in doc["cases"]:
            files = {str(k): str(v) for k, v in raw["files"].items()}
            expect = []
            for item in raw.get("expect") or []:
                if len(item) == 3:
                    if len(files) != 1:
                        raise ValueError(f"{path}: case {raw['name']!r}: name the path (4 items)")
                    expect.append((next(iter(files)), item[0], int(item[1]), int(item[2])))
                else:
                    expect.append((item[0], item[1], int(item[2]), int(item[3])))
            cases.append(
                RuleCase(
                    rule=rule,
                    name=raw["name"],
                    kind=raw["kind"],
                    files=files,
                    expect=expect,
                    settings=raw.get("settings") or {},
                    select=raw.get("select") or [],
                    codes=raw.get("codes") or [rule],
                    changed_lines=raw.get("changed_lines"),
                    source=path.name,
                )
            )
    return cases


def write_case(case: RuleCase, root: Path) -> None:
    for rel, text in case.files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    if case.settings:
        import json

        # A TOML table written via JSON-compatible inline values keeps the fixture simple.
        lines = ["[tool.agentweaver-lint]"]
        for key, value in case.settings.items():
            lines.append(
                f"{key} = {json.dumps(value) if not isinstance(value, dict) else _inline(value)}"
            )
        (root / "pyproject.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _inline(table: dict[str, Any]) -> str:
    import json

    parts = [
        f'"{k}" = {_inline(v) if isinstance(v, dict) else json.dumps(v)}' for k, v in table.items()
    ]
    return "{ " + ", ".join(parts) + " }"
