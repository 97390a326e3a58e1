"""DOC rule metadata: public APIs in the API and service layers are documented."""

from __future__ import annotations

from agentweaver_lint.model import Severity
from agentweaver_lint.registry import Option, Rule

API_PATHS = (
    "**/{api,apis,routes,routers,views,controllers,services,service,handlers,endpoints,resources}/**",
    "**/{api,routes,routers,views,controllers,services,handlers,endpoints}.py",
    "**/*{_controller,_service,_handler,_views,_routes,_api}.py",
    "**/*.{controller,service,handler,resolver,routes,router}.{js,ts,mjs,cjs}",
)
PATHS_OPTION = Option("paths", list[str], list(API_PATHS), "Globs of the API and service layers.")


class MissingDocstring(Rule):
    """A public Python module, class, function or method of the API/service layers has no docstring.

    ## What it does
    Runs ruff's pydocstyle rules (`D100` module, `D101` class, `D102` method, `D103` function,
    `D106` nested class by default) once over the Python files under `paths` and reports
    each at ruff's position, with `ruff_code` in extra. Private names (`_x`), `__init__`
    methods, magic methods, `__init__.py` packages and tests are not required by default
    (add `D107`, `D105`, `D104` to `ruff_codes` to require them). `# noqa: D103` works.

    ## Why it matters
    "Add docstrings for public APIs": the API and service layers are what other teams and
    agents call; undocumented contracts get misused.

    ## Example
    ```python
    def create_order(payload: OrderIn) -> Order:
        ...
    ```

    ## Use instead
    ```python
    def create_order(payload: OrderIn) -> Order:
        \"\"\"Create an order for the current customer; raises OutOfStock.\"\"\"
    ```

    ## Options
    `paths` (api, routes, views, controllers, services, handlers… folders and modules),
    `ruff_codes` (D100, D101, D102, D103, D106).
    """

    code = "DOC001"
    name = "missing-docstring"
    family = "DOC"
    non_negotiable = "documented-apis"
    severity = Severity.WARNING
    summary = "Public Python API in the API/service layers without a docstring (ruff D1xx)."
    options = (
        PATHS_OPTION,
        Option(
            "ruff_codes",
            list[str],
            ["D100", "D101", "D102", "D103", "D106"],
            "ruff pydocstyle codes that count as a missing docstring.",
        ),
    )


class MissingJsDoc(Rule):
    """An exported JavaScript/TypeScript function or class, or a public method of an exported
    class (controllers, services), in the API/service layers has no JSDoc block.

    ## What it does
    Parses the files under `paths` with tree-sitter and reports exported functions
    (`export function`, `export const f = () =>`, `export default`, `module.exports =`,
    `exports.f =`), exported classes and the public methods of exported classes (not
    `constructor`, not `private`/`protected`/`#private`) that have no `/** … */` comment
    immediately before them (decorators may sit between). Reported at the name.

    ## Why it matters
    "Add JSDoc for public APIs": controllers and services are the contract of the backend.

    ## Example
    ```ts
    export class UsersService {
      findOne(id: string) { return this.repo.findOne(id); }
    }
    ```

    ## Use instead
    ```ts
    /** Users: lookup and lifecycle. */
    export class UsersService {
      /** The user with this id, or null. */
      findOne(id: string) { return this.repo.findOne(id); }
    }
    ```

    ## Options
    `paths` (the same default globs as DOC001, plus `*.controller.ts`, `*.service.ts`…).
    """

    code = "DOC002"
    name = "missing-jsdoc"
    family = "DOC"
    non_negotiable = "documented-apis"
    severity = Severity.WARNING
    summary = "Exported JS/TS function, class or public method without a JSDoc block."
    options = (PATHS_OPTION,)


DOC_CODES = ("DOC001", "DOC002")
