"""The core (models, services, reports, migrations, CLI commands but the GUI) must work without Qt."""

import subprocess
import sys

CORE_MODULES = [
    "app.cli", "app.config", "app.kit.idcard", "app.kit.pinyin", "app.services.roster.vocab", "app.services.roster.fields",
    "app.models", "app.models.database", "app.services.common.storage", "app.services", "app.services.roster.members",
    "app.services.roster.member_events", "app.services.common.branch", "app.reports", "app.migrations.env",
]


def test_importing_the_core_loads_no_pyside6():
    code = (
        "import importlib, pkgutil, sys\n"
        f"mods = {CORE_MODULES!r}\n"
        "import app.services, app.reports, app.commands\n"
        "for pkg in (app.services, app.reports):\n"
        "    mods += [pkg.__name__ + '.' + m.name for m in pkgutil.iter_modules(pkg.__path__)]\n"
        "mods += ['app.commands.' + m.name for m in pkgutil.iter_modules(app.commands.__path__) if m.name != 'gui']\n"
        "for m in mods:\n"
        "    if m == 'app.migrations.env':\n"
        "        continue  # runs only inside Alembic\n"
        "    importlib.import_module(m)\n"
        "qt = sorted(n for n in sys.modules if n.startswith(('PySide6', 'shiboken6')))\n"
        "print(len(mods))\n"
        "assert not qt, qt\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 10
