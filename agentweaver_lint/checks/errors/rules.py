"""ERR rule metadata: errors are caught deliberately and logged with context."""

from __future__ import annotations

from agentweaver_lint.model import Severity
from agentweaver_lint.registry import Option, Rule

SCRIPT_PATHS = (
    "**/scripts/**",
    "**/bin/**",
    "**/examples/**",
    "docs/**",
    "manage.py",
    "setup.py",
    "noxfile.py",
    "fabfile.py",
    "**/conftest.py",
    "**/management/commands/**",
    "**/cli.py",
    "**/cli/**",
    "**/__main__.py",
)
SCOPE_OPTIONS = (
    Option("include_tests", bool, False, "Also judge test files (the `tests` globs)."),
    Option("include_scripts", bool, False, "Also judge scripts (the `script_paths` globs)."),
    Option("script_paths", list[str], list(SCRIPT_PATHS), "Globs of scripts and examples."),
)


class BareExcept(Rule):
    """A bare `except:` (Python) that does not re-raise.

    ## What it does
    Reports `except:` clauses whose body never raises (a `raise` anywhere in the block,
    `raise … from e`, `sys.exit()` or `abort()` count as re-raising), at the `except` keyword.
    ruff's E722 on the same clause is merged into this finding (`ruff_codes` in extra).

    ## Why it matters
    A bare except also catches `KeyboardInterrupt`, `SystemExit` and programming errors
    (`NameError`), so a typo becomes a silent wrong answer instead of a crash.

    ## Example
    ```python
    try:
        charge(order)
    except:
        logger.exception("charge failed")
    ```

    ## Use instead
    ```python
    try:
        charge(order)
    except PaymentError:
        logger.exception("charge failed for order %s", order.id)
        raise
    ```

    ## Options
    `include_tests` (false), `include_scripts` (false), `script_paths` (scripts, bin, examples, cli,
    docs, manage.py, setup.py…): application code is judged by default; migrations never are.
    `# noqa: ERR00N` (or the matching ruff code) on the `except` line suppresses the finding.
    """

    code = "ERR001"
    name = "bare-except"
    family = "ERR"
    non_negotiable = "error-handling"
    severity = Severity.ERROR
    summary = "Bare `except:` that does not re-raise."
    options = SCOPE_OPTIONS


class BroadExceptNotLogged(Rule):
    """An `except Exception` / `except BaseException` (or a JS/TS `catch`) that neither re-raises,
    logs the error, nor hands it on.

    ## What it does
    Reports broad handlers that do not re-raise, do not log the error (a logger call,
    `logger.exception`, an error tracker such as `sentry_sdk.capture_exception`, or a function of
    this repository that does one of those) and do not pass the exception object on
    (`future.set_exception(e)`, `handle(e)`, `return {"exception": e}`) or report it
    (`resp.failure(f"{e}")`, `report_failure(str(e))`; a UI message is not a log). In JS/TS every
    `catch` is broad; forwarding is `next(err)`, `done(err)`, `reject(err)`, `callback(err)`,
    `throw`; sending it to the client (`res.status(500).send(err)`) is not. ruff's BLE001 on the
    same clause is merged into this finding.

    ## Why it matters
    "All errors must be caught and logged with context": a broad handler that does neither turns
    every failure, including bugs, into silence.

    ## Example
    ```python
    try:
        sync_inventory()
    except Exception:
        return JSONResponse({"ok": False}, status_code=500)
    ```

    ## Use instead
    ```python
    try:
        sync_inventory()
    except Exception:
        logger.exception("inventory sync failed")
        return JSONResponse({"ok": False}, status_code=500)
    ```

    ## Options
    `include_tests` (false), `include_scripts` (false), `script_paths` (scripts, bin, examples, cli,
    docs, manage.py, setup.py…): application code is judged by default; migrations never are.
    `# noqa: ERR00N` (or the matching ruff code) on the `except` line suppresses the finding.
    """

    code = "ERR002"
    name = "broad-except-not-logged"
    family = "ERR"
    non_negotiable = "error-handling"
    severity = Severity.ERROR
    summary = "Broad except/catch that neither re-raises, logs nor forwards the error."
    options = SCOPE_OPTIONS


