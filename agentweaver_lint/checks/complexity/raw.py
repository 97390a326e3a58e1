"""radon's raw metrics (``radon.raw.analyze``) in linear time, and the maintainability index.

radon groups the stripped lines of a module into the shortest runs that tokenize cleanly by
re-tokenizing a growing buffer, which is quadratic in the length of one statement (a
2,000-line literal takes a minute). We find the same runs with one tokenize pass over the
whole stripped text (a run ends at a NEWLINE/NL token outside brackets) and keep each run's
tokens, then apply radon's own per-run counting to them, so the numbers are radon's (a test
compares them) and the text is tokenized once.

On Python < 3.12 the tokenizer is pure Python and still the family's largest cost, so
``raw_fast.py`` reads the same counts from the AST's string literals where it can; this
module is its fallback and its reference.
"""

from __future__ import annotations

import ast
import io
import tokenize
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agentweaver_lint.checks.complexity.tree_metrics import TreeMetrics


@dataclass(frozen=True)
class RawMetrics:
    loc: int
    lloc: int
    sloc: int
    comments: int
    multi: int
    blank: int
    single_comments: int


Token = tuple[Any, ...]
_OPENING = frozenset("([{")
_CLOSING = frozenset(")]}")


def _runs(stripped: list[str]) -> list[tuple[int, int, list[Token]]]:
    """``(first, last, tokens)`` of radon's token runs: 0-based line indexes and the run's
    own tokens, closed by an ENDMARKER as radon's re-tokenizing of the run would give."""
    runs: list[tuple[int, int, list[Token]]] = []
    depth = 0
    start = 0
    current: list[Token] = []
    text = "\n".join(stripped)

    def close(last: int) -> None:
        nonlocal start, current
        # Rows stay the whole text's: radon only compares a token's start and end rows.
        current.append((tokenize.ENDMARKER, "", (last + 2, 0), (last + 2, 0), ""))
        runs.append((start, last, current))
        start, current = last + 1, []

    op, newline, nl, end = tokenize.OP, tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER
    lines = len(stripped)
    ended = -1  # the last line that ended outside brackets
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        kind = token[0]
        if kind == end:
            break
        current.append(token)
        if kind == op:
            value = token[1]
            if value in _OPENING:
                depth += 1
            elif value in _CLOSING and depth:
                depth -= 1
        elif kind in (newline, nl) and not depth:
            last = token[2][0] - 1
            # A blank line that ends a "\" continuation is no end for radon: its buffer
            # stops at that line's start, inside the continuation, and grows on.
            if start <= last < lines and (stripped[last] or last == start or ended == last - 1):
                close(last)
            ended = last
    if start < len(stripped):
        close(len(stripped) - 1)
    return runs


_SKIPPED = frozenset({tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE})


def _logical_part(processed: list[Token]) -> int:
    # radon: the last ":" ends a compound header (one logical line) unless code follows it
    # (two); without one, anything but the end marker is one logical line.
    for index in range(len(processed) - 1, -1, -1):
        token = processed[index]
        if token[0] == tokenize.OP and token[1] == ":":
            return 2 - (index == len(processed) - 2)
    return 1 if any(t[0] != tokenize.ENDMARKER for t in processed) else 0


def logical_lines(tokens: list[Token]) -> int:
    """``radon.raw._logical(tokens)`` in one pass: the run split at each ``;``, comments and
    newlines dropped, each part counted by radon's rule (a test compares the two)."""
    total = 0
    processed: list[Token] = []
    for token in tokens:
        kind = token[0]
        if kind == tokenize.OP and token[1] == ";":
            total += _logical_part(processed)
            processed = []
        elif kind not in _SKIPPED:
            processed.append(token)
    return total + _logical_part(processed)


def _single_token(kind: int, tokens: list[Token]) -> bool:
    # radon.raw.is_single_token: that token, then only line ends and the end marker.
    return tokens[0][0] == kind and all(t[0] in _RUN_END for t in tokens[1:])


_RUN_END = frozenset({tokenize.ENDMARKER, tokenize.NL, tokenize.NEWLINE})


def count_run(parsed_lines: list[str], tokens: list[Token], counts: dict[str, int]) -> None:
    """Add one run's counts to ``counts`` (keyed by :class:`RawMetrics` field, ``loc``
    aside) by radon's rules: ``parsed_lines`` are its stripped lines, ``tokens`` its own."""
    counts["comments"] += sum(1 for t in tokens if t[0] == tokenize.COMMENT)
    if _single_token(tokenize.COMMENT, tokens):
        counts["single_comments"] += 1
    elif _single_token(tokenize.STRING, tokens):
        start_row, end_row = tokens[0][2][0], tokens[0][3][0]
        if end_row == start_row:
            counts["single_comments"] += 1
        else:
            counts["multi"] += sum(1 for line in parsed_lines if line)
            counts["blank"] += sum(1 for line in parsed_lines if not line)
    else:
        for line in parsed_lines:
            if line:
                counts["sloc"] += 1
            else:
                counts["blank"] += 1
    counts["lloc"] += logical_lines(tokens)


def new_counts() -> dict[str, int]:
    return dict.fromkeys(RawMetrics.__dataclass_fields__, 0)


def metrics_of(counts: dict[str, int]) -> RawMetrics:
    """The counts as :class:`RawMetrics`, ``loc`` being radon's sum of the others."""
    loc = counts["sloc"] + counts["blank"] + counts["multi"] + counts["single_comments"]
    return RawMetrics(**{**counts, "loc": loc})


def analyze(source: str) -> RawMetrics:
    """The same counts as ``radon.raw.analyze(source)``, in linear time: one tokenize pass,
    split into radon's runs, each counted by radon's own rules."""
    stripped = [line.strip() for line in source.splitlines()]
    counts = new_counts()
    for first, last, tokens in _runs(stripped):
        count_run(stripped[first : last + 1], tokens, counts)
    return metrics_of(counts)


@dataclass(frozen=True)
class ModuleFigures:
    mi: float
    rank: str
    volume: float
    complexity: int
    lloc: int
    comments_pct: float


def maintainability(
    tree: ast.Module, source: str, metrics: TreeMetrics | None = None
) -> ModuleFigures:
    """radon's ``mi_visit(source, multi=True)``, computed on the shared AST.

    ``metrics``: :func:`tree_metrics.measure_tree` of ``tree`` when the caller already has
    it (its blocks also give CPX001), so the module is walked once.
    """
    from radon.metrics import mi_compute, mi_rank

    from agentweaver_lint.checks.complexity.raw_fast import raw_metrics
    from agentweaver_lint.checks.complexity.tree_metrics import measure_tree

    if metrics is None:
        metrics = measure_tree(tree)
    raw = raw_metrics(source, metrics.strings)
    comment_lines = raw.comments + raw.multi
    comments_pct = comment_lines / float(raw.sloc) * 100 if raw.sloc != 0 else 0
    volume, complexity = metrics.halstead_volume, metrics.total_complexity
    mi = mi_compute(volume, complexity, raw.lloc, comments_pct)
    return ModuleFigures(mi, mi_rank(mi), volume, complexity, raw.lloc, comments_pct)
