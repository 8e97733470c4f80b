"""The 民主评议 page's main flow: type a tally into the grid, save it, see the proposed grades, decide the
final ones, close the round (read-only afterwards), reopen it with a reason."""

from datetime import date

import pytest
from PySide6.QtCore import Qt

from app.services.appraisal import vocab
from app.services.appraisal.queries import require_round
from app.services.appraisal.rounds import create_round
from app.ui import messages
from app.ui.appraisal.appraisal_page import AppraisalPage
from app.ui.appraisal.tally_table_model import BASIC, EXCELLENT, FINAL, PROPOSED, QUALIFIED, RETURNED, TOTAL
from tests.services.appraisal.helpers import add_member

TODAY = date(2026, 12, 18)


@pytest.fixture
def page(branch_db, qtbot, monkeypatch):
    with branch_db.transaction() as s:
        for name in ("王建国", "李秀英", "张志强"):
            add_member(s, name)
        add_member(s, "陈晨", probationary=True, joined=date(2026, 5, 4))
        create_round(s, 2026, TODAY, meeting_place="会议室", ballots_issued=10)
    shown: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda parent, text, title="": shown.append(text))
    monkeypatch.setattr(messages, "show_info", lambda parent, text, title="": shown.append(text))
    widget = AppraisalPage(branch_db, today=TODAY)
    widget.shown = shown
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    return widget


def _cell(page, row, col) -> str:
    return page.model.index(row, col).data()


def _type(page, qtbot, row, col, text) -> None:
    """Type into a cell as a user does: start editing, type, Enter."""
    index = page.model.index(row, col)
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    editor = page.table.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def _enter(page, qtbot, row, excellent, qualified, basic, returned) -> None:
    for col, value in ((EXCELLENT, excellent), (QUALIFIED, qualified), (BASIC, basic), (RETURNED, returned)):
        _type(page, qtbot, row, col, str(value))


def test_enter_a_tally_decide_the_grades_and_close_the_round(page, qtbot, branch_db, monkeypatch):
    assert "进行中" in page.status_label.text()
    assert _cell(page, 3, FINAL) == "不评定等次"
    assert not (page.model.flags(page.model.index(3, EXCELLENT)) & Qt.ItemFlag.ItemIsEditable)
    _enter(page, qtbot, 0, 7, 3, 0, 10)
    _enter(page, qtbot, 1, 2, 8, 0, 10)
    _enter(page, qtbot, 2, 1, 3, 6, 10)
    assert _cell(page, 0, TOTAL) == "10"  # the row's total, live before saving
    assert "有 3 行票数尚未保存" in page.summary_label.text()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.shown == []
    assert [_cell(page, r, PROPOSED) for r in range(3)] == ["优秀", "合格", "基本合格"]

    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    assert [_cell(page, r, FINAL) for r in range(3)] == ["优秀", "合格", "基本合格"]
    assert "优秀 1 人（33.3%）" in page.summary_label.text()
    assert page.warning_label.text() == ""  # one of three: exactly a third

    asked: list[str] = []
    monkeypatch.setattr(messages, "ask_confirm", lambda parent, text, *a, **k: asked.append(text) or True)
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert asked and "结束2026年度民主评议（4 名党员）" in asked[0]
    assert "已结束" in page.status_label.text()
    assert not page.save_button.isEnabled() and page.reopen_button.isEnabled()
    assert not (page.model.flags(page.model.index(0, EXCELLENT)) & Qt.ItemFlag.ItemIsEditable)
    with branch_db.session() as s:
        rnd = require_round(s, 2026)
        assert rnd.status == vocab.CLOSED
        assert [p.final_grade for p in rnd.participants] == [vocab.EXCELLENT, vocab.QUALIFIED, vocab.BASIC, None]

    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: "等次录错，复议更正")
    qtbot.mouseClick(page.reopen_button, Qt.MouseButton.LeftButton)
    assert "进行中" in page.status_label.text()
    assert "曾重新开启 1 次，最近一次原因：等次录错，复议更正" in page.status_label.text()
    with branch_db.session() as s:
        assert require_round(s, 2026).log[-1].reason == "等次录错，复议更正"


