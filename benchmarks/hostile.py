"""Linearity check: does doubling an input at most double each family's time?

Run on demand (never in tests)::

    python benchmarks/hostile.py [--size 4000] [--runs 3]

For every family it writes a tree whose one big input has N units, then 2N, runs
``agentweaver-lint --select FAMILY --no-cache`` on each, subtracts the start-up time (the
same run on an empty tree) and prints time(2N) / time(N). About 2 is linear; well above 2
means super-linear work.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

Builder = Callable[[Path, int], None]


def python_module(root: Path, n: int) -> None:
    body = []
    for i in range(n):
        body.append(
            f"def handler_{i}(request):\n    try:\n        value = int(request.GET['x{i}'])\n"
            f"    except ValueError:\n        return None\n    return value + {i}\n"
        )
    (root / "app" / "services").mkdir(parents=True, exist_ok=True)
    (root / "app" / "services" / "big.py").write_text("\n\n".join(body))


def secrets_text(root: Path, n: int) -> None:
    lines = [f"key_{i} = 'value-{i}-not-a-secret'  # password hint {i}" for i in range(n)]
    (root / "config.py").write_text("\n".join(lines) + "\n")


def sql_migration(root: Path, n: int) -> None:
    folder = root / "db" / "migrations"
    folder.mkdir(parents=True)
    up = [f"ALTER TABLE t ADD COLUMN c{i} integer;" for i in range(n)]
    down = [f"ALTER TABLE t DROP COLUMN c{i};" for i in range(n)]
    (folder / "000001_big.up.sql").write_text("\n".join(up) + "\n")
    (folder / "000001_big.down.sql").write_text("\n".join(down) + "\n")


def package_json(root: Path, n: int) -> None:
    deps = {f"pkg-{i}": f"^1.{i}.0" for i in range(n)}
    (root / "package.json").write_text(json.dumps({"name": "x", "dependencies": deps}, indent=2))


def lcov(root: Path, n: int) -> None:
    (root / "src").mkdir()
    records = []
    for i in range(n // 10 + 1):
        (root / "src" / f"m{i}.js").write_text("".join(f"const a{j} = {j};\n" for j in range(10)))
        records.append(
            f"SF:src/m{i}.js\n"
            + "".join(f"DA:{j + 1},{j % 2}\n" for j in range(10))
            + "end_of_record"
        )
    (root / "lcov.info").write_text("\n".join(records) + "\n")


def k6_summary(root: Path, n: int) -> None:
    metrics = {
        f"http_req_duration{{name:/e{i}}}": {"avg": 10, "p(90)": 20, "p(95)": 30, "p(99)": 40}
        for i in range(n)
    }
    metrics["http_req_duration"] = {"avg": 10, "p(90)": 20, "p(95)": 30, "p(99)": 40}
    metrics["http_req_failed"] = {"rate": 0.0}
    (root / "summary.json").write_text(json.dumps({"metrics": metrics}))


def express_app(root: Path, n: int) -> None:
    routes = [f"app.post('/r{i}', (req, res) => res.json(req.body.v{i}));" for i in range(n)]
    (root / "app.js").write_text(
        "const express = require('express');\nconst app = express();\n" + "\n".join(routes) + "\n"
    )


FAMILIES: dict[str, tuple[Builder, int]] = {
    # family: (builder, units per requested size step)
    "SEC": (secrets_text, 5),
    "ERR": (python_module, 1),
    "DOC": (python_module, 1),
    "CPX": (python_module, 1),
    "VAL": (express_app, 1),
    "MIG": (sql_migration, 1),
    "STK": (package_json, 1),
    "COV": (lcov, 1),
    "PRF": (k6_summary, 1),
}


def timed(root: Path, family: str, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "agentweaver_lint",
                "--select",
                family,
                "--no-cache",
                "--jobs",
                "1",
                "--format",
                "json",
                ".",
            ],
            cwd=root,
            capture_output=True,
            check=False,
        )
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        empty = base / "empty"
        empty.mkdir()
        print(f"{'family':6} {'N':>7} {'t(N) s':>8} {'t(2N) s':>8} {'ratio':>6}")
        for family, (build, scale) in FAMILIES.items():
            startup = timed(empty, family, args.runs)
            times = []
            for factor in (1, 2):
                root = base / f"{family}-{factor}"
                root.mkdir()
                build(root, args.size * scale * factor)
                times.append(max(timed(root, family, args.runs) - startup, 1e-3))
            print(
                f"{family:6} {args.size * scale:7} {times[0]:8.2f} {times[1]:8.2f} {times[1] / times[0]:6.2f}"
            )


if __name__ == "__main__":
    main()
