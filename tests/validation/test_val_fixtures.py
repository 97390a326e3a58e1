"""The VAL fixture apps: exact findings, the handler inventory and the scorecard row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import run_gate
from agentweaver_lint.model import Finding, ScoreEntry
from agentweaver_lint.settings import Setting

pytestmark = pytest.mark.filterwarnings(
    # The spine's walk outside git uses pathspec's deprecated "gitwildmatch" name.
    "ignore:GitWildMatchPattern:DeprecationWarning"
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "validation"

EXPECTED: dict[str, list[tuple[str, str, int, int]]] = {
    "flask": [
        ("shop/admin.py", "VAL001", 19, 12),  # run_report: the hook-free twin of run_action
        ("shop/items.py", "VAL001", 27, 16),  # LegacyItemAPI.post: twin of ItemAPI (base class)
        ("shop/users.py", "VAL001", 23, 12),  # import_user: twin of create_user (imported helper)
        ("shop/users.py", "VAL001", 38, 12),  # search_users: request.args.get("q")
        ("shop/users.py", "VAL002", 55, 23),  # show_user_by_name: <name> used in filter_by
    ],
    "django": [
        ("api/views.py", "VAL001", 25, 22),  # PostViewSet.retitle: request.data without serializer
        ("api/views.py", "VAL001", 35, 18),  # CommentViewSet: query_params in get_queryset
        ("api/views.py", "VAL001", 53, 32),  # post_stats: @api_view reading request.data
        ("blog/views.py", "VAL001", 16, 13),  # post_list: request.GET.get("q")
        ("blog/views.py", "VAL001", 40, 38),  # post_quick: request.POST without a form
        ("blog/views.py", "VAL001", 58, 30),  # RawCommentApiView.post: twin of the mixin view
    ],
    "fastapi": [
        ("app/routers/items.py", "VAL001", 30, 30),  # patch_item: patch: dict = Body(...)
        ("app/routers/items.py", "VAL001", 41, 18),  # bulk_import: twin of bulk_import_helper
        ("app/routers/items.py", "VAL001", 52, 12),  # search: Dict[str, Any]
        ("app/routers/items.py", "VAL002", 57, 12),  # by_sku: sku: str
        ("app/routers/users.py", "VAL001", 16, 18),  # create_user_legacy: await request.form()
    ],
    "express": [
        ("src/controllers/users.controller.js", "VAL001", 21, 28),  # updateProfile (twin)
        ("src/controllers/users.controller.js", "VAL002", 22, 45),
        ("src/routes/carts.js", "VAL001", 7, 41),  # twin of orders (middleware in app.js)
        ("src/routes/products.ts", "VAL001", 37, 37),  # req.params.id into findById
        ("src/routes/products.ts", "VAL002", 37, 37),
        ("src/routes/products.ts", "VAL001", 45, 16),  # req.query.sort
        ("src/routes/products.ts", "VAL002", 46, 33),
    ],
    "nestjs": [
        ("src/users/users.controller.ts", "VAL001", 19, 11),  # @Query() filter: an interface
        ("src/users/users.controller.ts", "VAL001", 34, 50),  # NoteDto without validators
        ("src/users/users.controller.ts", "VAL001", 39, 15),  # @Body() payload: any
        ("src/users/users.controller.ts", "VAL001", 45, 37),  # @Req() req; req.body
        # LegacyAddressDto: twin of CreateAddressDto, whose base class declares validators
        ("src/users/users.controller.ts", "VAL001", 54, 59),
    ],
    "nestjs-nopipe": [
        ("src/cats/cats.controller.ts", "VAL001", 9, 10),  # DTO with validators, no pipe
    ],
}


def _run(
    name: str, tmp_path: Path, select: list[str], aw: str = ""
) -> tuple[list[Finding], ScoreEntry]:
    root = FIXTURES / name
    settings_root = root
    if aw:
        import shutil

        settings_root = tmp_path / name
        shutil.copytree(root, settings_root)
        (settings_root / "agentweaver.config.yml").write_text(aw, encoding="utf-8")
    settings = load_settings(settings_root, flags={"select": Setting(select, "test")})
    report = run_gate(settings_root, settings, jobs=1).report
    row = next(entry for entry in report.scorecard if entry.id == "input-validation")
    return report.findings, row


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_findings_are_exact(name: str, tmp_path: Path) -> None:
    findings, _ = _run(name, tmp_path, ["VAL001", "VAL002"])
    found = sorted((f.path, f.code, f.line, f.column) for f in findings)
    assert found == sorted(EXPECTED[name])


def _by_qualname(findings: list[Finding]) -> dict[str, dict[str, Any]]:
    out = {}
    for finding in findings:
        extra = dict(finding.extra)
        if finding.code == "VAL001":
            out[extra["handler"]["qualname"]] = {"finding": finding, **extra}
    return out


def test_flask_twins(tmp_path: Path) -> None:
    flagged = _by_qualname(_run("flask", tmp_path, ["VAL001"])[0])
    # validator in an imported module / hook registered in another file / validating base class
    for clean in ("create_user", "run_action", "ItemAPI.post", "list_users", "user_by_email"):
        assert clean not in flagged
    for twin in ("import_user", "run_report", "LegacyItemAPI.post"):
        assert twin in flagged
    entry = flagged["import_user"]["handler"]
    assert entry["framework"] == "flask"
    assert entry["method"] == "POST"
    assert entry["route"] == "/users/import"
    assert entry["file"] == "shop/users.py"
    assert entry["line"] == 22
    assert entry["inputs"][0]["validated"] is False


def test_express_twins(tmp_path: Path) -> None:
    flagged = _by_qualname(_run("express", tmp_path, ["VAL001"])[0])
    assert "users.update" not in flagged  # parseUserUpdate() in validators/user.js
    assert "users.create" not in flagged  # celebrate() on the route
    assert "router.post('/')" in flagged  # carts; orders is covered by app.use in app.js
    entry = flagged["router.post('/')"]["handler"]
    assert entry["file"] == "src/routes/carts.js"
    assert entry["route"] == "/api/carts"


def test_django_twins(tmp_path: Path) -> None:
    flagged = _by_qualname(_run("django", tmp_path, ["VAL001"])[0])
    assert "CommentApiView.post" not in flagged  # JsonFormMixin.dispatch validates
    assert "RawCommentApiView.post" in flagged
    assert "post_new" not in flagged  # PostForm(request.POST).is_valid()
    assert "CommentList.post" not in flagged  # serializer.is_valid()
    assert "PostViewSet.publish" not in flagged


def test_nest_validating_base_class(tmp_path: Path) -> None:
    flagged = _by_qualname(_run("nestjs", tmp_path, ["VAL001"])[0])
    assert "UsersController.addAddress" not in flagged  # CreateAddressDto extends a validated base
    assert "UsersController.update" not in flagged  # PartialType(CreateUserDto)
    assert "UsersController.addLegacyAddress" in flagged


def test_nest_dto_without_pipe(tmp_path: Path) -> None:
    findings, _ = _run("nestjs-nopipe", tmp_path, ["VAL001"])
    (finding,) = findings
    assert "no ValidationPipe" in finding.message
    assert "CatsController.create" in finding.message
    assert "POST /cats" in finding.message


def test_message_names_handler_route_alternative_and_library(tmp_path: Path) -> None:
    aw = "techStack:\n  backend:\n    framework: FastAPI\n    validation: pydantic\n"
    findings, row = _run("fastapi", tmp_path, ["VAL001"], aw)
    finding = next(f for f in findings if "bulk_import" in f.message)
    assert "FastAPI handler bulk_import (POST /items/bulk)" in finding.message
    assert "Pydantic model" in finding.message
    assert "declared validation library: pydantic" in finding.message
    assert row.figures["handlers_fastapi"] == 14


@pytest.mark.parametrize(
    ("name", "framework", "count"),
    [("flask", "flask", 12), ("express", "express", 12), ("nestjs", "nestjs", 9)],
)
def test_scorecard_figures(name: str, framework: str, count: int, tmp_path: Path) -> None:
    findings, row = _run(name, tmp_path, ["VAL001"])
    assert row.figures[f"handlers_{framework}"] == count
    assert row.figures["handlers"] == count
    # one VAL001 per unvalidated handler
    assert row.figures["handlers_unvalidated"] == len(findings)
    assert row.figures["handlers_reading_input"] >= row.figures["handlers_unvalidated"]
    assert row.summary.startswith(f"{count} handlers")
