"""The input-validation scorecard row: the handler inventory in figures."""

from __future__ import annotations

from agentweaver_lint.checks.base import Evidence, FamilyScore, ScoreContext
from agentweaver_lint.checks.validation.model import FRAMEWORK_TITLES, FRAMEWORKS

DECLARED = {
    "fastapi": ("fastapi",),
    "flask": ("flask",),
    "django": ("django", "drf"),
    "djangorestframework": ("drf", "django"),
    "django rest framework": ("drf", "django"),
    "drf": ("drf", "django"),
    "express": ("express",),
    "expressjs": ("express",),
    "express.js": ("express",),
    "nestjs": ("nestjs",),
    "nest": ("nestjs",),
    "nest.js": ("nestjs",),
}


def declared_frameworks(value: str) -> tuple[str, ...]:
    """Our framework ids for a declared ``techStack.backend.framework`` (``Node.js/Express``
    and ``Django + DRF`` included)."""
    lowered = value.strip().lower()
    if lowered in DECLARED:
        return DECLARED[lowered]
    for word, frameworks in (
        ("rest framework", ("drf", "django")),
        ("drf", ("drf", "django")),
        ("fastapi", ("fastapi",)),
        ("flask", ("flask",)),
        ("nest", ("nestjs",)),
        ("express", ("express",)),
        ("django", ("django", "drf")),
    ):
        if word in lowered:
            return frameworks
    return ()


def score(ctx: ScoreContext) -> FamilyScore:
    counters = ctx.counters
    figures = {
        "handlers": float(counters.get("handlers", 0)),
        "handlers_reading_input": float(counters.get("handlers_reading_input", 0)),
        "handlers_unvalidated": float(counters.get("handlers_unvalidated", 0)),
    }
    detected = [fw for fw in FRAMEWORKS if counters.get(f"detected_{fw}", 0)]
    declared_name = str(ctx.settings.get("stack.framework") or "").strip()
    declared = declared_frameworks(declared_name)
    for framework in FRAMEWORKS:
        count = counters.get(f"handlers_{framework}", 0)
        if count or framework in detected or framework in declared:
            figures[f"handlers_{framework}"] = float(count)
    total = int(figures["handlers"])
    if declared and not any(counters.get(f"handlers_{fw}", 0) for fw in declared):
        return FamilyScore(
            Evidence.ABSENT,
            figures,
            {},
            f"no evidence: declared {declared_name} but found no handlers",
        )
    if total == 0:
        if detected or declared_name:
            names = ", ".join(FRAMEWORK_TITLES[fw] for fw in detected) or declared_name
            return FamilyScore(
                Evidence.ABSENT, figures, {}, f"no evidence: {names} in use but found no handlers"
            )
        return FamilyScore(Evidence.NOT_APPLICABLE, figures, {}, "no web framework detected")
    per = ", ".join(
        f"{FRAMEWORK_TITLES[fw]} {int(figures[f'handlers_{fw}'])}"
        for fw in FRAMEWORKS
        if figures.get(f"handlers_{fw}")
    )
    summary = (
        f"{total} handlers ({per}); {int(figures['handlers_reading_input'])} read input, "
        f"{int(figures['handlers_unvalidated'])} unvalidated"
    )
    return FamilyScore(Evidence.PRESENT, figures, {}, summary)
