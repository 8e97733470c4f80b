"""A person's files (扫描件 of the 申请书, the 志愿书 pages …), each attached to one recorded step: add, open,
save a copy elsewhere, take off a step. Each action is its own transaction, done when the button is
pressed; the store keeps a file another record still refers to (app.services.development.files)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.kit.dates import format_date
from app.kit.errors import UserError
from app.models.attachment import AttachmentLink
from app.models.database import Database
from app.services.attachments import attachment_path, save_copy
from app.services.common.storage import data_folder_of
from app.services.development import steps as S
from app.services.development.files import attach_file, file_label, person_files, remove_file, step_title
from app.services.development.people import get_person
from app.ui import messages
from app.ui.widgets import file_dialogs

ID_ROLE = Qt.ItemDataRole.UserRole
FILE_FILTER = "扫描件、照片和文档 (*.jpg *.jpeg *.png *.pdf *.tif *.tiff *.doc *.docx *.wps);;所有文件 (*)"


class FilesDialog(QDialog):
    def __init__(self, db: Database, person_id: int, step_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._person_id = person_id
        self.changed = False
        with db.session() as s:
            person = get_person(s, person_id)
            self._name = person.name
            recorded = sorted(person.steps, key=lambda e: (S.STEP_ORDER[e.step], e.seq, e.id))
            self._steps = [(e.id, f"{step_title(e)}（{format_date(e.step_date)}）") for e in recorded]
        self.setWindowTitle(f"{self._name}的材料（附件）")
        self.resize(720, 460)

        self.step = QComboBox()
        for entry_id, text in self._steps:
            self.step.addItem(text, entry_id)
        wanted = step_id if step_id is not None else (self._steps[-1][0] if self._steps else None)
        if wanted is not None and self.step.findData(wanted) >= 0:
            self.step.setCurrentIndex(self.step.findData(wanted))
        self.caption = QLineEdit()
        self.caption.setPlaceholderText("例如：入党申请书扫描件、入党志愿书第1-4页")
        self.add_button = QPushButton("添加文件…")
        self.add_button.clicked.connect(self._choose_files)
        self.files = QListWidget()
        self.files.itemDoubleClicked.connect(lambda *_: self.open_selected())
        self.files.currentRowChanged.connect(lambda *_: self._update_buttons())
        self.open_button = QPushButton("打开")
        self.open_button.clicked.connect(self.open_selected)
        self.copy_button = QPushButton("另存到…")
        self.copy_button.clicked.connect(self._save_copy)
        self.remove_button = QPushButton("从此步骤移除…")
        self.remove_button.clicked.connect(self.remove_selected)
        self.empty_label = QLabel()

        form = QFormLayout()
        form.addRow("附加到步骤", self.step)
        form.addRow("说明（选填）", self.caption)
        adding = QHBoxLayout()
        adding.addStretch(1)
        adding.addWidget(self.add_button)
        actions = QHBoxLayout()
        for button in (self.open_button, self.copy_button, self.remove_button):
            actions.addWidget(button)
        actions.addStretch(1)
        close = QDialogButtonBox()
        close.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        close.rejected.connect(self.reject)
        hint = QLabel("文件复制到数据文件夹中保存，随备份一起带走；移除只是把文件从此步骤拿掉，"
                      "其他记录用到的同一文件仍会保留。")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(adding)
        layout.addWidget(QLabel("已附加的材料："))
        layout.addWidget(self.files, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(actions)
        layout.addWidget(hint)
        layout.addWidget(close)
        self.add_button.setEnabled(bool(self._steps))
        if not self._steps:
            self.empty_label.setText(f"{self._name}还没有登记任何步骤；登记步骤后才能附加该步骤的材料。")
        self.load()

    # -- the list
    def load(self) -> None:
        current = self.selected_link_id()
        self.files.clear()
        with self._db.session() as s:
            for entry, links in person_files(s, get_person(s, self._person_id)):
                for link in links:
                    item = QListWidgetItem(f"{step_title(entry)}　{file_label(link)}")
                    item.setData(ID_ROLE, link.id)
                    item.setToolTip(f"{format_date(entry.step_date)} 登记；文件大小 "
                                    f"{file_dialogs.human_size(link.attachment.size)}")
                    self.files.addItem(item)
                    if link.id == current:
                        self.files.setCurrentItem(item)
        if self._steps:
            self.empty_label.setText("" if self.files.count() else "还没有附加材料。")
        self._update_buttons()

    def file_texts(self) -> list[str]:
        return [self.files.item(i).text() for i in range(self.files.count())]

    def selected_link_id(self) -> int | None:
        item = self.files.currentItem()
        return item.data(ID_ROLE) if item else None

    def _update_buttons(self) -> None:
        chosen = self.selected_link_id() is not None
        for button in (self.open_button, self.copy_button, self.remove_button):
            button.setEnabled(chosen)

    # -- actions
    def _choose_files(self) -> None:
        paths = file_dialogs.open_file_names(self, "选择要附加的材料", str(Path.home()), FILE_FILTER)
        if paths:
            self.add_files(paths)

    def add_files(self, paths: list[str | Path]) -> bool:
        """Attach the files to the chosen step, all in one transaction (none if one cannot be stored)."""
        step_id = self.step.currentData()
        if step_id is None:
            return False
        try:
            with self._db.transaction() as s:
                for path in paths:
                    attach_file(s, data_folder_of(self._db), self._person_id, step_id, path,
                                caption=self.caption.text())
        except UserError as exc:
            messages.show_error(self, exc.message, "无法附加")
            return False
        self.changed = True
        self.caption.clear()
        self.load()
        return True

    def _link(self, s, link_id: int) -> AttachmentLink:
        link = s.get(AttachmentLink, link_id)
        if link is None:
            raise UserError("这个附件已被移除。")
        return link

    def open_selected(self) -> None:
        link_id = self.selected_link_id()
        if link_id is None:
            return
        try:
            with self._db.session() as s:
                path = attachment_path(data_folder_of(self._db), self._link(s, link_id))
        except UserError as exc:
            messages.show_error(self, exc.message, "无法打开附件")
            return
        messages.open_path(path)

    def _save_copy(self) -> None:
        link_id = self.selected_link_id()
        if link_id is None:
            return
        folder = file_dialogs.existing_directory(self, "把附件另存到哪个文件夹", str(Path.home()))
        if not folder:
            return
        try:
            with self._db.session() as s:
                target = save_copy(data_folder_of(self._db), self._link(s, link_id), Path(folder))
        except UserError as exc:
            messages.show_error(self, exc.message, "无法另存")
            return
        messages.show_info(self, f"已另存为 {target}", "已另存")

    def remove_selected(self) -> None:
        item = self.files.currentItem()
        if item is None:
            return
        if not messages.ask_confirm(self, f"把“{item.text()}”从{self._name}的材料中移除？"
                                          f"（数据文件夹中的文件如有其他记录用到，仍会保留。）", "移除附件",
                                    yes_text="移除"):
            return
        try:
            with self._db.transaction() as s:
                remove_file(s, data_folder_of(self._db), self._person_id, item.data(ID_ROLE))
        except UserError as exc:
            messages.show_error(self, exc.message, "无法移除")
            return
        self.changed = True
        self.load()