def test_votes_over_ballots_returned_are_shown_and_refused_in_chinese(page, qtbot, branch_db):
    _enter(page, qtbot, 0, 8, 3, 0, 10)
    assert "超过了收回票数" in page.model.index(0, TOTAL).data(Qt.ItemDataRole.ToolTipRole)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.shown == ["第 1 行 王建国的四个等次票数合计 11 票，超过了收回票数 10 票，请核对。"]
    with branch_db.session() as s:
        assert require_round(s, 2026).participants[0].ballots_returned is None


def test_a_final_grade_other_than_proposed_asks_for_the_reason(page, qtbot, branch_db, monkeypatch):
    _enter(page, qtbot, 1, 2, 8, 0, 10)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    monkeypatch.setattr(messages, "ask_text", lambda *a, **k: "市级优秀教师")
    page.model.setData(page.model.index(1, FINAL), vocab.EXCELLENT)
    assert _cell(page, 1, FINAL) == "优秀"
    with branch_db.session() as s:
        assert require_round(s, 2026).participants[1].final_reason == "市级优秀教师"


def test_ballots_typed_one_by_one_are_counted_into_the_grid(page, qtbot, branch_db, monkeypatch):
    def type_ballots(dialog) -> bool:
        for keys in ("123", "1 2 0", "12x"):
            dialog.keys.setText("")
            qtbot.keyClicks(dialog.keys, keys)
            qtbot.keyClick(dialog.keys, Qt.Key.Key_Return)
        assert "无法识别" in dialog.message.text() and dialog.keys.text() == "12x"  # refused, kept to correct
        assert dialog.count_label.text() == "已录入测评票 2 张"
        return True

    monkeypatch.setattr(messages, "run_dialog", type_ballots)
    qtbot.mouseClick(page.ballots_button, Qt.MouseButton.LeftButton)
    assert [_cell(page, 0, c) for c in (EXCELLENT, QUALIFIED, RETURNED, PROPOSED)] == ["2", "0", "2", "优秀"]
    assert [_cell(page, 2, c) for c in (BASIC, RETURNED)] == ["1", "2"]
    assert not page.save_button.isEnabled()  # the counts are now the ballots'
    assert not (page.model.flags(page.model.index(0, EXCELLENT)) & Qt.ItemFlag.ItemIsEditable)


def test_a_second_round_for_a_year_is_refused_and_the_dialog_stays_open(page, qtbot, branch_db, monkeypatch):
    from PySide6.QtWidgets import QDialog

    outcomes = []

    def fill(dialog) -> bool:
        dialog.year.setValue(2026)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        outcomes.append(dialog.result())
        dialog.year.setValue(2027)
        dialog.held_on.setDate(date(2027, 1, 8))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        outcomes.append(dialog.result())
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(messages, "run_dialog", fill)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.shown == ["2026年度已经建立了民主评议，每年只开展一次；请打开已有的2026年度评议。"]
    assert outcomes == [QDialog.DialogCode.Rejected, QDialog.DialogCode.Accepted]
    assert page.year_combo.currentText() == "2027年度" and "进行中" in page.status_label.text()


def test_rules_dialog_shows_sources_refuses_a_bad_share_and_saves_a_good_one(page, qtbot, branch_db, monkeypatch):
    from PySide6.QtWidgets import QLabel

    from app.services.appraisal.rule_settings import current_rules

    def edit(dialog) -> bool:
        texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
        assert "依据：" in texts and "三分之一" in texts
        dialog.excellent.setText("一半")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        dialog.excellent.setText("30%")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return True

    monkeypatch.setattr(messages, "run_dialog", edit)
    qtbot.mouseClick(page.rules_button, Qt.MouseButton.LeftButton)
    assert len(page.shown) == 1 and "无法识别" in page.shown[0]
    with branch_db.session() as s:
        assert current_rules(s)["appraisal.excellent_share_max"] == "30%"


