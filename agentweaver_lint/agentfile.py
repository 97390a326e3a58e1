"""Read thresholds from the agent definition's Quality Standards.

Only two lists are read: ``### Non-Negotiables`` and ``### Performance Budgets`` under
``## Quality Standards``. Numbers anywhere else (the Testing bullet's "≥80% for critical
paths") are ignored. ``{{…}}`` placeholders are skipped. Within the file, when both lists
give a value for one setting, the stricter wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from agentweaver_lint.model import Notice

_NUMBER = r"(\d+(?:\.\d+)?)"
_LE = r"(?:<=?|≤|under|below|at most|less than|max(?:imum)?)\s*"
_GE = r"(?:>=?|≥|at least|min(?:imum)?)?\s*"
_PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")


@dataclass(frozen=True)
class AgentValue:
    key: str
    value: float
    line: int


@dataclass
class AgentThresholds:
    """Values found in the agent file, with their lines, plus notices about what was not."""

    path: str
    values: dict[str, AgentValue] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)

    def put(self, key: str, value: float, line: int, stricter: str) -> None:
        old = self.values.get(key)
        if old is not None:
            better = value > old.value if stricter == "higher" else value < old.value
            if not better:
                return
        self.values[key] = AgentValue(key, value, line)


def _ms(number: str, unit: str) -> float:
    value = float(number)
    return value * 1000 if unit.lower() == "s" else value


def _mb(number: str, unit: str) -> float:
    value = float(number)
    return value * 1024 if unit.lower() == "gb" else value


def _parse_bullet(label: str, body: str, line: int, out: AgentThresholds) -> None:
    name = label.lower()
    if "coverage" in name:
        business = re.search(
            _GE + _NUMBER + r"\s*%\s*(?:for|of|on)?\s*(?:the\s+)?business", body, re.I
        )
        critical = re.search(
            _GE + _NUMBER + r"\s*%\s*(?:for|of|on)?\s*(?:the\s+)?critical", body, re.I
        )
        if business:
            out.put("coverage.business_logic", float(business.group(1)), line, "higher")
        if critical:
            out.put("coverage.critical_paths", float(critical.group(1)), line, "higher")
        if not business and not critical:
            plain = re.search(_GE + _NUMBER + r"\s*%", body)
            if plain:
                out.put("coverage.business_logic", float(plain.group(1)), line, "higher")
    elif "response" in name or name.startswith("api"):
        times = list(re.finditer(_LE + _NUMBER + r"\s*(ms|s)\b\s*(\((p\d\d)\))?", body, re.I))
        for index, match in enumerate(times):
            pct = (match.group(4) or ("p95" if index == 0 else "p99")).lower()
            if pct in ("p95", "p99"):
                out.put(f"perf.api_{pct}_ms", _ms(match.group(1), match.group(2)), line, "lower")
    elif "query" in name or "database" in name:
        simple = re.search(_LE + _NUMBER + r"\s*(ms|s)\b[^,;]*simple", body, re.I)
        complex_ = re.search(_LE + _NUMBER + r"\s*(ms|s)\b[^,;]*complex", body, re.I)
        if simple:
            out.put("perf.db_simple_ms", _ms(simple.group(1), simple.group(2)), line, "lower")
        if complex_:
            out.put("perf.db_complex_ms", _ms(complex_.group(1), complex_.group(2)), line, "lower")
    elif "memory" in name:
        memory = re.search(_LE + _NUMBER + r"\s*(mb|gb)\b", body, re.I)
        if memory:
            out.put("perf.memory_mb", _mb(memory.group(1), memory.group(2)), line, "lower")
    elif "error rate" in name:
        rate = re.search(_LE + _NUMBER + r"\s*%", body, re.I)
        if rate:
            out.put("perf.error_rate_pct", float(rate.group(1)), line, "lower")


def parse_agent_text(text: str, path: str) -> AgentThresholds:
    """Parse the agent Markdown; never raises on content."""
    out = AgentThresholds(path)
    lines = text.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() == "---":
                start = index + 1
                break
    in_quality = False
    in_list = False
    seen_quality = False
    seen_lists: set[str] = set()
    fence = False
    for index in range(start, len(lines)):
        raw = lines[index]
        stripped = raw.strip()
        if stripped.startswith(("```", "~~~")):
            fence = not fence
            continue
        if fence:
            continue
        if re.match(r"^##\s", stripped):
            in_quality = stripped[3:].strip().lower().startswith("quality standards")
            seen_quality |= in_quality
            in_list = False
            continue
        if re.match(r"^###\s", stripped):
            title = stripped[4:].strip().lower()
            in_list = in_quality and (
                title.startswith("non-negotiable") or title.startswith("performance budget")
            )
            if in_list:
                seen_lists.add(title.split()[0])
            continue
        if not in_list:
            continue
        bullet = _BULLET.match(raw)
        if not bullet:
            continue
        body = _PLACEHOLDER.sub(" ", bullet.group(1))
        label, colon, rest = body.partition(":")
        label = label.strip(" \t*")
        if colon and label and "*" not in label:
            _parse_bullet(label, rest.strip(" \t*"), index + 1, out)
    if not seen_quality:
        out.notices.append(
            Notice("agent", f"{path}: no '## Quality Standards' section; defaults apply", path)
        )
    elif not seen_lists:
        out.notices.append(
            Notice(
                "agent",
                f"{path}: no Non-Negotiables or Performance Budgets list; defaults apply",
                path,
            )
        )
    return out


def read_agent_file(root: Path, rel: str, explicit: bool) -> AgentThresholds | None:
    """Read the agent file; a missing default file is silent, a missing explicit one a notice."""
    path = (root / rel) if not Path(rel).is_absolute() else Path(rel)
    shown = rel
    try:
        data = path.read_bytes()
    except OSError:
        if explicit:
            result = AgentThresholds(shown)
            result.notices.append(
                Notice("agent", f"{shown}: cannot be read; defaults apply", shown)
            )
            return result
        return None
    text = data.decode("utf-8", "replace")
    return parse_agent_text(text, shown)