class SwallowedException(Rule):
    """An exception swallowed: the handler only passes, continues, returns or drops a value.

    ## What it does
    Reports handlers whose whole body is `pass`, `...`, `continue`, `break`, `return` or
    `return None` (broad handlers also: any constant default, `x = None`), with no log and no
    re-raise; in JavaScript/TypeScript an empty `catch {}`, a catch that only returns a constant,
    and `.catch(() => {})` / `.catch(noop)`. Narrow control-flow handlers are fine
    (`except KeyError: return default`, `except ImportError: pass`, `DoesNotExist`,
    `StopIteration`, queue `Empty`, timeouts, JWT/validation/parse errors…), and so is a narrow
    handler returning a real value (`except HTTPError: return False`). ruff's S110/S112 on the
    same clause are merged in.

    ## Why it matters
    A swallowed error leaves the system in an unknown state and leaves no trace to debug.

    ## Example
    ```python
    for row in rows:
        try:
            import_row(row)
        except DatabaseError:
            continue
    ```

    ## Use instead
    ```python
    for row in rows:
        try:
            import_row(row)
        except DatabaseError:
            logger.warning("row %s skipped", row.id, exc_info=True)
            continue
    ```

    ## Options
    `include_tests` (false), `include_scripts` (false), `script_paths` (scripts, bin, examples, cli,
    docs, manage.py, setup.py…): application code is judged by default; migrations never are.
    `# noqa: ERR00N` (or the matching ruff code) on the `except` line suppresses the finding.
    """

    code = "ERR003"
    name = "swallowed-exception"
    family = "ERR"
    non_negotiable = "error-handling"
    severity = Severity.ERROR
    summary = "Exception swallowed: pass/continue/return with no log and no re-raise."
    options = SCOPE_OPTIONS


class LoggedWithoutContext(Rule):
    """An error logged without context (a constant message only), or printed instead of logged.

    ## What it does
    Reports handlers whose only logging is a constant string (no exception object, no variable,
    no `exc_info`, not `logger.exception`, no bound context such as `logger.bind(id=…)`), e.g.
    `logger.error("failed")` or `console.log('failed')`, and handlers that `print()` (or
    `traceback.print_exc()`, `sys.stderr.write`, `click.echo`) instead of using a logger.
    A constant `debug`/`info` message on a narrow handler marks an expected condition and is
    fine; control-flow handlers are never reported. ruff's TRY400 on a constant message is
    merged in; a message that carries the exception or a variable is context enough.

    ## Why it matters
    "failed" in a log tells nobody what failed, for which input, or why.

    ## Example
    ```python
    try:
        send_invoice(invoice)
    except SMTPException:
        logger.error("sending failed")
    ```

    ## Use instead
    ```python
    try:
        send_invoice(invoice)
    except SMTPException:
        logger.exception("sending invoice %s failed", invoice.id)
    ```

    ## Options
    `include_tests` (false), `include_scripts` (false), `script_paths` (scripts, bin, examples, cli,
    docs, manage.py, setup.py…): application code is judged by default; migrations never are.
    `# noqa: ERR00N` (or the matching ruff code) on the `except` line suppresses the finding.
    """

    code = "ERR004"
    name = "logged-without-context"
    family = "ERR"
    non_negotiable = "error-handling"
    severity = Severity.WARNING
    summary = "Error logged with a constant message only, or printed instead of logged."
    options = SCOPE_OPTIONS


class UnhandledAsyncRoute(Rule):
    """An Express 4 async route handler whose rejection nothing catches.

    ## What it does
    In files that import `express`, reports an `async` function passed straight to
    `app.get/post/put/patch/delete/all/use(…)` or `router.…(…)` when one of its `await`s is
    outside a `try` block with a `catch` and is not `await x.catch(…)`. A handler wrapped in a
    helper (`asyncHandler(async (req, res) => …)`, `catchAsync(…)`) is not reported: the wrapper
    forwards the rejection to `next`. Reported at the `async` keyword.

    ## Why it matters
    Express 4 ignores the promise a handler returns: a rejected `await` never reaches the
    error middleware, the request hangs, and Node reports an unhandled rejection (or exits).

    ## Example
    ```js
    router.get('/users/:id', async (req, res) => {
      res.json(await users.find(req.params.id));
    });
    ```

    ## Use instead
    ```js
    router.get('/users/:id', asyncHandler(async (req, res) => {
      res.json(await users.find(req.params.id));
    }));
    ```

    ## Options
    `express5` (false): Express 5 forwards rejections itself; set true to turn the rule off.
    `include_tests`, `include_scripts`, `script_paths` as for ERR001.
    """

    code = "ERR005"
    name = "unhandled-async-route"
    family = "ERR"
    non_negotiable = "error-handling"
    severity = Severity.ERROR
    summary = "Express async route handler whose rejections reach no try/catch, next or wrapper."
    options = (
        Option("express5", bool, False, "The app runs Express 5 (rejections are forwarded)."),
        *SCOPE_OPTIONS,
    )


ERR_CODES = ("ERR001", "ERR002", "ERR003", "ERR004", "ERR005")
