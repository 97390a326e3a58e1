"""Parts of one repository check's work, cached on the content of the files each part read.

A repository check is cached as a whole on every file it reads, so one edited module re-runs
all of it. A check that can split its work into parts (one judged handler, say) keeps each
part here with the files that part read: after an edit, only the parts that read the edited
file are done again. Validity is checked when a part is looked up, against the current
content digests, so a part never needs to know in advance what it will read.

All parts of a check live in one JSON entry, written once at the end of the check; a run
keeps only the parts it used or made, so the entry does not grow with history. The entry
is scoped to the listing (paths, languages, roles): a file added or removed changes how
names resolve, so every part is done again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from agentweaver_lint.cache import Cache

DIGEST_CHARS = 20
"""Content digests are kept this long: enough against accidents, half the entry's size."""


class Parts:
    """The cached parts of one check in one run."""

    def __init__(
        self, cache: Cache, name: str, scope: str, digest_of: Callable[[str], str]
    ) -> None:
        self._cache = cache
        self._slot = hashlib.sha256(f"parts\0{name}".encode()).hexdigest()
        self._scope = scope
        self._digest_of = digest_of
        self._known: dict[str, list[Any]] | None = None
        self._kept: dict[str, list[Any]] = {}
        self.reused = 0
        self.made = 0

    def _digest(self, path: str) -> str:
        return self._digest_of(path)[:DIGEST_CHARS]

    def _entries(self) -> dict[str, list[Any]]:
        if self._known is None:
            self._known = {}
            stored = self._cache.get("parts", self._slot)
            if isinstance(stored, dict) and stored.get("scope") == self._scope:
                entries = stored.get("parts")
                if isinstance(entries, dict):
                    self._known = entries
        return self._known

    def get(self, key: str) -> Any:
        """The part stored under ``key`` if every file it read is unchanged, else None."""
        entry = self._entries().get(key)
        if not isinstance(entry, list) or len(entry) != 2 or not isinstance(entry[0], dict):
            return None
        for path, digest in entry[0].items():
            if self._digest(path) != digest:
                return None
        self._kept[key] = entry
        self.reused += 1
        return entry[1]

    def put(self, key: str, read: Iterable[str], value: Any) -> None:
        """Keep ``value`` (JSON) under ``key``, valid while the files in ``read`` are unchanged."""
        self._kept[key] = [{path: self._digest(path) for path in sorted(set(read))}, value]
        self.made += 1

    def save(self) -> None:
        """Write the parts this run used or made (nothing when it used none)."""
        if self._kept or self._known:
            self._cache.put("parts", self._slot, {"scope": self._scope, "parts": self._kept})


def part_key(*fields: Any) -> str:
    """A key for a part from JSON-able fields (its identity and everything it was given)."""
    import json

    text = json.dumps(fields, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()
