"""备份: back up to a USB stick or folder, set the backup password, restore from a backup.

The page needs only the database. Backing up, checking a backup and applying a restore run through
app.ui.tasks (each job opens its own SQLite connections through app.services.backup.backup_service; no ORM
object crosses threads); backing up and checking show their progress on the page, with 取消.

The page never closes the database: before the swap it emits releaseDatabase, and its owner (the main
window) closes every connection while handling it; after the swap it emits databaseReplaced, and the owner
reopens the data folder and rebuilds its pages.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.config import backups_dir
from app.infra.removable_drives import list_removable_drives
from app.models.database import Database
from app.services.backup import backup_service
from app.services.backup.auto_backup import AUTO_FOLDER
from app.services.backup.backup_format import BackupFormatError, WrongPasswordError, verify_password
from app.services.backup.backup_service import BackupError, BackupResult, PreparedRestore
from app.services.common.settings import get_setting, set_setting
from app.services.common.storage import data_folder_of
from app.ui import messages
from app.ui.tasks import Task, run_task, start_task, task_error_text
from app.ui.widgets import file_dialogs

PLAIN_RISK = "备份文件中含有全体党员的身份证号、手机号和家庭住址。U 盘一旦丢失，这些信息就会泄露。"


# -- the backup password dialog ----------------------------------------------------------------------------


class BackupPasswordDialog(QDialog):
    """Set or change the backup password; only a scrypt verifier is stored."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        with db.session() as session:
            self._stored = get_setting(session, "backup.password_hash")
        self.setWindowTitle("更改备份密码" if self._stored else "设置备份密码")
        self.setMinimumWidth(460)

        def password_field() -> QLineEdit:
            edit = QLineEdit()
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            return edit

        self.current = password_field()
        self.new = password_field()
        self.new.setPlaceholderText(f"至少 {backup_service.MIN_PASSWORD_LENGTH} 个字符")
        self.confirm = password_field()
        form = QFormLayout()
        if self._stored:
            form.addRow("原来的备份密码(&O)：", self.current)
        form.addRow("新的备份密码(&N)：", self.new)
        form.addRow("再输入一次(&A)：", self.confirm)

        # explicit lines: a word-wrapped label in a dialog gets a wrong height before it is laid out
        note = QLabel("设置后，备份到 U 盘的文件会用这个密码加密（AES-256）。\n"
                      "请把密码记在安全的地方：忘记密码，加密的备份将无法恢复。\n"
                      "更改密码后，以前的备份仍用当时的密码恢复。\n"
                      "本软件不保存密码本身，只保存用于核对的校验值。")
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _fail(self, text: str, field: QLineEdit) -> None:
        self.error.setText(text)
        self.error.show()
        field.setFocus()
        field.selectAll()

    def _save(self) -> None:
        if self._stored and not verify_password(self.current.text(), self._stored):
            self._fail("原来的备份密码不正确。", self.current)
            return
        problem = backup_service.password_problem(self.new.text())
        if problem:
            self._fail(problem, self.new)
            return
        if self.new.text() != self.confirm.text():
            self._fail("两次输入的新密码不一样，请再输入一次。", self.confirm)
            return
        with self._db.transaction() as session:
            backup_service.set_backup_password(session, self.new.text())
        self.accept()


# -- the page ----------------------------------------------------------------------------------------------


