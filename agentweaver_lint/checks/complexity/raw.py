"""radon's raw metrics (``radon.raw.analyze``) in linear time, and the maintainability index.

radon groups the stripped lines of a module into the shortest runs that tokenize cleanly by
re-tokenizing a growing buffer, which is quadratic in the length of one statement (a
2,000-line literal takes a minute). We find the same runs with one tokenize pass over the
whole stripped text (a run ends at a NEWLINE/NL token outside brackets), then apply radon's own
per-run counting to each run, so the numbers are radon's (a test compares them).
"""

from __future__ import annotations

import ast
import io
import tokenize
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RawMetrics:
    loc: int
    lloc: int
    sloc: int
    comments: int
    multi: int
    blank: int
    single_comments: int


def _runs(stripped: list[str]) -> list[tuple[int, int]]:
    """``(first, last)`` 0-based line indexes of radon's token runs."""
    runs: list[tuple[int, int]] = []
    depth = 0
    start = 0
    text = "\n".join(stripped)
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            depth = max(0, depth - 1)
        elif token.type in (tokenize.NEWLINE, tokenize.NL) and depth == 0:
            last = token.start[0] - 1
            if last >= start and last < len(stripped):
                runs.append((start, last))
                start = last + 1
    if start < len(stripped):
        runs.append((start, len(stripped) - 1))
    return runs


def analyze(source: str) -> RawMetrics:
    """The same counts as ``radon.raw.analyze(source)``, in linear time."""
    from radon.raw import TOKEN_NUMBER, _generate, _logical, is_single_token

    stripped = [line.strip() for line in source.splitlines()]
    lloc = comments = single_comments = multi = blank = sloc = 0
    for first, last in _runs(stripped):
        parsed_lines = stripped[first : last + 1]
        tokens = _generate("\n".join(parsed_lines))
        comments += sum(1 for t in tokens if TOKEN_NUMBER(t) == tokenize.COMMENT)
        if is_single_token(tokenize.COMMENT, tokens):
            single_comments += 1
        elif is_single_token(tokenize.STRING, tokens):
            start_row, end_row = tokens[0][2][0], tokens[0][3][0]
            if end_row == start_row:
                single_comments += 1
            else:
                multi += sum(1 for line in parsed_lines if line)
                blank += sum(1 for line in parsed_lines if not line)
        else:
            for line in parsed_lines:
                if line:
                    sloc += 1
                else:
                    blank += 1
        lloc += _logical(tokens)
    loc = sloc + blank + multi + single_comments
    return RawMetrics(loc, lloc, sloc, comments, multi, blank, single_comments)


@dataclass(frozen=True)
class ModuleFigures:
    mi: float
    rank: str
    volume: float
    complexity: int
    lloc: int
    comments_pct: float


def maintainability(tree: ast.Module, source: str, visitor: Any = None) -> ModuleFigures:
    """radon's ``mi_visit(source, multi=True)``, computed on the shared AST.

    ``visitor``: radon's ComplexityVisitor of ``tree`` when the caller already has it (its
    blocks also give CPX001), so the module is visited once.
    """
    from radon.metrics import h_visit_ast, mi_compute, mi_rank
    from radon.visitors import ComplexityVisitor

    raw = analyze(source)
    comment_lines = raw.comments + raw.multi
    comments_pct = comment_lines / float(raw.sloc) * 100 if raw.sloc != 0 else 0
    volume = h_visit_ast(tree).total.volume
    complexity = (visitor or ComplexityVisitor.from_ast(tree)).total_complexity
    mi = mi_compute(volume, complexity, raw.lloc, comments_pct)
    return ModuleFigures(mi, mi_rank(mi), volume, complexity, raw.lloc, comments_pct)
