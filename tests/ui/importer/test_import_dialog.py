"""The 导入 wizard as a user walks it: choose the messy file, check the columns, read the preview, import, undo."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.models import Member
from app.ui import messages
from app.ui.application import create_qt_application
from app.ui.importer.import_dialog import ImportDialog
from tests.services.importer.messy_files import messy_rows, write_xlsx


def test_walk_the_wizard_and_import(qtbot, branch_db, tmp_path, monkeypatch):
    create_qt_application()
    path = write_xlsx(tmp_path / "旧花名册.xlsx", messy_rows(), merged_title=True)
    asked, told = [], []
    monkeypatch.setattr(messages, "ask_confirm", lambda parent, text, title="", **kw: asked.append(text) or True)
    monkeypatch.setattr(messages, "show_info", lambda parent, text, title="", **kw: told.append(text))
    dialog = ImportDialog(branch_db, "roster")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.file_edit.setText(str(path))
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == 1
    assert "表头在第 5 行" in dialog.columns_intro.text()
    headers = [dialog.columns_table.item(r, 0).text() for r in range(dialog.columns_table.rowCount())]
    combo = dialog._column_combos[headers.index("联系电话")]
    assert combo.currentText() == "手机"
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == 2
    assert "新增 3 行" in dialog.summary_label.text() and dialog.next_button.text() == "导入 3 行"
    model = dialog.preview_view.model()
    shown = {model.index(r, 0).data(): [model.index(r, c).data() for c in range(model.columnCount())]
             for r in range(model.rowCount())}
    assert shown["12"][1] == "不导入" and "数字格式" in shown["12"][2]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert shown["7"][headers.index("姓名")] == "张三" and shown["7"][headers.index("学历")] == "大学本科"
    assert shown["7"][headers.index("加入党组织日期")] == "2005-07-01"
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert asked and told and "新增 3 行" in told[0]
    with branch_db.session() as s:
        assert sorted(m.name for m in s.query(Member)) == sorted(["张三", "李四", "王五"])


def test_roster_page_undoes_the_last_import(qtbot, branch_db, tmp_path, monkeypatch):
    from app.services.importer.apply import apply_import
    from app.services.importer.session import prepare_import
    from app.ui.roster.roster_page import RosterPage

    create_qt_application()
    path = write_xlsx(tmp_path / "旧花名册.xlsx", messy_rows(), merged_title=True)
    with branch_db.session() as s:
        preview = prepare_import(s, "roster", path)
    with branch_db.transaction() as s:
        apply_import(s, preview)
    page = RosterPage(branch_db)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 3
    asked = []
    monkeypatch.setattr(messages, "ask_confirm", lambda parent, text, title="", **kw: asked.append(text) or True)
    page.undo_last_import()
    assert "旧花名册.xlsx" in asked[0] and page.model.rowCount() == 0


def test_the_wizard_takes_the_other_areas_imports_by_their_keys(qtbot, branch_db, tmp_path):
    from app.kit import registry

    create_qt_application()
    registry.import_models()
    path = write_xlsx(tmp_path / "补缴.xlsx", [["学工号", "姓名", "缴费类型", "缴费起始月份", "缴费截止月份", "缴费金额"],
                                             ["1", "张三", "党费补缴", "2026-01", "2026-03", "90"]], sheet="Sheet1")
    for key, title in (("development", "导入发展党员信息"), ("appraisal", "导入民主评议结果"),
                       ("dues-backpay", "导入党费补缴记录")):
        dialog = ImportDialog(branch_db, key)
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == title
    dialog.show()
    dialog.file_edit.setText(str(path))
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    headers = [dialog.columns_table.item(r, 0).text() for r in range(dialog.columns_table.rowCount())]
    assert dialog._column_combos[headers.index("缴费金额")].currentText().startswith("缴费金额")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert "有错误不导入 1 行" in dialog.summary_label.text()
