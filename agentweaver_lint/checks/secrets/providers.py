"""SEC001: provider tokens from the catalogue, keyword-prefiltered, then validated."""

from __future__ import annotations

import re
from typing import Any

from agentweaver_lint.checks.secrets.catalogue import Entry
from agentweaver_lint.checks.secrets.filters import is_placeholder, shannon_entropy
from agentweaver_lint.checks.secrets.textindex import Hit, TextIndex
from agentweaver_lint.checks.secrets.validators import validate

WINDOW_LINES = 3
BLOB_CHARS = re.compile(r"[A-Za-z0-9+/=_-]")
BLOB_MIN = 200


_AUTOMATA: dict[int, tuple[tuple[Entry, ...], Any]] = {}


def _keyword_automaton(entries: tuple[Entry, ...]) -> Any:
    """The catalogue's keywords in one Aho-Corasick automaton: every keyword → the indexes
    of the entries it activates. One pass over the text finds every occurrence, overlapping
    ones included (a trie-shaped regex took three times as long and stepped over a keyword
    overlapping an earlier match)."""
    cached = _AUTOMATA.get(id(entries))
    if cached is None or cached[0] is not entries:
        import ahocorasick

        owners: dict[str, set[int]] = {}
        for index, entry in enumerate(entries):
            for keyword in entry.keywords:
                owners.setdefault(keyword, set()).add(index)
        automaton = ahocorasick.Automaton()
        for keyword, indexes in owners.items():
            automaton.add_word(keyword, frozenset(indexes))
        automaton.make_automaton()
        cached = _AUTOMATA[id(entries)] = (entries, automaton)
    return cached[1]


def active_entries(entries: tuple[Entry, ...], lower: str) -> list[Entry]:
    """Entries whose keyword occurs in the (lowercased) text: the prefilter (one pass)."""
    wanted: set[int] = set()
    seen: set[frozenset[int]] = set()
    for _end, indexes in _keyword_automaton(entries).iter(lower):
        if indexes not in seen:
            seen.add(indexes)
            wanted |= indexes
    return [entries[i] for i in sorted(wanted)]


def _in_blob(text: str, start: int, end: int) -> bool:
    """Inside a long base64 run (a data URI, an integrity string, a PEM body)?"""
    left = start
    while left > 0 and start - left < BLOB_MIN and BLOB_CHARS.match(text, left - 1):
        left -= 1
    right = end
    while right < len(text) and right - end < BLOB_MIN and BLOB_CHARS.match(text, right):
        right += 1
    return (right - left) - (end - start) >= BLOB_MIN


def _context_ok(entry: Entry, index: TextIndex, start: int) -> bool:
    if entry.context is None:
        return True
    text = index.text
    if entry.context_scope == "file":
        return entry.context.search(text) is not None
    line_start, line_end = index.line_bounds(start)
    if entry.context_scope == "window":
        line, _ = index.position(start)
        first = index.starts[max(0, line - 1 - WINDOW_LINES)]
        last_line = min(len(index.starts), line + WINDOW_LINES)
        last = index.starts[last_line] if last_line < len(index.starts) else len(text)
        return entry.context.search(text, first, last) is not None
    return entry.context.search(text, line_start, line_end) is not None


def secret_ok(entry: Entry, secret: str) -> bool:
    """Entropy floor, placeholder and allowlist checks and the offline validator."""
    if entry.entropy and shannon_entropy(secret) < entry.entropy:
        return False
    if entry.placeholder_check and is_placeholder(secret):
        return False
    if any(allow.search(secret) for allow in entry.allowlist):
        return False
    return validate(entry.validate, secret)


def scan_providers(
    entries: tuple[Entry, ...], index: TextIndex, lower: str, rejected: list[tuple[int, int]]
) -> list[Hit]:
    """Every catalogue match in the text; spans of rejected look-alikes go to ``rejected``."""
    text = index.text
    hits: list[Hit] = []
    for entry in active_entries(entries, lower):
        for match in entry.regex.finditer(text):
            start, end = entry.secret_span(match)
            secret = text[start:end]
            if not secret:
                continue
            if not secret_ok(entry, secret) or _in_blob(text, start, end):
                rejected.append((start, end))
                continue
            if not _context_ok(entry, index, start):
                continue
            hits.append(Hit("SEC001", start, end, secret, entry.id, {"catalogue_id": entry.id}))
    return hits
