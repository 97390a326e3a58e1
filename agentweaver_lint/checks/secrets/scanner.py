"""One pass of every SEC scanner over one text: the file check and history share it.

Order of work: lowercase once; keyword prefilters; the catalogue (SEC001), private keys
(SEC002), URL credentials (SEC003), then generic assignments (SEC004) on keyword lines
only. Overlapping hits keep the most specific one (SEC001 > SEC002 > SEC003 > SEC004, so
a service-account key file is reported as such), and a generic hit never reports a value
a catalogue entry rejected as a look-alike (an ``...EXAMPLE`` key, a GitHub token with a
wrong checksum).
"""

from __future__ import annotations

import re

from agentweaver_lint.checks.secrets.catalogue import Entry
from agentweaver_lint.checks.secrets.generic import CODE, CONFIG, SHELL, scan_generic
from agentweaver_lint.checks.secrets.keys import scan_private_keys
from agentweaver_lint.checks.secrets.kubernetes import scan_kubernetes_secret
from agentweaver_lint.checks.secrets.providers import scan_providers
from agentweaver_lint.checks.secrets.terraform import scan_terraform_defaults
from agentweaver_lint.checks.secrets.textindex import Hit, TextIndex, lowered
from agentweaver_lint.checks.secrets.urls import scan_urls

SCAN_CODES = ("SEC001", "SEC002", "SEC003", "SEC004")
PRIORITY = {"SEC001": 0, "SEC002": 1, "SEC003": 2, "SEC004": 3}
LANGUAGE_MODES = {
    "python": CODE,
    "javascript": CODE,
    "typescript": CODE,
    "tsx": CODE,
    "ruby": CODE,
    "go": CODE,
    "java": CODE,
    "kotlin": CODE,
    "csharp": CODE,
    "php": CODE,
    "rust": CODE,
    "terraform": CODE,
    "html": CODE,
    "json": CODE,
    "sql": CODE,
    "toml": CODE,
    "yaml": CONFIG,
    "ini": CONFIG,
    "properties": CONFIG,
    "xml": CONFIG,
    "text": CONFIG,
    "netrc": CONFIG,
    "rst": CONFIG,
    None: CONFIG,
    "dotenv": SHELL,
    "shell": SHELL,
    "dockerfile": SHELL,
    "make": SHELL,
}
EXTENSION_MODES = {
    ".swift": CODE,
    ".scala": CODE,
    ".dart": CODE,
    ".c": CODE,
    ".h": CODE,
    ".cc": CODE,
    ".cpp": CODE,
    ".hpp": CODE,
    ".m": CODE,
    ".groovy": CODE,
    ".gradle": CODE,
    ".lua": CODE,
    ".pl": CODE,
    ".r": CODE,
    ".ex": CODE,
    ".exs": CODE,
    ".vue": CODE,
    ".svelte": CODE,
    ".ps1": SHELL,
    ".bat": SHELL,
    ".cmd": SHELL,
    ".conf": CONFIG,
    ".cnf": CONFIG,
    ".jsonc": CODE,
    ".json5": CODE,
    ".hcl": CODE,
}
FENCE = re.compile(r"^[ \t]{0,3}(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[\w+.-]*)[^\n]*$", re.M)
FENCE_MODES = {
    "bash": SHELL,
    "sh": SHELL,
    "shell": SHELL,
    "zsh": SHELL,
    "console": SHELL,
    "env": SHELL,
    "dotenv": SHELL,
    "dockerfile": SHELL,
    "docker": SHELL,
    "powershell": SHELL,
    "ps1": SHELL,
    "yaml": CONFIG,
    "yml": CONFIG,
    "ini": CONFIG,
    "properties": CONFIG,
    "conf": CONFIG,
    "text": CONFIG,
    "txt": CONFIG,
    "": CONFIG,
    "xml": CONFIG,
    "cfg": CONFIG,
    "netrc": CONFIG,
}
SKIP_GENERIC_LANGUAGES = frozenset({"csv", "pem"})


