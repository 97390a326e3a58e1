"""Cobertura XML (coverage.py ``coverage xml``, istanbul ``cobertura``, gocover-cobertura).

Parsed with defusedxml. Only each ``<class>``'s own ``<lines>`` count (method ``<lines>``
repeat them); a file split over several classes is merged, a line keeping its highest hit
count. The headline is ``line-rate``: lines hit over lines valid.
"""

from __future__ import annotations

from typing import Any

from agentweaver_lint.checks.coverage.model import UNIT_LINES, FileCoverage, FunctionSpan


class CoberturaError(Exception):
    """Not a Cobertura document."""


def _int(text: str | None, default: int = 0) -> int:
    try:
        return int(float(text)) if text is not None else default
    except ValueError:
        return default


def read_cobertura(data: bytes) -> tuple[list[FileCoverage], list[str]]:
    """Files and the ``<sources>`` folders their names are relative to."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        root: Any = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as exc:
        raise CoberturaError(str(exc)[:200]) from exc
    if root.tag != "coverage":
        raise CoberturaError(f"root element is <{root.tag}>, not <coverage>")
    sources = [(s.text or "").strip() for s in root.iter("source") if (s.text or "").strip()]
    by_name: dict[str, FileCoverage] = {}
    for cls in root.iter("class"):
        name = cls.get("filename")
        if not name:
            continue
        entry = by_name.setdefault(name, FileCoverage(path=name, unit=UNIT_LINES))
        lines_node = cls.find("lines")
        for line in lines_node.iter("line") if lines_node is not None else ():
            number = _int(line.get("number"))
            if number > 0:
                entry.lines[number] = max(entry.lines.get(number, 0), _int(line.get("hits")))
        methods = cls.find("methods")
        for method in methods.iter("method") if methods is not None else ():
            numbers = [_int(n.get("number")) for n in method.iter("line")]
            numbers = [n for n in numbers if n > 0]
            if numbers:
                entry.functions.append(
                    FunctionSpan(method.get("name") or "?", min(numbers), max(numbers))
                )
    return [by_name[name] for name in sorted(by_name)], sources
