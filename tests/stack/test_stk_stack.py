"""STK through the gate: severities by techStack.mode, the detected stack, parse errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentweaver_lint.checks.stack.catalogue import ORM, VALIDATION, compatible, declared
from agentweaver_lint.checks.stack.imports import js_imports, npm_package
from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import run_gate
from agentweaver_lint.model import Report, Severity, Verdict
from agentweaver_lint.settings import Setting

CONFIG = """techStack:
  mode: {mode}
  backend:
    framework: FastAPI
    validation: Pydantic
  database:
    orm: SQLAlchemy
    migrations: Alembic
constraints:
  versionPinning: true
  allowedPackages: [fastapi, pydantic, sqlalchemy, alembic]
  forbiddenPackages: [flask, django]
"""
FILES = {
    "requirements.txt": "fastapi==0.110.0\nFlask==3.0.0\nrequests>=2\n",
    "app/main.py": "from fastapi import FastAPI\nfrom flask import Flask\nimport marshmallow\n",
    "app/db.py": "from sqlalchemy.orm import Session\n",
    "migrations/versions/001_init.py": "from alembic import op\n",
}


def _run(root: Path, files: dict[str, str]) -> Report:
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    settings = load_settings(root, flags={"select": Setting(["STK"], "test")})
    return run_gate(root, settings, jobs=1).report


def _row(report: Report) -> object:
    return next(row for row in report.scorecard if row.id == "tech-stack")


@pytest.mark.parametrize(
    ("mode", "stk002", "stk004"),
    [
        ("strict", Severity.ERROR, Severity.ERROR),
        ("flexible", Severity.WARNING, Severity.WARNING),
        ("adaptive", None, None),
    ],
)
def test_severities_follow_the_mode(
    tmp_path: Path, mode: str, stk002: Severity | None, stk004: Severity | None
) -> None:
    report = _run(tmp_path, {**FILES, "agentweaver.config.yml": CONFIG.format(mode=mode)})
    by_code: dict[str, list[tuple[str, int, Severity]]] = {}
    for f in report.findings:
        by_code.setdefault(f.code, []).append((f.path, f.line, f.severity))
    assert by_code["STK001"] == [("requirements.txt", 2, Severity.ERROR)]
    assert by_code["STK003"] == [("requirements.txt", 3, Severity.ERROR)]
    assert by_code.get("STK002") == ([("requirements.txt", 3, stk002)] if stk002 else None)
    expected = [("app/main.py", 2, stk004), ("app/main.py", 3, stk004)] if stk004 else None
    assert by_code.get("STK004") == expected


def test_adaptive_reports_the_detected_stack(tmp_path: Path) -> None:
    report = _run(tmp_path, {**FILES, "agentweaver.config.yml": CONFIG.format(mode="adaptive")})
    row = _row(report)
    assert row.verdict is Verdict.FAIL  # the forbidden Flask still fails the gate
    assert "framework FastAPI, Flask" in row.summary
    assert "validation library marshmallow" in row.summary
    assert "ORM SQLAlchemy" in row.summary and "migration tool Alembic" in row.summary
    assert "1 outside allowedPackages (not judged)" in row.summary
    assert row.figures["dependencies"] == 3
    assert row.figures["forbidden"] == 1 and row.figures["unpinned"] == 1
    assert row.figures["technologies_detected"] == 5


def test_nothing_declared_is_not_applicable(tmp_path: Path) -> None:
    report = _run(tmp_path, {"requirements.txt": "flask\n", "app.py": "import flask\n"})
    row = _row(report)
    assert row.verdict is Verdict.NOT_APPLICABLE
    assert "detected stack: framework Flask" in row.summary


def test_clean_repository_passes(tmp_path: Path) -> None:
    files = {
        "agentweaver.config.yml": CONFIG.format(mode="strict"),
        "pyproject.toml": '[project]\nname = "api"\ndependencies = ["fastapi==0.110.0"]\n',
        "app/main.py": "from fastapi import FastAPI\nfrom pydantic import BaseModel\n",
    }
    row = _row(_run(tmp_path, files))
    assert row.verdict is Verdict.PASS
    assert row.figures["manifests"] == 1 and row.figures["not_allowed"] == 0


def test_unparsable_manifest_and_typescript_are_awl001(tmp_path: Path) -> None:
    files = {
        "agentweaver.config.yml": CONFIG.format(mode="strict"),
        "package.json": '{"dependencies": {"express": }',
        "Pipfile": "[packages\n",
        "src/app.ts": "import express from 'express';\nconst x = ;\n",
    }
    report = _run(tmp_path, files)
    awl = sorted(
        (f.path, f.line, f.extra_dict()["language"]) for f in report.findings if f.code == "AWL001"
    )
    assert awl == [
        ("Pipfile", 1, "TOML"),
        ("package.json", 1, "JSON"),
        ("src/app.ts", 2, "TypeScript"),
    ]


def test_js_import_forms() -> None:
    text = (
        "import a from 'express';\nimport * as b from \"@nestjs/common/decorators\";\n"
        "export { c } from 'zod';\nconst d = require('koa');\nconst e = await import('joi');\n"
        "import './side-effect';\nimport fs from 'node:fs';\nconst f = require(name);\n"
    )
    parsed = js_imports(text, "typescript")
    assert parsed.error is None
    assert [(i.module, i.line, i.column) for i in parsed.imports] == [
        ("express", 1, 1),
        ("@nestjs/common/decorators", 2, 1),
        ("zod", 3, 1),
        ("koa", 4, 11),
        ("joi", 5, 17),
        ("./side-effect", 6, 1),
        ("node:fs", 7, 1),
    ]
    assert [npm_package(i.module) for i in parsed.imports] == [
        "express",
        "@nestjs/common",
        "zod",
        "koa",
        "joi",
        None,
        None,
    ]


def test_declared_names_match_loosely_and_compatibility() -> None:
    zod, unknown = declared(VALIDATION, "Zod")
    assert [t.key for t in zod] == ["zod"] and unknown == []
    sqlalchemy, _ = declared(ORM, "SQLAlchemy 2.0 / SQLModel")
    assert {t.key for t in sqlalchemy} >= {"sqlmodel"}
    typeorm, _ = declared(ORM, "TypeORM")
    prisma, _ = declared(ORM, "Prisma")
    assert not compatible(typeorm[0], prisma)
    nest, _ = declared("framework", "Nest.js")
    express, _ = declared("framework", "Express")
    assert compatible(express[0], nest) and not compatible(nest[0], express)
