"""台账与打印: the annual binder (年度台账, app.ui.ledgers.binder_panel), and every document of the registry's
catalogue, by area, with its options and export/preview/print actions.

The 单项台账 tab lists the catalogue (app.kit.registry.documents()); the panel on its right is built from
the chosen document's declared options, so an area's new document appears here without code in this page.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.kit import registry
from app.kit.registry import Document as CatalogueEntry
from app.kit.registry import Option
from app.models.database import Database
from app.services.common.settings import get_setting, set_setting
from app.ui.ledgers.document_export import Document, DocumentExporter, catalogue_document
from app.ui.qt_setup import ui_settings

BINDER_DOCUMENT = "ledgers.binder"  # the catalogue's entry for the binder: its own tab, not the generic panel
FORMAT_BUTTONS = {"pdf": "导出 PDF…", "xlsx": "导出 Excel…", "docx": "导出 Word…"}
KEY_ROLE = Qt.ItemDataRole.UserRole


class LedgersPage(QWidget):
    dataChanged = Signal()

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._exporter = DocumentExporter(db, ui_settings(db), self)
        self._option_widgets: dict[str, QWidget] = {}
        self._entry: CatalogueEntry | None = None

        self.preparer = QLineEdit()
        self.preparer.setPlaceholderText("打印在表头“制表人”处，例如组织委员的姓名")
        self.preparer.editingFinished.connect(self._save_preparer)
        common = QFormLayout()
        common.addRow("制表人：", self.preparer)

        self.catalogue = QTreeWidget()
        self.catalogue.setHeaderHidden(True)
        self.catalogue.setMinimumWidth(220)
        for area in registry.areas():
            if not area.documents:
                continue
            parent_item = QTreeWidgetItem([area.title])
            parent_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.catalogue.addTopLevelItem(parent_item)
            for doc in area.documents:
                item = QTreeWidgetItem([doc.title])
                item.setData(0, KEY_ROLE, doc.key)
                parent_item.addChild(item)
        self.catalogue.expandAll()
        self.catalogue.currentItemChanged.connect(self._chosen)

        self.panel = QGroupBox()
        self.panel_layout = QVBoxLayout(self.panel)

        from app.ui.ledgers.binder_panel import BinderPanel

        self.binder = BinderPanel(db, ui_settings(db), preparer=lambda: self.preparer.text().strip() or None)
        self.binder.fixRequested.connect(self.open_target)
        single = QWidget()
        body = QHBoxLayout(single)
        body.setContentsMargins(0, 8, 0, 0)
        body.addWidget(self.catalogue)
        body.addWidget(self.panel, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.binder, "年度台账")
        self.tabs.addTab(single, "单项台账")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>台账与打印</h2>"))
        layout.addLayout(common)
        layout.addWidget(self.tabs, 1)
        layout.setContentsMargins(24, 16, 24, 16)
        self.refresh()
        first = next(d.key for d in registry.documents() if d.key != BINDER_DOCUMENT)
        self.select_document(first)
        self.tabs.setCurrentWidget(self.binder)  # the binder first: what an inspection asks for

    # -- going where a binder finding points
    def open_target(self, target: str) -> None:
        """去修改: the window shows the record ("roster:member:12") or the area's page."""
        opener = getattr(self.window(), "open_target", None)
        if opener is not None and self.window() is not self:
            opener(target)

    # -- choosing a document
    def select_document(self, key: str) -> None:
        self.tabs.setCurrentWidget(self.binder if key == BINDER_DOCUMENT else self.tabs.widget(1))
        for i in range(self.catalogue.topLevelItemCount()):
            group = self.catalogue.topLevelItem(i)
            for j in range(group.childCount()):
                if group.child(j).data(0, KEY_ROLE) == key:
                    self.catalogue.setCurrentItem(group.child(j))
                    return
        raise KeyError(key)

    def _chosen(self, item: QTreeWidgetItem | None, _previous=None) -> None:
        key = item.data(0, KEY_ROLE) if item is not None else None
        if key is None:
            return
        if key == BINDER_DOCUMENT:  # the binder has its own tab
            self.tabs.setCurrentWidget(self.binder)
            return
        self._entry = registry.document(key)
        self._build_panel(self._entry)

    def _build_panel(self, entry: CatalogueEntry) -> None:
        while self.panel_layout.count():
            child = self.panel_layout.takeAt(0)
            if child.widget() is not None:
                child.widget().deleteLater()
            elif child.layout() is not None:
                _clear(child.layout())
        self._option_widgets.clear()
        self.panel.setTitle(entry.title)
        if entry.description:
            text = QLabel(entry.description)
            text.setWordWrap(True)
            self.panel_layout.addWidget(text)
        form = QFormLayout()
        for option in entry.options:
            widget = self._option_widget(option)
            self._option_widgets[option.name] = widget
            if isinstance(widget, QCheckBox):
                form.addRow(widget)
            else:
                form.addRow(f"{option.label}：", widget)
        if entry.has_ids:
            mask = QCheckBox("身份证号打码（如 110105********002X）")
            self._option_widgets["mask_ids"] = mask
            form.addRow(mask)
        self.panel_layout.addLayout(form)
        buttons = QHBoxLayout()
        for fmt in entry.formats:
            button = QPushButton(FORMAT_BUTTONS.get(fmt, f"导出 {fmt.upper()}…"))
            button.clicked.connect(lambda _c=False, f=fmt: self._run(lambda doc: self._exporter.export(doc, f)))
            buttons.addWidget(button)
        if "pdf" in entry.formats:
            button = QPushButton("打印预览…")
            button.setToolTip("在本软件中查看将要打印的每一页，并可直接打印")
            button.clicked.connect(lambda _c=False: self._run(self._exporter.preview))
            buttons.addWidget(button)
            button = QPushButton("打印（打开PDF）…")
            button.clicked.connect(lambda _c=False: self._run(self._exporter.print_pdf))
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.panel_layout.addLayout(buttons)
        self.panel_layout.addStretch(1)

    def _option_widget(self, option: Option) -> QWidget:
        if option.kind == "flag":
            box = QCheckBox(option.label)
            box.setChecked(bool(option.default))
            return box
        if option.kind in ("year", "choice"):
            combo = QComboBox()
            for label, value in self._choices(option):
                combo.addItem(label, value)
            return combo
        if option.kind == "int":
            spin = QSpinBox()
            spin.setRange(0, 100_000)
            spin.setValue(int(option.default or 0))
            return spin
        edit = QLineEdit(str(option.default or ""))
        return edit

    def _choices(self, option: Option) -> list[tuple[str, object]]:
        if option.kind == "choice":
            return [(c, c) for c in option.choices]
        this_year = date.today().year
        if option.choices_from:
            with self._db.session() as session:
                years = list(registry.resolve(option.choices_from)(session))
        else:
            years = list(range(this_year, this_year - 10, -1))
        listed = [] if option.required else [("全部年度", None)]
        return listed + [(f"{y}年", y) for y in years]

    def option_widget(self, name: str) -> QWidget:
        return self._option_widgets[name]

    def chosen_options(self) -> dict:
        values: dict = {"preparer": self.preparer.text().strip() or None}
        for name, widget in self._option_widgets.items():
            if isinstance(widget, QCheckBox):
                values[name] = widget.isChecked()
            elif isinstance(widget, QComboBox):
                values[name] = widget.currentData()
            elif isinstance(widget, QSpinBox):
                values[name] = widget.value()
            else:
                values[name] = widget.text().strip() or None
        return values

    def current_document(self) -> Document:
        assert self._entry is not None
        return catalogue_document(self._entry.key, **self.chosen_options())

    def _run(self, action) -> None:
        self._save_preparer()
        action(self.current_document())

    # -- data
    def refresh(self) -> None:
        with self._db.session() as session:
            self.preparer.setText(get_setting(session, "report.preparer"))
        self.binder.refresh()
        if self._entry is not None:
            self._build_panel(self._entry)

    def _save_preparer(self) -> None:
        with self._db.transaction() as session:
            set_setting(session, "report.preparer", self.preparer.text().strip())


def _clear(layout) -> None:
    while layout.count():
        child = layout.takeAt(0)
        if child.widget() is not None:
            child.widget().deleteLater()
        elif child.layout() is not None:
            _clear(child.layout())
