"""Every catalogue example is checked; the catalogue is data users can extend."""

from __future__ import annotations

from pathlib import Path

import pytest
from secret_factory import github_token

from agentweaver_lint.checks.secrets.catalogue import (
    CatalogueError,
    is_catalogue_file,
    load_catalogue,
    parse_catalogue,
)
from agentweaver_lint.checks.secrets.scanner import scan_text
from agentweaver_lint.checks.secrets.validators import github_crc32_ok, jwt_ok
from agentweaver_lint.packs import pack_path

ENTRIES = load_catalogue(())
CASES = [(entry, example) for entry in ENTRIES for example in entry.examples]


def test_catalogue_found_as_pack_and_has_many_types() -> None:
    path = pack_path("secrets")
    assert path.is_file()
    assert is_catalogue_file("rules/secrets.yml", path.read_text("utf-8"))
    assert len(ENTRIES) >= 80


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.id for e in ENTRIES])
def test_every_entry_has_two_true_and_two_false_examples(entry: object) -> None:
    examples = entry.examples  # type: ignore[attr-defined]
    assert sum(e.expect for e in examples) >= 2
    assert sum(not e.expect for e in examples) >= 2


@pytest.mark.parametrize(
    ("entry", "example"), CASES, ids=[f"{e.id}-{x.expect}-{i}" for i, (e, x) in enumerate(CASES)]
)
def test_catalogue_example(entry: object, example: object) -> None:
    hits = scan_text(example.text, "example.txt", "text", ENTRIES)  # type: ignore[attr-defined]
    ids = {h.secret_type for h in hits if h.code == "SEC001"}
    assert (entry.id in ids) == example.expect  # type: ignore[attr-defined]


def test_github_checksum() -> None:
    token = github_token(11)
    assert github_crc32_ok(token)
    broken = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert not github_crc32_ok(broken)


def test_jwt_structure() -> None:
    assert not jwt_ok("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2lnbmF0dXJlc2lnbmF0dXJl")
    assert not jwt_ok("not.a.jwt")


def test_user_catalogue_adds_and_replaces(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yml"
    extra.write_text(
        "rules:\n"
        "  - id: acme-token\n"
        "    description: ACME internal token\n"
        "    regex: '(?P<secret>acme_[a-z0-9]{24})'\n"
        "    keywords: [acme_]\n"
        "    entropy: 3.0\n",
        encoding="utf-8",
    )
    entries = load_catalogue((str(extra),))
    assert {e.id for e in entries} >= {"acme-token", "github-pat"}
    hits = scan_text('ACME = "acme_k3j9x0q2w8e7r6t5y4u1i0o9"\n', "a.py", "python", entries)
    assert [h.secret_type for h in hits] == ["acme-token"]


def test_bad_catalogue_is_reported() -> None:
    with pytest.raises(CatalogueError, match="bad regex"):
        parse_catalogue("rules:\n  - {id: x, description: d, regex: '(', keywords: [a]}\n", "x")
    with pytest.raises(CatalogueError, match="kebab"):
        parse_catalogue("rules:\n  - {id: Bad_Id, description: d, regex: a, keywords: [a]}\n", "x")


def test_catalogue_is_skipped_only_at_its_own_path() -> None:
    text = pack_path("secrets").read_text("utf-8")
    entries = load_catalogue(())
    assert is_catalogue_file("rules/secrets.yml", text)
    assert is_catalogue_file("agentweaver_lint/_packs/secrets.yml", text)
    # The marker alone hides nothing: elsewhere the same text is scanned like any file.
    assert not is_catalogue_file("config/secrets.yml", text)
    assert not is_catalogue_file("rules/other.yml", text)
    hits = scan_text(text, "config/secrets.yml", "yaml", entries)
    assert len({h.secret_type for h in hits if h.code == "SEC001"}) >= 80


def test_catalogue_ids_are_unique_and_described() -> None:
    ids = [e.id for e in ENTRIES]
    assert len(ids) == len(set(ids))
    assert all(e.description and e.keywords for e in ENTRIES)
    assert all(k == k.lower() for e in ENTRIES for k in e.keywords)


def test_every_builtin_pattern_compiles() -> None:
    # The built-in catalogue compiles its patterns on first use (the hook scans few files).
    for entry in load_catalogue(()):
        assert entry.regex.pattern == entry.pattern
        assert entry.context is None or entry.context.pattern == entry.context_pattern
        assert [a.pattern for a in entry.allowlist] == list(entry.allowlist_patterns)


def test_a_bad_pattern_of_a_user_catalogue_is_reported_when_loaded(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yml"
    extra.write_text(
        "rules:\n  - {id: x, description: d, regex: a, keywords: [a], allowlist: ['(']}\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError, match="x: bad regex"):
        load_catalogue((str(extra),))
