"""The main flow of 组织生活 on screen: the calendar shows a missing 支委会; double-clicking it opens a record
copied from the previous one; one absentee ticked with a reason and a photo attached; 保存 closes the gap."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDateTime, Qt, QTimer

from app.services.attachments import list_attachments
from app.services.meetings import kinds
from app.services.meetings.records import OWNER_KIND, counts, describe_absentees, get_meeting
from app.ui.meetings.meeting_dialog import ABSENT_COL, LEAVE_COL, REASON_COL
from app.ui.meetings.meetings_page import MeetingsPage
from tests.services.meetings.helpers import TODAY, build_branch, meeting, save


def test_record_the_missing_committee_meeting_from_the_previous_one(qtbot, branch_db, tmp_path):
    branch = build_branch(branch_db)
    save(branch_db, meeting(branch, kinds.COMMITTEE, when=datetime(2026, 10, 9, 16, 10), place="三楼党员活动室",
                            topics=("研究年度民主评议工作方案",)))
    photo = tmp_path / "签到表.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 sign-in sheet")
    page = MeetingsPage(branch_db, today=TODAY)
    qtbot.addWidget(page)
    assert page.cell_at(kinds.COMMITTEE, 11).state == "missing"
    assert "缺" in page.rate.text()
    row = next(i for i, r in enumerate(page._calendar_data.rows) if r.kind == kinds.COMMITTEE)
    assert page.calendar.item(row, 10).text() == "缺"
    seen = {}

    def fill_in():
        dialog = page.last_dialog
        seen["place"], seen["host"] = dialog.place.text(), dialog.host.currentText()
        dialog.when.setDateTime(QDateTime(datetime(2026, 11, 6, 16, 10)))
        absentee = next(r for r in range(dialog.attendance.rowCount())
                        if dialog.attendance.item(r, 0).text() == "党员04")
        dialog.attendance.item(absentee, LEAVE_COL).setCheckState(Qt.CheckState.Checked)
        dialog.attendance.item(absentee, REASON_COL).setText("外出培训")
        seen["counts"] = dialog.counts.text()
        seen["absent_ticked"] = dialog.attendance.item(absentee, ABSENT_COL).checkState() == Qt.CheckState.Checked
        dialog.content.setPlainText("研究年终工作安排。")
        dialog.add_files([photo])
        seen["files"] = dialog.files.item(0).text()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill_in)
    page.calendar.cellDoubleClicked.emit(row, 10)
    assert seen["place"] == "三楼党员活动室" and seen["host"] == "党员01"
    assert seen["absent_ticked"] and seen["counts"].startswith("应到 5 人，实到 4 人，缺席 1 人")
    assert seen["files"] == "签到表.jpg（保存时附加）"
    assert page.cell_at(kinds.COMMITTEE, 11).state == "held"
    assert page.calendar.item(row, 10).text() == "✔ 1 次"
    titles = [page.records.item(r, 2).text() for r in range(page.records.rowCount())]
    assert titles == ["2026年第1次支部委员会", "2026年第2次支部委员会"]
    new_id = page.records.item(1, 0).data(Qt.ItemDataRole.UserRole)
    assert page.records.item(1, 8).text() == "1"
    with branch_db.session() as s:
        m = get_meeting(s, new_id)
        assert (m.held_at, m.place, counts(m).present) == (datetime(2026, 11, 6, 16, 10), "三楼党员活动室", 4)
        assert describe_absentees(m) == "党员04（请假：外出培训）"
        (link,) = list_attachments(s, OWNER_KIND, new_id)
        assert link.display_name == "签到表.jpg"
    page.grab().save(str(tmp_path / "meetings_page.png"))


def test_a_future_date_is_refused_in_chinese_and_the_dialog_stays(qtbot, branch_db, monkeypatch):
    branch = build_branch(branch_db)
    page = MeetingsPage(branch_db, today=TODAY)
    qtbot.addWidget(page)
    shown = []
    monkeypatch.setattr("app.ui.messages.show_error", lambda _parent, text, *a, **k: shown.append(text))

    def fill_in():
        dialog = page.last_dialog
        dialog.when.setDateTime(QDateTime(datetime(2026, 12, 5, 15, 0)))
        dialog.host.setCurrentIndex(dialog.host.findData(branch.full[0]))
        dialog.recorder.setCurrentIndex(dialog.recorder.findData(branch.full[1]))
        dialog.accept()
        shown.append(dialog.isVisible())
        dialog.reject()

    QTimer.singleShot(0, fill_in)
    assert page.new_meeting(kinds.THEME_DAY, date(2026, 11, 20)) is None
    assert shown[0].startswith("“召开时间”2026-12-05 晚于今天，不能登记为已召开") and shown[1] is True


def test_elect_a_committee_and_print_the_book_with_progress(qtbot, branch_db, tmp_path, monkeypatch):
    from app.ui.meetings.committee_dialog import CommitteeDialog

    branch = build_branch(branch_db)
    save(branch_db, meeting(branch, kinds.COMMITTEE, when=datetime(2026, 10, 9, 16, 10)))
    page = MeetingsPage(branch_db, today=TODAY)
    qtbot.addWidget(page)
    assert page.term.text() == "本届支部委员会 2024-06-20 选举产生，任期 3 年，将于 2027-06-20 届满。"

    dialog = CommitteeDialog(branch_db, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.elected.setDate(date(2026, 11, 28))
    for combo, mid in zip(dialog.people, branch.full[5:9], strict=False):
        combo.setCurrentIndex(combo.findData(mid))
    dialog.accept()
    page.refresh()
    assert page.term.text() == "本届支部委员会 2026-11-28 选举产生，任期 3 年，将于 2029-11-28 届满。"
    assert [page.seats.item(r, 2).text() for r in range(4)] == ["党员06", "党员07", "党员08", "党员09"]
    assert page.seats.rowCount() == 9  # the new four, and the previous five as history

    target = tmp_path / "会议记录本.pdf"
    told = []
    monkeypatch.setattr("app.ui.widgets.file_dialogs.save_file_name", lambda *a, **k: str(target))
    monkeypatch.setattr("app.ui.ledgers.document_export.messages.show_info",
                        lambda _p, text, *a, **k: told.append(text))
    page.export_book()
    assert target.exists() and told[0].startswith("2026年度会议记录本已导出")
    done, total = page.book_steps
    assert done == total > 0


def test_a_record_saved_as_a_template_starts_the_next_one(qtbot, branch_db, monkeypatch):
    from app.services.meetings.records import MeetingInput
    from app.ui.meetings.meeting_dialog import MeetingDialog

    branch = build_branch(branch_db)
    monkeypatch.setattr("app.ui.meetings.meeting_dialog.show_info", lambda *a: None)
    draft = MeetingInput(kind=kinds.THEME_DAY, held_at=datetime(2026, 11, 20, 15, 0), place="校史馆",
                         host_id=branch.full[0], recorder_id=branch.full[1], theme="重温入党誓词",
                         topics=("集中学习", "志愿服务"))
    dialog = MeetingDialog(branch_db, draft, today=TODAY)
    qtbot.addWidget(dialog)
    dialog._save_template("每月主题党日")
    page = MeetingsPage(branch_db, today=TODAY)
    qtbot.addWidget(page)
    page._fill_template_menu()
    (action,) = page.template_menu.actions()
    assert action.text() == "每月主题党日（主题党日）"
    seen = {}

    def look():
        d = page.last_dialog
        seen.update(place=d.place.text(), theme=d.theme.text(), topics=d.topics.toPlainText(), host=d.host.currentText())
        d.reject()

    QTimer.singleShot(0, look)
    action.trigger()
    assert seen == {"place": "校史馆", "theme": "重温入党誓词", "topics": "集中学习\n志愿服务", "host": "党员01"}
    coverage = page.coverage.text()
    assert coverage.startswith("本年度谈心谈话覆盖：已谈 0/13 人。尚未与支部委员谈话：党员01、")


def test_an_activity_counted_by_hand_refuses_more_present_than_expected(qtbot, branch_db, monkeypatch):
    from app.services.meetings.records import MeetingInput
    from app.ui.meetings.meeting_dialog import MeetingDialog

    branch = build_branch(branch_db)
    shown = []
    monkeypatch.setattr("app.ui.messages.show_error", lambda _parent, text, *a, **k: shown.append(text))
    draft = MeetingInput(kind=kinds.OTHER, held_at=datetime(2026, 11, 20, 9, 0), host_id=branch.full[0],
                         recorder_id=branch.full[1])
    dialog = MeetingDialog(branch_db, draft, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.manual.isVisible()
    dialog.manual.setChecked(True)
    dialog.manual_expected.setValue(30)
    dialog.manual_present.setValue(32)
    dialog.accept()
    assert shown == ["“实到人数”（32）不能多于“应到人数”（30）。"] and dialog.focusWidget() is dialog.manual_present
    dialog.manual_present.setValue(28)
    dialog.accept()
    with branch_db.session() as s:
        m = get_meeting(s, dialog.saved_id)
        assert (counts(m).expected, counts(m).present, m.attendance) == (30, 28, [])


def test_the_cadences_and_rules_are_edited_in_one_table(qtbot, branch_db, monkeypatch):
    build_branch(branch_db)
    monkeypatch.setattr("app.ui.meetings.rules_editor.show_info", lambda *a: None)
    page = MeetingsPage(branch_db, today=TODAY)
    qtbot.addWidget(page)
    labels = [page.rules.table.item(r, 0).text() for r in range(page.rules.table.rowCount())]
    assert "党课的频次" in labels
    lecture = labels.index("党课的频次")
    assert page.rules.table.item(lecture, 2).text().startswith("地方做法")
    assert any(r.kind == kinds.LECTURE for r in page._calendar_data.rows)
    combo = page.rules.editor("meetings.cadence.lecture")
    combo.setCurrentIndex(combo.findData(kinds.NONE))
    assert page.rules.save()
    assert all(r.kind != kinds.LECTURE for r in page._calendar_data.rows)
    page.rules.restore_defaults()
    assert page.rules.editor("meetings.cadence.lecture").currentData() == kinds.QUARTER


def test_a_talk_with_oneself_is_refused_and_a_proper_one_counts(qtbot, branch_db, monkeypatch):
    from app.ui.meetings.talk_dialog import TalkDialog

    branch = build_branch(branch_db)
    shown = []
    monkeypatch.setattr("app.ui.messages.show_error", lambda _parent, text, *a, **k: shown.append(text))
    dialog = TalkDialog(branch_db, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.talker.itemText(0).endswith("（支委）")  # committee members first
    dialog.talker.setCurrentIndex(dialog.talker.findData(branch.full[0]))
    dialog.talkee.setCurrentIndex(dialog.talkee.findData(branch.full[0]))
    dialog.accept()
    assert shown == ["“谈话人”和“谈话对象”不能是同一人。"] and dialog.focusWidget() is dialog.talkee
    dialog.talkee.setCurrentIndex(dialog.talkee.findData(branch.full[7]))
    dialog.topics.setText("工作和思想情况")
    dialog.accept()
    page = MeetingsPage(branch_db, today=TODAY)
    qtbot.addWidget(page)
    assert page.coverage.text().startswith("本年度谈心谈话覆盖：已谈 1/13 人。")
    assert page.talked_with.item(0, 0).text() == "党员01" and page.talked_with.item(0, 1).text() == "党员08"
