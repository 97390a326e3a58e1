"""The no-secrets scorecard row: files scanned and secrets found by kind."""

from __future__ import annotations

from agentweaver_lint.checks.base import Evidence, FamilyScore, ScoreContext

FIGURES = {
    "SEC001": "provider_tokens",
    "SEC002": "private_keys",
    "SEC003": "url_credentials",
    "SEC004": "generic",
    "SEC005": "env_files",
    "SEC006": "secret_files",
}


def score(ctx: ScoreContext) -> FamilyScore:
    scanned = float(ctx.counters.get("files_scanned", 0))
    figures = {"files_scanned": scanned, "secrets_found": 0.0}
    figures.update({name: 0.0 for name in FIGURES.values()})
    for finding in ctx.findings:
        name = FIGURES.get(finding.code)
        if name:
            figures[name] += 1
            figures["secrets_found"] += 1
    if not scanned and not ctx.workspace.targets:
        return FamilyScore(Evidence.NOT_APPLICABLE, figures, {}, "no files to scan")
    found = int(figures["secrets_found"])
    summary = f"{int(scanned)} files scanned, {found} secret(s) found"
    return FamilyScore(Evidence.PRESENT, figures, {}, summary)
