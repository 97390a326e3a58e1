"""SEC: hardcoded secrets (no-secrets). Catalogue data lives in ``rules/secrets.yml``."""

from __future__ import annotations

from agentweaver_lint.checks.secrets.check import SecretPathScan, SecretScan
from agentweaver_lint.checks.secrets.rules import (
    CommittedEnvFile,
    GenericSecret,
    PrivateKey,
    ProviderToken,
    SecretFile,
    UrlCredential,
)
from agentweaver_lint.checks.secrets.score import score
from agentweaver_lint.registry import Family

FAMILY = Family(
    prefix="SEC",
    title="Hardcoded secrets",
    non_negotiable="no-secrets",
    rules=(ProviderToken, PrivateKey, UrlCredential, GenericSecret, CommittedEnvFile, SecretFile),
    checks=(SecretScan(), SecretPathScan()),
    score=score,
)
