"""The dependency inventory: every manifest and lockfile format, read as data."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentweaver_lint.checks.stack.deps import GO, NPM, PYPI, normalise, npm_pinned, pypi_pinned
from agentweaver_lint.checks.stack.inventory import build_inventory
from agentweaver_lint.checks.stack.jsgo import parse_go_mod, parse_package_json
from agentweaver_lint.checks.stack.lockfiles import parse_lockfile
from agentweaver_lint.checks.stack.pymanifests import (
    ManifestError,
    parse_pipfile,
    parse_pyproject,
    parse_requirements,
    parse_setup_cfg,
)
from agentweaver_lint.workspace import WorkspaceOptions, build_workspace


def _tree(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def test_names_normalise_by_ecosystem_rules() -> None:
    assert normalise(PYPI, "Flask_SQLAlchemy") == "flask-sqlalchemy"
    assert normalise(PYPI, "zope.interface") == "zope-interface"
    assert normalise(NPM, "@NestJS/Core") == "@nestjs/core"
    assert normalise(GO, "github.com/Gin-Gonic/gin") == "github.com/gin-gonic/gin"


@pytest.mark.parametrize(
    ("spec", "pinned"),
    [
        ("==1.2.3", True),
        ("===1.0", True),
        (">=1.0", False),
        ("~=1.2", False),
        ("==1.*", False),
        ("", False),
        (">=1,<2", False),
        ("@ git+https://x/y@0123456789abcdef", True),
        ("@ git+https://x/y@main", False),
        ("@ https://x/y-1.0.tar.gz", True),
    ],
)
def test_pypi_pins(spec: str, pinned: bool) -> None:
    assert pypi_pinned(spec) is pinned


@pytest.mark.parametrize(
    ("spec", "pinned"),
    [
        ("4.18.2", True),
        ("=4.18.2", True),
        ("v1.0.0-beta.1", True),
        ("^4.18.2", False),
        ("~4.18.2", False),
        ("*", False),
        ("latest", False),
        ("4.x", False),
        (">=1.0.0 <2", False),
        ("npm:lodash@4.17.21", True),
        ("github:user/repo#0123456789abcdef0123", True),
        ("git+https://github.com/u/r.git#main", False),
    ],
)
def test_npm_pins(spec: str, pinned: bool) -> None:
    assert npm_pinned(spec) is pinned


def test_pyproject_pep621_optional_poetry_pdm_and_groups() -> None:
    text = """[project]
name = "api"
dependencies = ["fastapi==0.110.0", "Pydantic[email] >=2 ; python_version>'3.8'"]
[project.optional-dependencies]
pg = ["psycopg==3.1.18"]

[dependency-groups]
test = ["pytest==8.0.0", {include-group = "lint"}]

[tool.poetry.dependencies]
python = "^3.11"
httpx = "0.27.0"
shared = {path = "../shared", develop = true}
[tool.poetry.group.docs.dependencies]
mkdocs = "^1.5"

[tool.pdm.dev-dependencies]
lint = ["ruff>=0.3"]

