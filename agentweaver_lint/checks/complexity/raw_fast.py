"""``radon.raw.analyze`` without tokenizing every line: the AST's string literals settle the rest.

radon counts a module by token runs: the stripped lines grouped into the shortest pieces that
tokenize cleanly, each counted from its tokens (``raw.py`` explains them and does the same
with one tokenize pass). Of a run's tokens radon only needs where comments are, whether it
is a lone comment or a lone string, its brackets (where it ends) and, for logical lines, its
``:`` and ``;`` operators. Once the STRING tokens are known (``string_tokens.py``, from the
AST), all of that is plain text outside them, so the pure-Python tokenizer of Python < 3.12
(two thirds of the family's time) is only run on the rare runs this reading does not settle
(``;``, ``\\`` continuations) and on the spans of concatenated strings.

Whenever something does not fit (a quote or ``#`` where none can be, unbalanced brackets,
line breaks ``str.splitlines`` and Python disagree on, Python >= 3.12 whose C tokenizer
is fast anyway), the module is counted by :func:`raw.analyze` instead; a test compares
both with radon on every module of large trees.
"""

from __future__ import annotations

import re
import sys
import tokenize
from collections.abc import Sequence

from agentweaver_lint.checks.complexity.raw import (
    RawMetrics,
    _runs,
    analyze,
    count_run,
    metrics_of,
    new_counts,
)
from agentweaver_lint.checks.complexity.string_tokens import Doubt, StringToken, string_tokens

# Line breaks of str.splitlines (radon's lines) that Python's tokenizer does not break on,
# and a BOM: either makes line numbers disagree, so such a module takes the tokenizer path.
_ODD_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\ufeff]")
_OPENING = ("(", "[", "{")
_CLOSING = (")", "]", "}")
_STRING = "S"  # stands for a STRING token in a line's code: a token, neither ":" nor ";"

FAST_PATH = sys.version_info < (3, 12)
"""From 3.12 the tokenizer is C-backed (and tokenizes f-strings into parts): use it."""


def raw_metrics(source: str, strings: Sequence[tuple[int, int, int, int]]) -> RawMetrics:
    """``radon.raw.analyze(source)``; ``strings``: the string literal spans of the AST of
    ``source`` (:attr:`tree_metrics.TreeMetrics.strings`)."""
    counted = counted_without_tokenizer(source, strings) if FAST_PATH else None
    return counted if counted is not None else analyze(source)


def counted_without_tokenizer(
    source: str, strings: Sequence[tuple[int, int, int, int]]
) -> RawMetrics | None:
    """The counts read from the string literals and the text, or None where this reading
    cannot vouch for them (the tokenizer must count the module)."""
    if "\r" in source and source.count("\r") == source.count("\r\n"):
        source = source.replace("\r\n", "\n")  # radon splits "\r\n" like "\n"; so does the AST
    if _ODD_BREAKS.search(source):
        return None
    lines = source.splitlines()
    try:
        return _Scan(lines, string_tokens(lines, strings)).metrics()
    # agentweaver: ignore[ERR003] -- a doubt is an answer: the caller tokenizes the module
    except Doubt:
        return None


def _code_and_comment(segment: str) -> tuple[str, bool]:
    """A line's text after its last string token: the code, and whether a comment follows."""
    hash_at = segment.find("#")
    if hash_at >= 0:
        segment = segment[:hash_at]
    if '"' in segment or "'" in segment:
        raise Doubt("a quote outside the string literals")
    return segment, hash_at >= 0


def _logical_lines(code: str) -> int:
    """radon's ``_logical`` for a run without ``;``: 1, plus 1 if a token follows its last
    ``:`` (``if x: y``), and 0 for a run with no token at all."""
    colon = code.rfind(":")
    while colon >= 0 and code.startswith("=", colon + 1):  # ":=" is one token, not ":"
        colon = code.rfind(":", 0, colon)
    if colon < 0:
        return 0 if not code or code.isspace() else 1
    rest = code[colon + 1 :]
    return 2 if rest and not rest.isspace() else 1


