"""The STRING tokens of a module, from the string literals its AST already located.

Outside string tokens, Python's lexical structure needs no tokenizer to answer what the raw
line counts ask (where comments start, brackets, ``:``, ``;``, a trailing ``\\``); inside
them anything goes. The AST gives every literal's span, so only two things are left to
settle: byte columns become character columns, and a span that may hold more than one
token (implicit concatenation ``"a" "b"``, possibly with comments between, or a quote
inside that could end the literal) is split by the real tokenizer. Anything unexpected
raises :class:`Doubt`, and the caller counts the module with the tokenizer instead.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable

StringToken = tuple[int, int, int, int]
"""``(line, col, end_line, end_col)``: 0-based line indexes, character columns."""

# A prefix (rb, Rb, fr, ...: at most two letters) and the opening quote, triple first as
# the tokenizer reads it.
_OPENING = re.compile("[A-Za-z]{0,2}('''|\"\"\"|'|\")")


class Doubt(Exception):
    """The fast count cannot vouch for this module; the tokenizer must decide."""


def char_column(line: str, byte_column: int) -> int:
    """The character column of an AST (UTF-8 byte) column in ``line``."""
    if line.isascii():
        return byte_column
    try:
        return len(line.encode("utf-8")[:byte_column].decode("utf-8"))
    except UnicodeError as exc:  # not on a character boundary: the span is not ours
        raise Doubt("column") from exc


def is_one_literal(text: str) -> bool:
    """Whether ``text`` (an AST string span) is surely a single string token: its closing
    quote(s) appear nowhere inside. False means "maybe several" (or an escaped quote)."""
    opening = _OPENING.match(text)
    if opening is None:
        raise Doubt("span does not start a string")
    quote, body = opening.group(1), opening.end()
    if len(text) < body + len(quote) or not text.endswith(quote):
        return False
    return quote not in text[body : len(text) - len(quote)]


def _tokenize_span(line: int, col: int, text: str) -> list[StringToken]:
    """The STRING tokens of a span that may hold several: the tokenizer reads it inside
    brackets (so its line breaks are plain NL tokens) and must find nothing but strings,
    comments and line breaks."""
    found: list[StringToken] = []
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO("(" + text + ")").readline))
    except (tokenize.TokenError, SyntaxError) as exc:
        raise Doubt("span does not tokenize") from exc
    if tokens[0][:2] != (tokenize.OP, "("):
        raise Doubt("span does not tokenize")
    for kind, value, (row, start), (end_row, end), _ in tokens[1:]:
        if kind == tokenize.STRING:
            # Row 1 carries the added "(" and starts at the span's column.
            found.append(
                (
                    line + row - 1,
                    start - 1 + col if row == 1 else start,
                    line + end_row - 1,
                    end - 1 + col if end_row == 1 else end,
                )
            )
        elif kind == tokenize.OP and value == ")":
            return found
        elif kind not in (tokenize.COMMENT, tokenize.NL):
            raise Doubt("span holds more than strings")
    raise Doubt("span does not tokenize")


def string_tokens(
    lines: list[str], spans: Iterable[tuple[int, int, int, int]]
) -> dict[int, list[StringToken]]:
    """Every STRING token of the module, by first line, in order along each line.

    ``spans``: the AST's string literals, as :data:`tree_metrics.StringSpan` values."""
    by_line: dict[int, list[StringToken]] = {}
    previous_end = (0, 0)
    for lineno, byte_col, end_lineno, end_byte_col in sorted(spans):
        first, last = lineno - 1, end_lineno - 1
        if last >= len(lines):  # the AST counts lines the text does not have
            raise Doubt("a string literal beyond the last line")
        col = char_column(lines[first], byte_col)
        end = char_column(lines[last], end_byte_col)
        if (first, col) < previous_end or (last, end) <= (first, col):
            raise Doubt("overlapping string spans")
        previous_end = (last, end)
        if first == last:
            text = lines[first][col:end]
        else:
            text = "\n".join([lines[first][col:], *lines[first + 1 : last], lines[last][:end]])
        if is_one_literal(text):
            by_line.setdefault(first, []).append((first, col, last, end))
        else:
            for token in _tokenize_span(first, col, text):
                by_line.setdefault(token[0], []).append(token)
    return by_line
