"""Known technologies per stack category: how code imports them, how configs name them."""

from __future__ import annotations

import re
from dataclasses import dataclass

FRAMEWORK = "framework"
VALIDATION = "validation"
ORM = "orm"
MIGRATIONS = "migrations"
CATEGORIES = (FRAMEWORK, VALIDATION, ORM, MIGRATIONS)
CATEGORY_SETTING = {
    FRAMEWORK: "stack.framework",
    VALIDATION: "stack.validation",
    ORM: "stack.orm",
    MIGRATIONS: "stack.migrations",
}
CATEGORY_LABEL = {
    FRAMEWORK: "framework",
    VALIDATION: "validation library",
    ORM: "ORM",
    MIGRATIONS: "migration tool",
}


@dataclass(frozen=True)
class Tech:
    """One technology: its display name, ecosystem and the names that mean it."""

    key: str
    title: str
    category: str
    ecosystem: str  # "python" | "js"
    modules: tuple[str, ...] = ()
    """Python top-level modules or npm package names that import it."""
    aliases: tuple[str, ...] = ()
    """Other spellings in agentweaver.config.yml (compared with non-alphanumerics removed)."""
    includes: tuple[str, ...] = ()
    """Keys of technologies this one is built on (importing them is no mismatch)."""


def _t(
    key: str,
    title: str,
    category: str,
    eco: str,
    modules: tuple[str, ...],
    aliases: tuple[str, ...] = (),
    includes: tuple[str, ...] = (),
) -> Tech:
    return Tech(key, title, category, eco, modules, aliases, includes)