class _Scan:
    """One pass over the lines, run by run, keeping radon's seven counts."""

    def __init__(self, lines: list[str], strings: dict[int, list[StringToken]]) -> None:
        self.lines = lines
        self.stripped = [line.strip() for line in lines]
        self.strings = strings
        self.counts = new_counts()
        self.string_end: tuple[int, int] | None = None  # where an open string token ends

    def metrics(self) -> RawMetrics:
        counts, stripped = self.counts, self.stripped
        first = -1  # the first line of the open run
        depth = 0
        code: list[str] = []
        comments = 0
        continued = False  # the previous line ended with a "\" continuation
        for index, text in enumerate(stripped):
            if first < 0:  # a run starts: blank and comment-only lines are runs of their own
                if not text:
                    counts["blank"] += 1
                    continue
                if text[0] == "#":
                    counts["comments"] += 1
                    counts["single_comments"] += 1
                    continue
                first, code, comments = index, [], 0
            elif continued and not text:
                raise Doubt("a blank line ends a continuation (radon's run grows on)")
            line_code, comment = self._line(index)
            code.append(line_code)
            comments += comment
            for char in _OPENING:
                depth += line_code.count(char)
            for char in _CLOSING:
                depth -= line_code.count(char)
            if depth < 0:
                raise Doubt("unbalanced brackets")
            continued = "\\" in line_code and line_code.rstrip().endswith("\\")
            if depth or continued or self.string_end is not None:
                continue
            self._close(first, index, code, comments)
            first = -1
        if first >= 0 or self.string_end is not None:
            raise Doubt("the module ends inside a run")
        return metrics_of(counts)

    def _line(self, index: int) -> tuple[str, bool]:
        """Line ``index``'s code outside strings and comments (each STRING token replaced by
        one placeholder), and whether it holds a comment."""
        line, position = self.lines[index], 0
        if self.string_end is not None:
            end_line, position = self.string_end
            if end_line > index:
                return "", False  # inside a multi-line string
            self.string_end = None
        starts = self.strings.get(index)
        if starts is None:
            return _code_and_comment(line[position:] if position else self.stripped[index])
        pieces: list[str] = []
        for _first, col, end_line, end in starts:
            before = line[position:col]
            if col < position or "#" in before or '"' in before or "'" in before:
                raise Doubt("a string literal where the line has none")
            pieces += (before, _STRING)
            if end_line > index:
                self.string_end = (end_line, end)
                return "".join(pieces), False
            position = end
        rest, comment = _code_and_comment(line[position:])
        pieces.append(rest)
        return "".join(pieces), comment

    def _close(self, first: int, last: int, code: list[str], comments: int) -> None:
        counts = self.counts
        joined = " ".join(code)
        if "\\" in joined or ";" in joined:  # radon's rules on tokens: tokenize this run
            self._tokenized(first, last)
            return
        lines = self.stripped[first : last + 1]
        filled = sum(1 for line in lines if line)
        counts["comments"] += comments
        counts["blank"] += len(lines) - filled
        if comments == 0 and joined.strip() == _STRING:  # one STRING token and nothing else
            if first == last:  # radon: a one-line docstring is a single-line comment
                counts["single_comments"] += 1
            else:
                counts["multi"] += filled
        else:
            counts["sloc"] += filled
        counts["lloc"] += _logical_lines(joined)

    def _tokenized(self, first: int, last: int) -> None:
        """Count a run as radon does, from its own tokens (a test compares the two)."""
        lines = self.stripped[first : last + 1]
        try:
            runs = _runs(lines)
        except (tokenize.TokenError, SyntaxError) as exc:
            raise Doubt("a run that does not tokenize alone") from exc
        if len(runs) != 1 or any(token[0] == tokenize.ERRORTOKEN for token in runs[0][2]):
            raise Doubt("not one clean run: radon would split or extend it")
        count_run(lines, runs[0][2], self.counts)
