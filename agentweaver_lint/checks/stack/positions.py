"""Where keys and values sit in TOML and JSON text (the parsers give values, not lines).

Values always come from ``tomllib``/``json``; these scanners only find the 1-based line and
column of a key or string so findings point at the manifest line that declares them.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]\[]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=""")
JsonPath = tuple[str | int, ...]
_NEWLINE = re.compile(r"\n")
# Only right after an opening quote (as used), so a search never re-scans from every offset.
_STRING_BODY = re.compile(r'(?<=")(?:[^"\\]|\\.)*"', re.DOTALL)
_NON_SPACE = re.compile(r"[^ \t\r\n]")
_STRUCTURE = re.compile(r'[\s"{}\[\],:]')


def _split_dotted(text: str) -> tuple[str, ...]:
    parts: list[str] = []
    for raw in re.findall(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|[^.]+', text):
        part = raw.strip()
        if part[:1] in "\"'" and part[-1:] == part[:1]:
            part = part[1:-1]
        parts.append(part.strip())
    return tuple(parts)


class TomlLines:
    """Line lookup in a TOML document: which table each line belongs to, where keys are."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.table_of: list[tuple[str, ...]] = []
        self.headers: dict[tuple[str, ...], int] = {}
        table: tuple[str, ...] = ()
        for number, line in enumerate(self.lines, start=1):
            header = _HEADER.match(line)
            if header and "=" not in header.group(1):
                table = _split_dotted(header.group(1))
                self.headers.setdefault(table, number)
            self.table_of.append(table)
        self._used: set[tuple[int, int]] = set()

    def key_line(self, table: tuple[str, ...], key: str) -> int | None:
        """The line of ``key = …`` directly in ``table`` (or of a ``[table.key]`` header)."""
        for number, line in enumerate(self.lines, start=1):
            if self.table_of[number - 1] != table:
                continue
            match = _KEY.match(line)
            if match and _split_dotted(match.group(1))[:1] == (key,):
                return number
        return self.headers.get((*table, key))

    def string_position(self, table: tuple[str, ...], value: str) -> tuple[int, int] | None:
        """Line and column of the first not-yet-claimed quoted ``value`` in ``table``."""
        quoted = (json.dumps(value), f"'{value}'", f'"{value}"')
        for number, line in enumerate(self.lines, start=1):
            if self.table_of[number - 1] != table:
                continue
            for form in quoted:
                start = line.find(form)
                while start >= 0:
                    spot = (number, start + 2)
                    if spot not in self._used:
                        self._used.add(spot)
                        return spot
                    start = line.find(form, start + 1)
        return None


def _where(starts: list[int], offset: int) -> tuple[int, int]:
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


@dataclass
class _Frame:
    kind: str  # "obj" | "arr"
    key: str | int  # the current key, or the index in an array
    expect_key: bool


def json_positions(text: str, max_depth: int = 12) -> dict[JsonPath, tuple[int, int]]:
    """Map each object key and array item path (to ``max_depth``) to its line and column."""
    starts = [0] + [match.end() for match in _NEWLINE.finditer(text)]
    out: dict[JsonPath, tuple[int, int]] = {}
    stack: list[_Frame] = []
    pending_value = False

    def path_to(key: str | int) -> JsonPath:
        keys = [frame.key for frame in stack[:-1]]
        keys.append(key)
        return tuple(keys)

    index, size = 0, len(text)
    while index < size:
        ch = text[index]
        if ch in " \t\r\n":
            skip = _NON_SPACE.search(text, index)
            index = skip.start() if skip else size
            continue
        top = stack[-1] if stack else None
        if top is not None and top.kind == "arr" and not pending_value and ch not in ",]":
            if len(stack) <= max_depth:
                out[path_to(top.key)] = _where(starts, index)
            pending_value = True
        if ch == '"':
            body = _STRING_BODY.match(text, index + 1)
            end = body.end() - 1 if body else size
            if top is not None and top.kind == "obj" and top.expect_key:
                try:
                    key = json.loads(text[index : end + 1])
                except ValueError:
                    key = text[index + 1 : end]
                top.key, top.expect_key = str(key), False
                if len(stack) <= max_depth:
                    out[path_to(top.key)] = _where(starts, index)
            index = end + 1
            continue
        if ch in "{[":
            stack.append(_Frame("obj", "", True) if ch == "{" else _Frame("arr", 0, False))
            pending_value = False
        elif ch in "}]":
            if stack:
                stack.pop()
            pending_value = True
        elif ch == ",":
            if top is not None and top.kind == "obj":
                top.expect_key = True
            elif top is not None:
                top.key = int(top.key) + 1
            pending_value = False
        elif ch != ":":  # a number or literal: jump to the next structural character
            skip = _STRUCTURE.search(text, index)
            index = skip.start() if skip else size
            continue
        index += 1
    return out


def toml_error_position(message: str, text: str) -> tuple[int, int]:
    """``(line, column)`` from a ``tomllib`` error message; the last line at end of document."""
    match = re.search(r"line (\d+), column (\d+)", message)
    if match:
        return int(match.group(1)), int(match.group(2))
    if "end of document" in message:
        return max(1, len(text.rstrip("\n").split("\n"))), 1
    return 1, 1
