"""``python -m agentweaver_lint``.

``-m`` puts the current directory — usually the repository being scanned — first on
``sys.path``. The package is already imported by then (its submodules resolve through the
package), so the directory is dropped before anything else is imported: a scanned
repository's ``*.dist-info`` could otherwise name a plugin, and a module of its own could
shadow a dependency.
"""

from __future__ import annotations

import os
import sys

_here = os.getcwd()
sys.path[:] = [p for p in sys.path if p not in ("", ".", _here)]

from agentweaver_lint.entry import run  # noqa: E402 - after the path is made safe

if __name__ == "__main__":
    run()
