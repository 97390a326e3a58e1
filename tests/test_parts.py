"""Parts of a check's work: valid while what each read is unchanged, kept only when used."""

from __future__ import annotations

from pathlib import Path

from agentweaver_lint.cache import Cache
from agentweaver_lint.parts import Parts, part_key


def _parts(root: Path, digests: dict[str, str], scope: str = "listing-1") -> Parts:
    return Parts(Cache(root, "settings"), "VAL", scope, lambda path: digests.get(path, "?"))


def test_a_part_is_valid_while_every_file_it_read_is_unchanged(tmp_path: Path) -> None:
    digests = {"a.py": "1" * 64, "b.py": "2" * 64}
    first = _parts(tmp_path, digests)
    first.put("k1", ["a.py", "b.py", "a.py"], {"verdict": "raw"})
    first.put("k2", ["b.py"], [1, 2])
    assert (first.made, first.reused) == (2, 0)
    first.save()
    again = _parts(tmp_path, digests)
    assert again.get("k1") == {"verdict": "raw"}
    assert again.get("missing") is None
    digests["a.py"] = "3" * 64
    edited = _parts(tmp_path, digests)
    assert edited.get("k1") is None  # read a.py, which changed
    assert edited.get("k2") == [1, 2]
    edited.save()
    assert _parts(tmp_path, digests).get("k1") is None  # not kept: this run did not use it
    assert _parts(tmp_path, digests, scope="listing-2").get("k2") is None  # another listing


def test_part_keys_are_stable_and_tell_fields_apart() -> None:
    assert part_key("a", 1, [2, "b"]) == part_key("a", 1, [2, "b"])
    assert part_key("a", 1) != part_key("a1")
    assert part_key({"x": 1, "y": 2}) == part_key({"y": 2, "x": 1})
