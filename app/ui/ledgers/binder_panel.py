"""年度台账 on the 台账与打印 page: pick the year and the sections (checked, in the order they will be bound),
check the binder for gaps, build it off the GUI thread, preview and print it.

The core is app.reports.binder (sections, the PDF, the remembered choice) and
app.services.ledgers.completeness (the check); this panel only arranges them. The choice of sections is
remembered as soon as it changes, so the next binder (and `export binder` without --sections) uses it.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.kit.errors import UserError
from app.kit.findings import PROBLEM, Finding
from app.models.database import Database
from app.ui import messages
from app.ui.ledgers.document_export import SETTING_EXPORT_DIR, safe_file_name
from app.ui.widgets import file_dialogs

KEY_ROLE = Qt.ItemDataRole.UserRole
SETTING_MASK_IDS = "binder/mask_ids"
YEARS_BACK = 10
COL_SEVERITY, COL_MESSAGE, COL_FIX = range(3)


class SectionList(QListWidget):
    """The sections: checkable (空格), reordered by dragging or Ctrl+↑ / Ctrl+↓."""

    moveRequested = Signal(int)  # -1 up, +1 down

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.modifiers() == Qt.KeyboardModifier.ControlModifier and event.key() in (Qt.Key.Key_Up,
                                                                                          Qt.Key.Key_Down):
            self.moveRequested.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        super().keyPressEvent(event)


class BinderPanel(QWidget):
    """The binder's year, sections, 检查完整性 with a 去修改 per finding, 生成年度台账… with progress."""

    fixRequested = Signal(str)  # a finding's target ("roster:member:12"): the page takes the user there
    built = Signal(object)  # the AnnualBinderResult, once written

    def __init__(self, db: Database, settings, preparer=lambda: None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._settings = settings
        self._preparer = preparer
        self._task = None
        self._failed_title = ""
        self._findings: list[Finding] = []
        self.last_path: Path | None = None
        self.preview_dialog = None

        self.year = QComboBox()
        this_year = date.today().year
        for year in range(this_year, this_year - YEARS_BACK, -1):
            self.year.addItem(f"{year}年", year)
        self.year.setCurrentIndex(1 if date.today().month <= 2 else 0)  # early in the year: last year's binder
        self.year.currentIndexChanged.connect(self._year_changed)
        year_row = QHBoxLayout()
        year_label = QLabel("年度(&Y)：")
        year_label.setBuddy(self.year)
        year_row.addWidget(year_label)
        year_row.addWidget(self.year)
        year_row.addStretch(1)

        self.sections = SectionList()
        self.sections.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.sections.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.sections.setAccessibleName("年度台账的部分")
        self.sections.setToolTip("勾选要装订的部分；拖动或用“上移”“下移”（Ctrl+↑ / Ctrl+↓）调整顺序；空格键勾选或取消")
        self.sections.itemChanged.connect(self._choice_changed)
        self.sections.model().rowsMoved.connect(self._choice_changed)
        self.sections.currentRowChanged.connect(self._update_buttons)
        self.up_button = QPushButton("上移")
        self.down_button = QPushButton("下移")
        self.all_button = QPushButton("全选")
        self.default_button = QPushButton("恢复常用")
        self.default_button.setToolTip("常用的部分，按常用的顺序")
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.all_button.clicked.connect(self._check_all)
        self.default_button.clicked.connect(self._restore_default)
        self.sections.moveRequested.connect(self.move_current)
        moves = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.all_button, self.default_button):
            moves.addWidget(button)
        moves.addStretch(1)
        self.count_label = QLabel()

        choose = QGroupBox("装订的部分（按此顺序）")
        choose_layout = QVBoxLayout(choose)
        choose_layout.addLayout(year_row)
        choose_layout.addWidget(self.sections, 1)
        choose_layout.addLayout(moves)
        choose_layout.addWidget(self.count_label)

        self.check_button = QPushButton("检查完整性")
        self.check_button.setToolTip("列出装订后会是空白或有误的内容，每条可“去修改”")
        self.build_button = QPushButton("生成年度台账…")
        self.build_button.setToolTip("封面、目录和所选各部分合成一个 PDF，页码连续，带书签")
        self.preview_button = QPushButton("预览和打印")
        self.preview_button.setToolTip("在本软件中查看刚生成的年度台账，并可直接打印")
        self.preview_button.setEnabled(False)
        self.cancel_button = QPushButton("取消")
        self.cancel_button.hide()
        self.check_button.clicked.connect(self.run_check)
        self.build_button.clicked.connect(self.build)
        self.preview_button.clicked.connect(self.open_preview)
        self.cancel_button.clicked.connect(self._cancel)
        self.mask_ids = QCheckBox("身份证号打码（如 110105********002X）")
        self.mask_ids.setToolTip("花名册、变更记录等印有身份证号的部分只印出前六位和后四位")
        self.mask_ids.setChecked(self._settings.value(SETTING_MASK_IDS, False, type=bool))
        self.mask_ids.toggled.connect(lambda on: self._settings.setValue(SETTING_MASK_IDS, on))
        actions = QHBoxLayout()
        for button in (self.check_button, self.build_button, self.preview_button):
            actions.addWidget(button)
        actions.addSpacing(12)
        actions.addWidget(self.mask_ids)
        actions.addStretch(1)

        self.progress = QProgressBar()
        self.progress.hide()
        self.progress_row = QHBoxLayout()
        self.progress_row.addWidget(self.progress, 1)
        self.progress_row.addWidget(self.cancel_button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.findings_label = QLabel("尚未检查。生成之前先“检查完整性”，看看哪些记录还需要补全。")
        self.findings_label.setWordWrap(True)
        self.findings = QTableWidget(0, 3)
        self.findings.setHorizontalHeaderLabels(["类别", "内容", ""])
        self.findings.verticalHeader().hide()
        self.findings.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.findings.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.findings.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.findings.setWordWrap(True)
        self.findings.setToolTip("回车或双击一行：去修改")
        header = self.findings.horizontalHeader()
        header.setSectionResizeMode(COL_SEVERITY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_MESSAGE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_FIX, QHeaderView.ResizeMode.ResizeToContents)
        self.findings.activated.connect(lambda index: self.fix_row(index.row()))
        check = QGroupBox("完整性检查")
        check_layout = QVBoxLayout(check)
        check_layout.addWidget(self.findings_label)
        check_layout.addWidget(self.findings, 1)

        body = QHBoxLayout()
        body.addWidget(choose, 2)
        body.addWidget(check, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(actions)
        layout.addLayout(self.progress_row)
        layout.addWidget(self.status)
        layout.addLayout(body, 1)
        self.refresh()

    # -- the sections
    def chosen_year(self) -> int:
        return int(self.year.currentData())

    def set_year(self, year: int) -> None:
        index = self.year.findData(year)
        if index < 0:
            raise KeyError(year)
        self.year.setCurrentIndex(index)

    def refresh(self) -> None:
        """Load the sections the binder can hold, the remembered ones checked first in their order."""
        from app.reports.binder import binder_sections, remembered_sections

        with self._db.session() as session:
            available = binder_sections(session, self.chosen_year())
            chosen = remembered_sections(session)
        self._fill(available, chosen)

    def _fill(self, available: list, chosen: list[str]) -> None:
        """`available`: the BinderSections; the chosen keys first, in their order, checked."""
        by_key = {s.key: s for s in available}
        order = [k for k in chosen if k in by_key] + [s.key for s in available if s.key not in chosen]
        self.sections.blockSignals(True)
        self.sections.clear()
        for key in order:
            section = by_key[key]
            item = QListWidgetItem(section.title)
            item.setData(KEY_ROLE, key)
            item.setToolTip(f"{section.area}：{section.title}" if getattr(section, "area", "") else section.title)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
                          | Qt.ItemFlag.ItemIsDragEnabled)
            item.setCheckState(Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)
            self.sections.addItem(item)
        self.sections.blockSignals(False)
        if self.sections.count():
            self.sections.setCurrentRow(0)
        self._update_buttons()

    def section_keys(self) -> list[str]:
        """Every section in the list's order."""
        return [self.sections.item(i).data(KEY_ROLE) for i in range(self.sections.count())]

    def chosen_keys(self) -> list[str]:
        """The checked sections, in the order they will be bound."""
        return [self.sections.item(i).data(KEY_ROLE) for i in range(self.sections.count())
                if self.sections.item(i).checkState() == Qt.CheckState.Checked]

    def chosen_titles(self) -> list[str]:
        return [self.sections.item(i).text() for i in range(self.sections.count())
                if self.sections.item(i).checkState() == Qt.CheckState.Checked]

    def item_of(self, key: str) -> QListWidgetItem:
        for i in range(self.sections.count()):
            if self.sections.item(i).data(KEY_ROLE) == key:
                return self.sections.item(i)
        raise KeyError(key)

    def set_checked(self, key: str, checked: bool) -> None:
        self.item_of(key).setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def move_current(self, step: int) -> None:
        row = self.sections.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.sections.count():
            return
        self.sections.blockSignals(True)
        item = self.sections.takeItem(row)
        self.sections.insertItem(target, item)
        self.sections.blockSignals(False)
        self.sections.setCurrentRow(target)
        self._choice_changed()

    def _check_all(self) -> None:
        self.sections.blockSignals(True)
        for i in range(self.sections.count()):
            self.sections.item(i).setCheckState(Qt.CheckState.Checked)
        self.sections.blockSignals(False)
        self._choice_changed()

    def _restore_default(self) -> None:
        from app.reports.binder import binder_sections, default_sections

        with self._db.session() as session:
            available = binder_sections(session, self.chosen_year())
        self._fill(available, default_sections())
        self._choice_changed()

    def _choice_changed(self, *_args) -> None:
        """Remember the checked sections in their order (the next start, and `export binder`, use them)."""
        from app.reports.binder import remember_sections

        self._update_buttons()
        keys = self.chosen_keys()
        if not keys:
            return  # nothing to remember: the build button says why it is off
        with self._db.transaction() as session:
            remember_sections(session, keys)

    def _update_buttons(self, *_args) -> None:
        row = self.sections.currentRow()
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.sections.count() - 1)
        chosen = len(self.chosen_keys())
        self.count_label.setText(f"已选 {chosen} 个部分（共 {self.sections.count()} 个）" if chosen
                                 else "请至少勾选一个部分。")
        idle = self._task is None
        self.build_button.setEnabled(idle and chosen > 0)
        self.check_button.setEnabled(idle and chosen > 0)

    def _year_changed(self) -> None:
        self._show_findings(None)
        self.status.clear()

    # -- the completeness check
    def run_check(self) -> None:
        """检查完整性, off the GUI thread (it builds each section as the binder would)."""
        from app.services.ledgers.completeness import check_binder
        from app.ui.tasks import in_session

        year, keys = self.chosen_year(), self.chosen_keys()
        data_dir = self._data_dir()
        self._start(in_session(self._db, lambda s, progress: check_binder(
            s, year, sections=keys, data_dir=data_dir, progress=progress)),
            title="正在检查年度台账", on_done=lambda report: self._show_findings(report), failed="无法检查年度台账")

    def _data_dir(self) -> Path:
        from app.services.common.storage import data_folder_of

        return data_folder_of(self._db)

    def _show_findings(self, report) -> None:
        self.findings.setRowCount(0)
        self._findings = [] if report is None else list(report.findings)
        if report is None:
            self.findings_label.setText("尚未检查。生成之前先“检查完整性”，看看哪些记录还需要补全。")
            return
        self.findings_label.setText(report.summary() + ("。" if report.findings else "，可以生成。"))
        for row, finding in enumerate(self._findings):
            self.findings.insertRow(row)
            severity = QTableWidgetItem(finding.severity)
            if finding.severity == PROBLEM:
                severity.setForeground(QBrush(QColor("#b3261e")))
            self.findings.setItem(row, COL_SEVERITY, severity)
            self.findings.setItem(row, COL_MESSAGE, QTableWidgetItem(finding.message))
            if finding.target:
                button = QPushButton("去修改")
                button.setToolTip(f"打开要修改的记录或页面（{finding.target}）")
                button.clicked.connect(lambda _c=False, r=row: self.fix_row(r))
                self.findings.setCellWidget(row, COL_FIX, button)
        self.findings.resizeRowsToContents()

    def finding_rows(self) -> list[Finding]:
        return list(self._findings)

    def fix_button(self, row: int) -> QPushButton | None:
        return self.findings.cellWidget(row, COL_FIX)

    def fix_row(self, row: int) -> None:
        if 0 <= row < len(self._findings) and self._findings[row].target:
            self.fixRequested.emit(self._findings[row].target)

    # -- building
    def default_path(self) -> str:
        from app.services.common.branch import get_profile

        with self._db.session() as session:
            profile = get_profile(session)
        branch = safe_file_name(profile.short_name or profile.full_name) if profile else "支部"
        folder = self._settings.value(SETTING_EXPORT_DIR, "") or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation)
        return str(Path(folder) / f"{branch}{self.chosen_year()}年度台账.pdf")

    def build(self) -> None:
        """生成年度台账…: ask where, then write it off the GUI thread with progress (取消 leaves no file)."""
        from app.reports.binder import write_annual_binder
        from app.services.ledgers.completeness import check_binder
        from app.ui.tasks import in_session

        keys = self.chosen_keys()
        if not keys:
            return
        chosen = file_dialogs.save_file_name(self, f"生成{self.chosen_year()}年度台账", self.default_path(),
                                             "PDF 文件 (*.pdf)")
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        partial = path.with_name(f"{path.stem}.正在生成.pdf")
        year, preparer, data_dir, mask = self.chosen_year(), self._preparer(), self._data_dir(), self.mask_ids.isChecked()

        def job(session, progress):
            def report(done: int, total: int, title: str) -> None:
                progress(f"正在生成“{title}”" if title else "正在写入文件", done, total)

            try:
                result = write_annual_binder(session, partial, year=year, sections=keys, preparer=preparer,
                                             progress=report, mask_ids=mask)
                os.replace(partial, path)  # only a whole binder replaces an earlier one
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
            # what it still lacks, listed beside it (a second or so: each section is built once more)
            findings = check_binder(session, year, sections=keys, data_dir=data_dir, progress=progress)
            return result, findings

        self._settings.setValue(SETTING_EXPORT_DIR, str(path.parent))
        self._start(in_session(self._db, job), title="正在生成年度台账", cancellable=True,
                    on_done=lambda done: self._built(*done, path), failed="无法生成年度台账")

    def _built(self, result, report, path: Path) -> None:
        self.last_path = path
        self._show_findings(report)
        self.preview_button.setEnabled(True)
        lines = [f"已生成{self.chosen_year()}年度台账：{len(result.sections)} 个部分，共 {result.pages} 页。",
                 f"文件保存在：{path}"]
        lines += result.notices()
        self.status.setText("\n".join(lines))
        self.built.emit(result)
        self.open_preview()

    @property
    def building(self) -> bool:
        return self._task is not None

    def open_preview(self):
        from app.ui.ledgers.print_preview import show_preview

        if self.last_path is None:
            return None
        if not self.last_path.is_file():
            messages.show_error(self, f"找不到刚生成的文件：{self.last_path}", "无法预览")
            return None
        self.preview_dialog = show_preview(self.window(), self.last_path, f"{self.chosen_year()}年度台账")
        return self.preview_dialog

    # -- one job at a time, its progress in the panel (the window stays usable meanwhile)
    def _start(self, job, *, title: str, on_done, failed: str, cancellable: bool = False) -> None:
        from app.ui.tasks import start_task

        self._failed_title = failed
        self.progress.setRange(0, 0)
        self.progress.setFormat("")
        self.progress.show()
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.setEnabled(True)
        self.status.setText(f"{title}…")
        self._task = start_task(self, job, title=title, dialog=False, cancellable=cancellable,
                                on_progress=self._progressed, on_done=lambda v: self._ended(on_done, v),
                                on_error=self._failed, on_cancelled=self._cancelled)
        self._update_buttons()

    def _progressed(self, text: str, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        self.status.setText(text)

    def _finish(self) -> None:
        self._task = None
        self.progress.hide()
        self.cancel_button.hide()
        self._update_buttons()

    def _ended(self, on_done, value) -> None:
        self._finish()
        self.status.clear()
        on_done(value)

    def _failed(self, exc: BaseException) -> None:
        from app.ui.tasks import show_task_error, task_error_text

        self._finish()
        self.status.setText(task_error_text(exc) if isinstance(exc, UserError) else "未能完成，见提示。")
        show_task_error(self, exc, self._failed_title)

    def _cancelled(self) -> None:
        self._finish()
        self.status.setText("已取消，没有生成文件。")

    def _cancel(self) -> None:
        if self._task is not None:
            self.cancel_button.setEnabled(False)
            self.status.setText("正在取消…")
            self._task.cancel()
