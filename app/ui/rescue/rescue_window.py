"""The rescue window: shown instead of the main window when the data folder cannot be opened.

It says what is wrong and where the data folder is, lists the automatic backups found (newest first,
with their date and contents) with a button to restore the one selected, offers a restore from a file
(a USB stick) and opens the data folder. Every rule lives in app.services.backup.rescue; the current,
damaged database is kept aside by the restore, never deleted.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import APP_TITLE
from app.services.backup import rescue
from app.services.backup.backup_format import BackupFormatError, WrongPasswordError
from app.services.backup.backup_service import (
    BackupError,
    LedgerPasswordError,
    RestoreResult,
    backup_is_encrypted,
)
from app.ui import messages


class RescueWindow(QDialog):
    """Accepted once a backup was restored (the caller then opens the folder again)."""

    def __init__(self, data_dir: Path, problem: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.result: RestoreResult | None = None
        self.setWindowTitle(f"{APP_TITLE} — 无法打开数据")
        self.setMinimumWidth(780)

        heading = QLabel("支部台账无法打开这个数据文件夹中的数据")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        self.problem_label = QLabel(problem)
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label = QLabel(f"数据文件夹：{self.data_dir}")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        kept = QLabel("从备份恢复时，文件夹中现有的数据库不会被删除，而是原样另存到 backups/恢复前/ 中。")
        kept.setWordWrap(True)

        self.backup_list = QListWidget()
        self.backup_list.setMinimumHeight(160)
        self.restore_selected_button = QPushButton("恢复选中的备份")
        self.restore_file_button = QPushButton("从文件恢复（U 盘）…")
        self.open_folder_button = QPushButton("打开数据文件夹")
        self.quit_button = QPushButton("退出")
        self.restore_selected_button.clicked.connect(self.restore_selected)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.quit_button.clicked.connect(self.reject)
        self.backup_list.itemDoubleClicked.connect(lambda _item: self.restore_selected())

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.folder_label)
        layout.addSpacing(8)
        self.list_heading = QLabel()
        layout.addWidget(self.list_heading)
        layout.addWidget(self.backup_list)
        layout.addWidget(kept)
        buttons = QHBoxLayout()
        for button in (self.restore_selected_button, self.restore_file_button, self.open_folder_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.backup_list.clear()
        found = rescue.found_backups(self.data_dir)
        for backup in found:
            item = QListWidgetItem(backup.line())
            item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
            item.setToolTip(str(backup.path))
            self.backup_list.addItem(item)
        if found:
            self.list_heading.setText(f"在数据文件夹中找到 {len(found)} 份自动备份（最新的在最上面）：")
            self.backup_list.setCurrentRow(0)
            self.restore_selected_button.setDefault(True)
        else:
            self.list_heading.setText("数据文件夹中没有自动备份。如有 U 盘上的备份，请点“从文件恢复”。")
            self.restore_file_button.setDefault(True)
        self.restore_selected_button.setEnabled(bool(found))
        self.backup_list.setEnabled(bool(found))

    # -- actions ---------------------------------------------------------------------------------------

    def selected_backup(self) -> Path | None:
        item = self.backup_list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def restore_selected(self) -> None:
        path = self.selected_backup()
        if path is not None:
            self.restore(path)

    def choose_file(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, "选择要恢复的备份文件", str(Path.home()),
                                              "支部台账备份 (*.blbak);;所有文件 (*)")
        return path

    def ask_password(self, text: str) -> str | None:
        password, ok = QInputDialog.getText(self, "备份密码", text, QLineEdit.EchoMode.Password)
        return password if ok else None

    def restore_from_file(self) -> None:
        path = self.choose_file()
        if path:
            self.restore(Path(path))

    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_dir)))

    def restore(self, path: Path) -> None:
        try:
            encrypted = backup_is_encrypted(path)
        except (BackupFormatError, BackupError) as exc:
            messages.show_error(self, str(exc), "无法恢复")
            return
        if not messages.ask_confirm(
                self, f"确定用这份备份替换数据文件夹中的数据吗？\n{path}", "从备份恢复",
                yes_text="恢复", no_text="取消",
                detail="先全部校验，通过后才替换；现有的数据库原样另存到 backups/恢复前/。"):
            return
        prompt = "这份备份已加密，请输入备份密码："
        password = ledger_secret = None
        while True:
            if encrypted and password is None:
                password = self.ask_password(prompt)
                if password is None:
                    return
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self.result = rescue.restore_into(self.data_dir, path, password, ledger_secret=ledger_secret)
            except WrongPasswordError:
                prompt = "备份密码不正确，请重新输入："
                password = None
                continue
            except LedgerPasswordError as exc:  # the database inside is encrypted (encryption at rest)
                QApplication.restoreOverrideCursor()
                QApplication.setOverrideCursor(Qt.CursorShape.ArrowCursor)
                ledger_secret = self.ask_password(f"{exc}\n请输入做备份时的启动密码（或恢复密钥）：")
                if ledger_secret is None:
                    return
                continue
            except (BackupFormatError, BackupError) as exc:
                messages.show_error(self, f"{exc}\n数据文件夹没有任何改动。", "无法恢复")
                return
            finally:
                QApplication.restoreOverrideCursor()
            break
        messages.show_info(self, self.result.result_text(), "恢复完成")
        self.accept()
