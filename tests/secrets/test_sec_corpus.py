"""Precision and recall on the labelled mini-corpora (tests/fixtures/secrets/corpus*).

``corpus`` is hand-shaped: realistic files of an application (settings, clients, compose,
Kubernetes, Terraform, Dockerfile, keys, lockfile, notebooks, docs). ``corpus2`` is
template-driven: 24 provider tokens and 8 generic secrets in each of 22 file types, each
file type with references, placeholders, bad checksums, example keys, publishable keys,
hashes, UUIDs, crypt hashes, unsigned JWTs, empty values and non-secret names.

``corpus_labels.yml`` lists the (path:line) of every real-format secret; every other line
of the corpus is context or a look-alike (references, placeholders, hashes, UUIDs, public
keys, publishable keys, bad checksums, unsigned JWTs, lockfile integrity, data URIs…).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import run_gate
from agentweaver_lint.settings import Setting

FIXTURES = Path(__file__).parent.parent / "fixtures" / "secrets"
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _found_lines(root: Path) -> set[str]:
    settings = load_settings(root, flags={"select": Setting(["SEC"], "test")}, use_pyproject=False)
    report = run_gate(root, settings, jobs=1).report
    return {f"{f.path}:{f.line}" for f in report.findings if f.code.startswith("SEC")}


@pytest.mark.parametrize("name", ["corpus", "corpus2"])
def test_corpus_precision_and_recall(name: str) -> None:
    labels = set(yaml.safe_load((FIXTURES / f"{name}_labels.yml").read_text("utf-8")))
    assert len(labels) >= 60
    found = _found_lines(FIXTURES / name)
    true_positives = found & labels
    precision = len(true_positives) / len(found)
    recall = len(true_positives) / len(labels)
    assert precision >= 0.98, sorted(found - labels)
    assert recall >= 0.95, sorted(labels - found)


def test_corpus_has_many_file_types() -> None:
    suffixes = {p.suffix or p.name for p in (FIXTURES / "corpus").rglob("*") if p.is_file()}
    assert len(suffixes) >= 20