def generic_mode(path: str, language: str | None) -> str:
    if language is None:
        name = path.rsplit("/", 1)[-1].lower()
        dot = name.rfind(".")
        if dot > 0:
            return EXTENSION_MODES.get(name[dot:], CONFIG)
    return LANGUAGE_MODES.get(language, CONFIG)


def markdown_regions(text: str) -> list[tuple[int, int, str]]:
    """Fenced code blocks of a Markdown text: ``(start, end, mode)``."""
    regions: list[tuple[int, int, str]] = []
    opened: re.Match[str] | None = None
    for match in FENCE.finditer(text):
        if opened is None:
            opened = match
        elif match.group("fence")[0] == opened.group("fence")[0] and not match.group("info"):
            info = opened.group("info").lower()
            regions.append((opened.end() + 1, match.start(), FENCE_MODES.get(info, CODE)))
            opened = None
    return regions


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def claimed_prefixes(entries: tuple[Entry, ...]) -> tuple[str, ...]:
    """Provider prefixes a value can claim (``ghp_``, ``aiza``, ``xoxb-``…), lowercase."""
    cached = _PREFIXES.get(id(entries))
    if cached is None or cached[0] is not entries:
        # ``sk-`` is shared by many providers' keys (DeepSeek, Moonshot…): too short to claim.
        words = {k for e in entries for k in e.keywords if len(k) >= 4 or k.endswith("_")}
        cached = _PREFIXES[id(entries)] = (entries, tuple(sorted(w for w in words if len(w) >= 3)))
    return cached[1]


_PREFIXES: dict[int, tuple[tuple[Entry, ...], tuple[str, ...]]] = {}


def resolve(
    hits: list[Hit], rejected: list[tuple[int, int]], prefixes: tuple[str, ...] = ()
) -> list[Hit]:
    """Drop hits overlapping a more specific one or a rejected look-alike (generic only).

    A generic value that starts with a provider's prefix but did not pass that provider's
    entry (wrong length, alphabet or checksum) is a made-up look-alike, not a secret.
    """
    kept: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (PRIORITY[h.code], h.start)):
        span = (hit.start, hit.end)
        if hit.generic and any(_overlaps(span, r) for r in rejected):
            continue
        if hit.generic and hit.value.lower().startswith(prefixes):
            continue
        if any(_overlaps(span, (k.start, k.end)) for k in kept):
            continue
        kept.append(hit)
    return sorted(kept, key=lambda h: (h.start, PRIORITY[h.code]))


def scan_text(
    text: str,
    path: str,
    language: str | None,
    entries: tuple[Entry, ...],
    *,
    lockfile: bool = False,
    codes: frozenset[str] = frozenset({"SEC001", "SEC002", "SEC003", "SEC004"}),
) -> list[Hit]:
    """Every secret in ``text`` (the content of ``path``), most specific first per span."""
    index = TextIndex(text)
    lower = lowered(text)
    rejected: list[tuple[int, int]] = []
    hits: list[Hit] = []
    if "SEC001" in codes:
        hits += scan_providers(entries, index, lower, rejected)
    if "SEC002" in codes:
        hits += scan_private_keys(index, lower)
    if "SEC003" in codes:
        hits += scan_urls(index, lower)
    if "SEC004" in codes and not lockfile and language not in SKIP_GENERIC_LANGUAGES:
        if language in ("markdown", "rst"):
            hits += scan_generic(index, lower, CONFIG, path, markdown_regions(text))
        else:
            hits += scan_generic(index, lower, generic_mode(path, language), path)
        if language == "yaml" and "kind: secret" in lower:
            hits += scan_kubernetes_secret(index)
        if language == "terraform" and "variable" in lower:
            hits += scan_terraform_defaults(index)
    if lockfile:
        hits = [h for h in hits if h.code == "SEC003"]
    return resolve(hits, rejected, claimed_prefixes(entries))
