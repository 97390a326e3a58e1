"""Both install modes find the rule packs: a built wheel run from elsewhere, and editable."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import sys; from agentweaver_lint.packs import packs_dir; "
    "import agentweaver_lint; d = packs_dir(); "
    "print(d.name, (d / 'backend-dev.yml').is_file(), agentweaver_lint.__file__)"
)


def _build(kind: str, out: Path) -> Path:
    from hatchling.builders.wheel import WheelBuilder

    builder = WheelBuilder(str(ROOT))
    built = list(
        builder.build(
            directory=str(out), versions=["editable" if kind == "editable" else "standard"]
        )
    )
    return Path(built[0])


def _run(site: Path, cwd: Path) -> str:
    # -S: no site-packages, so an installed copy cannot shadow the one under test.
    code = f"import site; site.addsitedir({str(site)!r}); {PROBE}"
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.slow
def test_wheel_ships_packs_and_loads_them_from_another_directory(tmp_path: Path) -> None:
    wheel = _build("standard", tmp_path / "dist")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "agentweaver_lint/_packs/backend-dev.yml" in names
        assert "agentweaver_lint/schemas/report.schema.json" in names
        site = tmp_path / "site"
        archive.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    name, exists, module = _run(site, elsewhere).split()
    assert (name, exists) == ("_packs", "True")
    assert module.startswith(str(site))


@pytest.mark.slow
def test_editable_install_loads_packs_from_the_checkout(tmp_path: Path) -> None:
    wheel = _build("editable", tmp_path / "dist")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    name, exists, module = _run(site, elsewhere).split()
    assert (name, exists) == ("rules", "True")
    assert module == str(ROOT / "agentweaver_lint" / "__init__.py")
