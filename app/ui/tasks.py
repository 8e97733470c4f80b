"""Background tasks: run a core function off the GUI thread, show progress, hand back the result.

Every job that can take over a second (exports, backups, verifying and applying a restore, the backup on
exit, later the importer and the binder) goes through here, so each shows the same progress dialog, the
same cancel button and the same Chinese error messages.

A *job* is a plain function of one argument, a `Progress`::

    def job(progress: Progress) -> Result:
        progress("正在导出", done, total)   # text for the user; done/total draw the bar (total 0: busy bar)
        ...
        return result

It runs on a pool thread, so it must not touch widgets and must not use the GUI thread's ORM objects:
it opens its own session (``with db.session() as s:``, or wrap it with `in_session(db, fn)`), and
returns plain values. A job that can stop half-way without leaving a mess is started with
``cancellable=True``: the dialog then has a 取消 button, and the job's next ``progress(...)`` call
raises `TaskCancelled` (a job that loops without reporting can poll ``progress.cancelled``).

Two ways to run one, both from the GUI thread:

* ``run_task(parent, job, title=..., text=...) -> TaskOutcome`` waits for the job (the window repaints
  meanwhile; a modal progress dialog appears after `DIALOG_DELAY_MS`) and returns its outcome:
  ``.ok`` / ``.value`` / ``.error`` / ``.cancelled``. For an action whose caller needs the result
  (an export that then says where the file went; the backup taken while the window closes).
* ``start_task(parent, job, title=..., on_done=..., on_error=...) -> Task`` returns at once; the
  callbacks run later on the GUI thread. ``dialog=False`` leaves progress to the caller, who passes
  ``on_progress(text, done, total)`` (the 备份 page shows its own bar) and may call ``task.cancel()``.

An error is shown with `show_task_error` (a UserError's or a backup error's own Chinese sentence, a
file that could not be written, or 出现意外错误 with the type), unless the caller passes ``on_error``
(`run_task`: ``show_errors=False``) to handle it itself — e.g. asking again after a wrong password.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from app.kit.errors import UserError
from app.ui import messages

DIALOG_DELAY_MS = 500  # a job quicker than this shows no dialog at all, only a wait cursor


class TaskCancelled(Exception):
    """Raised inside a cancellable job by its next progress report after the user pressed 取消."""


class Progress:
    """What a job reports through; thread-safe. Call it as ``progress(text, done=0, total=0)``."""

    def __init__(self, report: Callable[[str, int, int], None], cancellable: bool) -> None:
        self._report = report
        self._cancellable = cancellable
        self._cancel = threading.Event()

    def __call__(self, text: str, done: int = 0, total: int = 0) -> None:
        if self.cancelled:
            raise TaskCancelled()
        self._report(text, done, total)

    @property
    def cancelled(self) -> bool:
        return self._cancellable and self._cancel.is_set()

    def request_cancel(self) -> None:
        self._cancel.set()


Job = Callable[[Progress], Any]


def in_session(db, fn: Callable[[Any, Progress], Any]) -> Job:
    """A job that opens its own session of `db` (app.models.database.Database) on the worker thread."""

    def job(progress: Progress) -> Any:
        with db.session() as session:
            return fn(session, progress)

    return job


def task_error_text(exc: BaseException) -> str:
    """The Chinese sentence shown for a job's error."""
    if isinstance(exc, UserError):
        return exc.message
    if isinstance(exc, OSError):
        where = f"：\n{exc.filename}" if exc.filename else ""
        return (f"无法读写文件{where}\n\n请确认该文件没有在 WPS 或 Excel 等程序中打开，"
                "并且所选的文件夹（或U盘）可以写入。")
    return f"出现意外错误：{type(exc).__name__}: {exc}"


def show_task_error(parent: QWidget | None, exc: BaseException, title: str) -> None:
    detail = "" if isinstance(exc, UserError) else str(exc)
    if isinstance(exc, OSError):
        detail = str(exc)
    messages.show_error(parent, task_error_text(exc), title, detail=detail)


@dataclass(frozen=True)
class TaskOutcome:
    value: Any = None
    error: BaseException | None = None
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and not self.cancelled


