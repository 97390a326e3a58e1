"""The handler inventory: handlers, the inputs they read, and whether each is validated."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

FRAMEWORKS = ("fastapi", "flask", "django", "drf", "express", "nestjs")
FRAMEWORK_TITLES = {
    "fastapi": "FastAPI",
    "flask": "Flask",
    "django": "Django",
    "drf": "Django REST framework",
    "express": "Express",
    "nestjs": "NestJS",
}
ALTERNATIVES = {
    "fastapi": "a Pydantic model or a typed parameter (Body/Query/Path with a type)",
    "flask": "a schema (marshmallow load, pydantic model_validate), webargs @use_args "
    "or a Flask-WTF form with validate_on_submit()",
    "django": "a Django Form bound to the data and checked with is_valid()",
    "drf": "a serializer with is_valid() before validated_data/save()",
    "express": "a validator middleware on the route (celebrate, express-validator) "
    "or schema.parse()/safeParse() (zod, joi, yup) in the handler",
    "nestjs": "a DTO class with class-validator decorators and a ValidationPipe",
}


@dataclass
class InputRead:
    """One read of request input inside a handler."""

    source: str
    """What is read, as written: ``request.json``, ``req.body``, ``param payload: dict``."""
    path: str
    line: int
    column: int
    end_column: int
    validated: bool
    how: str = ""
    """Why it counts as validated (or why not), for the inventory."""
    key: str = ""
    """The read's access path (``request.form``, ``req.body.email``) for sibling matching."""

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "validated": self.validated,
            "how": self.how,
        }


@dataclass
class PathParam:
    """A route path parameter and whether a converter or constraint types it."""

    name: str
    typed: bool
    line: int
    column: int
    end_column: int
    used_as_key: bool = False


@dataclass
class Handler:
    """One request handler (a function or method bound to a route)."""

    framework: str
    method: str
    route: str
    qualname: str
    path: str
    line: int
    inputs: list[InputRead] = field(default_factory=list)
    path_params: list[PathParam] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    """Names whose definition could not be found (helpers, middleware, bases, DTOs)."""

    def settle_siblings(self) -> None:
        """A raw read of data the handler validated elsewhere (``schema.validate(req.body)``
        then ``User.create(req.body)``) counts as validated."""
        checked = [
            read
            for read in self.inputs
            if read.validated
            and read.key
            and not read.how.startswith(("converted", "path", "typed"))
        ]
        for read in self.inputs:
            if read.validated or not read.key:
                continue
            for other in checked:
                if (
                    read.key == other.key
                    or read.key.startswith(other.key + ".")
                    or (read.key.startswith(other.key + "["))
                ):
                    read.validated = True
                    read.how = f"validated as {other.source}"
                    break

    @property
    def raw_inputs(self) -> list[InputRead]:
        return [read for read in self.inputs if not read.validated]

    def key(self) -> tuple[str, int, str, str]:
        return (self.path, self.line, self.qualname, self.method)

    def to_cache(self) -> dict[str, Any]:
        """Every field, for :meth:`from_cache` (``as_json`` is the report's shorter view)."""
        return asdict(self)

    @classmethod
    def from_cache(cls, data: Any) -> Handler | None:
        """The handler :meth:`to_cache` gave, or None if ``data`` is not one."""
        try:
            fields = dict(data)
            fields["inputs"] = [InputRead(**read) for read in fields["inputs"]]
            fields["path_params"] = [PathParam(**param) for param in fields["path_params"]]
            return cls(**fields)
        except (TypeError, KeyError, ValueError):
            return None

    def as_json(self) -> dict[str, Any]:
        return {
            "framework": self.framework,
            "method": self.method,
            "route": self.route,
            "qualname": self.qualname,
            "file": self.path,
            "line": self.line,
            "inputs": [read.as_json() for read in self.inputs],
        }
