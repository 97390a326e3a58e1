"""Build a hostile repository in a temporary folder (nothing big is checked in)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

# Planted secrets: every output is searched for them in full.
SECRETS = {
    "github": "ghp_" + "R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3sXYZ"[:36],
    "aws": "AKIA" + "QWERTYUIOPASDFGH",
    "password": "Zq9" + "vN2mXk7LpW4tR8sY",
}
CANARY_NAMES = (
    "migration-imported",
    "conftest-imported",
    "setup-executed",
    "settings-imported",
    "yaml-object",
    "coverage-plugin",
    "fsmonitor",
    "hook",
    "textconv",
    "diff-driver",
)


def canary_code(marker: Path, name: str) -> str:
    return f"open({str(marker / name)!r}, 'w').write('ran')\n"


def git(root: Path, *args: str) -> None:
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.invalid",
            "-c",
            "core.hooksPath=/nonexistent",
            *args,
        ],
        cwd=root,
        check=True,
        capture_output=True,
    )


def build(root: Path, marker: Path) -> None:
    """Write the corpus into ``root`` (a git repository with one commit and a dirty tree)."""
    root.mkdir(parents=True, exist_ok=True)
    marker.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    files: dict[str, bytes] = {
        # Binary content behind text extensions, NUL bytes, bad encodings.
        "bin/blob.py": bytes(range(256)) * 8,
        "bin/data.sql": b"\x00\xff\xfe" * 1000,
        "enc/latin1.py": b"name = '\xe9t\xe9'\npassword = 'caf\xe9caf\xe9caf\xe9'\n",
        "enc/utf16.py": "x = 'hello'\n".encode("utf-16"),
        "enc/nul.js": b"const a = 1;\x00\nconst b = 2;\n",
        # Deep nesting.
        "deep/nested.py": ("x = " + "[" * 3000 + "]" * 3000 + "\n").encode(),
        "deep/package.json": ("[" * 100_000 + "]" * 100_000).encode(),
        "deep/coverage.json": ('{"a":' * 50_000 + "1" + "}" * 50_000).encode(),
        "deep/nested.yml": ("a:\n" + "".join("  " * i + "- \n" for i in range(1, 2000))).encode(),
        # YAML billion laughs.
        "laughs/docker-compose.yml": (
            "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
                for i in range(8)
            )
        ).encode(),
        # XML attacks and a foreign Cobertura report.
        "coverage.xml": (
            b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
            b'"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            b'<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
            b'<coverage line-rate="1"><sources><source>/etc</source></sources><packages><package name="x">'
            b'<classes><class filename="../../etc/passwd" line-rate="1"><lines><line number="1" hits="1"/>'
            b"</lines></class></classes></package></packages></coverage><!-- &lol2; &xxe; -->\n"
        ),
        # Malformed migrations in every language, Go-templated SQL.
        "migrations/0001_broken.py": b"from django.db import migrations\nclass Migration(migrations.Migration:\n",
        "db/migrate/20240101_broken.rb": b"class Broken < ActiveRecord::Migration[7.0]\n  def change\n    add_column :users,\n",
        "migrations/20240101_broken.js": b"exports.up = function(knex) { return knex.schema.createTable('x', t => {\n",
        "migrations/1700000000-Broken.ts": b"export class Broken implements MigrationInterface { async up(q: QueryRunner) {\n",
        "sqlmig/000001_broken.up.sql": b"CREATE TABLE (;\nALTER TABLE x ADD COLUMN\n",
        "sqlmig/000001_broken.down.sql": b"DROP TABLE {{ .Table }};\n{{ if .X }}DROP INDEX y;{{ end }}\n",
        "sqlmig/000002_tpl.up.sql": b"CREATE TABLE {{ .Schema }}.users (id int);\n",
        # A huge minified bundle (just under the size cap) and a long line.
        "static/bundle.js": (b"var a=function(){return 1};" * 70_000)[:2_000_000],
        "static/longline.txt": b"password=" + b"a" * 1_500_000 + b"\n",
        # Secrets planted for the leak check.
        "app/settings_local.py": (
            f"GITHUB_TOKEN = '{SECRETS['github']}'\nAWS_KEY = '{SECRETS['aws']}'\n"
            f"DB_PASSWORD = '{SECRETS['password']}'\n"
        ).encode(),
        ".env": f"PASSWORD={SECRETS['password']}\n".encode(),
        # Canaries: code that must never run.
        "app/migrations/__init__.py": b"",
        "app/migrations/0002_canary.py": (
            canary_code(marker, "migration-imported")
            + "from django.db import migrations\nclass Migration(migrations.Migration):\n"
            "    operations = [migrations.RunPython(lambda a, s: None)]\n"
        ).encode(),
        "conftest.py": canary_code(marker, "conftest-imported").encode(),
        "setup.py": canary_code(marker, "setup-executed").encode(),
        "app/settings.py": canary_code(marker, "settings-imported").encode(),
        "config/evil.yml": (
            f"x: !!python/object/apply:os.system ['touch {marker / 'yaml-object'}']\n"
        ).encode(),
        "agentweaver.config.yml": (
            "techStack:\n  mode: strict\n  backend: {framework: FastAPI}\n"
            f"  extra: !!python/object/apply:os.system ['touch {marker / 'yaml-object'}']\n"
        ).encode(),
        ".coveragerc": b"[run]\nplugins = evil_plugin\n",
        "evil_plugin.py": canary_code(marker, "coverage-plugin").encode(),
        ".gitattributes": b"*.py diff=evil\n*.sql diff=evil\n",
        # File names that break naive tools.
        "names/with space.py": b"x = 1\n",
        "names/-leading-dash.py": b"x = 1\n",
        "names/unicodé.py": b"x = 1\n",
        "names/new\nline.py": b"x = 1\n",
    }
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for index in range(2000):
        tiny = root / "tiny" / f"f{index // 100}" / f"t{index}.py"
        tiny.parent.mkdir(parents=True, exist_ok=True)
        tiny.write_text(f"v = {index}\n")
    # A 200 MB (sparse) file, a symlink loop and a symlink out of the repository.
    with open(root / "huge.log", "wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    os.symlink(root / "loop_b", root / "loop_a")
    os.symlink(root / "loop_a", root / "loop_b")
    os.symlink("/etc/passwd", root / "passwd_link.txt")
    # A nested repository with its own config.
    nested = root / "vendored"
    nested.mkdir()
    git(nested, "init", "-q")
    (nested / "inner.py").write_text("x = 1\n")
    git(nested, "add", "-A")
    git(nested, "commit", "-q", "-m", "nested")
    (root / ".gitignore").write_text("vendored/\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "corpus", "--no-verify")
    # Repository config that would run code if git honoured it.
    (root / "app" / "after.py").write_text("y = 2\n")
    config = root / ".git" / "config"
    config.write_text(
        config.read_text()
        + f"[core]\n\tfsmonitor = touch {marker / 'fsmonitor'}\n\thooksPath = hooks\n"
        + f'[diff "evil"]\n\ttextconv = touch {marker / "textconv"}\n\tcommand = touch {marker / "diff-driver"}\n'
    )
    hooks = root / ".git" / "hooks"
    for name in ("post-checkout", "pre-commit", "post-index-change", "fsmonitor-watchman"):
        hook = hooks / name
        hook.write_text(f"#!/bin/sh\ntouch {marker / 'hook'}\n")
        hook.chmod(0o755)
    (root / "app" / "settings_local.py").write_text(
        (root / "app" / "settings_local.py").read_text() + "EXTRA = 1\n"
    )
