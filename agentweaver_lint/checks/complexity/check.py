"""CPX001/CPX002: radon's complexity and maintainability index on the shared Python AST."""

from __future__ import annotations

import tokenize
from typing import TYPE_CHECKING, Any, ClassVar

from agentweaver_lint.checks.base import FileCheck, FileContext
from agentweaver_lint.checks.complexity.rules import CPX_CODES, RANKS
from agentweaver_lint.model import Severity

if TYPE_CHECKING:
    from collections.abc import Sequence

    from agentweaver_lint.checks.complexity.tree_metrics import Block
    from agentweaver_lint.settings import Settings
    from agentweaver_lint.workspace import SourceFile


def _rank_option(ctx: FileContext, name: str) -> str:
    value = str(ctx.settings.option("CPX001", name)).strip().upper()[:1]
    if value not in RANKS:
        raise ValueError(f"CPX001 option {name} must be one of A-F, not {value!r}")
    return value


def _measured(file: SourceFile, settings: Settings, code: str) -> bool:
    if not settings.is_enabled(code) or "migration" in file.roles:
        return False
    return "test" not in file.roles or bool(settings.option(code, "include_tests"))


def _column(lines: list[str], lineno: int, col_offset: int) -> int:
    text = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    return len(text.encode("utf-8")[:col_offset].decode("utf-8", "replace")) + 1


class ComplexityCheck(FileCheck):
    """radon's blocks and MI for one Python module."""

    codes: ClassVar[tuple[str, ...]] = CPX_CODES

    def wants(self, file: SourceFile, settings: Settings) -> bool:
        return (
            file.language == "python"
            and file.path.endswith(".py")
            and "source" in file.roles
            and any(_measured(file, settings, code) for code in CPX_CODES)
        )

    def run(self, ctx: FileContext) -> None:
        from agentweaver_lint.checks.complexity.raw import maintainability
        from agentweaver_lint.checks.complexity.tree_metrics import measure_tree

        tree = ctx.file.python_tree
        if tree is None:
            return
        metrics = measure_tree(tree)  # one walk for CPX001 blocks and the MI
        try:
            figures = maintainability(tree, ctx.file.text, metrics)
        except (SyntaxError, ValueError, tokenize.TokenError) as exc:  # parsed, yet not tokenized
            ctx.notice(
                "complexity", f"{ctx.file.path}: no maintainability index ({exc})", ctx.file.path
            )
            if _measured(ctx.file, ctx.settings, "CPX001"):
                self._blocks(ctx, metrics.blocks, {})
            return
        module: dict[str, Any] = {
            "module_mi": round(figures.mi, 2),
            "module_rank": figures.rank,
        }
        ctx.count("modules")
        ctx.count("mi_sum", figures.mi)
        if _measured(ctx.file, ctx.settings, "CPX001"):
            self._blocks(ctx, metrics.blocks, module)
        if _measured(ctx.file, ctx.settings, "CPX002"):
            threshold = float(ctx.settings.option("CPX002", "min_mi"))
            if figures.mi < threshold:
                ctx.count("modules_below_mi")
                ctx.report(
                    "CPX002",
                    1,
                    1,
                    f"maintainability index {figures.mi:.1f} (rank {figures.rank}) < {threshold:g}",
                    fingerprint_key="module-mi",
                    extra={
                        **module,
                        "halstead_volume": round(figures.volume, 2),
                        "complexity": figures.complexity,
                        "lloc": figures.lloc,
                        "comments_pct": round(figures.comments_pct, 2),
                        "min_mi": threshold,
                    },
                )

    def _blocks(self, ctx: FileContext, blocks: Sequence[Block], module: dict[str, Any]) -> None:
        from radon.complexity import cc_rank

        warning_rank = _rank_option(ctx, "warning_rank")
        error_rank = _rank_option(ctx, "error_rank")
        for block in blocks:
            rank = cc_rank(block.complexity)
            ctx.count("blocks")
            ctx.count("complexity_sum", block.complexity)
            if rank < warning_rank:
                continue
            ctx.count("blocks_over_rank")
            kind = block.kind
            column = _column(ctx.file.lines, block.lineno, block.col_offset)
            ctx.report(
                "CPX001",
                block.lineno,
                column,
                f"{kind} `{block.fullname}`: complexity {block.complexity} (rank {rank})",
                fingerprint_key=f"{kind}:{block.fullname}",
                severity=Severity.ERROR if rank >= error_rank else None,
                extra={
                    "complexity": block.complexity,
                    "rank": rank,
                    "type": kind,
                    "name": block.fullname,
                    "endline": block.endline,
                    **module,
                },
            )
