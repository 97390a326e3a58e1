"""The keyword prefilter activates every entry whose keyword occurs, overlapping ones too."""

from __future__ import annotations

from agentweaver_lint.checks.secrets.catalogue import load_catalogue
from agentweaver_lint.checks.secrets.providers import active_entries


def _owners(keyword: str) -> set[str]:
    return {e.id for e in load_catalogue() if keyword in e.keywords}


def test_overlapping_and_nested_keywords_each_activate_their_entries() -> None:
    entries = load_catalogue()
    akia, aws = _owners("akia"), _owners("aws")
    assert akia and aws and akia != aws
    active = {e.id for e in active_entries(entries, "x = 'akiaws'")}  # "aws" overlaps "akia"
    assert akia | aws <= active
    nested = {e.id for e in active_entries(entries, "eyjrijoi")}  # "eyj" inside "eyjrijoi"
    assert _owners("eyj") | _owners("eyjrijoi") <= nested
    assert active_entries(entries, "nothing to see here") == []
    everything = " ".join(k for e in entries for k in e.keywords)
    assert len(active_entries(entries, everything)) == len(entries)
