"""The roster page (花名册) as a user meets it: add through the dialog, find by pinyin, record a 转出,
filters and counts, columns, delete only for mistakes, print and export.

Modal dialogs never block: their exec() is replaced by a function that works the real dialog's widgets
and presses its buttons, and message boxes are replaced by a recorder.
"""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QDesktopServices, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import select

from app.kit.idcard import make_id_number, mask_id_number
from app.models import Member, MemberEvent
from app.services.roster.member_events import record_event
from app.services.roster.members import save_member
from app.ui import messages
from app.ui.messages import show_info as REAL_SHOW_INFO
from app.ui.roster.column_chooser import ColumnChooser
from app.ui.roster.event_dialog import EventDialog
from app.ui.roster.member_dialog import MemberDialog
from app.ui.roster.roster_filter_proxy import normalise_query
from app.ui.roster.roster_page import SEARCH_PLACEHOLDER, RosterPage
from app.ui.roster.roster_table_model import COL_ID_NUMBER, COL_NAME, COL_SEQ, COL_STATE, COLUMN_INDEX
from app.ui.widgets import file_dialogs

TODAY = date.today()
ZHANG_ID = make_id_number("110105", date(TODAY.year - 45, 1, 1), 11)
LI_ID = make_id_number("320102", date(TODAY.year - 28, 1, 1), 22)


