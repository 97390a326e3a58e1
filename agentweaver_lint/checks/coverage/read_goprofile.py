"""Go coverprofiles (``go test -coverprofile``): ``mode:`` line, then one block a line.

``path/to/file.go:L1.C1,L2.C2 statements count``. Repeated blocks (several test binaries
with ``-coverpkg``) are merged as Go's tooling does: ``set`` mode ORs, ``count``/``atomic``
add. The headline is ``go tool cover``'s statements covered over statements.
"""

from __future__ import annotations

from agentweaver_lint.checks.coverage.model import UNIT_GO, FileCoverage


class GoProfileError(Exception):
    """Not a Go coverprofile."""


def _block(text: str) -> tuple[str, tuple[int, int, int, int], int, int] | None:
    try:
        location, statements, count = text.rsplit(" ", 2)
        name, _, span = location.rpartition(":")
        start, _, end = span.partition(",")
        start_line, _, start_col = start.partition(".")
        end_line, _, end_col = end.partition(".")
        key = (int(start_line), int(start_col), int(end_line), int(end_col))
        return name, key, int(statements), int(count)
    except ValueError:
        return None


def read_goprofile(text: str) -> list[FileCoverage]:
    lines = text.splitlines()
    if not lines or not lines[0].startswith("mode:"):
        raise GoProfileError("the first line is not `mode: set|count|atomic`")
    additive = lines[0].split(":", 1)[1].strip() != "set"
    files: dict[str, FileCoverage] = {}
    for raw in lines[1:]:
        if not raw.strip() or raw.startswith("mode:"):
            continue  # concatenated profiles repeat the mode line
        block = _block(raw.strip())
        if block is None:
            continue
        name, key, statements, count = block
        entry = files.setdefault(name, FileCoverage(path=name, unit=UNIT_GO))
        previous = entry.statements.get(key)
        if previous is not None:
            count = previous[1] + count if additive else max(previous[1], count)
        entry.statements[key] = (statements, count)
    for entry in files.values():
        for (start, _sc, end, _ec), (_n, hits) in entry.statements.items():
            for line in range(start, end + 1):
                entry.lines[line] = max(entry.lines.get(line, 0), hits)
    return [files[name] for name in sorted(files)]
