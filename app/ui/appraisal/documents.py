"""The page's 打印与导出 menu: the four documents of the year shown, from the registry's catalogue, through
the shared exporter (which writes them off the GUI thread)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMenu, QWidget

from app.ui import messages
from app.ui.ledgers.document_export import DocumentExporter, catalogue_document


def print_menu(parent: QWidget, exporter: DocumentExporter, year: Callable[[], int | None],
               selected: Callable[[], object]) -> QMenu:
    menu = QMenu(parent)

    def add(label: str, action: Callable[[], None]) -> None:
        menu.addAction(label).triggered.connect(action)

    def doc(sheet: str, **options):
        return catalogue_document(f"appraisal.{sheet}", year=year(), **options)

    add("预览并打印民主测评表…", lambda: exporter.preview(doc("ballot")))
    add("打印民主测评表（PDF）…", lambda: exporter.print_pdf(doc("ballot")))
    menu.addSeparator()
    add("导出结果统计表（Excel）…", lambda: exporter.export(doc("results"), "xlsx"))
    add("导出结果统计表（PDF）…", lambda: exporter.export(doc("results"), "pdf"))

    def one_form() -> None:
        row = selected()
        if row is None:
            messages.show_info(parent, "请先在表中选中一名党员。", "请选择党员")
            return
        exporter.export(doc("members", person=row.name), "pdf")

    add("导出选中党员的登记表（PDF）…", one_form)
    add("导出全部党员的登记表（PDF）…", lambda: exporter.export(doc("members"), "pdf"))
    menu.addSeparator()
    add("导出评议情况报告（PDF）…", lambda: exporter.export(doc("report"), "pdf"))
    return menu