def test_a_member_is_taken_out_of_the_round_and_added_back(page, qtbot, branch_db, monkeypatch):
    monkeypatch.setattr(messages, "ask_confirm", lambda *a, **k: True)
    page.table.setCurrentIndex(page.model.index(1, 0))
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert [r.name for r in page.model.rows] == ["王建国", "张志强", "陈晨"]

    def add(dialog) -> bool:
        assert dialog.member.currentText() == "李秀英（正式党员）"
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return True

    monkeypatch.setattr(messages, "run_dialog", add)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert [r.name for r in page.model.rows] == ["王建国", "张志强", "陈晨", "李秀英"]


def test_print_menu_exports_the_selected_members_form_and_the_results_sheet(page, qtbot, tmp_path, branch_db):
    from pypdf import PdfReader

    written = []
    page.exporter.export = lambda doc, fmt: written.append((doc, fmt))
    actions = {a.text(): a for a in page.print_button.menu().actions()}
    page.table.setCurrentIndex(page.model.index(1, 0))
    actions["导出选中党员的登记表（PDF）…"].trigger()
    actions["导出结果统计表（Excel）…"].trigger()
    assert [(d.name, d.remarks, fmt) for d, fmt in written] == [
        ("民主评议党员登记表", ["2026年度", "只导出这名党员的登记表（姓名）：李秀英"], "pdf"),
        ("民主评议党员结果统计表", ["2026年度"], "xlsx")]
    with branch_db.session() as s:
        written[0][0].write(s, tmp_path / "x.pdf", "pdf")
    pages = PdfReader(tmp_path / "x.pdf").pages
    assert len(pages) == 1 and "李秀英" in pages[0].extract_text().replace(" ", "")


def test_follow_up_of_a_basic_grade_needs_a_deadline_shown_beside_its_field(page, qtbot, branch_db, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from app.services.appraisal.grading import set_final_grade

    with branch_db.transaction() as s:
        rnd = require_round(s, 2026)
        set_final_grade(s, rnd, rnd.participants[2].member_id, vocab.BASIC)
    page.load(2026)
    page.table.setCurrentIndex(page.model.index(2, 0))

    def fill(dialog) -> bool:
        assert dialog.form.value("action") == vocab.RECTIFY
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.form._inline_errors["deadline"].text() == "限期改正须填写改正期限。"
        assert dialog.result() != QDialog.DialogCode.Accepted
        dialog.form.set_value("deadline", date(2027, 6, 30))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(messages, "run_dialog", fill)
    qtbot.mouseClick(page.follow_button, Qt.MouseButton.LeftButton)
    with branch_db.session() as s:
        follow = require_round(s, 2026).participants[2].follow_ups
        assert [(f.action, f.deadline) for f in follow] == [(vocab.RECTIFY, date(2027, 6, 30))]


def test_quarterly_self_checks_are_entered_for_the_selected_member(page, qtbot, branch_db, monkeypatch):
    from app.services.appraisal.notes import notes_of

    page.table.setCurrentIndex(page.model.index(0, 0))

    def fill(dialog) -> bool:
        dialog.form.set_value("quarter_1", "按时参加组织生活")
        dialog.form.set_value("half_year_1", "上半年表现良好")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return True

    monkeypatch.setattr(messages, "run_dialog", fill)
    qtbot.mouseClick(page.notes_button, Qt.MouseButton.LeftButton)
    with branch_db.session() as s:
        member_id = require_round(s, 2026).participants[0].member_id
        assert [(n.kind, n.period, n.text) for n in notes_of(s, member_id, 2026)] == [
            (vocab.QUARTER_CHECK, 1, "按时参加组织生活"), (vocab.HALF_YEAR, 1, "上半年表现良好")]