class BackupPage(QWidget):
    releaseDatabase = Signal()  # handled at once by the owner: close every connection to the data folder
    databaseReplaced = Signal()  # the data folder now holds other data: the owner reopens it

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._job: Task | None = None

        heading = QLabel("<h2>备份与恢复</h2>")
        intro = QLabel("备份会把全部党员信息、变更记录和附件写成一个文件（.blbak），写完后立即读回校验。"
                       "建议每次录入较多内容后备份到 U 盘，并把 U 盘与电脑分开存放。")
        intro.setWordWrap(True)

        # where to
        self.target_combo = QComboBox()
        self.target_combo.setMinimumContentsLength(40)
        self.target_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.browse_button = QPushButton("浏览(&W)…")
        self.browse_button.clicked.connect(self._browse)
        self.refresh_button = QPushButton("刷新 U 盘列表(&U)")
        self.refresh_button.clicked.connect(self.refresh_targets)
        target_label = QLabel("备份位置(&L)：")
        target_label.setBuddy(self.target_combo)
        target_row = QHBoxLayout()
        target_row.addWidget(target_label)
        target_row.addWidget(self.target_combo, 1)
        target_row.addWidget(self.browse_button)
        target_row.addWidget(self.refresh_button)
        target_box = QGroupBox("备份到")
        target_box.setLayout(target_row)

        # password
        self.password_status = QLabel()
        self.password_status.setWordWrap(True)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText("输入备份密码后按“立即备份”")
        self.password_edit.returnPressed.connect(self.start_backup)
        self.password_label = QLabel("备份密码(&P)：")
        self.password_label.setBuddy(self.password_edit)
        self.set_password_button = QPushButton()
        self.set_password_button.clicked.connect(self._edit_password)
        password_row = QHBoxLayout()
        password_row.addWidget(self.password_label)
        password_row.addWidget(self.password_edit, 1)
        password_row.addWidget(self.set_password_button)
        password_row.addStretch(0)  # keeps the button its own size while the password field is hidden
        password_layout = QVBoxLayout()
        password_layout.addWidget(self.password_status)
        password_layout.addLayout(password_row)
        password_box = QGroupBox("加密")
        password_box.setLayout(password_layout)

        # actions
        self.backup_button = QPushButton("立即备份(&B)")
        self.backup_button.setDefault(True)
        self.backup_button.setMinimumWidth(140)
        self.backup_button.clicked.connect(self.start_backup)
        self.restore_button = QPushButton("从备份恢复(&R)…")
        self.restore_button.clicked.connect(self.start_restore)
        actions = QHBoxLayout()
        actions.addWidget(self.backup_button)
        actions.addWidget(self.restore_button)
        actions.addStretch(1)

        self.stage_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.cancel_button = QPushButton("取消")
        self.cancel_button.setToolTip("停止这次备份或校验；不会留下不完整的文件")
        self.cancel_button.clicked.connect(self.cancel_job)
        self.stage_label.hide()
        self.progress.hide()
        self.cancel_button.hide()
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.auto_note = QLabel()
        self.auto_note.setWordWrap(True)
        self.auto_note.setStyleSheet("color: #555;")
        self.keep_spin = QSpinBox()
        self.keep_spin.setRange(1, 100)
        self.keep_spin.setSuffix(" 份")
        self.keep_spin.valueChanged.connect(self._save_keep_last)
        keep_label = QLabel("自动备份保留最近(&K)：")
        keep_label.setBuddy(self.keep_spin)
        keep_row = QHBoxLayout()
        keep_row.addWidget(keep_label)
        keep_row.addWidget(self.keep_spin)
        keep_row.addWidget(QLabel("（另保留一年内每月一份）"))
        keep_row.addStretch(1)
        self.app_password_hint = QLabel("提示：尚未设置启动密码，任何能使用这台电脑的人都能打开台账。"
                                        "可在设置中设置启动密码。")
        self.app_password_hint.setWordWrap(True)
        self.app_password_hint.setStyleSheet("color: #555;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(target_box)
        layout.addWidget(password_box)
        layout.addLayout(actions)
        layout.addWidget(self.stage_label)
        layout.addLayout(progress_row)
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        layout.addWidget(self.auto_note)
        layout.addLayout(keep_row)
        layout.addWidget(self.app_password_hint)

        self.refresh()

    # -- state shown
    def refresh(self) -> None:
        """Re-read the settings, and the drives if shown (the main window calls this after other pages wrote)."""
        with self._db.session() as session:
            self._password_hash = get_setting(session, "backup.password_hash")
            app_password = get_setting(session, "access.password_hash")
            keep_last = get_setting(session, "backup.keep_last")
            self._last_target = get_setting(session, "backup.last_target")
        has_password = bool(self._password_hash)
        if has_password:
            self.password_status.setText("已设置备份密码：备份文件将加密（AES-256），U 盘丢失也不会泄露党员信息。")
            self.set_password_button.setText("更改备份密码(&C)…")
        else:
            self.password_status.setText("尚未设置备份密码：备份文件不加密，U 盘丢失会泄露全体党员的身份证号。"
                                         "建议先设置备份密码。")
            self.set_password_button.setText("设置备份密码(&C)…")
        self.password_label.setVisible(has_password)
        self.password_edit.setVisible(has_password)
        self.app_password_hint.setVisible(not app_password)
        auto = backups_dir(data_folder_of(self._db)) / AUTO_FOLDER
        self.auto_note.setText(f"自动备份：每天退出软件时在本机自动保存一份（不加密，只存放在数据文件夹中）：{auto}")
        self.keep_spin.blockSignals(True)  # showing the stored value is not a change to save
        self.keep_spin.setValue(int(keep_last))
        self.keep_spin.blockSignals(False)
        if self.isVisible():  # a hidden page lists the drives when it is shown (showEvent), not on every write
            self.refresh_targets()

    def _save_keep_last(self, value: int) -> None:
        with self._db.transaction() as session:
            set_setting(session, "backup.keep_last", int(value))

    def refresh_targets(self) -> None:
        chosen = self.current_target()
        self.target_combo.clear()
        seen: set[str] = set()
        for drive in list_removable_drives():
            self.target_combo.addItem(drive.display_name(), str(drive.path))
            seen.add(str(drive.path))
        last = self._last_target
        if last and last not in seen and Path(last).is_dir():
            self.target_combo.addItem(f"上次的位置：{last}", last)
            seen.add(last)
        if chosen and chosen not in seen and Path(chosen).is_dir():
            self.target_combo.addItem(f"文件夹：{chosen}", chosen)
        if self.target_combo.count() == 0:
            self.target_combo.addItem("（请插入 U 盘，或点“浏览…”选择文件夹）", None)
        for value in (chosen, last):
            index = self.target_combo.findData(value) if value else -1
            if index >= 0:
                self.target_combo.setCurrentIndex(index)
                break

    def current_target(self) -> str | None:
        value = self.target_combo.currentData()
        return value if isinstance(value, str) and value else None

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._job is None:
            self.refresh_targets()  # a stick plugged in while another page was shown

    # -- dialogs (tests replace these)
    def _choose_folder(self) -> str:
        start = self.current_target() or self._last_target or str(Path.home())
        return file_dialogs.existing_directory(self, "选择备份位置", start)

    def _choose_backup_file(self) -> str:
        start = self.current_target() or self._last_target or str(Path.home())
        return file_dialogs.open_file_name(self, "选择要恢复的备份文件", start,
                                           "支部台账备份 (*.blbak);;所有文件 (*)")

    def _ask_password(self, text: str) -> str | None:
        password, ok = QInputDialog.getText(self, "备份密码", text, QLineEdit.EchoMode.Password)
        return password if ok else None

    def _ask_ledger_secret(self, why: str) -> str | None:
        """The start-up password of the day an encrypted ledger's backup was made (or its recovery key)."""
        secret, ok = QInputDialog.getText(self, "启动密码", f"{why}\n请输入做备份时的启动密码（或恢复密钥）：",
                                          QLineEdit.EchoMode.Password)
        return secret if ok else None

    def _browse(self) -> None:
        folder = self._choose_folder()
        if not folder:
            return
        index = self.target_combo.findData(folder)
        if index < 0:
            if self.target_combo.currentData() is None:
                self.target_combo.clear()
            self.target_combo.addItem(f"文件夹：{folder}", folder)
            index = self.target_combo.count() - 1
        self.target_combo.setCurrentIndex(index)

    def _edit_password(self) -> None:
        dialog = BackupPasswordDialog(self._db, self)
        if messages.run_dialog(dialog):
            self.refresh()
            messages.show_info(self, "备份密码已保存。以后的备份都会用它加密，请牢记。", "备份密码")

    # -- progress
    def _busy(self, busy: bool, stage: str = "") -> None:
        for widget in (self.backup_button, self.restore_button, self.browse_button, self.refresh_button,
                       self.set_password_button, self.target_combo):
            widget.setEnabled(not busy)
        # read-only, not disabled: a disabled field loses the focus to the next widget (the 自动备份保留
        # spin box), and the cursor must be back in the password after a wrong one
        self.password_edit.setReadOnly(busy)
        self.stage_label.setVisible(busy)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.cancel_button.setEnabled(busy)
        self.stage_label.setText(stage)
        self.progress.setValue(0)

    def _on_progress(self, stage: str, done: int, total: int) -> None:
        permille = done * 1000 // max(total, 1)
        self.stage_label.setText(f"{stage}… {permille // 10}%")
        self.progress.setValue(permille)

    def _run(self, fn, on_success, on_failure, cancelled_text: str) -> None:
        """Run fn(progress) off the GUI thread; on_failure(kind, Chinese message), kind "wrong_password"
        or "error"."""

        def failed(exc: BaseException) -> None:
            if isinstance(exc, backup_service.LedgerPasswordError):
                kind = "ledger_password"  # the backup's database is encrypted: its start-up password is asked
            else:
                kind = "wrong_password" if isinstance(exc, WrongPasswordError) else "error"
            on_failure(kind, task_error_text(exc))

        def cancelled() -> None:
            self._job = None
            self._busy(False)
            self.result_label.setText(cancelled_text)

        self._job = start_task(self, fn, title="备份与恢复", on_done=on_success, on_error=failed,
                               on_cancelled=cancelled, on_progress=self._on_progress, cancellable=True,
                               dialog=False)

    def cancel_job(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.cancel_button.setEnabled(False)
            self.stage_label.setText("正在取消…")

    def is_busy(self) -> bool:
        return self._job is not None

    # -- backing up
    def start_backup(self) -> None:
        if self._job is not None:
            return
        target = self.current_target()
        if not target:
            messages.show_error(self, "请先选择备份位置：插入 U 盘后点“刷新 U 盘列表”，或点“浏览…”选择一个文件夹。",
                                "无法备份")
            return
        if not Path(target).is_dir():
            messages.show_error(self, f"找不到备份位置：{target}（U 盘是否已插好？）", "无法备份")
            return
        password: str | None = None
        stored = self._password_hash
        if stored:
            password = self.password_edit.text()
            if not password:
                messages.show_error(self, "请输入备份密码。", "无法备份")
                self.password_edit.setFocus()
                return
        elif not messages.ask_confirm(
                self, "尚未设置备份密码，这份备份将不加密。确定要做不加密的备份吗？", "不加密的备份",
                yes_text="仍然备份（不加密）", no_text="取消",
                detail=PLAIN_RISK + "建议先点“设置备份密码…”。"):
            return
        with self._db.transaction() as session:
            set_setting(session, "backup.last_target", target)
        self._last_target = target
        data_dir = data_folder_of(self._db)

        def job(progress):
            if stored and not verify_password(password, stored):
                raise WrongPasswordError("备份密码不正确，没有备份。")
            return backup_service.create_backup(data_dir, Path(target), password=password, progress=progress)

        self.result_label.clear()
        self._busy(True, "正在准备备份…")
        self._run(job, self._backup_done, self._backup_failed, "已取消备份，没有留下备份文件。")

    def _backup_done(self, result: BackupResult) -> None:
        self._job = None
        self._busy(False)
        self.password_edit.clear()
        summary = result.summary
        locked = "已加密" if summary.encrypted else "未加密"
        self.result_label.setText(
            f"✔ 备份完成，已校验，{locked}。\n文件：{result.path}\n大小：{backup_service.human_size(result.size)}"
            f"\n内容：{summary.contents_text()}")

    def _backup_failed(self, kind: str, message: str) -> None:
        self._job = None
        self._busy(False)
        self.result_label.setText(f"✘ {message}")
        if kind == "wrong_password":
            self.password_edit.setFocus()
            self.password_edit.selectAll()
        messages.show_error(self, message, "备份没有完成")
        if kind == "wrong_password":
            self.password_edit.setFocus()
            self.password_edit.selectAll()

    # -- restoring
    def start_restore(self) -> None:
        if self._job is not None:
            return
        path = self._choose_backup_file()
        if not path:
            return
        try:
            encrypted = backup_service.backup_is_encrypted(Path(path))
        except (BackupFormatError, BackupError) as exc:
            messages.show_error(self, str(exc), "无法恢复")
            return
        self._verify_for_restore(Path(path), encrypted, "这份备份已加密，请输入备份密码：")

    def _verify_for_restore(self, path: Path, encrypted: bool, prompt: str, password: str | None = None,
                            ledger_secret: str | None = None) -> None:
        if encrypted and password is None:
            password = self._ask_password(prompt)
            if password is None:
                return
        data_dir = data_folder_of(self._db)

        def job(progress):
            return backup_service.prepare_restore(path, data_dir, password, progress, ledger_secret=ledger_secret)

        def failed(kind: str, message: str) -> None:
            self._job = None
            self._busy(False)
            if kind == "wrong_password":
                self._verify_for_restore(path, encrypted, "备份密码不正确，请重新输入：")
                return
            if kind == "ledger_password":  # the database inside is encrypted (encryption at rest)
                secret = self._ask_ledger_secret(message)
                if secret is not None:
                    self._verify_for_restore(path, encrypted, prompt, password, secret)
                return
            self.result_label.setText(f"✘ {message}")
            messages.show_error(self, message + "\n当前数据没有任何改动。", "无法恢复")

        self.result_label.clear()
        self._busy(True, "正在校验备份…")
        self._run(job, self._confirm_restore, failed, "已取消恢复，当前数据没有改动。")

    def _confirm_restore(self, prepared: PreparedRestore) -> None:
        self._job = None
        self._busy(False)
        with prepared:
            lines = prepared.summary.describe_lines()
            confirmed = messages.ask_confirm(
                self, "备份文件已校验通过。确定用这份备份替换当前的全部数据吗？", "从备份恢复",
                yes_text="恢复", no_text="取消",
                detail=messages.bullet_list(lines) + "\n\n当前数据会先另存到数据文件夹的 backups/恢复前/ 中。")
            if not confirmed:
                self.result_label.setText("已取消恢复，当前数据没有改动。")
                return
            self.releaseDatabase.emit()  # the owner closes the database; nothing here touches it until reopened
            outcome = run_task(self, lambda _progress: prepared.apply(), title="从备份恢复",
                               text="正在恢复数据，请不要关闭软件…", show_errors=False)
            if not outcome.ok:
                messages.show_error(self, task_error_text(outcome.error), "恢复没有完成")
                self.databaseReplaced.emit()  # reopen (and reclaim) the data folder as it is
                return
            result = outcome.value
        text = result.result_text()
        if result.migration_copy:
            text += "\n备份来自较早的版本，数据结构已自动升级。"
        self.result_label.setText(f"✔ {text}")
        messages.show_info(self, text, "恢复完成")
        self.databaseReplaced.emit()