[tool.uv]
dev-dependencies = ["mypy==1.9.0"]
"""
    deps = {d.name: d for d in parse_pyproject("pyproject.toml", text).deps}
    assert sorted(deps) == [
        "fastapi",
        "httpx",
        "mkdocs",
        "mypy",
        "psycopg",
        "pydantic",
        "pytest",
        "ruff",
        "shared",
    ]
    assert (deps["fastapi"].line, deps["fastapi"].column, deps["fastapi"].pinned) == (3, 18, True)
    assert (deps["pydantic"].spec, deps["pydantic"].pinned) == (">=2", False)
    assert deps["psycopg"].group == "optional:pg"
    assert (deps["mypy"].line, deps["mypy"].group, deps["mypy"].pinned) == (21, "dev", True)
    assert deps["pytest"].group == "dev"
    assert (deps["httpx"].line, deps["httpx"].pinned) == (12, True)  # Poetry: bare = exact
    assert deps["shared"].local
    assert (deps["mkdocs"].group, deps["mkdocs"].pinned) == ("dev", False)
    assert (deps["ruff"].line, deps["ruff"].group) == (18, "dev")


def test_requirements_continuations_options_and_includes() -> None:
    text = (
        "# tools\n-r base.txt\n--index-url https://example.invalid/simple\n"
        "requests==2.31.0 \\\n    --hash=sha256:abc\n-e .\nuvicorn[standard]>=0.29  # server\n"
        "-c ../constraints.txt\n"
    )
    parsed = parse_requirements("req/requirements-dev.txt", text)
    assert [(d.name, d.line, d.pinned, d.group) for d in parsed.deps] == [
        ("requests", 4, True, "dev"),
        ("uvicorn", 7, False, "dev"),
    ]
    assert parsed.includes == [("req/base.txt", False), ("constraints.txt", True)]


def test_pipfile_and_setup_cfg() -> None:
    pipfile = parse_pipfile(
        "Pipfile",
        '[packages]\nrequests = "*"\nflask = {version = "==3.0.0"}\n'
        '[dev-packages]\npytest = "==8.0.0"\n',
    )
    assert [(d.name, d.line, d.pinned, d.group) for d in pipfile.deps] == [
        ("requests", 2, False, "main"),
        ("flask", 3, True, "main"),
        ("pytest", 5, True, "dev"),
    ]
    cfg = parse_setup_cfg(
        "setup.cfg",
        "[metadata]\nname = api\n[options]\ninstall_requires =\n"
        "    fastapi==0.110.0\n    SQLAlchemy>=2\n[options.extras_require]\n"
        "test =\n    pytest\n",
    )
    assert [(d.name, d.line, d.column, d.group) for d in cfg.deps] == [
        ("fastapi", 5, 5, "main"),
        ("sqlalchemy", 6, 5, "main"),
        ("pytest", 9, 5, "optional:test"),
    ]


def test_package_json_and_go_mod() -> None:
    parsed, own, workspaces = parse_package_json(
        "package.json",
        '{\n  "name": "Root",\n  "workspaces": {"packages": ["apps/*"]},\n'
        '  "dependencies": {\n    "express": "4.18.2",\n    "lib": "workspace:^"\n  },\n'
        '  "devDependencies": {"jest": "^29"}\n}\n',
    )
    assert own == "root" and workspaces == ["apps/*"]
    assert [(d.name, d.line, d.column, d.group, d.local) for d in parsed.deps] == [
        ("express", 5, 6, "main", False),
        ("lib", 6, 6, "main", True),
        ("jest", 8, 24, "dev", False),
    ]
    go = parse_go_mod(
        "go.mod",
        "module x\n\ngo 1.22\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.9.1\n"
        "\tgolang.org/x/text v0.14.0 // indirect\n)\nrequire github.com/a/b v1.0.0\n",
    )
    assert [(d.name, d.line, d.column, d.direct) for d in go.deps] == [
        ("github.com/gin-gonic/gin", 6, 2, True),
        ("golang.org/x/text", 7, 2, False),
        ("github.com/a/b", 9, 9, True),
    ]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("poetry.lock", '[[package]]\nname = "Flask"\nversion = "3.0.0"\n', {"flask": "3.0.0"}),
        (
            "uv.lock",
            'version = 1\n[[package]]\nname = "fastapi"\nversion = "0.110.0"\n',
            {"fastapi": "0.110.0"},
        ),
        (
            "Pipfile.lock",
            '{"default": {"requests": {"version": "==2.31.0"}}, "develop": {}}',
            {"requests": "2.31.0"},
        ),
        (
            "package-lock.json",
            '{"lockfileVersion": 1, "dependencies": {"express": {"version": "4.18.2"}}}',
            {"express": "4.18.2"},
        ),
        (
            "package-lock.json",
            '{"packages": {"": {}, "node_modules/@nestjs/core": {"version": '
            '"10.0.0"}, "node_modules/a/node_modules/b": {"version": "1.0.0"}}}',
            {"@nestjs/core": "10.0.0", "b": "1.0.0"},
        ),
        (
            "yarn.lock",
            '# yarn lockfile v1\n\n"@babel/core@^7.0.0", "@babel/core@^7.1.0":\n'
            '  version "7.24.0"\n\nexpress@^4.18.0:\n  version "4.18.2"\n',
            {"@babel/core": "7.24.0", "express": "4.18.2"},
        ),
        (
            "yarn.lock",
            '__metadata:\n  version: 6\n\n"express@npm:^4.18.0":\n  version: 4.18.2\n',
            {"express": "4.18.2"},
        ),
        (
            "pnpm-lock.yaml",
            "lockfileVersion: '6.0'\npackages:\n  /express@4.18.2:\n    resolution: {}\n"
            "  /@types/node@20.1.0:\n    dev: true\n",
            {"express": "4.18.2", "@types/node": "20.1.0"},
        ),
        (
            "pnpm-lock.yaml",
            "lockfileVersion: '9.0'\npackages:\n  zod@3.22.4:\n    resolution: {}\n"
            "snapshots:\n  zod@3.22.4: {}\n",
            {"zod": "3.22.4"},
        ),
        (
            "go.sum",
            "github.com/gin-gonic/gin v1.9.1 h1:x=\ngithub.com/gin-gonic/gin v1.9.1/go.mod h1:y=\n",
            {"github.com/gin-gonic/gin": "v1.9.1"},
        ),
    ],
)
def test_lockfiles(name: str, text: str, expected: dict[str, str]) -> None:
    lock = parse_lockfile(name, text)
    assert lock is not None and lock.versions == expected


def test_bad_manifests_raise_manifest_errors_with_positions() -> None:
    with pytest.raises(ManifestError) as toml_error:
        parse_pyproject("pyproject.toml", "[project]\ndependencies = [\n")
    assert toml_error.value.language == "TOML" and toml_error.value.line >= 2
    with pytest.raises(ManifestError) as json_error:
        parse_package_json("package.json", '{\n  "dependencies": {,}\n}')
    assert (json_error.value.language, json_error.value.line) == ("JSON", 2)


def test_include_cycles_are_cut_and_constraints_pin(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            "requirements.txt": "-r requirements/base.txt\nflask>=3\n",
            "requirements/base.txt": "-r ../requirements.txt\n-c ../pins.txt\nrequests\n",
            "pins.txt": "requests==2.31.0\nflask==3.0.0\n",
            "setup.py": "raise SystemExit('never executed')\n",
        },
    )
    inventory = build_inventory(build_workspace(tmp_path, WorkspaceOptions()))
    assert sorted((d.path, d.name) for d in inventory.deps) == [
        ("requirements.txt", "flask"),
        ("requirements/base.txt", "requests"),
    ]
    assert all(inventory.is_pinned(d) for d in inventory.deps)
    assert inventory.unread == ["setup.py"]
    assert inventory.locked_version(inventory.deps[0]) in ("2.31.0", "3.0.0")


def test_lockfile_scope_is_its_folder_and_below(tmp_path: Path) -> None:
    _tree(
        tmp_path,
        {
            "package-lock.json": '{"packages": {"node_modules/express": {"version": "4.18.2"}}}',
            "apps/api/package.json": '{"dependencies": {"express": "^4.18.0"}}',
            "tools/package.json": '{"dependencies": {"zod": "^3.0.0"}}',
            "tools/sub/package-lock.json": (
                '{"packages": {"node_modules/zod": {"version": "3.22.4"}}}'
            ),
        },
    )
    inventory = build_inventory(build_workspace(tmp_path, WorkspaceOptions()))
    pins = {d.name: inventory.is_pinned(d) for d in inventory.deps}
    assert pins == {"express": True, "zod": False}
