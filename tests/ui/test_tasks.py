"""The background-task runner as a user meets it: work happens off the GUI thread, a progress dialog with
the job's text appears only for a slow job, 取消 stops a job that allows it, errors come as Chinese messages."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from app.kit.errors import UserError
from app.ui import messages, tasks
from app.ui.application import create_qt_application
from app.ui.tasks import in_session, run_task, start_task


@pytest.fixture
def parent(qtbot):
    create_qt_application()
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def errors(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, text, title="", detail="": shown.append((title, text)))
    return shown


def progress_dialog(parent) -> QProgressDialog | None:
    found = [d for d in parent.findChildren(QProgressDialog) if d.isVisible()]
    return found[0] if found else None


def test_run_task_returns_the_result_computed_on_another_thread(parent, errors):
    outcome = run_task(parent, lambda progress: threading.get_ident(), title="导出")
    assert outcome.ok and outcome.value != threading.get_ident()
    assert not errors and progress_dialog(parent) is None  # quick: no dialog at all


def test_a_user_error_is_shown_in_chinese_with_the_task_title(parent, errors):
    def job(progress):
        raise UserError("“入党日期”不能晚于今天。", field="joined_date")

    outcome = run_task(parent, job, title="无法导出")
    assert not outcome.ok and isinstance(outcome.error, UserError)
    assert errors == [("无法导出", "“入党日期”不能晚于今天。")]


def test_a_file_that_cannot_be_written_names_the_file(parent, errors, tmp_path):
    target = tmp_path / "没有这个文件夹" / "花名册.pdf"

    def job(progress):
        target.write_bytes(b"x")

    run_task(parent, job, title="无法导出")
    [(title, text)] = errors
    assert str(target) in text and "WPS" in text


def test_an_unexpected_error_is_reported_not_swallowed(parent, errors):
    def job(progress):
        raise KeyError("x")

    outcome = run_task(parent, job, title="备份没有完成")
    assert isinstance(outcome.error, KeyError)
    assert "出现意外错误" in errors[0][1] and "KeyError" in errors[0][1]


def test_the_caller_may_handle_the_error_itself(parent, errors, qtbot):
    seen = []

    def job(progress):
        raise UserError("备份密码不正确。")

    start_task(parent, job, title="备份", on_error=seen.append)
    qtbot.waitUntil(lambda: bool(seen))
    assert str(seen[0]) == "备份密码不正确。" and not errors


def test_a_slow_job_shows_its_progress_and_can_be_cancelled(parent, errors, qtbot, monkeypatch):
    monkeypatch.setattr(tasks, "DIALOG_DELAY_MS", 0)
    reported = threading.Event()
    cancel_seen = threading.Event()
    done, cancelled = [], []

    def job(progress):
        progress("正在备份", 1, 2)
        reported.set()
        while not cancel_seen.is_set():
            try:
                progress("正在备份", 1, 2)
            except tasks.TaskCancelled:
                cancel_seen.set()
                raise
            cancel_seen.wait(0.01)
        return "never"

    start_task(parent, job, title="备份", text="正在准备备份…", cancellable=True,
               on_done=done.append, on_cancelled=lambda: cancelled.append(True))
    qtbot.waitUntil(lambda: progress_dialog(parent) is not None and progress_dialog(parent).value() == 500)
    dialog = progress_dialog(parent)
    assert dialog.windowTitle() == "备份" and dialog.labelText() == "正在备份…"  # the bar says 50%
    [cancel] = [b for b in dialog.findChildren(QPushButton) if b.text() == "取消"]
    cancel.click()
    qtbot.waitUntil(lambda: bool(cancelled))
    assert not done and not errors
    qtbot.waitUntil(lambda: progress_dialog(parent) is None)


def test_a_job_that_cannot_be_cancelled_has_no_cancel_button(parent, qtbot, monkeypatch):
    monkeypatch.setattr(tasks, "DIALOG_DELAY_MS", 0)
    release = threading.Event()
    done = []
    start_task(parent, lambda progress: release.wait(10) and "好", title="正在自动备份", on_done=done.append)
    qtbot.waitUntil(lambda: progress_dialog(parent) is not None)
    assert not [b for b in progress_dialog(parent).findChildren(QPushButton) if b.isVisible()]
    release.set()
    qtbot.waitUntil(lambda: done == ["好"])


def test_in_session_gives_the_job_its_own_session(parent, db):
    from sqlalchemy import text

    outcome = run_task(parent, in_session(db, lambda session, progress: session.execute(text("SELECT 41 + 1")).scalar()),
                       title="读取")
    assert outcome.value == 42


def test_progress_in_bytes_beyond_two_gigabytes(parent, qtbot):
    seen = []
    total = 5 * 2**30  # a backup with many photos

    def job(progress):
        progress("正在备份", 3 * 2**30, total)

    start_task(parent, job, title="备份", dialog=False, on_progress=lambda *a: seen.append(a), on_done=seen.append)
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert seen[0] == ("正在备份", 3 * 2**30, total)


def test_closing_the_page_that_started_a_job_is_safe(qtbot):
    create_qt_application()
    page = QWidget()
    page.show()
    release = threading.Event()
    task = start_task(page, lambda progress: release.wait(10) and 7, title="备份", dialog=False)
    page.deleteLater()
    qtbot.waitUntil(lambda: _deleted(page))
    release.set()
    qtbot.waitUntil(lambda: task.outcome is not None)
    assert task.outcome.value == 7


def _deleted(widget) -> bool:
    from shiboken6 import isValid

    return not isValid(widget)