PY, JS = "python", "js"
TECHS: tuple[Tech, ...] = (
    _t("fastapi", "FastAPI", FRAMEWORK, PY, ("fastapi",), includes=("starlette",)),
    _t("starlette", "Starlette", FRAMEWORK, PY, ("starlette",)),
    _t("flask", "Flask", FRAMEWORK, PY, ("flask", "flask_restful", "flask_restx", "flask_smorest")),
    _t(
        "django",
        "Django",
        FRAMEWORK,
        PY,
        ("django", "rest_framework", "ninja"),
        aliases=("djangorestframework", "drf", "djangoninja"),
    ),
    _t("aiohttp", "aiohttp", FRAMEWORK, PY, ("aiohttp",)),
    _t("tornado", "Tornado", FRAMEWORK, PY, ("tornado",)),
    _t("sanic", "Sanic", FRAMEWORK, PY, ("sanic",)),
    _t("falcon", "Falcon", FRAMEWORK, PY, ("falcon",)),
    _t("bottle", "Bottle", FRAMEWORK, PY, ("bottle",)),
    _t("pyramid", "Pyramid", FRAMEWORK, PY, ("pyramid",)),
    _t("litestar", "Litestar", FRAMEWORK, PY, ("litestar",)),
    _t("quart", "Quart", FRAMEWORK, PY, ("quart",)),
    _t("express", "Express", FRAMEWORK, JS, ("express",)),
    _t(
        "nestjs",
        "NestJS",
        FRAMEWORK,
        JS,
        ("@nestjs/core", "@nestjs/common"),
        aliases=("nest",),
        includes=("express", "fastify"),
    ),
    _t("fastify", "Fastify", FRAMEWORK, JS, ("fastify",)),
    _t("koa", "Koa", FRAMEWORK, JS, ("koa",)),
    _t("hapi", "hapi", FRAMEWORK, JS, ("@hapi/hapi", "hapi")),
    _t("hono", "Hono", FRAMEWORK, JS, ("hono",)),
    _t("pydantic", "Pydantic", VALIDATION, PY, ("pydantic",)),
    _t("marshmallow", "marshmallow", VALIDATION, PY, ("marshmallow",)),
    _t("cerberus", "Cerberus", VALIDATION, PY, ("cerberus",)),
    _t("voluptuous", "Voluptuous", VALIDATION, PY, ("voluptuous",)),
    _t("msgspec", "msgspec", VALIDATION, PY, ("msgspec",)),
    _t("wtforms", "WTForms", VALIDATION, PY, ("wtforms", "flask_wtf")),
    _t("zod", "Zod", VALIDATION, JS, ("zod",)),
    _t("joi", "Joi", VALIDATION, JS, ("joi", "@hapi/joi")),
    _t("yup", "Yup", VALIDATION, JS, ("yup",)),
    _t("class-validator", "class-validator", VALIDATION, JS, ("class-validator",)),
    _t("ajv", "Ajv", VALIDATION, JS, ("ajv",)),
    _t("superstruct", "Superstruct", VALIDATION, JS, ("superstruct",)),
    _t("valibot", "Valibot", VALIDATION, JS, ("valibot",)),
    _t("express-validator", "express-validator", VALIDATION, JS, ("express-validator",)),
    _t("typebox", "TypeBox", VALIDATION, JS, ("@sinclair/typebox",)),
    _t("sqlalchemy", "SQLAlchemy", ORM, PY, ("sqlalchemy", "flask_sqlalchemy")),
    _t("sqlmodel", "SQLModel", ORM, PY, ("sqlmodel",), includes=("sqlalchemy",)),
    _t("django-orm", "Django ORM", ORM, PY, ("django.db.models",)),
    _t("tortoise", "Tortoise ORM", ORM, PY, ("tortoise",), aliases=("tortoiseorm",)),
    _t("peewee", "Peewee", ORM, PY, ("peewee",)),
    _t("pony", "Pony ORM", ORM, PY, ("pony",), aliases=("ponyorm",)),
    _t("mongoengine", "MongoEngine", ORM, PY, ("mongoengine",)),
    _t("beanie", "Beanie", ORM, PY, ("beanie",)),
    _t("prisma", "Prisma", ORM, JS, ("@prisma/client",), aliases=("prismaorm",)),
    _t("typeorm", "TypeORM", ORM, JS, ("typeorm", "@nestjs/typeorm")),
    _t(
        "sequelize",
        "Sequelize",
        ORM,
        JS,
        ("sequelize", "sequelize-typescript", "@nestjs/sequelize"),
    ),
    _t("mongoose", "Mongoose", ORM, JS, ("mongoose", "@nestjs/mongoose")),
    _t("drizzle", "Drizzle", ORM, JS, ("drizzle-orm",), aliases=("drizzleorm",)),
    _t("mikro-orm", "MikroORM", ORM, JS, ("@mikro-orm/core",)),
    _t("knex", "Knex", ORM, JS, ("knex",), aliases=("knexjs",)),
    _t("objection", "Objection.js", ORM, JS, ("objection",), includes=("knex",)),
    _t("alembic", "Alembic", MIGRATIONS, PY, ("alembic",)),
    _t(
        "django-migrations",
        "Django migrations",
        MIGRATIONS,
        PY,
        ("django.db.migrations",),
        aliases=("django", "djangomigrate"),
    ),
    _t("yoyo", "yoyo-migrations", MIGRATIONS, PY, ("yoyo",), aliases=("yoyomigrations",)),
    _t("prisma-migrate", "Prisma Migrate", MIGRATIONS, JS, (), aliases=("prisma",)),
    _t("umzug", "Umzug", MIGRATIONS, JS, ("umzug",)),
    _t("node-pg-migrate", "node-pg-migrate", MIGRATIONS, JS, ("node-pg-migrate",)),
    _t("db-migrate", "db-migrate", MIGRATIONS, JS, ("db-migrate",)),
    _t("knex-migrations", "Knex migrations", MIGRATIONS, JS, ("knex",), aliases=("knex", "knexjs")),
    _t(
        "typeorm-migrations",
        "TypeORM migrations",
        MIGRATIONS,
        JS,
        ("typeorm",),
        aliases=("typeorm",),
    ),
    _t(
        "sequelize-migrations",
        "Sequelize migrations",
        MIGRATIONS,
        JS,
        ("sequelize", "sequelize-cli"),
        aliases=("sequelize", "sequelizecli"),
    ),
)
BY_KEY = {tech.key: tech for tech in TECHS}


def squash(text: str) -> str:
    """``Express.js`` → ``expressjs``; ``Django REST Framework`` → ``djangorestframework``."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _names(tech: Tech) -> set[str]:
    names = {squash(tech.key), squash(tech.title), *(squash(a) for a in tech.aliases)}
    if tech.ecosystem == JS:
        names |= {n + "js" for n in list(names)}
    return names


def declared(category: str, value: str) -> tuple[list[Tech], list[str]]:
    """Technologies a config value names in ``category`` (``A, B`` allowed) and unknown parts."""
    known: list[Tech] = []
    unknown: list[str] = []
    for part in re.split(r"[,/+|]| and ", value):
        name = squash(part)
        if not name:
            continue
        matches = [t for t in TECHS if t.category == category and name in _names(t)]
        if matches:
            known.extend(matches)
        else:
            unknown.append(part.strip())
    return known, unknown


def compatible(found: Tech, wanted: list[Tech]) -> bool:
    """Whether importing ``found`` agrees with the declared technologies ``wanted``."""
    for tech in wanted:
        if found.key == tech.key or found.key in tech.includes:
            return True
        if set(found.modules) & set(tech.modules):
            return True
    return False
