"""The page's 打印与导出 menu: the four documents of the year shown, through the shared exporter."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMenu, QWidget

from app.ui import messages
from app.ui.ledgers.document_export import Document, DocumentExporter


def _document(name: str, writer: str, unit: str, **options) -> Document:
    def write(session, path, fmt):
        # imported on use: reportlab and openpyxl load slowly and most visits never print
        from app.kit.registry import resolve

        return resolve(writer)(session, path, fmt, **options)

    return Document(name, write, unit)


def print_menu(parent: QWidget, exporter: DocumentExporter, year: Callable[[], int | None],
               selected: Callable[[], object]) -> QMenu:
    menu = QMenu(parent)
    base = "app.reports.appraisal"

    def add(label: str, action: Callable[[], None]) -> None:
        menu.addAction(label).triggered.connect(action)

    def doc(name, writer, unit="名党员", **options) -> Document:
        return _document(f"{year()}年度{name}", f"{base}.{writer}", unit, year=year(), **options)

    add("打印民主测评表（PDF）…", lambda: exporter.print_pdf(doc("民主测评表", "ballot_sheet:write_ballot")))
    menu.addSeparator()
    add("导出结果统计表（Excel）…", lambda: exporter.export(doc("民主评议结果统计表", "results_sheet:write_results"), "xlsx"))
    add("导出结果统计表（PDF）…", lambda: exporter.export(doc("民主评议结果统计表", "results_sheet:write_results"), "pdf"))

    def one_form() -> None:
        row = selected()
        if row is None:
            messages.show_info(parent, "请先在表中选中一名党员。")
            return
        exporter.export(doc(f"民主评议党员登记表（{row.name}）", "member_form:write_member_forms", person=row.name),
                        "pdf")

    add("导出选中党员的登记表（PDF）…", one_form)
    add("导出全部党员的登记表（PDF）…",
        lambda: exporter.export(doc("民主评议党员登记表", "member_form:write_member_forms"), "pdf"))
    menu.addSeparator()
    add("导出评议情况报告（PDF）…",
        lambda: exporter.export(doc("民主评议党员情况报告", "cover_report:write_cover_report", unit="页"), "pdf"))
    return menu
