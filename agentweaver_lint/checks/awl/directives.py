"""AWL002: read every suppression directive of a file and report the malformed ones."""

from __future__ import annotations

from agentweaver_lint.checks.base import FileCheck, FileContext
from agentweaver_lint.filters import parse_file_directives
from agentweaver_lint.suppressions import has_directives


class DirectiveCheck(FileCheck):
    """Finds bare, malformed or unknown-code ``agentweaver:`` directives."""

    codes = ("AWL002",)

    def run(self, ctx: FileContext) -> None:
        text = ctx.file.text
        if not has_directives(text):
            return
        for bad in parse_file_directives(text, ctx.registry, ctx.file.language)[1]:
            ctx.report("AWL002", bad.line, bad.column, bad.message, fingerprint_key=bad.message)
