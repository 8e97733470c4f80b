"""Issue 15: the annual binder from the 台账与打印 page — choose and reorder the sections (remembered), check
the binder's completeness with a 去修改 per finding, build it off the GUI thread, preview it."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.models import Member
from app.services.demo.sample_branch import create_demo_branch
from app.ui.application import create_qt_application
from app.ui.ledgers.ledgers_page import LedgersPage
from app.ui.ledgers.print_preview import PrintPreviewDialog
from app.ui.widgets import file_dialogs

TODAY = date.today()  # the sample branch's records run up to today


@pytest.fixture
def sample_db(db):
    with db.transaction() as s:
        create_demo_branch(s, TODAY)
    return db


@pytest.fixture
def no_exit_backup(monkeypatch):
    monkeypatch.setattr("app.services.backup.auto_backup.auto_backup_if_due", lambda db, on_exit=False, **kw: None)


@pytest.fixture
def page(qtbot, sample_db):
    create_qt_application()
    page = LedgersPage(sample_db)
    qtbot.addWidget(page)
    return page


def contents_page_text(path) -> str:
    reader = PdfReader(path)
    return next(p.extract_text() for p in reader.pages[1:4] if "目" in p.extract_text() and "录" in p.extract_text())


def test_the_binder_is_built_with_the_chosen_sections_in_the_chosen_order(qtbot, page, sample_db, tmp_path,
                                                                           monkeypatch):
    panel = page.binder
    assert page.tabs.currentWidget() is panel
    panel.set_year(TODAY.year)
    keys = panel.section_keys()
    assert keys[:2] == ["ledgers.branch", "roster.roster"]
    # keep four sections; move 党费收缴登记表 up above 党员花名册 with the buttons
    for key in keys:
        panel.set_checked(key, key in ("ledgers.branch", "roster.roster", "meetings.talks", "dues.register"))
    panel.sections.setCurrentRow(keys.index("dues.register"))
    while panel.sections.currentRow() > 1:
        qtbot.mouseClick(panel.up_button, Qt.MouseButton.LeftButton)
    assert panel.chosen_keys() == ["ledgers.branch", "dues.register", "roster.roster", "meetings.talks"]
    # Ctrl+Down moves the current section one down too
    panel.sections.setFocus()
    qtbot.keyClick(panel.sections, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert panel.chosen_keys() == ["ledgers.branch", "roster.roster", "dues.register", "meetings.talks"]
    titles = panel.chosen_titles()
    assert titles == ["支部基本情况", "党员花名册", "党费收缴登记表", "谈心谈话记录"]
    # the space bar unchecks and checks the current section
    qtbot.keyClick(panel.sections, Qt.Key.Key_Space)
    assert "dues.register" not in panel.chosen_keys()
    qtbot.keyClick(panel.sections, Qt.Key.Key_Space)
    assert panel.chosen_titles() == titles
    # a drag moves a row through the model (rowsMoved): an unchecked section dragged up stays unchecked
    from PySide6.QtCore import QModelIndex

    panel.sections.model().moveRow(QModelIndex(), panel.sections.count() - 1, QModelIndex(), 0)
    assert panel.chosen_titles() == titles and panel.section_keys()[0] not in panel.chosen_keys()

    # remembered: a new page shows the same choice and order
    again = LedgersPage(sample_db)
    qtbot.addWidget(again)
    assert again.binder.chosen_keys() == panel.chosen_keys()

    panel.mask_ids.setChecked(True)
    target = tmp_path / "年度台账.pdf"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: str(target))
    qtbot.mouseClick(panel.build_button, Qt.MouseButton.LeftButton)
    assert panel.building and not panel.build_button.isEnabled()  # the job runs beside the event loop
    qtbot.waitUntil(lambda: not panel.building, timeout=60_000)
    assert target.is_file() and not list(tmp_path.glob("*正在生成*"))
    contents = contents_page_text(target)
    where = [contents.index(t) for t in titles]
    assert where == sorted(where)
    assert "已生成" in panel.status.text() and str(target) in panel.status.text()
    with sample_db.session() as s:
        number = s.query(Member).filter(Member.roster_state == "在册").order_by(Member.id).first().id_number
    text = "".join(p.extract_text() for p in PdfReader(target).pages)
    assert number not in text and number[:6] + "********" + number[-4:] in text
    assert panel.findings_label.text().startswith(f"{TODAY.year}年度台账完整性检查：")  # checked alongside

    # the preview opens on its own, with every page of the file
    dialog = panel.preview_dialog
    assert isinstance(dialog, PrintPreviewDialog) and dialog.isVisible()
    assert dialog.page_count() == len(PdfReader(target).pages)
    assert dialog.page_label.text() == f"第 1 页 / 共 {dialog.page_count()} 页"
    dialog.close()


def test_the_completeness_check_lists_findings_and_goes_to_fix_them(qtbot, page, sample_db):
    with sample_db.transaction() as s:
        member = s.query(Member).filter(Member.roster_state == "在册").order_by(Member.id).first()
        member.joined_date = None
        member_id, name = member.id, member.name
    opened = []

    class Window:  # what MainWindow offers the page: open_target(target)
        def open_target(self, target):
            opened.append(target)

    fake = Window()
    page.window = lambda: fake
    panel = page.binder
    panel.set_year(TODAY.year)
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.building, timeout=60_000)
    rows = panel.finding_rows()
    row = next(i for i, f in enumerate(rows) if f.target == f"roster:member:{member_id}")
    assert panel.findings.item(row, 1).text() == f"党员 {name}没有填写入党日期（加入党组织日期）。"
    assert panel.findings.item(row, 0).text() == "问题"
    assert "台账完整性检查：发现" in panel.findings_label.text()
    button = panel.fix_button(row)
    assert button.text() == "去修改"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert opened == [f"roster:member:{member_id}"]
    # the keyboard way: Enter on a row
    panel.findings.setCurrentCell(row, 1)
    panel.findings.setFocus()
    qtbot.keyClick(panel.findings, Qt.Key.Key_Return)
    assert opened[-1] == f"roster:member:{member_id}"


def test_the_main_windows_open_target_is_what_a_fix_button_calls(qtbot, sample_db, no_exit_backup, monkeypatch):
    from app.ui.main_window import MainWindow

    create_qt_application()
    window = MainWindow(sample_db)
    qtbot.addWidget(window)
    window.show_area("ledgers")
    page = window.page("ledgers")
    called = []
    monkeypatch.setattr(window, "open_target", called.append)
    page.binder.fixRequested.emit("meetings:meeting:3")
    assert called == ["meetings:meeting:3"]
    assert not any(isinstance(w, PrintPreviewDialog) for w in QApplication.topLevelWidgets() if w.isVisible())


def test_cancelling_the_build_leaves_no_file_and_an_error_is_said(qtbot, branch_db, tmp_path, monkeypatch):
    import threading

    import app.reports.binder as binder
    from app.reports.engine.errors import ReportError
    from app.ui import messages

    started = threading.Event()

    def slow(session, path, *, year, sections, preparer, progress, mask_ids):
        with open(path, "wb") as half:
            half.write(b"%PDF-1.4 half")
        started.set()
        for done in range(100_000):  # until 取消: the next report raises
            progress(done, 100_000, "党员花名册")
            threading.Event().wait(0.005)
        raise AssertionError("not cancelled")

    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "年度台账.pdf"
    target.write_bytes(b"%PDF-1.4 last year's")
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: str(target))
    monkeypatch.setattr(binder, "write_annual_binder", slow)
    create_qt_application()
    page = LedgersPage(branch_db)
    qtbot.addWidget(page)
    panel = page.binder
    panel.build()
    qtbot.waitUntil(started.is_set)
    qtbot.waitUntil(lambda: panel.status.text() == "正在生成“党员花名册”")
    assert panel.cancel_button.isVisibleTo(panel) and panel.progress.isVisibleTo(panel)
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.building)
    assert panel.status.text() == "已取消，没有生成文件。"
    assert target.read_bytes() == b"%PDF-1.4 last year's" and list(target.parent.iterdir()) == [target]

    def refuse(session, path, **kw):
        raise ReportError("请先在“支部信息”中填写党组织名称。")

    shown = []
    monkeypatch.setattr(binder, "write_annual_binder", refuse)
    monkeypatch.setattr(messages, "show_error", lambda parent, text, title="", **k: shown.append((title, text)))
    panel.build()
    qtbot.waitUntil(lambda: not panel.building)
    assert shown == [("无法生成年度台账", "请先在“支部信息”中填写党组织名称。")]
    assert panel.status.text() == "请先在“支部信息”中填写党组织名称。"


def test_restoring_the_usual_sections_checks_them_in_the_usual_order_and_remembers_it(qtbot, branch_db):
    from app.reports.binder import default_sections, remembered_sections

    create_qt_application()
    page = LedgersPage(branch_db)
    qtbot.addWidget(page)
    panel = page.binder
    for key in panel.section_keys():
        panel.set_checked(key, key == "dues.register")
    assert panel.chosen_keys() == ["dues.register"] and panel.count_label.text() == f"已选 1 个部分（共 {panel.sections.count()} 个）"
    panel.set_checked("dues.register", False)
    assert not panel.build_button.isEnabled() and panel.count_label.text() == "请至少勾选一个部分。"
    with branch_db.session() as s:
        assert remembered_sections(s) == ["dues.register"]  # an empty choice is not remembered
    qtbot.mouseClick(panel.default_button, Qt.MouseButton.LeftButton)
    assert panel.chosen_keys() == default_sections() and panel.build_button.isEnabled()
    assert panel.item_of("ledgers.branch").toolTip() == "台账与打印：支部基本情况"
    with branch_db.session() as s:
        assert remembered_sections(s) == default_sections()
