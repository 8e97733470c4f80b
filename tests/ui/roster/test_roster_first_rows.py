"""The roster's first rows at start-up come from plain sqlite3 before SQLAlchemy is imported; they are the
rows the ORM gives, and handing the page over to the database changes nothing on the screen (issue 14)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

from app.config import database_path
from app.services.demo.sample_branch import create_demo_branch
from app.ui.qt_setup import ui_settings_at
from app.ui.roster.roster_page import RosterPage
from app.ui.roster.roster_table_model import COLUMNS, load_roster_rows, read_roster_rows

ROOT = Path(__file__).resolve().parents[3]


def _sample(db) -> None:
    with db.transaction() as s:
        create_demo_branch(s)  # the sample branch: 党小组, former members, dates left blank …


def test_plain_sqlite3_reads_the_same_rows_as_the_orm(db, data_dir):
    _sample(db)
    con = sqlite3.connect(database_path(data_dir))
    try:
        with db.session() as s:
            for former in (False, True):
                rows = load_roster_rows(s, include_former=former, today=date(2026, 6, 1))
                assert rows and read_roster_rows(con, include_former=former, today=date(2026, 6, 1)) == rows
        assert any(r.roster_state != "在册" for r in read_roster_rows(con, include_former=True))
    finally:
        con.close()


def _shown(page: RosterPage) -> tuple:
    """What the user sees of the page: every cell of the table, the headers, the counts, the filters."""
    cells = [[page.proxy.index(r, c).data() for c in range(len(COLUMNS))] for r in range(page.proxy.rowCount())]
    hidden = [page.table.isColumnHidden(c) for c in range(len(COLUMNS))]
    widths = [page.table.columnWidth(c) for c in range(len(COLUMNS))]
    combos = {k: [c.itemText(i) for i in range(c.count())] for k, c in page._filter_combos.items()}
    return cells, hidden, widths, page.counts_label.text(), combos, page.include_former


def test_the_page_before_the_database_shows_what_it_shows_after(qtbot, db, data_dir):
    _sample(db)
    early = RosterPage.before_database(data_dir)
    qtbot.addWidget(early)
    early.resize(1100, 700)
    early.show()
    before = _shown(early)
    assert before[0] and early.add_member() is None  # the actions wait for the database
    resets = []
    early.model.modelReset.connect(lambda: resets.append(1))
    early.attach_database(db)
    assert _shown(early) == before and resets == []  # the same rows: not even a reset of the view

    full = RosterPage(db, settings=ui_settings_at(data_dir))
    qtbot.addWidget(full)
    full.resize(1100, 700)
    full.show()
    assert _shown(full) == before


def test_the_roster_rows_paint_before_sqlalchemy_is_imported(db, data_dir):
    """The whole start-up in a fresh interpreter, the window on the roster: when the table first paints with
    rows, neither SQLAlchemy nor the models are imported; afterwards the database is open."""
    _sample(db)
    ui_settings_at(data_dir).setValue("window/last_page", "roster")
    db.dispose()
    code = (
        "import sys\n"
        "from PySide6.QtCore import QEvent, QObject, QTimer\n"
        "from PySide6.QtWidgets import QApplication, QTableView\n"
        "import app.ui.main_window as mw\n"
        "class Probe(QObject):\n"
        "    def eventFilter(self, watched, event):\n"
        "        if event.type() == QEvent.Type.Paint and isinstance(watched.parent(), QTableView) \\\n"
        "                and watched.parent().model().rowCount() > 0 and not hasattr(self, 'seen'):\n"
        "            self.seen = True\n"
        "            print('rows', watched.parent().model().rowCount(),\n"
        "                  sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'app.models'))))\n"
        "            QTimer.singleShot(0, lambda: print('open', window_of(watched).database is not None))\n"
        "            QTimer.singleShot(0, QApplication.instance().quit)\n"
        "        return False\n"
        "def window_of(w):\n"
        "    while not isinstance(w, mw.MainWindow):\n"
        "        w = w.parent()\n"
        "    return w\n"
        "probe = Probe()\n"
        "original = mw.MainWindow.page\n"
        "def page(self, key):\n"
        "    widget = original(self, key)\n"
        "    if widget is not None and hasattr(widget, 'table'):\n"
        "        widget.table.viewport().installEventFilter(probe)\n"
        "    return widget\n"
        "mw.MainWindow.page = page\n"
        "from app.cli import main\n"
        f"sys.exit(main(['--data-dir', {str(data_dir)!r}, 'gui']))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("rows ") and lines[0].endswith(" []"), lines
    assert int(lines[0].split()[1]) > 10
    assert "open True" in lines
