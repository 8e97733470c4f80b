"""Locking the application after the idle time the user set, until the start-up password is given again.

An application-wide event filter sees every key press, click, wheel turn and mouse move, and restarts a
single-shot timer; when it runs out, every open window (the main window and any dialog in it) is covered
by an opaque panel and the UnlockDialog asks for the password. Nothing is closed and nothing typed is
lost: a half-filled member form is still there after unlocking.

The locker asks the access settings each time (has a password? how many minutes?), so a password set,
changed or removed in the settings dialog, or brought back by a restore, takes effect at once after
``reconfigure()``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QVBoxLayout, QWidget
from shiboken6 import isValid

from app.services.access.control import AccessControl
from app.ui.access.unlock_dialog import UnlockDialog

ACTIVITY_EVENTS = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
}


class LockCover(QWidget):
    """An opaque panel over the whole of a window while the application is locked."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockCover")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#lockCover { background: #5a6b7d; } QLabel { color: white; font-size: 16pt; }")
        label = QLabel("支部台账已锁定")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        self._window = window
        window.installEventFilter(self)
        self._fit()
        self.show()
        self.raise_()

    def _fit(self) -> None:
        self.setGeometry(self._window.rect())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self._window and event.type() in (QEvent.Type.Resize, QEvent.Type.ChildAdded):
            self._fit()
            self.raise_()  # stay above anything the window adds or resizes under us
        return False

    def remove(self) -> None:
        if not isValid(self):  # its window was closed and deleted while locked: nothing left to uncover
            return
        self._window.removeEventFilter(self)
        self.hide()
        self.deleteLater()


class IdleLocker(QObject):
    """Watches for activity; locks after the idle time when a start-up password is set."""

    lockedChanged = Signal(bool)

    def __init__(self, access: AccessControl, window: QWidget, *, idle_ms: int | None = None,
                 quit_app: Callable[[], None] | None = None) -> None:
        """`window` is the main window (the lock dialog's parent); `idle_ms` overrides the setting (tests);
        `quit_app` is called when the user chooses to quit from the lock (default: QApplication.quit)."""
        super().__init__(window)
        self._access = access
        self._window = window
        self._idle_ms_override = idle_ms
        self._quit_app = quit_app or QApplication.quit
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lock)
        self._covers: list[LockCover] = []
        self.dialog: UnlockDialog | None = None  # the question on screen, if any
        self._locked = False
        self._ask_again = QTimer(self)  # a child: it dies with the window if the application quits
        self._ask_again.setSingleShot(True)
        self._ask_again.timeout.connect(self._ask_again_now)
        self._installed = False

    # -- configuration
    @property
    def is_locked(self) -> bool:
        return self._locked

    @property
    def idle_ms(self) -> int:
        """0 when the application never locks itself (no password, or 0 minutes)."""
        if not self._access.has_password():
            return 0
        if self._idle_ms_override is not None:
            return self._idle_ms_override
        return self._access.idle_minutes() * 60_000

    def start(self) -> None:
        app = QApplication.instance()
        if not self._installed and app is not None:
            app.installEventFilter(self)
            self._installed = True
        self.reconfigure()

    def stop(self) -> None:
        app = QApplication.instance()
        if self._installed and app is not None:
            app.removeEventFilter(self)
        self._installed = False
        self._timer.stop()

    def reconfigure(self) -> None:
        """Read the settings again (after the settings dialog or a restore) and restart the countdown."""
        if self.is_locked:
            return
        interval = self.idle_ms
        if interval > 0:
            self._timer.start(interval)
        else:
            self._timer.stop()

    @property
    def counting(self) -> bool:
        return self._timer.isActive()

    # -- activity
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in ACTIVITY_EVENTS and not self.is_locked and self._timer.isActive():
            self._timer.start()  # restart the countdown with the same interval
        return False

    # -- locking
    def lock(self) -> None:
        """Cover every window and ask for the password. Does nothing without a password."""
        if self.is_locked or not self._access.has_password():
            return
        self._timer.stop()
        popup = QApplication.activePopupWidget()
        while popup is not None:  # an open menu or combo list would stay above the cover
            popup.close()
            popup = QApplication.activePopupWidget()
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and widget.windowType() in (Qt.WindowType.Window, Qt.WindowType.Dialog):
                self._covers.append(LockCover(widget))
        self._locked = True
        self.lockedChanged.emit(True)
        self._ask()

    def _ask(self) -> None:
        self.dialog = UnlockDialog(self._access.verify, self._window, at_start=False,
                                   recover=self._access.recover)
        # Application-modal, shown without exec(): no nested event loop inside a timer's slot, and no
        # keystroke reaches a covered form (open() would make it only window-modal).
        self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.dialog.finished.connect(self._dialog_finished)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def _dialog_finished(self, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted:
            for cover in self._covers:
                cover.remove()
            self._covers.clear()
            self._locked = False
            self.lockedChanged.emit(False)
            self.reconfigure()
            return
        # Quit chosen, or the dialog closed by the system: the covers stay and the password is asked for
        # again. If the application does quit, the windows, covers and this locker go with it.
        if result == UnlockDialog.QUIT_REQUESTED:
            self._quit_app()
        self._ask_again.start(0)

    def _ask_again_now(self) -> None:
        self._ask()


def start_idle_lock(window) -> IdleLocker:
    """run_gui's step after the main window shows: lock after the idle time while a password is set.

    `window` is the MainWindow: its current database is read each time (a restore reopens it), and its
    accessChanged / databaseReopened signals re-read the settings.
    """
    locker = IdleLocker(AccessControl(lambda: window.database), window)
    for name in ("accessChanged", "databaseReopened"):
        signal = getattr(window, name, None)
        if signal is not None:
            signal.connect(locker.reconfigure)
    locker.start()
    return locker
