"""The ordinary start-up paints the window frame before SQLAlchemy and the models are imported, then opens
the database and builds the page shown; nothing the user sees differs from the full path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.services.common.settings import set_setting
from app.ui import application
from app.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def no_exit_backup(monkeypatch):
    monkeypatch.setattr("app.services.backup.auto_backup.auto_backup_if_due", lambda db, on_exit=False, **kw: None)


def test_the_frame_shows_first_then_the_home_page(qtbot, monkeypatch, branch_db, data_dir):
    with branch_db.transaction() as s:
        set_setting(s, "demo.is_sample", True)
    branch_db.dispose()
    seen = {}

    def event_loop(app) -> int:
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        seen["frame"] = (window.database, window.windowTitle(), window.sample_banner.isVisibleTo(window),
                         window.branch_label.text(), window.nav.currentItem().text())
        qtbot.waitUntil(lambda: window.database is not None)
        seen["page"] = type(window.stack.currentWidget()).__name__
        seen["title"] = window.windowTitle()
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", event_loop)
    assert application.run_gui(str(data_dir)) == 0
    assert seen["frame"] == (None, "中共测试市实验小学支部委员会 — 支部台账", True,
                             "支部：中共测试市实验小学支部委员会", "首页")
    assert seen["page"] == "HomePage"  # a fresh install opens on 首页
    assert seen["title"] == "中共测试市实验小学支部委员会 — 支部台账"


def test_nothing_before_the_first_paint_imports_sqlalchemy(branch_db, data_dir):
    """What the command line and the window frame import, in a fresh interpreter."""
    branch_db.dispose()
    code = (
        "import sys\n"
        "import app.ui.application, app.ui.quick_start, app.ui.main_window, app.infra.start_peek\n"
        "app.ui.application.run_gui = lambda data_dir=None: print(data_dir) or 0\n"
        "from app.cli import main\n"
        "assert main(['--data-dir', 'x']) == 0 and main(['--data-dir=x', 'gui']) == 0\n"
        "from pathlib import Path\n"
        f"assert app.infra.start_peek.peek_at_start(Path({str(data_dir)!r})) is not None\n"
        "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'app.models', 'app.services'))))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:3] == ["x", "x", "[]"]
