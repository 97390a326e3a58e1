"""Run every regex of the package on ~50 kB adversarial inputs, announcing each first.

Run as a script by test_redos.py, which kills it when one pattern takes over 10 s.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
from typing import Any

import agentweaver_lint
from agentweaver_lint.checks.secrets.catalogue import load_catalogue

SIZE = 50_000


def patterns() -> list[tuple[str, re.Pattern[str]]]:
    found: dict[int, tuple[str, re.Pattern[str]]] = {}

    def add(where: str, value: Any, depth: int = 0) -> None:
        if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
            found.setdefault(id(value), (where, value))
        elif depth < 2 and isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                add(where, item, depth + 1)
        elif depth < 2 and isinstance(value, dict):
            for key, item in value.items():
                add(f"{where}[{key!r}]", item, depth + 1)
        elif depth < 1 and isinstance(value, type):
            for name, item in vars(value).items():
                add(f"{where}.{name}", item, depth + 1)

    for info in pkgutil.walk_packages(agentweaver_lint.__path__, "agentweaver_lint."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            add(f"{info.name}.{name}", value)
    for entry in load_catalogue():
        add(f"secrets.yml:{entry.id}", entry.regex)
        for allow in getattr(entry, "allowlist", ()) or ():
            add(f"secrets.yml:{entry.id}:allowlist", allow)
    return sorted(found.values(), key=lambda item: item[0])


def inputs(pattern: re.Pattern[str]) -> list[str]:
    literal = "".join(
        sorted({c for c in pattern.pattern if c.isprintable() and c not in "()[]{}?*+|^$\\"})
    )
    base = [
        "a" * SIZE,
        " " * SIZE,
        "\t" * SIZE + "!",
        "=" * SIZE,
        "0" * SIZE,
        "a=" * (SIZE // 2),
        "a " * (SIZE // 2) + "!",
        "\\" * SIZE,
        "'" * SIZE,
        '"' * SIZE,
        "-" * SIZE,
        "/" * SIZE,
        "x" * SIZE + "\n" + "y" * SIZE,
        "password = " + "a" * SIZE,
        "https://" + "a" * SIZE + "@",
        "-----BEGIN " + "A" * SIZE,
        "{{" * (SIZE // 2),
    ]
    if literal:
        base.append((literal * (SIZE // len(literal) + 1))[:SIZE])
        base.append((literal * (SIZE // len(literal) + 1))[:SIZE] + "\x00")
    return base


def main() -> None:
    found = patterns()
    print(f"total {len(found)}", flush=True)
    for index, (where, pattern) in enumerate(found):
        print(f"start {index} {where}", flush=True)
        for text in inputs(pattern):
            pattern.search(text)
            for _ in zip(range(50), pattern.finditer(text), strict=False):
                pass
    print("done", flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
