"""Istanbul ``coverage-final.json`` (jest, nyc, vitest, c8).

Lines are computed as istanbul-lib-coverage's ``getLineCoverage`` does: each statement
counts on its start line, a line keeps the highest count of its statements, and
``lines.pct`` is lines with a positive count over all such lines. ``fnMap`` gives spans.
"""

from __future__ import annotations

from typing import Any

from agentweaver_lint.checks.coverage.model import UNIT_LINES, FileCoverage, FunctionSpan


def is_istanbul(doc: Any) -> bool:
    if not isinstance(doc, dict) or not doc or ("files" in doc and "meta" in doc):
        return False
    first = next(iter(doc.values()))
    if isinstance(first, dict) and isinstance(first.get("data"), dict):
        first = first["data"]
    return isinstance(first, dict) and "statementMap" in first and "s" in first


def _line(position: Any) -> int:
    if isinstance(position, dict) and isinstance(position.get("line"), int):
        return int(position["line"])
    return 0


def read_istanbul(doc: dict[str, Any]) -> list[FileCoverage]:
    files: list[FileCoverage] = []
    for key, body in sorted(doc.items()):
        if isinstance(body, dict) and isinstance(body.get("data"), dict):
            body = body["data"]
        if not isinstance(body, dict):
            continue
        name = body.get("path") if isinstance(body.get("path"), str) else key
        entry = FileCoverage(path=str(name), unit=UNIT_LINES)
        statement_map = body.get("statementMap") or {}
        counts = body.get("s") or {}
        if isinstance(statement_map, dict) and isinstance(counts, dict):
            for sid, count in counts.items():
                location = statement_map.get(sid)
                if not isinstance(location, dict) or not isinstance(count, int):
                    continue
                line = _line(location.get("start"))
                if line > 0 and (line not in entry.lines or entry.lines[line] < count):
                    entry.lines[line] = count
        entry.functions = _functions(body.get("fnMap"))
        files.append(entry)
    return files


def _functions(fn_map: Any) -> list[FunctionSpan]:
    spans: list[FunctionSpan] = []
    if not isinstance(fn_map, dict):
        return spans
    for fn in fn_map.values():
        if not isinstance(fn, dict):
            continue
        loc = fn.get("loc") if isinstance(fn.get("loc"), dict) else fn.get("decl")
        start = _line(loc.get("start")) if isinstance(loc, dict) else 0
        end = _line(loc.get("end")) if isinstance(loc, dict) else 0
        start = start or (fn["line"] if isinstance(fn.get("line"), int) else 0)
        if start > 0:
            spans.append(FunctionSpan(str(fn.get("name") or "(anonymous)"), start, end))
    return spans
