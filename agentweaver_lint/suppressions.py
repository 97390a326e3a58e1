"""Inline suppressions: ``agentweaver: ignore[CODE,...] -- reason`` in the file's own comments.

Forms (any of ``#``, ``//``, ``--``, ``<!-- -->``, ``/* */`` comments):

* ``x = 1  # agentweaver: ignore[SEC004] -- test fixture`` silences that line;
* alone on a line, it silences its own line and the next one;
* ``# agentweaver: ignore-file[MIG001] -- generated`` silences the whole file.

A bare or malformed one is AWL002; one that silenced nothing is AWL003. For teams migrating
from other scanners, ``pragma: allowlist secret`` (detect-secrets; ``pragma: allowlist
nextline secret`` for the next line) and ``gitleaks:allow`` silence SEC findings on their line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agentweaver_lint.registry import CODE_RE

_MARKER = "agentweaver:"
_COMMENT = r"(?:#|//|--|<!--|/\*|;)"
_DIRECTIVE = re.compile(
    _COMMENT + r"[ \t]*agentweaver:[ \t]*(?P<body>.*?)[ \t]*(?:-->|\*/)?[ \t]*$", re.IGNORECASE
)
_FORM = re.compile(
    r"^(?P<kind>ignore|ignore-file)\[(?P<codes>[^\]]*)\](?:[ \t]*(?:--|—|:)[ \t]*(?P<reason>.*))?$"
)
_COMPAT = re.compile(r"pragma:\s*allowlist\s+(?P<next>nextline\s+)?secret|gitleaks:allow")


@dataclass(frozen=True)
class Suppression:
    """One directive: the codes it names, the lines it covers (empty for the whole file)."""

    line: int
    column: int
    codes: frozenset[str]
    lines: frozenset[int]
    reason: str
    whole_file: bool = False
    compat: bool = False

    def covers(self, code: str, line: int) -> bool:
        if self.compat:
            return code.startswith("SEC") and line in self.lines
        return code in self.codes and (self.whole_file or line in self.lines)


@dataclass(frozen=True)
class Malformed:
    line: int
    column: int
    message: str


def has_directives(text: str) -> bool:
    lowered = text.lower()
    return _MARKER in lowered or "allowlist" in lowered or "gitleaks:allow" in lowered


def _alone(text: str, start: int) -> bool:
    return not text[:start].strip()


# Comment openers by language; a directive must sit in a real comment of its file.
_HASH = r"(?:#)"
_SLASH = r"(?://|/\*)"
_LANGUAGE_OPENERS: dict[str, str] = {
    **dict.fromkeys(
        ("yaml", "toml", "dotenv", "shell", "ruby", "dockerfile", "ini", "make", "properties"),
        _HASH,
    ),
    **dict.fromkeys(
        ("javascript", "typescript", "tsx", "go", "java", "kotlin", "csharp", "rust", "prisma"),
        _SLASH,
    ),
    "php": r"(?:#|//|/\*)",
    "terraform": r"(?:#|//|/\*)",
    "sql": r"(?:--|/\*|#)",
    **dict.fromkeys(("markdown", "html", "xml", "rst"), r"(?:<!--)"),
}
_NO_COMMENTS = frozenset({"json", "csv"})


def _directive_pattern(language: str | None) -> re.Pattern[str]:
    opener = _LANGUAGE_OPENERS.get(language or "")
    if opener is None:
        return _DIRECTIVE
    return re.compile(
        opener + r"[ \t]*agentweaver:[ \t]*(?P<body>.*?)[ \t]*(?:-->|\*/)?[ \t]*$",
        re.IGNORECASE,
    )


def _candidate_lines(text: str, language: str | None) -> list[tuple[int, str]]:
    """(line number, text) of the lines that may hold a directive in a real comment.

    Python: only comment tokens (a directive inside a string is an example, not a directive).
    Markdown: only outside fenced code blocks. JSON: none (JSON has no comments).
    """
    if language in _NO_COMMENTS:
        return []
    lines = text.split("\n")
    if language == "python":
        comments = _python_comment_lines(text)
        if comments is not None:
            return [(n, lines[n - 1]) for n in sorted(comments) if n <= len(lines)]
    if language == "markdown":
        out: list[tuple[int, str]] = []
        fenced = False
        for number, line in enumerate(lines, start=1):
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
            elif not fenced:
                out.append((number, line))
        return out
    return list(enumerate(lines, start=1))


def _python_comment_lines(text: str) -> set[int] | None:
    """Lines holding a comment token; None if the text does not tokenize."""
    import io
    import tokenize

    lines: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                lines.add(token.start[0])
    # agentweaver: ignore[ERR003] -- text that does not tokenize falls back to the line scan
    except (
        tokenize.TokenError,
        SyntaxError,
        ValueError,
        RecursionError,
        MemoryError,
    ):
        return None
    return lines


def parse(
    text: str, known: frozenset[str], aliases: dict[str, str], language: str | None = None
) -> tuple[list[Suppression], list[Malformed]]:
    """Find every directive in the real comments of ``text``; never raises."""
    found: list[Suppression] = []
    bad: list[Malformed] = []
    if not has_directives(text):
        return found, bad
    pattern = _directive_pattern(language)
    for number, raw in _candidate_lines(text, language):
        lowered = raw.lower()
        if _MARKER in lowered:
            match = pattern.search(raw)
            if match is None:
                continue  # prose that mentions the tool, not a comment directive
            column = match.start() + 1
            result = _parse_body(match.group("body"), known, aliases)
            if isinstance(result, str):
                bad.append(Malformed(number, column, result))
                continue
            kind, codes, reason = result
            if kind == "ignore-file":
                found.append(
                    Suppression(number, column, codes, frozenset(), reason, whole_file=True)
                )
            else:
                covered = {number, number + 1} if _alone(raw, match.start()) else {number}
                found.append(Suppression(number, column, codes, frozenset(covered), reason))
        compat = _COMPAT.search(raw)
        if compat is not None:
            target = number + 1 if compat.group("next") else number
            found.append(
                Suppression(
                    number,
                    compat.start() + 1,
                    frozenset(),
                    frozenset({target}),
                    compat.group(0),
                    compat=True,
                )
            )
    return found, bad


def _parse_body(
    body: str, known: frozenset[str], aliases: dict[str, str]
) -> tuple[str, frozenset[str], str] | str:
    form = _FORM.match(body.strip())
    if form is None:
        if body.strip().lower().startswith(("ignore", "noqa", "disable")) and "[" not in body:
            return "bare suppression: name the codes, e.g. 'agentweaver: ignore[SEC001] -- reason'"
        return f"malformed suppression '{body.strip()[:60]}': expected 'ignore[CODE,...] -- reason'"
    codes: set[str] = set()
    for raw_code in form.group("codes").split(","):
        code = raw_code.strip().upper()
        if not code:
            continue
        code = aliases.get(code, code)
        if not CODE_RE.match(code):
            return f"malformed suppression: '{raw_code.strip()}' is not a rule code"
        if code not in known:
            return f"suppression names unknown rule '{code}'"
        codes.add(code)
    if not codes:
        return "bare suppression: name the codes, e.g. 'agentweaver: ignore[SEC001] -- reason'"
    return form.group("kind").lower(), frozenset(codes), (form.group("reason") or "").strip()
