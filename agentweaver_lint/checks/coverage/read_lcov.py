"""LCOV tracefiles (``lcov.info``: genhtml, istanbul, c8, vitest, go tools).

The headline is LH/LF: lines with a positive ``DA`` count over all ``DA`` lines. A file
recorded several times (several test names, sharded runs) is merged, hits summed.
``FN:start[,end],name`` records give function spans.
"""

from __future__ import annotations

from agentweaver_lint.checks.coverage.model import UNIT_LINES, FileCoverage, FunctionSpan


class LcovError(Exception):
    """Not an LCOV tracefile."""


def _int(text: str) -> int:
    text = text.strip()
    if text == "-":
        return 0
    try:
        return int(float(text))
    except ValueError:
        return -1


def read_lcov(text: str) -> list[FileCoverage]:
    files: dict[str, FileCoverage] = {}
    current: FileCoverage | None = None
    seen_record = False
    for raw in text.splitlines():
        line = raw.strip()
        tag, _, value = line.partition(":")
        if tag == "SF":
            current = files.setdefault(value, FileCoverage(path=value, unit=UNIT_LINES))
            seen_record = True
        elif tag == "end_of_record":
            current = None
        elif current is None:
            continue
        elif tag == "DA":
            parts = value.split(",")
            if len(parts) >= 2:
                number, hits = _int(parts[0]), _int(parts[1])
                if number > 0:
                    current.lines[number] = current.lines.get(number, 0) + max(hits, 0)
        elif tag == "FN":
            parts = value.split(",")
            if len(parts) >= 3 and _int(parts[1]) > 0:
                current.functions.append(
                    FunctionSpan(",".join(parts[2:]), _int(parts[0]), _int(parts[1]))
                )
            elif len(parts) >= 2 and _int(parts[0]) > 0:
                current.functions.append(FunctionSpan(",".join(parts[1:]), _int(parts[0])))
    if not seen_record:
        raise LcovError("no SF: record")
    return [files[name] for name in sorted(files)]
