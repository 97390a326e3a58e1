"""DOC: public APIs of the API and service layers are documented (ruff D1xx, JSDoc)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agentweaver_lint.checks.base import Evidence, FamilyScore, ScoreContext
from agentweaver_lint.checks.docs.jsdoc import JsDocCheck
from agentweaver_lint.checks.docs.pydoc import PublicDefinitions, PythonDocstringCheck, doc_scope
from agentweaver_lint.checks.docs.rules import MissingDocstring, MissingJsDoc
from agentweaver_lint.checks.errors.ruff_runner import register_scope
from agentweaver_lint.registry import Family

if TYPE_CHECKING:
    from agentweaver_lint.settings import Settings
    from agentweaver_lint.workspace import SourceFile


def _ruff_scope(file: SourceFile, settings: Settings) -> bool:
    return settings.is_enabled("DOC001") and doc_scope(file, settings, "DOC001")


register_scope("DOC", ("DOC001",), _ruff_scope)


def score(ctx: ScoreContext) -> FamilyScore:
    public = int(ctx.counters.get("public", 0))
    documented = int(ctx.counters.get("documented", 0))
    if public == 0:
        return FamilyScore(
            evidence=Evidence.NOT_APPLICABLE,
            figures={"public": 0, "documented": 0},
            summary="no public API found under the configured API/service paths",
        )
    share = round(100.0 * documented / public, 1)
    return FamilyScore(
        evidence=Evidence.PRESENT,
        figures={"public": public, "documented": documented, "documented_pct": share},
        summary=f"{documented} of {public} public APIs documented ({share}%)",
    )


FAMILY = Family(
    prefix="DOC",
    title="Documented public APIs",
    non_negotiable="documented-apis",
    rules=(MissingDocstring, MissingJsDoc),
    checks=(PublicDefinitions(), PythonDocstringCheck(), JsDocCheck()),
    score=score,
)
