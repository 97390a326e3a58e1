"""VAL rule metadata; the findings come from :mod:`.check`."""

from __future__ import annotations

from agentweaver_lint.model import Severity
from agentweaver_lint.registry import Rule


class UnvalidatedInput(Rule):
    """A request handler reads user input without validating it against a schema.

    ## What it does
    Builds an inventory of the repository's HTTP handlers (FastAPI, Flask, Django, Django
    REST framework, Express, NestJS) and reports each handler that reads request input raw:
    Flask `request.json`/`form`/`args`, Django `request.POST`/`GET`/`body`, DRF
    `request.data` without a serializer's `is_valid()`, FastAPI parameters typed `dict`/`Any`
    or `await request.json()`, Express `req.body`/`req.query`/`req.params` without a validator
    middleware or a schema parse, NestJS `@Body()`/`@Query()` typed `any`, an interface, or a
    DTO without class-validator decorators or without a `ValidationPipe`.

    Validation is followed before accusing: a helper or decorator that validates, a
    `before_request` hook, middleware registered on the router or app (also in another
    file), and a base class or mixin that validates in `dispatch()`. Converters count
    (`<int:id>`, `args.get("page", type=int)`, `int(...)`, `Number(...)`, Nest pipes), as do
    typed FastAPI and NestJS primitives. One finding per handler, at its first raw read (a
    read inside a helper is reported where the handler calls it); the other raw reads and
    the handler's inventory entry (framework, method, route, qualname, file, line, inputs
    with their validated flag) are in the finding's `extra`. When a name could not be
    resolved, the message says so and the input is treated as unvalidated.

    ## Why it matters
    The agent promises that all user inputs are validated before processing. A handler that
    trusts `request.json` passes attacker-shaped data to the database, the filesystem or
    business logic; a schema makes the accepted shape explicit and rejects the rest with 400.

    ## Example
    ```python
    @app.post("/users")
    def create_user():
        data = request.get_json()
        return User.create(name=data["name"])
    ```

    ## Use instead
    ```python
    @app.post("/users")
    def create_user():
        data = UserIn.model_validate(request.get_json())
        return User.create(name=data.name)
    ```

    ## Options
    None. The validation library named in messages comes from `stack.validation`
    (`techStack.backend.validation` in agentweaver.config.yml).
    """

    code = "VAL001"
    name = "unvalidated-input"
    family = "VAL"
    non_negotiable = "input-validation"
    severity = Severity.ERROR
    summary = "A request handler reads user input without validating it."


class UntypedPathParameter(Rule):
    """A string path parameter is used as a lookup key without a converter or constraint.

    ## What it does
    Reports path parameters that arrive as untyped strings (Flask `<id>`, Django `<id>` or
    `<str:id>`, FastAPI `item_id: str`, Express `:id` without a pattern, NestJS
    `@Param('id') id: string` without a pipe) when the handler passes them to a call or uses
    them as a subscript, such as a database lookup.

    ## Why it matters
    An `int`, `uuid` or pattern-constrained parameter rejects malformed identifiers at the
    router with a 404 instead of passing them to the query layer.

    ## Example
    ```python
    @app.get("/items/<item_id>")
    def show(item_id):
        return Item.query.get_or_404(item_id)
    ```

    ## Use instead
    ```python
    @app.get("/items/<int:item_id>")
    def show(item_id):
        return Item.query.get_or_404(item_id)
    ```

    ## Options
    None. Off by default; enable with `extend_select = ["VAL002"]`.
    """

    code = "VAL002"
    name = "untyped-path-parameter"
    family = "VAL"
    non_negotiable = "input-validation"
    severity = Severity.INFO
    summary = "A string path parameter is used as a lookup key without a converter."
    enabled_by_default = False