class Task(QObject):
    """One running job. Lives on the GUI thread; only the plain job function runs on the pool, and it
    talks back through queued signals, so nothing Qt-owned is touched from the worker."""

    # object, not int: byte counts of a large backup exceed a C int
    progressed = Signal(str, object, object)  # text, done, total (total 0 = unknown)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    cancelled = Signal()
    ended = Signal()  # after any of the three above

    def __init__(self, job: Job, parent: QObject | None, *, cancellable: bool) -> None:
        super().__init__(parent)
        self._job = job
        self.cancellable = cancellable
        self.progress = Progress(self._report, cancellable)
        self.outcome: TaskOutcome | None = None
        self._last: tuple[str, int, int] | None = None
        self._lock = threading.Lock()
        # Bound methods of this GUI-thread object, so the worker's emits are queued to the GUI thread
        # (a lambda would run in the worker).
        self.succeeded.connect(self._on_succeeded)
        self.failed.connect(self._on_failed)
        self.cancelled.connect(self._on_cancelled)

    def _report(self, text: str, done: int, total: int) -> None:
        # Coarsened to per mille: a job reporting every 64 KiB must not flood the GUI thread.
        key = (text, done * 1000 // total if total > 0 else -1, total)
        with self._lock:
            if key == self._last:
                return
            self._last = key
        self.progressed.emit(text, done, total)

    def run(self) -> None:
        """On the pool thread."""
        try:
            value = self._job(self.progress)
        except TaskCancelled:
            self.cancelled.emit()
        except Exception as exc:  # noqa: BLE001 - reported to the user, never a silent thread death
            self.failed.emit(exc)
        else:
            self.succeeded.emit(value)

    def _on_succeeded(self, value: object) -> None:
        self._finish(TaskOutcome(value=value))

    def _on_failed(self, exc: BaseException) -> None:
        self._finish(TaskOutcome(error=exc))

    def _on_cancelled(self) -> None:
        self._finish(TaskOutcome(cancelled=True))

    def _finish(self, outcome: TaskOutcome) -> None:
        self.outcome = outcome
        self.ended.emit()

    def cancel(self) -> None:
        self.progress.request_cancel()

    @property
    def running(self) -> bool:
        return self.outcome is None


class _ProgressDialog(QProgressDialog):
    """Shown only when the job lasts longer than DIALOG_DELAY_MS; 取消 only for a cancellable job."""

    def __init__(self, task: Task, parent: QWidget | None, title: str, text: str) -> None:
        super().__init__(text, "取消" if task.cancellable else "", 0, 0, parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(2**31 - 1)  # never shown by QProgressDialog's own timer: ours decides
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(360)
        if not task.cancellable:
            self.setCancelButton(None)
        self.canceled.connect(lambda: self._cancel(task))
        self._task = task
        task.progressed.connect(self._on_progress)
        task.ended.connect(self.deleteLater)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._appear)
        self._timer.start(DIALOG_DELAY_MS)

    def _cancel(self, task: Task) -> None:
        task.cancel()
        if task.running:  # QProgressDialog hides itself on 取消; stay up (modal) until the job stops
            self.setLabelText("正在取消…")
            self.show()

    def _appear(self) -> None:
        if self._task.running:
            self.show()

    def _on_progress(self, text: str, done: int, total: int) -> None:
        if total > 0:
            self.setRange(0, 1000)
            self.setValue(done * 1000 // total)
            self.setLabelText(f"{text}…")  # the bar shows the percentage
        else:
            self.setRange(0, 0)
            self.setLabelText(text)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        # The window's close button means 取消 for a cancellable job, and nothing for another.
        if self._task.running:
            if self._task.cancellable:
                self._cancel(self._task)
            event.ignore()
            return
        super().closeEvent(event)


_RUNNING: set[Task] = set()


def _launch(parent: QWidget | None, job: Job, *, title: str, text: str, cancellable: bool,
            dialog: bool, on_progress: Callable[[str, int, int], None] | None = None) -> Task:
    # No Qt parent: closing the page that started a job must not delete the object its worker reports
    # through. _RUNNING holds it until the job has ended.
    task = Task(job, None, cancellable=cancellable)
    _RUNNING.add(task)
    task.ended.connect(lambda: _RUNNING.discard(task))
    if dialog:
        _ProgressDialog(task, parent, title, text)
    if on_progress is not None:  # connected before the job starts, or its first reports would be lost
        task.progressed.connect(on_progress)
    QThreadPool.globalInstance().start(task.run)
    return task


def start_task(parent: QWidget | None, job: Job, *, title: str, text: str = "请稍候…",
               on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None,
               on_cancelled: Callable[[], None] | None = None,
               on_progress: Callable[[str, int, int], None] | None = None,
               cancellable: bool = False, dialog: bool = True) -> Task:
    """Start `job` on a pool thread and return at once. The callbacks run on the GUI thread:
    on_done(value), on_error(exc) (default: show_task_error with `title`), on_cancelled(),
    on_progress(text, done, total) (pass it here rather than connecting to task.progressed afterwards:
    the job may report before that)."""
    task = _launch(parent, job, title=title, text=text, cancellable=cancellable, dialog=dialog,
                   on_progress=on_progress)

    def ended() -> None:
        outcome = task.outcome
        assert outcome is not None
        if outcome.cancelled:
            if on_cancelled is not None:
                on_cancelled()
        elif outcome.error is not None:
            if on_error is not None:
                on_error(outcome.error)
            else:
                show_task_error(parent, outcome.error, title)
        elif on_done is not None:
            on_done(outcome.value)

    task.ended.connect(ended)
    task.ended.connect(task.deleteLater)
    return task


def run_task(parent: QWidget | None, job: Job, *, title: str, text: str = "请稍候…",
             cancellable: bool = False, show_errors: bool = True) -> TaskOutcome:
    """Run `job` on a pool thread and wait for it, keeping the window painted. Until the progress dialog
    appears, user input is held back (a wait cursor shows), so nothing else starts in between."""
    task = _launch(parent, job, title=title, text=text, cancellable=cancellable, dialog=True)
    loop = QEventLoop()
    task.ended.connect(loop.quit)
    delay = QTimer()
    delay.setSingleShot(True)
    delay.timeout.connect(loop.quit)
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        if task.running:
            delay.start(DIALOG_DELAY_MS)
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
            delay.stop()
        if task.running:  # the dialog is up now (window-modal): its 取消 must work
            QApplication.restoreOverrideCursor()
            try:
                while task.running:
                    loop.exec()
            finally:
                QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    finally:
        QApplication.restoreOverrideCursor()
    outcome = task.outcome
    assert outcome is not None
    task.deleteLater()
    if outcome.error is not None and show_errors:
        show_task_error(parent, outcome.error, title)
    return outcome
