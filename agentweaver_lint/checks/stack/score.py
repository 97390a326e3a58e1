"""The tech-stack scorecard row: dependency figures and the detected stack."""

from __future__ import annotations

from collections import Counter

from agentweaver_lint.checks.base import Evidence, FamilyScore, ScoreContext
from agentweaver_lint.checks.stack.catalogue import BY_KEY, CATEGORIES, CATEGORY_LABEL
from agentweaver_lint.checks.stack.checks import declared_summary, mode_of


def detected_stack(counters: dict[str, float]) -> dict[str, list[str]]:
    """Category → technology titles, most files first, from ``detected.CATEGORY.KEY`` counters."""
    stack: dict[str, list[str]] = {}
    for category in CATEGORIES:
        prefix = f"detected.{category}."
        found = [
            (-count, BY_KEY[name[len(prefix) :]].title)
            for name, count in counters.items()
            if name.startswith(prefix) and name[len(prefix) :] in BY_KEY
        ]
        if found:
            stack[category] = [title for _, title in sorted(found)]
    return stack


def score(ctx: ScoreContext) -> FamilyScore:
    counters = dict(ctx.counters)
    codes = Counter(f.code for f in ctx.findings)
    settings = ctx.settings
    mode = mode_of(settings)
    stack = detected_stack(counters)
    figures = {
        "dependencies": float(counters.get("dependencies", 0)),
        "manifests": float(counters.get("manifests", 0)),
        "lockfiles": float(counters.get("lockfiles", 0)),
        "forbidden": float(codes["STK001"]),
        "not_allowed": float(codes["STK002"]),
        "unpinned": float(codes["STK003"]),
        "stack_mismatches": float(codes["STK004"]),
        "technologies_detected": float(sum(len(v) for v in stack.values())),
    }
    detected = (
        "; ".join(f"{CATEGORY_LABEL[c]} {', '.join(titles)}" for c, titles in stack.items())
        or "nothing known"
    )
    declared = "; ".join(declared_summary(settings)) or "nothing declared"
    constraints = bool(
        settings.get("stack.forbidden_packages")
        or settings.get("stack.allowed_packages")
        or settings.get("stack.version_pinning")
    )
    if not constraints and declared == "nothing declared":
        summary = f"no stack or package constraints declared; detected stack: {detected}"
        return FamilyScore(Evidence.NOT_APPLICABLE, figures, {}, summary)
    if not figures["manifests"] and not stack:
        summary = "no dependency manifest or known import found to check the stack against"
        return FamilyScore(Evidence.ABSENT, figures, {}, summary)
    counts = (
        f"{int(figures['dependencies'])} dependencies in {int(figures['manifests'])} manifests "
        f"({int(figures['lockfiles'])} lockfiles): {int(figures['forbidden'])} forbidden, "
    )
    if mode == "adaptive":
        counts += f"{int(counters.get('unlisted', 0))} outside allowedPackages (not judged), "
    else:
        counts += f"{int(figures['not_allowed'])} not allowed, "
    counts += f"{int(figures['unpinned'])} unpinned"
    summary = f"mode {mode}; {counts}; detected stack: {detected}; declared: {declared}"
    return FamilyScore(Evidence.PRESENT, figures, {}, summary)
