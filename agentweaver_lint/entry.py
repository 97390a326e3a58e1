"""The process entry point: the console script and ``python -m agentweaver_lint``."""

from __future__ import annotations

import contextlib
import os
import sys

import click

from agentweaver_lint.cli import main
from agentweaver_lint.cliutil import EXIT_ERROR, EXIT_OK


def run() -> None:
    """The process entry point (console script and ``python -m``): :func:`main`, then leave
    without tearing the interpreter down.

    Every report, the cache and the baseline are written and closed by then; what is left is
    freeing millions of objects one by one (the syntax trees of the repository checks), which
    took a second of a seven-second netbox run. Under a profiler or coverage the exit is a
    normal one, so they can write their data.
    """
    try:
        main()
        code: int = EXIT_OK
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or EXIT_OK
        else:
            click.echo(str(exc.code), err=True)
            code = EXIT_ERROR
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)  # a profiler or coverage writes its data at a normal exit
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (| head) takes nothing
            stream.flush()
    os._exit(code)
