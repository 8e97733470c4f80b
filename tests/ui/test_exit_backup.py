"""The automatic backup on exit runs off the GUI thread (through app.ui.tasks), and a failure is told in
Chinese before the window closes."""

from __future__ import annotations

import threading

from app.services.backup.backup_service import BackupError
from app.ui import messages
from app.ui.application import create_qt_application
from app.ui.main_window import MainWindow


def test_exit_backup_runs_on_a_worker_thread(qtbot, branch_db, monkeypatch):
    create_qt_application()
    threads = []
    monkeypatch.setattr("app.services.backup.auto_backup.auto_backup_if_due",
                        lambda db, on_exit=False, **kw: threads.append((threading.get_ident(), db, on_exit)))
    window = MainWindow(branch_db)
    qtbot.addWidget(window)
    window.show()
    window.close()
    [(thread, db, on_exit)] = threads
    assert thread != threading.get_ident() and db is branch_db and on_exit


def test_a_failed_exit_backup_is_told_in_chinese(qtbot, branch_db, monkeypatch):
    create_qt_application()

    def fail(db, **kw):
        raise BackupError("备份没有开始：磁盘的剩余空间不够。")

    monkeypatch.setattr("app.services.backup.auto_backup.auto_backup_if_due", fail)
    shown = []
    monkeypatch.setattr(messages, "show_error", lambda parent, text, title="", detail="": shown.append((title, text)))
    window = MainWindow(branch_db)
    qtbot.addWidget(window)
    window.show()
    window.close()
    [(title, text)] = shown
    assert title == "自动备份失败"
    assert "退出前的自动备份没有完成：备份没有开始：磁盘的剩余空间不够。" in text and "数据没有丢失" in text
