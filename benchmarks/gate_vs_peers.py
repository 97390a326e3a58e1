"""Time the full gate against its peers on one tree; print medians, ratios and peak memory.

Run on demand (never in the test suite)::

    python benchmarks/gate_vs_peers.py /path/to/tree [--runs 3]

Measured, alternating the commands run by run: the full gate cold (cache cleared), warm
(unchanged tree), after touching one Python file, ``--select SEC`` cold, the pre-commit
hook's entry on 3 files, and — when installed — gitleaks ``dir``, detect-secrets ``scan``,
``detect-secrets-hook`` on the same 3 files, and ruff. Peak memory is sampled from /proc
for the whole process tree (largest single process and the tree's sum).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

GATE = [sys.executable, "-m", "agentweaver_lint"]


def _tree_rss(root_pid: int) -> tuple[int, int]:
    """(largest process RSS, sum over the tree) in KiB, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="ascii", errors="replace") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
        # agentweaver: ignore[ERR003] -- a process that exited between listing and reading has no RSS
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields.get("PPid", "0").strip() or 0), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    stack, seen = [root_pid], []
    while stack:
        pid = stack.pop()
        seen.append(pid)
        stack.extend(children.get(pid, []))
    values = [rss.get(pid, 0) for pid in seen]
    return max(values, default=0), sum(values)


def _is_test(relative: Path) -> bool:
    parts = relative.parts
    return any(p in ("tests", "test") for p in parts[:-1]) or parts[-1].startswith("test_")


def measure(cmd: list[str], cwd: Path) -> tuple[float, int, int, int]:
    """Wall seconds, exit code, peak single-process and peak tree RSS (KiB)."""
    peak = [0, 0]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            largest, total = _tree_rss(proc.pid)
            peak[0], peak[1] = max(peak[0], largest), max(peak[1], total)
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    return elapsed, code, peak[0], peak[1]


Case = tuple[str, list[str], Callable[[], None] | None]
Measured = dict[str, list[tuple[float, int, int, int]]]


def _touched(tree: Path, py_files: list[Path]) -> dict[str, Path | None]:
    """One application module and one test module, from the middle of each sorted list: a
    repository check that never reads tests may reuse its result for the second."""
    tests = [p for p in py_files if _is_test(p.relative_to(tree))]
    sources = [
        p for p in py_files if p not in set(tests) and "migrations" not in p.relative_to(tree).parts
    ]
    return {
        "source": sources[len(sources) // 2] if sources else None,
        "test": tests[len(tests) // 2] if tests else None,
    }


def _toggle_comment(path: Path | None) -> Callable[[], None]:
    """Append a comment line to ``path``, or take it away again (a new content each time)."""

    def edit() -> None:
        if path is None:
            return
        text = path.read_text(encoding="utf-8", errors="replace")
        path.write_text(
            text.rstrip("\n") + "\n# touched\n"
            if not text.endswith("# touched\n")
            else text.replace("# touched\n", ""),
            encoding="utf-8",
        )

    return edit


def _peer_cases(tree: Path, three: list[str]) -> list[Case]:
    """gitleaks, detect-secrets and ruff, when installed."""
    cases: list[Case] = []
    if shutil.which("gitleaks"):
        cases.append(
            ("gitleaks dir", ["gitleaks", "dir", "--no-banner", "--exit-code", "0", "."], None)
        )
    if shutil.which("detect-secrets"):
        # In a git work tree detect-secrets lists files with git, as the gate does; --all-files
        # would also read .git and the cache, which is not the same work.
        scope = "" if (tree / ".git").exists() else " --all-files"
        report = Path(tempfile.mkdtemp()) / "ds.json"
        command = ["sh", "-c", f"detect-secrets scan{scope} > {report}"]
        cases.append(("detect-secrets scan", command, None))
    if shutil.which("detect-secrets-hook"):
        cases.append(("detect-secrets-hook on 3 files", ["detect-secrets-hook", *three], None))
    if shutil.which("ruff"):
        cases.append(
            ("ruff check", ["ruff", "check", "--isolated", "--no-cache", "--exit-zero", "."], None)
        )
    return cases


def _run(cases: list[Case], tree: Path, runs: int) -> Measured:
    """Every case ``runs`` times, alternating the order run by run."""
    results: Measured = {name: [] for name, _, _ in cases}
    for run in range(runs):
        order = cases if run % 2 == 0 else list(reversed(cases))
        for name, cmd, before in order:
            if name == "gate warm":
                subprocess.run([*GATE, "."], cwd=tree, capture_output=True, check=False)
            if before is not None:
                before()
            results[name].append(measure(cmd, tree))
    return results


def _print_ratios(medians: dict[str, float]) -> None:
    cold, sec = medians["gate cold"], medians["gate --select SEC cold"]
    ratios = [
        ("gate cold / gitleaks", cold, medians.get("gitleaks dir")),
        ("SEC cold / gitleaks", sec, medians.get("gitleaks dir")),
        ("SEC cold / detect-secrets", sec, medians.get("detect-secrets scan")),
        ("warm / cold", medians["gate warm"], cold),
        ("source touched / cold", medians["gate one source file touched"], cold),
        ("test touched / cold", medians["gate one test file touched"], cold),
        (
            "hook / detect-secrets-hook",
            medians["hook on 3 files"],
            medians.get("detect-secrets-hook on 3 files"),
        ),
    ]
    print()
    for label, top, bottom in ratios:
        if bottom:
            print(f"{label:34} {top / bottom:6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    # Work on a copy: the benchmark touches files and writes a cache.
    tree = Path(tempfile.mkdtemp(prefix="awl-bench-")) / args.tree.resolve().name
    shutil.copytree(args.tree.resolve(), tree, symlinks=True)
    py_files = sorted(p for p in tree.rglob("*.py") if ".git" not in p.parts)
    three = [str(p.relative_to(tree)) for p in py_files[:3]]
    touched = _touched(tree, py_files)
    cache = tree / ".agentweaver_cache"
    cases: list[Case] = [
        ("gate cold", [*GATE, "--no-color", "."], lambda: shutil.rmtree(cache, True)),
        ("gate warm", [*GATE, "--no-color", "."], None),
        (
            "gate one source file touched",
            [*GATE, "--no-color", "."],
            _toggle_comment(touched["source"]),
        ),
        (
            "gate one test file touched",
            [*GATE, "--no-color", "."],
            _toggle_comment(touched["test"]),
        ),
        ("gate --select SEC cold", [*GATE, "--select", "SEC", "--no-cache", "."], None),
        ("hook on 3 files", [*GATE, "--files-only", *three], None),
        *_peer_cases(tree, three),
    ]
    results = _run(cases, tree, args.runs)
    shutil.rmtree(tree.parent, ignore_errors=True)
    medians = {name: statistics.median(r[0] for r in runs) for name, runs in results.items()}
    print(f"tree: {args.tree} ({len(py_files)} Python files); runs: {args.runs}")
    for kind, path in touched.items():
        print(f"touched {kind} file: {path.relative_to(tree) if path else '-'}")
    print(f"{'command':34} {'median s':>9} {'peak proc MB':>13} {'peak tree MB':>13} exit")
    for name, runs in results.items():
        largest = max(r[2] for r in runs) / 1024
        total = max(r[3] for r in runs) / 1024
        print(f"{name:34} {medians[name]:9.2f} {largest:13.0f} {total:13.0f} {runs[-1][1]}")
    _print_ratios(medians)


if __name__ == "__main__":
    main()
