"""From a person's page in 发展党员: attach the scans of the 申请书 and 志愿书 to their steps, see them in the
timeline, open one, remove one; and bring a 预备党员 of the roster into the pipeline to track the 转正."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from sqlalchemy import select

from app.models.attachment import AttachmentLink
from app.services.development import steps as S
from app.ui import messages
from app.ui.development import files_dialog
from app.ui.development.development_page import FILES_COLUMN, DevelopmentPage
from app.ui.development.files_dialog import FilesDialog
from app.ui.development.take_in_dialog import TakeInDialog
from app.ui.widgets import file_dialogs
from tests.services.development.dev_helpers import ADMISSION_PATH, TODAY, add_members, new_person, walk


@pytest.fixture
def shown(monkeypatch):
    seen = {"errors": [], "confirms": [], "opened": []}
    monkeypatch.setattr(messages, "show_error", lambda parent, text, *a, **k: seen["errors"].append(text))

    def confirm(parent, text, *a, **k):
        seen["confirms"].append(text)
        return True

    monkeypatch.setattr(messages, "ask_confirm", confirm)
    monkeypatch.setattr(messages, "open_path", lambda path: seen["opened"].append(path) or True)
    return seen


@pytest.fixture
def page(qtbot, branch_db, tmp_path, shown):
    with branch_db.transaction() as s:
        members = add_members(s)
        person = new_person(s)
        walk(s, person, members, ADMISSION_PATH, until=S.BRANCH_ADMISSION)
    view = DevelopmentPage(branch_db, settings=QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat),
                           today=TODAY)
    qtbot.addWidget(view)
    view.resize(1300, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


def _row(page, title: str) -> int:
    model = page.timeline_model
    return next(r for r in range(model.rowCount()) if model.item(r, 0).text() == title)


def test_attach_open_and_remove_the_scans_of_a_step(qtbot, page, branch_db, shown, tmp_path, monkeypatch):
    scan = tmp_path / "入党志愿书第1页.jpg"
    scan.write_bytes(b"\xff\xd8 scan of the form")
    other = tmp_path / "入党志愿书第2页.jpg"
    other.write_bytes(b"\xff\xd8 scan of page two")
    row = _row(page, "第14步 填写入党志愿书")
    page.timeline.setCurrentIndex(page.timeline_model.index(row, 0))  # the step the user picked
    monkeypatch.setattr(file_dialogs, "open_file_names", lambda *a: [str(scan), str(other)])

    def use(dialog: FilesDialog) -> int:
        dialog.show()
        assert dialog.step.currentText().startswith("第14步 填写入党志愿书")
        dialog.caption.setText("志愿书扫描件")  # typed with an input method; keyClicks sends Latin keys only
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)  # the file chooser answers both files
        assert dialog.file_texts() == ["第14步 填写入党志愿书　入党志愿书第1页.jpg（志愿书扫描件）",
                                       "第14步 填写入党志愿书　入党志愿书第2页.jpg（志愿书扫描件）"]
        dialog.files.setCurrentRow(0)
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        dialog.grab().save("/tmp/development_files_dialog.png")
        dialog.files.setCurrentRow(1)
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
        assert dialog.file_texts() == ["第14步 填写入党志愿书　入党志愿书第1页.jpg（志愿书扫描件）"]
        dialog.reject()
        return dialog.result()

    monkeypatch.setattr(FilesDialog, "exec", use)
    qtbot.mouseClick(page.files_button, Qt.MouseButton.LeftButton)
    assert shown["errors"] == []
    assert "把“第14步 填写入党志愿书　入党志愿书第2页.jpg（志愿书扫描件）”从周子轩的材料中移除" in shown["confirms"][0]
    assert shown["opened"][0].read_bytes() == b"\xff\xd8 scan of the form"  # the stored copy is opened
    cell = page.timeline_model.item(_row(page, "第14步 填写入党志愿书"), FILES_COLUMN)
    assert cell.text() == "1 个" and cell.toolTip() == "入党志愿书第1页.jpg（志愿书扫描件）"
    page.grab().save("/tmp/development_page_files.png")
    with branch_db.session() as s:
        links = s.scalars(select(AttachmentLink).where(AttachmentLink.owner_kind == "dev_step")).all()
        assert [link.display_name for link in links] == ["入党志愿书第1页.jpg"]


def test_a_file_that_cannot_be_stored_is_said_and_nothing_is_attached(qtbot, page, branch_db, shown, tmp_path):
    dialog = FilesDialog(branch_db, page.current_person_id())
    qtbot.addWidget(dialog)
    assert not dialog.add_files([tmp_path / "不存在.jpg"])
    assert "无法读取附件“不存在.jpg”" in shown["errors"][0]
    assert dialog.file_texts() == [] and dialog.empty_label.text() == "还没有附加材料。"
    assert files_dialog.FILE_FILTER.startswith("扫描件")


def test_take_in_a_probationary_member_of_the_roster(qtbot, page, branch_db, shown, monkeypatch):
    def choose(dialog: TakeInDialog) -> int:
        dialog.show()
        assert dialog.member.currentText().startswith("赵晓雯（加入党组织日期 2026-06-01，预备期 2027-06-01 期满）")
        dialog.grab().save("/tmp/development_take_in.png")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(TakeInDialog, "exec", choose)
    qtbot.mouseClick(page.take_in_button, Qt.MouseButton.LeftButton)
    assert shown["errors"] == []
    names = [page.people_model.item(r, 0).text() for r in range(page.people_model.rowCount())]
    assert "赵晓雯" in names
    assert page.people_model.item(page.people.currentIndex().row(), 0).text() == "赵晓雯"
    assert "从花名册接续登记的预备党员" in page.person_label.text()
    titles = [page.timeline_model.item(r, 0).text() for r in range(page.timeline_model.rowCount())]
    assert titles[0] == "第21步 继续教育考察" and "第22步 提出转正申请" in titles
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)  # taken in by mistake: undone, after asking
    assert "撤销对赵晓雯的接续登记？花名册中赵晓雯的记录不受影响" in shown["confirms"][-1]
    names = [page.people_model.item(r, 0).text() for r in range(page.people_model.rowCount())]
    assert "赵晓雯" not in names


def test_a_reminder_target_opens_the_person(qtbot, page):
    person = page.current_person_id()
    page.filter.setCurrentIndex(page.filter.findText("入党申请人"))
    page.open_record(f"dev_person:{person}")
    assert page.current_person_id() == person and page.filter.currentIndex() == 0


def test_a_scan_attached_while_recording_the_step(qtbot, page, branch_db, shown, tmp_path, monkeypatch):
    from app.ui.development.step_dialog import StepDialog

    scan = tmp_path / "支部大会决议.jpg"
    scan.write_bytes(b"\xff\xd8 minutes")
    monkeypatch.setattr(file_dialogs, "open_file_names", lambda *a: [str(scan)])

    def fill(dialog: StepDialog) -> int:
        dialog.show()
        assert dialog.current_code() == S.BRANCH_ADMISSION
        qtbot.keyClicks(dialog.step_date.lineEdit(), "2025-05-20")
        qtbot.mouseClick(dialog.files_button, Qt.MouseButton.LeftButton)
        assert dialog.files_label.text() == "支部大会决议.jpg"
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
        return dialog.result()

    monkeypatch.setattr(StepDialog, "exec", fill)
    qtbot.mouseClick(page.step_button, Qt.MouseButton.LeftButton)
    assert shown["errors"] == []
    cell = page.timeline_model.item(_row(page, "第15步 支部大会讨论（接收预备党员）"), FILES_COLUMN)
    assert cell.text() == "1 个" and cell.toolTip() == "支部大会决议.jpg"
