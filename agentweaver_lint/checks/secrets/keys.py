"""SEC002: private keys (PEM of every kind, OpenSSH, PGP, PuTTY), at their BEGIN line.

A BEGIN marker alone is not a key: code that *parses* keys mentions the marker too. The
body after it must hold enough base64 (after unescaping ``\\n`` in strings and dropping
quotes and PEM headers) with real entropy and no placeholder (``...``, ``xxxx``).
"""

from __future__ import annotations

import re

from agentweaver_lint.checks.secrets.filters import shannon_entropy
from agentweaver_lint.checks.secrets.textindex import Hit, TextIndex

BEGIN = re.compile(
    r"-----BEGIN[ ]((?:[A-Z0-9]+[ ]){0,3}PRIVATE[ ]KEY(?:[ ]BLOCK)?)-----"
    r"|(PuTTY-User-Key-File-[23]):[ ]*[\w-]+"
)
END_MARK = re.compile(r"-----END[ ][A-Z0-9 ]*PRIVATE[ ]KEY(?:[ ]BLOCK)?-----")
HEADER = re.compile(r"^(?:[A-Za-z-]+):[^\n]*$", re.M)
ESCAPED_NL = re.compile(r"\\r|\\n|\\\\n")
NOT_BODY = re.compile(r"[\"'`,;+\s\\]|\|")
BASE64_BODY = re.compile(r"^[A-Za-z0-9+/=]+$")
PLACEHOLDER_BODY = re.compile(
    r"\.\.\.|…|xxxx|XXXX|<[^>]*>|\{\{|\$\{|redacted|REDACTED|example|EXAMPLE"
)
MIN_BODY = 64
MAX_SCAN = 12000
KEYWORDS = ("private key", "putty-user-key-file")


def _putty_body(chunk: str) -> str:
    match = re.search(r"Private-Lines:\s*(\d+)\s*\n((?:[^\n]*\n?){1,60})", chunk)
    if not match:
        return ""
    lines = match.group(2).splitlines()[: int(match.group(1))]
    return "".join(line.strip() for line in lines)


def _pem_body(chunk: str) -> str | None:
    """The base64 body between BEGIN and END (or a bounded run); None if it is not base64."""
    end = END_MARK.search(chunk)
    body = chunk[: end.start()] if end else chunk[:4000]
    if PLACEHOLDER_BODY.search(body):
        return None
    body = ESCAPED_NL.sub("\n", body)
    body = HEADER.sub("", body)
    cleaned = NOT_BODY.sub("", body)
    if end is None:
        # No END marker: take the leading base64 run only (a truncated paste still counts).
        run = re.match(r"[A-Za-z0-9+/=]*", cleaned)
        cleaned = run.group(0) if run else ""
    if not BASE64_BODY.match(cleaned or "-"):
        return None
    return cleaned


def scan_private_keys(index: TextIndex, lower: str) -> list[Hit]:
    if not any(k in lower for k in KEYWORDS):
        return []
    text = index.text
    hits: list[Hit] = []
    for match in BEGIN.finditer(text):
        # The body ends at the next marker (its END, or another BEGIN): bounded work per key.
        stop = text.find("-----", match.end(), match.end() + MAX_SCAN)
        stop = match.end() + MAX_SCAN if stop == -1 else stop + 40
        chunk = text[match.end() : stop]
        if match.group(2):
            body: str | None = _putty_body(chunk)
            kind = "putty-private-key"
        else:
            body = _pem_body(chunk)
            label = match.group(1)
            kind = label.lower().replace(" block", "").replace(" ", "-")
        if not body or len(body) < MIN_BODY or shannon_entropy(body) < 4.5:
            continue
        start = match.start()
        # The span covers the rest of the BEGIN line: a key inside a one-line string (JSON,
        # escaped newlines) keeps its body on that line, and snippets mask the span.
        line_end = text.find("\n", start)
        end = len(text) if line_end == -1 else line_end
        hits.append(Hit("SEC002", start, end, body, kind, {"key_type": kind}))
    return hits
