"""A small area that exists only in the tests: it proves an area is one package and one registration."""

from __future__ import annotations

from pathlib import Path

from app.kit.findings import Finding
from app.kit.registry import Area, Document, Option
from app.kit.reminders import Reminder
from app.reports.engine.register import ReportResult

KEY = "dummy"


def dummy_page(db):
    from PySide6.QtWidgets import QLabel

    label = QLabel("试验区域的页面")
    label.setObjectName("dummyPage")
    return label


def write_dummy(session, path: Path, fmt: str, *, copies: int = 1, preparer=None) -> ReportResult:
    path.write_text(f"试验台账 x{copies}", encoding="utf-8")
    return ReportResult(path, rows=copies, pages=None, fmt=fmt)


def dummy_check(ctx) -> list[Finding]:
    return [Finding("dummy", "试验区域：发现一个试验问题")]


def dummy_reminders(ctx) -> list[Reminder]:
    return [Reminder(ctx.today, KEY, "试验区域的待办事项", severity="due", key="dummy.one")]


AREA = Area(
    key=KEY, title="试验区域", order=85, page="tests.areas.dummy_area:dummy_page",
    documents=(Document(key="dummy.sheet", title="试验台账", command="dummy", writer="tests.areas.dummy_area:write_dummy",
                        formats=("pdf", "xlsx"), options=(Option("copies", "份数", kind="int", default=1),)),),
    checks=("tests.areas.dummy_area:dummy_check",),
    reminders=("tests.areas.dummy_area:dummy_reminders",),
)
