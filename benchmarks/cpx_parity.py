"""CPX parity with radon on whole trees, and the time of the old and new measurements.

Usage: ``python benchmarks/cpx_parity.py TREE... [--jobs N] [--max-run-lines N]``

Every ``*.py`` module under each TREE that ``ast.parse`` accepts is measured twice on the
same parsed tree, one component after the other over a chunk of modules (one core, gc
off while timing):

- before: radon's ``ComplexityVisitor.from_ast`` (CPX001 blocks), radon's ``h_visit_ast``
  (Halstead volume) and our linear tokenize-based ``raw.analyze`` (raw line counts);
- after: ``tree_metrics.measure_tree`` (blocks and volume in one walk) and
  ``raw_fast.raw_metrics`` (raw counts, tokenizer only where it cannot vouch; from Python
  3.12 always the tokenizer, so only the walk is faster there).

Then it checks, module by module, that the new figures equal radon's: the blocks (name,
full name, line, column, end line, method/class, complexity), the total complexity, the
volume (float ``==``), ``radon.raw.analyze`` (computed in ``--jobs`` worker processes;
radon re-tokenizes a growing buffer, quadratic in a statement's length, so a module with a
run longer than ``--max-run-lines`` is compared with our linear path instead and counted
apart) and the maintainability index (radon's ``mi_compute`` of radon's own parameters, as
``mi_visit(text, True)`` computes them). Modules radon itself fails on are counted, not
compared. Mismatches are listed; the exit code is 1 if there is any.

Run on demand; tests never assert timings.
"""

from __future__ import annotations

import argparse
import ast
import gc
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from radon.metrics import h_visit_ast, mi_compute  # noqa: E402
from radon.visitors import ComplexityVisitor, Function  # noqa: E402

from agentweaver_lint.checks.complexity import raw  # noqa: E402
from agentweaver_lint.checks.complexity.raw_fast import (  # noqa: E402
    FAST_PATH,
    counted_without_tokenizer,
    raw_metrics,
)
from agentweaver_lint.checks.complexity.tree_metrics import measure_tree  # noqa: E402
from agentweaver_lint.workspace import decode  # noqa: E402

CHUNK = 400  # modules parsed and held at once
OLD = ("radon ComplexityVisitor", "radon h_visit_ast", "raw.analyze (tokenize)")
NEW = ("measure_tree (both)", "raw_metrics (fast)")


