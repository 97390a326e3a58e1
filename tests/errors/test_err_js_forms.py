"""JS/TS catch forms: what counts as rethrowing, logging with context, forwarding, swallowing."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import run_gate
from agentweaver_lint.settings import Setting


def _codes(tmp_path: Path, body: str, name: str = "src/services/job.ts") -> list[str]:
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"export async function run(): Promise<unknown> {{\n{body}\n}}\n", "utf-8")
    settings = load_settings(tmp_path, flags={"select": Setting(["ERR"], "test")})
    return [f.code for f in run_gate(tmp_path, settings, jobs=1).report.findings]


@pytest.mark.parametrize(
    "body",
    [
        "try { a(); } catch (e) { throw e; }",
        "try { a(); } catch (e) { return Promise.reject(e); }",
        "try { a(); } catch (err) { callback(err); }",
        "try { a(); } catch (err) { logger.error({ err }, 'failed'); }",
        "try { a(); } catch (err) { this.logger.error(err.message, err.stack); }",
        "try { a(); } catch (err) { req.log.warn(`failed: ${err}`); }",
        "try { a(); } catch (err) { Sentry.captureException(err); }",
        "try { a(); } catch (err) { reportFailure(err.message); }",
        "try { a(); } catch (err) { if (err.code === 'ENOENT') { return null; } throw err; }",
        "return load().catch(console.error);",
        "return load().catch(handleError);",
        "return load().catch((err) => err);",
    ],
)
def test_handled(tmp_path: Path, body: str) -> None:
    assert _codes(tmp_path, body) == []


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("try { a(); } catch { /* ignore */ }", "ERR003"),
        ("try { a(); } catch (e) { return false; }", "ERR003"),
        ("try { a(); } catch (e) { done(); }", "ERR002"),
        ("try { a(); } catch (e) { res.status(500).json({ error: e.message }); }", "ERR002"),
        ("try { a(); } catch (e) { console.error('failed'); }", "ERR004"),
        ("return load().catch(() => undefined);", "ERR003"),
        ("return load().catch((e) => res.status(500).end());", "ERR002"),
        ("return load().catch(_.noop);", "ERR003"),
    ],
)
def test_flagged(tmp_path: Path, body: str, code: str) -> None:
    assert _codes(tmp_path, body) == [code]


def test_typescript_tsx_and_syntax_errors(tmp_path: Path) -> None:
    tsx = "try { a(); } catch (e: unknown) {}\n  const el = <div>{x}</div>;"
    assert _codes(tmp_path, tsx, "src/services/view.tsx") == ["ERR003"]
    broken = tmp_path / "src" / "services" / "broken.js"
    broken.write_text("function (", "utf-8")
    settings = load_settings(tmp_path, flags={"select": Setting(["ERR"], "test")})
    codes = sorted(f.code for f in run_gate(tmp_path, settings, jobs=1).report.findings)
    assert codes == ["AWL001", "ERR003"]


def test_ui_messages_are_not_logs(tmp_path: Path) -> None:
    assert _codes(tmp_path, "try { a(); } catch (err) { toast.error(err.message); }") == ["ERR002"]


def test_log_named_helpers_receiving_the_error(tmp_path: Path) -> None:
    assert _codes(tmp_path, "try { a(); } catch (err) { logError(err.message); }") == []
