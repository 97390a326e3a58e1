"""File names and suffixes are read without path objects, as pathlib reads them."""

from __future__ import annotations

from pathlib import PurePosixPath

from hypothesis import given
from hypothesis import strategies as st

from agentweaver_lint.classify import _name, _suffix, classify_language

SEGMENT = st.text(alphabet="ab.-_ PY", min_size=1, max_size=8).filter(
    lambda s: s not in (".", "..")
)


@given(st.lists(SEGMENT, min_size=1, max_size=4))
def test_name_and_suffix_equal_pathlib(segments: list[str]) -> None:
    path = "/".join(segments)
    name = _name(path)
    assert name == PurePosixPath(path).name
    assert _suffix(name.lower()) == PurePosixPath(name.lower()).suffix


def test_languages_by_name() -> None:
    assert classify_language("pkg/mod.py") == "python"
    assert classify_language("web/.env.local") == "dotenv"
    assert classify_language("Dockerfile.prod") == "dockerfile"
    assert classify_language("archive.tar.gz") is None
    assert classify_language("trailing.") is None
