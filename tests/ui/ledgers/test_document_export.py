"""Writing a ledger document from the GUI: the work runs off the GUI thread (app.ui.tasks) in a session of
its own, and what goes wrong is said in Chinese."""

from __future__ import annotations

import threading

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from app.reports.engine.register import ReportError
from app.ui import messages
from app.ui.application import create_qt_application
from app.ui.ledgers.document_export import Document, DocumentExporter


def exporter(qtbot, db, tmp_path) -> DocumentExporter:
    create_qt_application()
    parent = QWidget()
    qtbot.addWidget(parent)
    return DocumentExporter(db, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat), parent)


def test_the_document_is_written_on_a_worker_thread_in_its_own_session(qtbot, branch_db, tmp_path):
    seen = []

    def write(session, path, fmt):
        seen.append((threading.get_ident(), session))
        path.write_bytes(b"%PDF-1.4")
        return "结果"

    target = tmp_path / "花名册.pdf"
    with branch_db.session() as gui_session:
        result = exporter(qtbot, branch_db, tmp_path).write(Document("党员花名册", write), target, "pdf")
    assert result == "结果" and target.read_bytes() == b"%PDF-1.4"
    [(thread, session)] = seen
    assert thread != threading.get_ident() and session is not gui_session


def test_failures_are_said_in_chinese_and_nothing_is_returned(qtbot, branch_db, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(messages, "show_error", lambda parent, text, title="", detail="": shown.append((title, text)))
    export = exporter(qtbot, branch_db, tmp_path)

    def locked(session, path, fmt):
        raise PermissionError(13, "Permission denied", str(path))

    def empty(session, path, fmt):
        raise ReportError("没有可以导出的党员。")

    target = tmp_path / "花名册.xlsx"
    assert export.write(Document("党员花名册", locked), target, "xlsx") is None
    assert export.write(Document("党员花名册", empty), target, "xlsx") is None
    assert shown[0][0] == "无法导出" and str(target) in shown[0][1] and "WPS" in shown[0][1]
    assert shown[1] == ("无法导出", "没有可以导出的党员。")