class Messages:
    """Stands in for the message boxes: records what was shown, answers questions as told."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.errors: list[str] = []
        self.infos: list[str] = []
        self.questions: list[tuple[str, str]] = []  # (text, detail)
        self.answer = True
        monkeypatch.setattr(messages, "show_error", lambda parent, text, *a, **k: self.errors.append(text))
        monkeypatch.setattr(messages, "show_info", lambda parent, text, *a, **k: self.infos.append(text))
        monkeypatch.setattr(messages, "ask_confirm", self._ask)
        monkeypatch.setattr(messages, "ask_discard_changes", lambda parent: self._ask(parent, "放弃修改"))

    def _ask(self, parent, text, *args, detail: str = "", **kwargs) -> bool:
        self.questions.append((text, detail))
        return self.answer


@pytest.fixture
def shown(monkeypatch) -> Messages:
    return Messages(monkeypatch)


def add(db, name: str, id_number: str, *, category="正式党员", group: str | None = "第一党小组", **over) -> int:
    birth = date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    joined = date(birth.year + 22, 7, 1)
    values = {"name": name, "id_number": id_number, "category": category, "joined_date": joined,
              "full_member_date": date(joined.year + 1, 7, 1) if category == "正式党员" else None,
              "education": "大学本科"}
    values.update(over)
    with db.transaction() as s:
        if group:
            from app.services.common.branch import list_groups

            values["party_group_id"] = next(g.id for g in list_groups(s) if g.name == group)
        return save_member(s, values).id


@pytest.fixture
def members(branch_db) -> dict[str, int]:
    """Four members who differ in every filter: category, 党小组, standing, sex, education, age."""
    return {
        "张三丰": add(branch_db, "张三丰", ZHANG_ID, mobile_phone="13812345678"),
        "王建国": add(branch_db, "王建国", make_id_number("110105", date(TODAY.year - 58, 1, 1), 33),
                   group="第二党小组", education="大学专科", standing="停止党籍"),
        "李芳": add(branch_db, "李芳", LI_ID, category="预备党员", group="第二党小组", education="研究生",
                  joined_date=TODAY - timedelta(days=100)),
        "赵敏": add(branch_db, "赵敏", make_id_number("110105", date(TODAY.year - 36, 1, 1), 44), group=None,
                  landline="025-83456789"),
    }


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


def open_page(qtbot, db, settings) -> RosterPage:
    page = RosterPage(db, settings=settings)
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def page(qtbot, branch_db, members, settings, shown) -> RosterPage:
    return open_page(qtbot, branch_db, settings)


def names(page: RosterPage) -> list[str]:
    """The names in the table, top to bottom, as the view shows them."""
    proxy = page.table.model()
    return [proxy.index(row, COL_NAME).data() for row in range(proxy.rowCount())]


def cell(page: RosterPage, name: str, column: int) -> str:
    proxy = page.table.model()
    row = names(page).index(name)
    return proxy.index(row, column).data()


def choose(page: RosterPage, key: str, text: str) -> None:
    combo = page._filter_combos[key]
    index = combo.findText(text)
    assert index >= 0, f"{text} not offered in the {key} filter"
    combo.setCurrentIndex(index)


def select_name(page: RosterPage, name: str) -> None:
    page.table.selectRow(names(page).index(name))


# ---------------------------------------------------------------- the path of issue 2 §5


def test_add_find_by_pinyin_transfer_out_and_see_former_members(qtbot, branch_db, settings, shown, monkeypatch):
    add(branch_db, "李四", make_id_number("110105", date(1975, 5, 5), 13))
    add(branch_db, "王五", make_id_number("110105", date(1982, 6, 6), 15))
    page = open_page(qtbot, branch_db, settings)
    assert names(page) == ["李四", "王五"]
    assert page.counts_label.text() == "共 2 人，正式党员 2，预备党员 0"

    def fill_member_dialog(dialog: MemberDialog) -> int:
        dialog.show()
        dialog.field_widget("name").setText("张三丰")
        qtbot.keyClicks(dialog.field_widget("id_number"), ZHANG_ID)
        qtbot.keyClicks(dialog.field_widget("joined_date").lineEdit(), f"{TODAY.year - 20}-07-01")
        qtbot.keyClicks(dialog.field_widget("full_member_date").lineEdit(), f"{TODAY.year - 19}-07-01")
        qtbot.keyClicks(dialog.field_widget("mobile_phone"), "13812345678")
        qtbot.keyClick(dialog.field_widget("mobile_phone"), Qt.Key.Key_Return)  # Enter saves
        return dialog.result()

    monkeypatch.setattr(MemberDialog, "exec", fill_member_dialog)
    with qtbot.waitSignal(page.membersChanged):
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert shown.errors == []
    assert names(page) == ["李四", "王五", "张三丰"]
    assert page.current_row().name == "张三丰"  # the new member is selected
    assert cell(page, "张三丰", COLUMN_INDEX["birth_date"]) == f"{TODAY.year - 45}-01-01"  # from the ID
    assert cell(page, "张三丰", COLUMN_INDEX["gender"]) == "男"
    assert page.counts_label.text() == "共 3 人，正式党员 3，预备党员 0"

    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, "zsf")
    assert names(page) == ["张三丰"]
    assert page.counts_label.text() == "共 1 人，正式党员 1，预备党员 0，筛选自 3 人"

    def transfer_out(dialog: EventDialog) -> int:
        dialog.show()
        dialog.kind_combo.setCurrentValue("transfer_out")
        dialog.detail_widget("to_org").setText("中共某区实验中学支部委员会")
        qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return)
        return dialog.result()

    monkeypatch.setattr(EventDialog, "exec", transfer_out)
    select_name(page, "张三丰")
    with qtbot.waitSignal(page.membersChanged):
        qtbot.mouseClick(page.event_button, Qt.MouseButton.LeftButton)
    assert shown.errors == []
    assert [q for q, _d in shown.questions] == ["确定登记 张三丰 组织关系转出？转出后将不再显示在在册名单中。"]
    assert names(page) == []  # gone from the 在册 view, search still "zsf"
    page.search_edit.clear()
    assert names(page) == ["李四", "王五"]
    assert page.counts_label.text() == "共 2 人，正式党员 2，预备党员 0"
    assert page.table.isColumnHidden(COL_STATE)

    page.former_check.setChecked(True)
    assert names(page) == ["李四", "王五", "张三丰"]
    assert not page.table.isColumnHidden(COL_STATE)
    assert cell(page, "张三丰", COL_STATE) == f"已转出（{TODAY:%Y-%m-%d}）"
    assert cell(page, "李四", COL_STATE) == "在册"
    # the transferred-out member is counted apart, not as one of the branch's 正式党员
    assert page.counts_label.text() == "在册共 2 人，正式党员 2，预备党员 0；另有已离开本支部的 1 人"
    page.former_check.setChecked(False)
    assert names(page) == ["李四", "王五"]


# ---------------------------------------------------------------- search


@pytest.mark.parametrize("typed,expected", [
    ("zsf", ["张三丰"]),  # pinyin initials
    ("ZSF", ["张三丰"]),
    ("zhangsan", ["张三丰"]),  # full pinyin
    ("zhang san", ["张三丰"]),  # spaces ignored
    ("wjg", ["王建国"]),
    ("李", ["李芳"]),  # the name itself
    (LI_ID[6:14], ["李芳"]),  # part of the ID number
    ("1381234", ["张三丰"]),  # part of the mobile number
    ("8345", ["赵敏"]),  # part of the landline
    ("xyz", []),
])
def test_search_as_you_type(page, qtbot, typed, expected):
    if typed.isascii():
        qtbot.keyClicks(page.search_edit, typed)
    else:  # Chinese arrives from an input method as a commit string, not as key presses
        event = QInputMethodEvent()
        event.setCommitString(typed)
        QApplication.sendEvent(page.search_edit, event)
    assert names(page) == expected


def test_search_box_keys(page, qtbot):
    assert page.search_edit.placeholderText() == SEARCH_PLACEHOLDER == "姓名 / 拼音首字母 / 身份证号 / 电话"
    page.activateWindow()
    qtbot.waitUntil(lambda: page.search_edit.hasFocus())  # focused when the page is shown
    qtbot.keyClicks(page.search_edit, "zsf")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Escape)  # Esc clears
    assert page.search_edit.text() == "" and len(names(page)) == 4
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # Ctrl+F
    assert page.search_edit.hasFocus()


def test_normalise_query():
    assert normalise_query("  Zhang San ") == "zhangsan"
    assert normalise_query("32010219880715019x") == "32010219880715019x"


# ---------------------------------------------------------------- filters and counts


@pytest.mark.parametrize("key,text,expected", [
    ("category", "预备党员", {"李芳"}),
    ("category", "正式党员", {"张三丰", "王建国", "赵敏"}),
    ("party_group", "第二党小组", {"王建国", "李芳"}),
    ("party_group", "（未分组）", {"赵敏"}),
    ("standing", "停止党籍", {"王建国"}),
    ("gender", "女", {"李芳", "赵敏"}),
    ("education", "大学本科", {"张三丰", "赵敏"}),
    ("age_band", "41-50岁", {"张三丰"}),
    ("age_band", "51-60岁", {"王建国"}),
    ("age_band", "30岁及以下", {"李芳"}),
])
def test_each_filter_narrows_the_rows(page, key, text, expected):
    assert page._filter_combos[key].itemText(0) == "全部"
    choose(page, key, text)
    assert set(names(page)) == expected


def test_filters_combine_and_the_counts_follow_what_is_shown(page, qtbot):
    assert page.counts_label.text() == "共 4 人，正式党员 3，预备党员 1"
    choose(page, "party_group", "第二党小组")
    assert page.counts_label.text() == "共 2 人，正式党员 1，预备党员 1，筛选自 4 人"
    choose(page, "gender", "男")
    assert names(page) == ["王建国"]
    assert page.counts_label.text() == "共 1 人，正式党员 1，预备党员 0，筛选自 4 人"
    qtbot.keyClicks(page.search_edit, "zsf")
    assert names(page) == []
    assert page.counts_label.text() == "共 0 人，正式党员 0，预备党员 0，筛选自 4 人"
    qtbot.mouseClick(page.clear_filters_button, Qt.MouseButton.LeftButton)
    assert len(names(page)) == 4 and page.search_edit.text() == ""
    assert all(combo.currentText() == "全部" for combo in page._filter_combos.values())
    assert page.counts_label.text() == "共 4 人，正式党员 3，预备党员 1"


def test_an_empty_roster_says_how_to_start(qtbot, branch_db, settings, shown):
    page = open_page(qtbot, branch_db, settings)
    assert names(page) == []
    assert "新增党员" in page.counts_label.text()
    assert not page.edit_button.isEnabled() and not page.delete_button.isEnabled()


# ---------------------------------------------------------------- sorting


def test_sorting_by_name_is_by_pinyin_and_dates_sort_as_dates(page):
    assert names(page) == ["张三丰", "王建国", "李芳", "赵敏"]  # roster order: 党小组, then date joined
    assert [cell(page, n, COL_SEQ) for n in names(page)] == ["1", "2", "3", "4"]
    page.table.sortByColumn(COL_NAME, Qt.SortOrder.AscendingOrder)
    assert names(page) == ["李芳", "王建国", "张三丰", "赵敏"]  # li, wang, zhang, zhao (not code points)
    page.table.sortByColumn(COLUMN_INDEX["birth_date"], Qt.SortOrder.AscendingOrder)
    assert names(page) == ["王建国", "张三丰", "赵敏", "李芳"]
    page.table.sortByColumn(COLUMN_INDEX["birth_date"], Qt.SortOrder.DescendingOrder)
    assert names(page) == ["李芳", "赵敏", "张三丰", "王建国"]
    page.table.sortByColumn(COLUMN_INDEX["full_member_date"], Qt.SortOrder.AscendingOrder)
    assert names(page)[-1] == "李芳"  # no 转正 date yet: last
    page.table.sortByColumn(COL_SEQ, Qt.SortOrder.AscendingOrder)
    assert names(page) == ["张三丰", "王建国", "李芳", "赵敏"]


def test_a_sort_survives_search_and_refresh(page, qtbot):
    page.table.sortByColumn(COL_NAME, Qt.SortOrder.DescendingOrder)
    qtbot.keyClicks(page.search_edit, "a")  # zhang, wang, fang, zhao: everyone has an "a"
    assert names(page) == ["赵敏", "张三丰", "王建国", "李芳"]
    page.refresh()
    assert names(page) == ["赵敏", "张三丰", "王建国", "李芳"]


# ---------------------------------------------------------------- columns


def test_column_chooser_hides_a_column_and_the_choice_is_remembered(qtbot, page, branch_db, settings, monkeypatch):
    assert not page.table.isColumnHidden(COL_ID_NUMBER)

    def untick_id_number(dialog: ColumnChooser) -> int:
        assert not dialog.boxes["name"].isEnabled()  # 姓名 always shown
        dialog.boxes["id_number"].setChecked(False)
        dialog.boxes["home_address"].setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ColumnChooser, "exec", untick_id_number)
    qtbot.mouseClick(page.columns_button, Qt.MouseButton.LeftButton)
    assert page.table.isColumnHidden(COL_ID_NUMBER)
    assert not page.table.isColumnHidden(COLUMN_INDEX["home_address"])
    assert "公民身份号码" not in [page.table.model().headerData(i, Qt.Orientation.Horizontal)
                              for i in range(page.table.model().columnCount())
                              if not page.table.isColumnHidden(i)]

    again = open_page(qtbot, branch_db, settings)
    assert again.table.isColumnHidden(COL_ID_NUMBER)
    assert not again.table.isColumnHidden(COLUMN_INDEX["home_address"])


def test_column_chooser_defaults(qtbot):
    dialog = ColumnChooser({"name"})
    qtbot.addWidget(dialog)
    assert dialog.chosen_keys() == ["name"]
    dialog.restore_defaults()
    chosen = dialog.chosen_keys()
    assert chosen[:3] == ["seq", "name", "gender"] and "id_number" in chosen and "notes" not in chosen
    assert "state" not in dialog.boxes  # 状态 follows 显示已离开的党员


# ---------------------------------------------------------------- edit, event, delete


def test_enter_and_double_click_open_the_selected_member(page, qtbot, monkeypatch):
    opened = []

    def record(dialog: MemberDialog) -> int:
        opened.append(dialog._member_id)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(MemberDialog, "exec", record)
    select_name(page, "李芳")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened == [page.current_member_id()]
    index = page.table.model().index(names(page).index("赵敏"), COL_NAME)
    centre = page.table.visualRect(index).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    assert len(opened) == 2 and opened[1] == page.current_member_id() != opened[0]


def test_editing_a_member_updates_the_row(page, qtbot, members, monkeypatch):
    def change_phone(dialog: MemberDialog) -> int:
        dialog.show()
        dialog.field_widget("mobile_phone").setText("13900001111")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(MemberDialog, "exec", change_phone)
    select_name(page, "张三丰")
    with qtbot.waitSignal(page.membersChanged):
        qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    assert cell(page, "张三丰", COLUMN_INDEX["mobile_phone"]) == "13900001111"
    assert page.current_member_id() == members["张三丰"]


def test_delete_names_the_person_and_points_leavers_to_change_events(page, qtbot, branch_db, members, shown):
    with branch_db.transaction() as s:
        record_event(s, members["赵敏"], "go_mobile", TODAY, {"destination": "上海"})
    page.refresh()
    select_name(page, "赵敏")
    shown.answer = False
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    [(text, detail)] = shown.questions
    assert "赵敏" in text and ZHANG_ID not in text
    assert "误录" in detail or "录错" in detail
    assert "登记变更" in detail and "转出" in detail and "出党" in detail and "去世" in detail
    assert "1 条变更记录" in detail
    assert "赵敏" in names(page)  # declined: nothing deleted

    shown.answer = True
    with qtbot.waitSignal(page.membersChanged):
        qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert "赵敏" not in names(page)
    with branch_db.session() as s:
        assert s.get(Member, members["赵敏"]) is None
        assert s.scalars(select(MemberEvent)).all() == []
    assert page.counts_label.text() == "共 3 人，正式党员 2，预备党员 1"


def test_buttons_need_a_selection(page):
    page.table.clearSelection()
    assert not page.edit_button.isEnabled() and not page.event_button.isEnabled()
    select_name(page, "李芳")
    assert page.edit_button.isEnabled() and page.event_button.isEnabled() and page.delete_button.isEnabled()


def test_refresh_keeps_the_selection(page, members, branch_db):
    select_name(page, "王建国")
    add(branch_db, "陈红", make_id_number("110105", date(1990, 2, 2), 24))
    page.refresh()
    assert page.current_member_id() == members["王建国"]
    assert "陈红" in names(page)


# ---------------------------------------------------------------- print and export


def test_export_pdf_writes_the_roster_and_says_where(page, qtbot, tmp_path, shown, monkeypatch):
    target = tmp_path / "花名册"  # no suffix typed: .pdf is added
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: str(target))
    page.export_pdf_action.trigger()
    written = tmp_path / "花名册.pdf"
    assert shown.errors == []
    assert written.read_bytes().startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(written).pages)
    for name in ("张三丰", "王建国", "李芳", "赵敏"):
        assert name in text
    [info] = shown.infos
    assert str(written) in info and "共 4 人" in info and "页" in info


def test_export_excel_with_masked_id_numbers(page, tmp_path, shown, monkeypatch, settings):
    target = tmp_path / "roster.xlsx"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: str(target))
    page.mask_ids_action.setChecked(True)
    page.export_xlsx_action.trigger()
    assert shown.errors == []
    cells = {str(c.value) for row in load_workbook(target).active.iter_rows() for c in row if c.value is not None}
    assert mask_id_number(ZHANG_ID) in cells and ZHANG_ID not in cells
    assert "张三丰" in cells
    [info] = shown.infos
    assert "身份证号已打码" in info and str(target) in info
    assert settings.value("roster/mask_ids", False, type=bool) is True  # remembered
    assert settings.value("roster/export_dir") == str(tmp_path)


def test_cancelling_the_save_dialog_writes_nothing(page, tmp_path, shown, monkeypatch):
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: "")
    assert page.export_roster("pdf") is None
    assert shown.infos == [] and shown.errors == []


def test_export_to_a_missing_folder_is_refused_in_chinese(page, tmp_path, shown, monkeypatch):
    target = tmp_path / "不存在的文件夹" / "花名册.pdf"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: str(target))
    page.export_pdf_action.trigger()
    assert not target.exists() and shown.infos == []
    [error] = shown.errors
    assert "不存在" in error
    assert QApplication.overrideCursor() is None  # the busy cursor is gone


def test_print_opens_a_pdf_in_the_system_viewer(page, tmp_path, shown, monkeypatch, data_dir):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    page.print_action.trigger()
    assert shown.errors == []
    [path] = opened
    # inside the data folder (full ID numbers), never the system's temporary folder (issue 7)
    assert Path(path).parent == data_dir / "打印暂存" and Path(path).read_bytes().startswith(b"%PDF")


def test_print_says_where_the_pdf_is_when_no_viewer_opens_it(page, tmp_path, shown, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    path = page.print_roster()
    [error] = shown.errors
    assert str(path) in error and path.exists()


def test_the_selected_members_information_form_from_the_export_menu(page, tmp_path, shown, monkeypatch):
    assert not page.member_info_menu.isEnabled()  # nobody selected yet
    select_name(page, "李芳")
    assert page.member_info_menu.isEnabled()
    assert page.export_button.menu().actions()[-1].menu() is page.member_info_menu
    target = tmp_path / "采集表.pdf"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: str(target))
    page.mask_ids_action.setChecked(True)
    page.member_info_pdf_action.trigger()
    assert shown.errors == []
    pages = PdfReader(target).pages
    text = pages[0].extract_text()
    assert len(pages) == 1 and "党员基本信息采集表" in text and "李芳" in text and "张三丰" not in text
    assert mask_id_number(LI_ID) in text and LI_ID not in text
    [info] = shown.infos
    assert "党员基本信息采集表（李芳）" in info and "身份证号已打码" in info
    assert "打印基本信息采集表…" in [a.text() for a in page.row_menu().actions()]


def test_an_empty_search_says_nothing_was_found(page, qtbot):
    assert not page.empty_label.isVisible() and page.empty_label.text() == ""
    page.search_edit.setText("xyz")
    assert page.proxy.rowCount() == 0
    assert page.empty_label.text().startswith("没有找到与“xyz”相符的党员") and not page.empty_label.isHidden()
    page.clear_filters()
    assert page.empty_label.isHidden() and page.empty_label.text() == ""


def test_the_state_column_shows_its_whole_text(qtbot, branch_db, members, settings, shown):
    with branch_db.transaction() as s:
        record_event(s, members["张三丰"], "transfer_out", date(2026, 3, 2), {"to_org": "某中学支部"})
    page = open_page(qtbot, branch_db, settings)
    page.former_check.setChecked(True)
    text = cell(page, "张三丰", COL_STATE)
    assert text == "已转出（2026-03-02）"
    assert page.table.columnWidth(COL_STATE) >= page.table.fontMetrics().horizontalAdvance(text) + 12


def test_the_print_pdf_does_not_stay_behind(page, data_dir, shown, monkeypatch):
    """It holds every full ID number: it is written in the data folder, an earlier one is removed at the
    next print, and the rest when the application closes (remove_print_previews)."""
    import os

    from app.services.common.storage import remove_print_previews

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    first = page.print_roster()
    assert first.parent.parent == data_dir
    old = first.stat().st_mtime - 601
    os.utime(first, (old, old))
    second = page.print_roster()
    assert not first.exists() and second.exists() and second != first
    remove_print_previews(data_dir)
    assert not second.exists()


def test_export_done_offers_to_open_the_file_or_its_folder(page, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    target = tmp_path / "花名册.xlsx"
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *a, **k: str(target))
    opened, buttons = [], []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)

    def click_open_folder(box: QMessageBox) -> int:
        buttons.extend(b.text() for b in box.buttons())
        next(b for b in box.buttons() if b.text() == "打开所在文件夹").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click_open_folder)
    monkeypatch.setattr(messages, "show_info", REAL_SHOW_INFO)  # the real box, its exec() clicked above
    assert page.export_roster("xlsx") == target
    assert sorted(buttons) == sorted(["打开文件", "打开所在文件夹", "确定"])
    assert opened == [str(tmp_path)]
