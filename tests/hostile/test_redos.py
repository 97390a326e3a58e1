"""Every regex in the package on ~50 kB adversarial inputs, in a subprocess with a hang guard.

A pattern still running after 10 s kills the sweep and names itself. This guards against
catastrophic backtracking; it is not a timing assertion.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import agentweaver_lint

SWEEP = Path(__file__).with_name("redos_sweep.py")
GUARD_S = 10.0


@pytest.mark.slow
def test_no_regex_backtracks_catastrophically() -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(agentweaver_lint.__file__).resolve().parent.parent)}
    with subprocess.Popen(
        [sys.executable, "-u", str(SWEEP)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
        env=env,
    ) as proc:
        lines: queue.Queue[str] = queue.Queue()

        def pump() -> None:
            assert proc.stdout is not None
            # readline, not iteration: iterating a pipe reads ahead and would delay lines.
            for line in iter(proc.stdout.readline, ""):
                lines.put(line.rstrip("\n"))
            lines.put("")

        reader = threading.Thread(target=pump, daemon=True)
        reader.start()
        current, total, seen, line = "start-up", 0, 0, ""
        while True:
            try:
                line = lines.get(timeout=GUARD_S)
            except queue.Empty:
                proc.kill()
                pytest.fail(f"regex hang (> {GUARD_S:g} s without progress) at: {current}")
            if line.startswith("total "):
                total = int(line.split()[1])
            elif line.startswith("start "):
                current, seen = line, seen + 1
            elif line in ("done", ""):
                break
        _, errors = proc.communicate(timeout=30)
        reader.join(timeout=5)
    assert proc.returncode == 0, errors
    assert line == "done" and total > 100 and seen == total