def _modules(tree: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(tree.rglob("*.py")):
        if ".git" in path.parts or not path.is_file():
            continue
        try:
            text = decode(path.read_bytes())
        # agentweaver: ignore[ERR003] -- a file that vanished or is unreadable is not compared
        except OSError:
            continue
        yield str(path), text


def _radon_blocks(visitor: Any) -> list[tuple[Any, ...]]:
    return [
        (
            b.name,
            b.fullname,
            b.lineno,
            b.col_offset,
            b.endline,
            isinstance(b, Function) and b.is_method,
            b.classname if isinstance(b, Function) else None,
            b.complexity,
            "class" if not isinstance(b, Function) else "function",
        )
        for b in visitor.blocks
    ]


def _our_blocks(metrics: Any) -> list[tuple[Any, ...]]:
    return [
        (
            b.name,
            b.fullname,
            b.lineno,
            b.col_offset,
            b.endline,
            b.is_method,
            b.classname,
            b.complexity,
            "class" if b.kind == "class" else "function",
        )
        for b in metrics.blocks
    ]


def _timed(
    label: str, seconds: Counter[str], call: Callable[[Any], Any], items: list[Any]
) -> list[Any]:
    results: list[Any] = []
    gc.collect()
    gc.disable()
    start = time.perf_counter()
    for item in items:
        try:
            results.append(call(item))
        except Exception as exc:  # noqa: BLE001 - radon's RecursionError, TokenError...
            results.append(exc)
    seconds[label] += time.perf_counter() - start
    gc.enable()
    return results


def _radon_raw(job: tuple[str, int]) -> tuple[Any, ...] | str:
    """radon's raw counts in a worker; a module with a run over the limit is left out."""
    from radon.raw import analyze

    text, max_run = job
    try:
        runs = raw._runs([line.strip() for line in text.splitlines()])
    # agentweaver: ignore[ERR003] -- no runs to measure: radon's own attempt below decides
    except Exception:  # noqa: BLE001 - radon decides below
        runs = []
    if any(last - first + 1 > max_run for first, last, _ in runs):
        return "long"
    try:
        return tuple(analyze(text))
    except Exception as exc:  # noqa: BLE001
        return f"radon failed: {type(exc).__name__}"


def _same(ours: Any, theirs: Any) -> bool:
    if isinstance(ours, Exception) or isinstance(theirs, Exception):
        return repr(ours) == repr(theirs)
    return bool(ours == theirs)


class Tally:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.seconds: Counter[str] = Counter()
        self.mismatches: list[str] = []

    def mismatch(self, kind: str, path: str, ours: Any, theirs: Any) -> None:
        self.counts[f"mismatch {kind}"] += 1
        self.mismatches.append(f"{kind}: {path}\n    ours   {ours!r}\n    radon  {theirs!r}")


def _chunk(
    items: list[tuple[str, str, ast.Module]], tally: Tally, pool: ProcessPoolExecutor, max_run: int
) -> None:
    trees = [tree for _, _, tree in items]
    seconds = tally.seconds
    visitors = _timed(OLD[0], seconds, ComplexityVisitor.from_ast, trees)
    volumes = _timed(OLD[1], seconds, lambda t: h_visit_ast(t).total.volume, trees)
    old_raw = _timed(OLD[2], seconds, raw.analyze, [text for _, text, _ in items])
    metrics = _timed(NEW[0], seconds, measure_tree, trees)
    new_raw = _timed(
        NEW[1],
        seconds,
        lambda pair: raw_metrics(*pair),
        [(text, m.strings) for (_, text, _), m in zip(items, metrics, strict=True)],
    )
    references = pool.map(_radon_raw, [(text, max_run) for _, text, _ in items], chunksize=8)
    for item, visitor, volume, old, ours, new, reference in zip(
        items, visitors, volumes, old_raw, metrics, new_raw, references, strict=True
    ):
        _compare(tally, item, (visitor, volume, old), (ours, new), reference)


def _compare(
    tally: Tally,
    item: tuple[str, str, ast.Module],
    before: tuple[Any, Any, Any],
    after: tuple[Any, Any],
    reference: Any,
) -> None:
    (path, text, tree), (visitor, volume, old), (ours, new) = item, before, after
    counts = tally.counts
    counts["modules"] += 1
    if FAST_PATH and counted_without_tokenizer(text, ours.strings) is None:
        counts["raw: tokenizer fallback (whole module)"] += 1
    if isinstance(visitor, Exception) or isinstance(volume, Exception):
        counts["radon visitors failed (not compared)"] += 1
    else:
        counts["blocks compared"] += len(visitor.blocks)
        if _our_blocks(ours) != _radon_blocks(visitor):
            tally.mismatch("blocks", path, _our_blocks(ours), _radon_blocks(visitor))
        if ours.total_complexity != visitor.total_complexity:
            tally.mismatch(
                "total complexity", path, ours.total_complexity, visitor.total_complexity
            )
        if ours.halstead_volume != volume:
            tally.mismatch("halstead volume", path, ours.halstead_volume, volume)
    if not _same(new, old):
        tally.mismatch("raw new vs old", path, new, old)
    if isinstance(reference, str):
        counts[
            "raw: radon quadratic, compared with linear path" if reference == "long" else reference
        ] += 1
        return
    new_tuple = tuple(new.__dict__.values()) if isinstance(new, raw.RawMetrics) else new
    if new_tuple != reference:
        tally.mismatch("raw vs radon", path, new_tuple, reference)
        return
    counts["raw compared with radon"] += 1
    if isinstance(visitor, Exception) or isinstance(volume, Exception):
        return
    radon_raw = raw.RawMetrics(*reference)
    comment_lines, sloc, lloc = radon_raw.comments + radon_raw.multi, radon_raw.sloc, radon_raw.lloc
    percent = comment_lines / float(sloc) * 100 if sloc != 0 else 0
    expected = mi_compute(volume, visitor.total_complexity, lloc, percent)
    got = raw.maintainability(tree, text, ours).mi
    if got != expected:
        tally.mismatch("maintainability index", path, got, expected)
    counts["MI compared"] += 1


def run_tree(root: Path, pool: ProcessPoolExecutor, max_run: int) -> Tally:
    tally = Tally()
    pending: list[tuple[str, str, ast.Module]] = []
    for path, text in _modules(root):
        try:
            tree = ast.parse(text, filename=path, type_comments=False)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            tally.counts["does not parse (skipped)"] += 1
            continue
        pending.append((path, text, tree))
        if len(pending) >= CHUNK:
            _chunk(pending, tally, pool, max_run)
            pending = []
    if pending:
        _chunk(pending, tally, pool, max_run)
    return tally


def report(root: Path, tally: Tally) -> None:
    print(f"\n== {root}")
    for key in sorted(tally.counts):
        print(f"  {key:55} {tally.counts[key]:>8}")
    old = sum(tally.seconds[k] for k in OLD)
    new = sum(tally.seconds[k] for k in NEW)
    print("  seconds, one core:")
    for key in (*OLD, *NEW):
        print(f"    {key:40} {tally.seconds[key]:8.2f}")
    print(f"    {'before (cc + halstead + raw)':40} {old:8.2f}")
    print(f"    {'after (walk + raw)':40} {new:8.2f}   {old / new if new else 0:.1f}x faster")
    for line in tally.mismatches[:20]:
        print("  " + line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("trees", nargs="+", type=Path)
    parser.add_argument("--jobs", type=int, default=2, help="workers computing radon's raw counts")
    parser.add_argument("--max-run-lines", type=int, default=1000)
    args = parser.parse_args()
    failed = False
    with ProcessPoolExecutor(args.jobs) as pool:
        for root in args.trees:
            tally = run_tree(root, pool, args.max_run_lines)
            report(root, tally)
            failed = failed or bool(tally.mismatches)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
