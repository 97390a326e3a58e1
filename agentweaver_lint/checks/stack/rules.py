"""STK rule metadata: the declared tech stack and package constraints."""

from __future__ import annotations

from agentweaver_lint.model import Severity
from agentweaver_lint.registry import Option, Rule

NN = "tech-stack"


class ForbiddenPackage(Rule):
    """A dependency is listed in `constraints.forbiddenPackages`.

    ## What it does
    Reads every manifest as data (pyproject.toml with PEP 621, Poetry, PDM and dependency
    groups; requirements files with `-r` includes; Pipfile; setup.cfg; package.json; go.mod)
    and reports each direct dependency, runtime or development, whose normalised name is
    forbidden. Names compare by PyPI rules (`Flask_Login` is `flask-login`) or npm rules
    (lower case); entries may be globs such as `@types/*`. Reported at the dependency's line.

    ## Why it matters
    A forbidden package is one the team decided never to ship: a licence, a security
    record, or a second framework beside the declared one.

    ## Example
    ```yaml
    # agentweaver.config.yml
    constraints:
      forbiddenPackages: [flask]
    ```
    ```text
    # requirements.txt
    Flask==3.0.0
    ```

    ## Use instead
    ```text
    # requirements.txt
    fastapi==0.110.0
    ```

    ## Options
    None. The list comes from `constraints.forbiddenPackages` (setting
    `stack.forbidden_packages`).
    """

    code = "STK001"
    name = "forbidden-package"
    family = "STK"
    non_negotiable = NN
    severity = Severity.ERROR
    summary = "A dependency is in constraints.forbiddenPackages."


class PackageNotAllowed(Rule):
    """A direct dependency is missing from `constraints.allowedPackages`.

    ## What it does
    When `constraints.allowedPackages` is set, reports each direct runtime dependency whose
    normalised name matches no entry (entries may be globs). Severity follows
    `techStack.mode`: strict → error, flexible → warning, adaptive → not reported. Local
    path dependencies and packages of this repository's own workspaces are exempt.

    ## Why it matters
    In strict mode the agent promised to use only the listed packages; every new dependency
    is new supply-chain risk that nobody approved.

    ## Example
    ```yaml
    techStack: {mode: strict}
    constraints: {allowedPackages: [fastapi, pydantic]}
    ```
    ```toml
    [project]
    dependencies = ["fastapi==0.110.0", "requests==2.31.0"]
    ```

    ## Use instead
    ```toml
    [project]
    dependencies = ["fastapi==0.110.0", "pydantic==2.6.0"]
    ```

    ## Options
    `include_dev` (bool, default false): also judge development dependencies
    (devDependencies, Poetry/PDM dev groups).
    """

    code = "STK002"
    name = "package-not-allowed"
    family = "STK"
    non_negotiable = NN
    severity = Severity.ERROR
    summary = "A direct dependency is not in constraints.allowedPackages (by techStack.mode)."
    options = (Option("include_dev", bool, False, "Judge development dependencies too."),)


class UnpinnedDependency(Rule):
    """A dependency is not pinned to one version while `constraints.versionPinning` is true.

    ## What it does
    Reports each direct dependency declared with a range (`>=1.0`, `^1.2`, `~1.2`, `1.x`),
    a wildcard (`*`) or no version, unless a lockfile beside the manifest or above it
    (poetry.lock, uv.lock, pdm.lock, Pipfile.lock, package-lock.json, yarn.lock,
    pnpm-lock.yaml, a `-c` constraints file) resolves it. Go modules are always pinned.

    ## Why it matters
    An unpinned dependency changes under you: two builds of the same commit can ship
    different code, and a compromised release is picked up automatically.

    ## Example
    ```json
    {"dependencies": {"express": "^4.18.0"}}
    ```

    ## Use instead
    ```json
    {"dependencies": {"express": "4.18.2"}}
    ```
    or commit the lockfile that resolves it.

    ## Options
    None. Enabled by `constraints.versionPinning` (setting `stack.version_pinning`).
    """

    code = "STK003"
    name = "unpinned-dependency"
    family = "STK"
    non_negotiable = NN
    severity = Severity.ERROR
    summary = "A dependency is not pinned (no exact version and no lockfile) under versionPinning."


class StackMismatch(Rule):
    """Code imports a framework, ORM, validation library or migration tool other than declared.

    ## What it does
    Compares the imports of each non-test source file (Python through the shared AST,
    JavaScript and TypeScript through tree-sitter) with `techStack.backend.framework`,
    `backend.validation`, `database.orm` and `database.migrations`. An import of another
    known technology of the same category and ecosystem is reported at the import line
    (a JavaScript backend framework is a mismatch for a Python framework too). Technologies
    built on the declared one (Starlette under FastAPI, Express under NestJS) agree with it.
    Severity follows `techStack.mode`: strict → error, flexible → warning; adaptive reports
    the detected stack in the scorecard instead.

    ## Why it matters
    A second framework or validation library splits the code base: two ways to validate
    input, two sets of middleware, and reviewers who know only one.

    ## Example
    ```python
    # backend.framework: FastAPI
    from flask import Flask
    ```

    ## Use instead
    ```python
    from fastapi import FastAPI
    ```

    ## Options
    `include_tests` (bool, default false): also judge test files.
    """

    code = "STK004"
    name = "stack-mismatch"
    family = "STK"
    non_negotiable = NN
    severity = Severity.ERROR
    summary = "Code imports a different framework, ORM, validator or migration tool than declared."
    options = (Option("include_tests", bool, False, "Judge test files too."),)


RULES = (ForbiddenPackage, PackageNotAllowed, UnpinnedDependency, StackMismatch)
