"""The 党费 page's main flow: import a salary sheet, mark a month paid with one action, correct one exception."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from app.models.dues import DuesBase, DuesMonth
from app.services.demo.sample_branch import create_demo_branch
from app.services.dues import vocab
from app.services.dues.sample_salary import expected_base, write_salary_sheet
from app.services.roster.members import list_members
from app.ui import messages
from app.ui.dues.dues_page import DuesPage
from app.ui.dues.grid_model import LEAD
from app.ui.dues.month_dialogs import CorrectMonthDialog
from app.ui.dues.remittance_tab import RemittanceDialog
from app.ui.dues.salary_import_dialog import SalaryImportDialog
from tests.ui.dialog_helpers import Messages

TODAY = date(2026, 12, 15)


@pytest.fixture
def demo_db(db):
    with db.transaction() as s:
        create_demo_branch(s, date(2026, 12, 1))
    return db


def test_import_a_salary_sheet_mark_a_month_paid_and_correct_one_exception(qtbot, demo_db, tmp_path, monkeypatch):
    recorder = Messages(monkeypatch)
    page = DuesPage(demo_db, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1400, 800)
    with demo_db.session() as s:
        names = [m.name for m in list_members(s)]
    sheet = tmp_path / "2026年1月工资表.xlsx"
    lines = write_salary_sheet(sheet, names[:20], year=2026, drifted=True, non_members=["外聘教师甲"])

    seen = {}

    def run(dialog: QDialog) -> bool:
        if isinstance(dialog, SalaryImportDialog):
            seen["preview"] = dialog.report.toPlainText()
            assert dialog.preview_model.rowCount() == 20 and dialog.confirm_button.isEnabled()
            dialog.confirm_button.click()
        elif isinstance(dialog, RemittanceDialog):
            dialog.receipt.setText("示教工党费〔2026〕第31号")
            dialog.scan.setText(str(scan))
            dialog.save_button.click()
        elif isinstance(dialog, CorrectMonthDialog):
            dialog.state.setCurrentValue(vocab.PARTIAL)
            dialog.amount.setText("5.00")
            dialog.save_button.click()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(messages, "run_dialog", run)
    page.tabs.setCurrentWidget(page.bases)
    assert page.bases.import_salary_sheet(str(sheet)) == 20
    assert "未匹配：第" in seen["preview"] and "外聘教师甲" in seen["preview"] and "合计行" in seen["preview"]
    assert recorder.errors[-1] == "已按工资表更新 20 名党员的缴费基数（自 2026-01 起）。"
    with demo_db.session() as s:
        imported = s.scalars(select(DuesBase).where(DuesBase.source == "import", DuesBase.valid_from == "2026-01",
                                                    DuesBase.note.like("%2026年1月工资表.xlsx%"))).all()
        assert sorted(b.base_fen for b in imported) == sorted(int(expected_base(lines[n]) * 100) for n in names[:20])

    # one action: December paid at the due amount for everyone
    page.tabs.setCurrentWidget(page.collection)
    tab = page.collection
    tab.month.setCurrentValue(12)
    tab.mark_button.click()
    assert "2026年12月" in recorder.questions[-1]
    assert recorder.errors[-1].startswith("2026年12月 已登记 ")
    december = LEAD.__len__() + 11
    first = tab.model.index(0, december)
    assert tab.model.data(first, Qt.ItemDataRole.DisplayRole) not in ("", "未缴")

    # one exception corrected: the first member paid only 5.00 in December
    tab.table.setCurrentIndex(first)
    tab.correct_button.click()
    member_id = tab.model.rows[0].member_id
    assert tab.model.data(tab.model.index(0, december), Qt.ItemDataRole.DisplayRole) == "5.00"
    with demo_db.session() as s:
        row = s.scalar(select(DuesMonth).where(DuesMonth.member_id == member_id, DuesMonth.month == "2026-12"))
        assert (row.state, row.paid_fen) == (vocab.PARTIAL, 500)

    # who is behind: the member 3 months behind and the one out of contact
    page.tabs.setCurrentWidget(page.arrears)
    behind = [page.arrears.model.rows[r] for r in range(page.arrears.model.rowCount())]
    assert any(row[3] == "3" for row in behind) and "连续 3 个月" in page.arrears.reminders.text()

    # a hand-over for the third quarter, with its receipt scan
    scan = tmp_path / "收据.png"
    scan.write_bytes(b"\x89PNG receipt")
    page.tabs.setCurrentWidget(page.remittance)
    tab = page.remittance
    tab.quarter_table.setCurrentIndex(tab.quarters.index(2, 0))
    tab.record_button.click()
    assert tab.quarters.rows[2][-1] == "已上缴"
    assert tab.handed.rows[-1][3:5] == ["示教工党费〔2026〕第31号", "1 份"]

    # the year's 党费收缴登记表 and the 公示 sheet
    for sheet in ("register", "notice"):
        target = tmp_path / f"{sheet}.pdf"
        assert page.export(sheet, str(target)) == str(target) and target.stat().st_size > 0
    page.grab().save(str(tmp_path / "dues_page.png"))


def test_the_navigation_opens_the_dues_page(qtbot, branch_db, monkeypatch):
    from app.ui.main_window import MainWindow

    monkeypatch.setattr("app.services.backup.auto_backup.auto_backup_if_due", lambda db, on_exit=False, **kw: None)
    window = MainWindow(branch_db)
    qtbot.addWidget(window)
    window.show_area("dues")
    page = window.stack.currentWidget()
    assert isinstance(page, DuesPage)
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ["收缴", "基数核定", "欠缴", "上缴"]


def test_the_rules_dialog_changes_a_bracket_from_a_month_and_the_rounding(qtbot, branch_db, monkeypatch):
    from app.services.dues.settings import rate_rules, rounding
    from app.ui.dues.rules_dialog import RulesDialog

    recorder = Messages(monkeypatch)
    page = DuesPage(branch_db, today=lambda: TODAY)
    qtbot.addWidget(page)

    def run(dialog):
        assert isinstance(dialog, RulesDialog)
        assert dialog.rules[vocab.EMPLOYED].text() == "≤3000元 0.5%；≤5000元 1%；≤10000元 1.5%；以上 2%"
        dialog.rules[vocab.RETIRED].setText("≤4000元 0.5%；以上 1%")
        dialog.source.setText("某省委组织部2026年通知")
        dialog.rounding.setCurrentValue("yuan")
        assert dialog.from_month.text() == "2027-01"  # the month after today by default
        dialog.save_button.click()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(messages, "run_dialog", run)
    page.rules_button.click()
    assert recorder.errors == []
    with branch_db.session() as s:
        versions = rate_rules(s)
        assert [v["from"] for v in versions] == ["2008-04", "2027-01"] and rounding(s) == "yuan"
        assert versions[-1]["categories"][vocab.RETIRED]["brackets"] == [["4000.00", "0.5"], [None, "1"]]


def test_ending_a_hardship_reduction_from_this_month(qtbot, demo_db, monkeypatch):
    from app.models.dues import DuesOverride

    recorder = Messages(monkeypatch)
    page = DuesPage(demo_db, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.tabs.setCurrentWidget(page.bases)  # a tab loads when it is shown
    tab = page.bases
    (row,) = [i for i, r in enumerate(tab.model.rows) if r[-1].startswith("困难减缴 每月10.00元")]
    tab.table.setCurrentIndex(tab.model.index(row, 0))
    tab.end_button.click()
    assert "恢复按基数和比例计算" in recorder.questions[-1]
    with demo_db.session() as s:
        assert s.scalar(select(DuesOverride)).to_month == "2026-11"
    assert tab.model.rows[row][-1].endswith("至2026-11）")


def test_the_sample_branch_offers_a_salary_sheet_to_try_the_import_with(qtbot, demo_db, tmp_path, monkeypatch):
    recorder = Messages(monkeypatch)
    page = DuesPage(demo_db, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.tabs.setCurrentWidget(page.bases)
    assert not page.bases.sample_button.isHidden()
    path = page.bases.write_sample_sheet(str(tmp_path / "示例工资表.xlsx"))
    assert "已生成示例工资表" in recorder.errors[-1]

    def run(dialog):
        assert dialog.preview.unmatched[0][1] == "外聘教师甲" and not dialog.preview.errors
        dialog.confirm_button.click()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(messages, "run_dialog", run)
    with demo_db.session() as s:
        active = len(list_members(s))
    assert page.bases.import_salary_sheet(path) == active


def test_a_real_branch_has_no_sample_sheet_button(qtbot, branch_db):
    page = DuesPage(branch_db, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.tabs.setCurrentWidget(page.bases)
    assert page.bases.sample_button.isHidden()


def test_a_quarter_paid_in_advance_by_someone_else(qtbot, demo_db, monkeypatch):
    from app.ui.dues.month_dialogs import PaymentDialog

    recorder = Messages(monkeypatch)
    page = DuesPage(demo_db, today=lambda: TODAY)
    qtbot.addWidget(page)
    tab = page.collection
    member_id = tab.model.rows[1].member_id

    def run(dialog):
        assert isinstance(dialog, PaymentDialog)
        dialog.member.setCurrentValue(member_id)
        dialog.first.setText("2026-12")
        dialog.cover(3)  # the quarter of December: October to December
        assert (dialog.first.text(), dialog.last.text()) == ("2026-10", "2026-12")
        dialog.first.setText("2026-12")
        dialog.cover(6)
        assert dialog.last.text() == "2027-05"
        dialog.last.setText("2026-12")
        dialog.payer.setText("配偶张某")
        dialog.save_button.click()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(messages, "run_dialog", run)
    tab.pay_button.click()
    assert recorder.errors == []
    with demo_db.session() as s:
        row = s.scalar(select(DuesMonth).where(DuesMonth.member_id == member_id, DuesMonth.month == "2026-12"))
        assert (row.state, row.payer, row.paid_date) == (vocab.PAID, "配偶张某", TODAY)
