"""The result cache in ``.agentweaver_cache/``: JSON only (never pickle: the folder lives in
an untrusted repository), keyed by file path + content, effective settings and tool version.

Writes are atomic (temporary file + rename), so concurrent runs are safe; an unwritable
cache is a notice, never an error. A stat index (size, mtime, inode) avoids re-hashing
unchanged files.

Per-file results are packed into 16 bucket files (by the first hex digit of the content hash)
written once at the end of the run: creating one small file per source file cost about 0.7 ms
of kernel time each here (1.6 s on netbox), against milliseconds for 16 buckets. A bucket keeps
the entries this run used and, of the others, at most as many again (the most recently used),
so it does not grow without bound as files change.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from agentweaver_lint import __version__

CACHE_DIR = ".agentweaver_cache"
PACKED = frozenset({"file", "file-nofacts", "ruff"})
"""Kinds with one entry per source file: stored in buckets, not one file each."""


class Cache:
    def __init__(self, root: Path, key_material: str) -> None:
        self.dir = root / CACHE_DIR
        self.key = hashlib.sha256(f"{__version__}\0{key_material}".encode()).hexdigest()[:24]
        self.usable = True
        self.problem: str | None = None
        self._index: dict[str, list[Any]] = {}
        self._index_dirty = False
        self._buckets: dict[tuple[str, str], dict[str, list[Any]]] = {}
        self._used: dict[tuple[str, str], set[str]] = {}
        self._dirty: set[tuple[str, str]] = set()
        self._now = int(time.time())
        if self.dir.is_symlink() or (self.dir.exists() and not self.dir.is_dir()):
            # A hostile repository could point the cache elsewhere: never write through it.
            self.usable = False
            self.problem = f"cache disabled: {CACHE_DIR} is not a plain folder"
            return
        self._load_index()

    def disable(self, reason: str) -> None:
        """Neither read nor write from now on (the reason becomes the run's notice)."""
        self.usable = False
        self.problem = reason
        self._buckets.clear()
        self._dirty.clear()

    # -- the stat index ------------------------------------------------------------------
    def _load_index(self) -> None:
        try:
            data = json.loads((self.dir / "index.json").read_text(encoding="utf-8"))
            if isinstance(data, dict):
                self._index = {k: v for k, v in data.items() if isinstance(v, list) and len(v) == 4}
        except (OSError, ValueError):
            self._index = {}

    def content_hash(self, path: str, abspath: str) -> str | None:
        """sha256 of path and content, from the index when the file's stat is unchanged."""
        try:
            info = os.stat(abspath)
        # agentweaver: ignore[ERR003] -- a missing or unreadable cache entry is a cache miss
        except OSError:
            return None
        stamp = [info.st_size, info.st_mtime_ns, info.st_ino]
        entry = self._index.get(path)
        if entry is not None and entry[:3] == stamp:
            return str(entry[3])
        try:
            with open(abspath, "rb") as handle:
                digest = hashlib.sha256(path.encode("utf-8", "surrogateescape") + b"\0")
                digest.update(handle.read())
        # agentweaver: ignore[ERR003] -- a missing or unreadable cache entry is a cache miss
        except OSError:
            return None
        value = digest.hexdigest()
        self._index[path] = [*stamp, value]
        self._index_dirty = True
        return value

    # -- entries -------------------------------------------------------------------------
    def _entry(self, kind: str, digest: str) -> Path:
        return self.dir / self.key / kind / digest[:2] / f"{digest}.json"

    def get(self, kind: str, digest: str) -> Any:
        if not self.usable:
            return None
        if kind in PACKED:
            place = (kind, digest[:1])
            entry = self._bucket(place).get(digest)
            if entry is None:
                return None
            self._used.setdefault(place, set()).add(digest)
            return entry[1]
        try:
            return json.loads(self._entry(kind, digest).read_text(encoding="utf-8"))
        # agentweaver: ignore[ERR003] -- a missing or unreadable cache entry is a cache miss
        except (
            OSError,
            ValueError,
        ):
            return None

    def put(self, kind: str, digest: str, value: Any) -> None:
        if not self.usable:
            return
        if kind in PACKED:
            place = (kind, digest[:1])
            self._bucket(place)[digest] = [self._now, value]
            self._used.setdefault(place, set()).add(digest)
            self._dirty.add(place)
            return
        self._write(self._entry(kind, digest), json.dumps(value, sort_keys=True))

    def _bucket_path(self, place: tuple[str, str]) -> Path:
        return self.dir / self.key / place[0] / f"bucket-{place[1]}.json"

    def _read_bucket(self, place: tuple[str, str]) -> dict[str, list[Any]]:
        try:
            data = json.loads(self._bucket_path(place).read_text(encoding="utf-8"))
        # agentweaver: ignore[ERR003] -- a missing or unreadable bucket is an empty one
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {
            k: v
            for k, v in data.items()
            if isinstance(v, list) and len(v) == 2 and isinstance(v[0], int)
        }

    def _bucket(self, place: tuple[str, str]) -> dict[str, list[Any]]:
        if place not in self._buckets:
            self._buckets[place] = self._read_bucket(place)
        return self._buckets[place]

    def flush(self) -> None:
        for place in sorted(self._dirty):
            if not self.usable:
                break
            self._write_bucket(place)
        self._dirty.clear()
        if self._index_dirty and self.usable:
            self._write(self.dir / "index.json", json.dumps(self._index, sort_keys=True))
            self._index_dirty = False

    def _write_bucket(self, place: tuple[str, str]) -> None:
        ours = self._buckets.get(place, {})
        used = self._used.get(place, set())
        merged = self._read_bucket(place)  # what a concurrent run may have added meanwhile
        merged.update(ours)
        for digest in used:
            if digest in merged:
                merged[digest] = [self._now, merged[digest][1]]
        others = sorted(
            (d for d in merged if d not in used), key=lambda d: merged[d][0], reverse=True
        )
        keep = used | set(others[: len(used)])
        kept = {d: merged[d] for d in sorted(keep) if d in merged}
        self._write(self._bucket_path(place), json.dumps(kept, sort_keys=True))

    def _write(self, target: Path, text: str) -> None:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.dir / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# written by agentweaver-lint\n*\n", encoding="utf-8")
            handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(temp, target)
        except OSError as exc:
            self.usable = False
            self.problem = f"cache disabled: {self.dir} is not writable ({exc.strerror})"


def clean(root: Path) -> bool:
    """Remove the cache folder; True if there was one."""
    import shutil

    folder = root / CACHE_DIR
    if not folder.is_dir() or folder.is_symlink():
        return False
    shutil.rmtree(folder)
    return True
