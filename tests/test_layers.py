"""The layer contract: the core (kit, infra, models, migrations, services, reports, areas, commands but
the GUI) never imports Qt or the UI; models import no services; reports import no UI.

Two checks: import-linter reads every import statement of every module (pyproject's [tool.importlinter]),
and a fresh interpreter imports every core module, walking the packages recursively, and finds no Qt loaded.
"""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORE_PACKAGES = ["app.kit", "app.infra", "app.models", "app.services", "app.reports", "app.areas", "app.commands"]


def test_import_linter_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint) if lint.exists() else "lint-imports"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and " 0 broken" in result.stdout


def test_importing_every_core_module_loads_no_pyside6():
    code = (
        "import importlib, pkgutil, sys\n"
        f"packages = {CORE_PACKAGES!r}\n"
        "mods = ['app.cli', 'app.config', 'app.paths', 'app.migrations', 'app.migrations.runner']\n"
        "for name in packages:\n"
        "    pkg = importlib.import_module(name)\n"
        "    mods += [m.name for m in pkgutil.walk_packages(pkg.__path__, name + '.')]\n"
        "mods = [m for m in mods if m != 'app.commands.gui']\n"
        "for m in mods:\n"
        "    importlib.import_module(m)\n"
        "from app.kit import registry\n"
        "for area in registry.areas():\n"
        "    for path in (*area.checks, *area.reminders, *(d.writer for d in area.documents)):\n"
        "        registry.resolve(path)\n"
        "qt = sorted(n for n in sys.modules if n.startswith(('PySide6', 'shiboken6')))\n"
        "print(len(mods))\n"
        "assert not qt, qt\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 40
