"""First run: an empty database asks for the branch profile or opens the sample branch."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.services.common.branch import get_profile, is_empty, list_groups
from app.ui import messages
from app.ui.application import create_qt_application
from app.ui.branch.branch_profile_dialog import BranchProfileDialog


def test_profile_form_saves_branch_and_groups(qtbot, db):
    create_qt_application()
    dialog = BranchProfileDialog(db, first_run=True)
    qtbot.addWidget(dialog)
    dialog.show()
    # Chinese arrives through the input method; QTest can only type ASCII, so insert the text.
    dialog.full_name.insert("中共新区第二小学支部委员会")
    dialog.short_name.insert("新区二小支部")
    dialog.groups.setPlainText("第一党小组\n第二党小组\n")
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Return)  # Enter saves
    assert dialog.outcome == BranchProfileDialog.PROFILE_SAVED
    with db.session() as s:
        assert get_profile(s).full_name == "中共新区第二小学支部委员会"
        assert [g.name for g in list_groups(s)] == ["第一党小组", "第二党小组"]


def test_empty_full_name_is_refused_with_a_message(qtbot, db, monkeypatch):
    create_qt_application()
    shown = []
    monkeypatch.setattr(messages, "show_error", lambda parent, text, title="", detail="": shown.append(text))
    dialog = BranchProfileDialog(db, first_run=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Return)
    assert shown and "支部全称" in shown[0]
    with db.session() as s:
        assert is_empty(s)


def test_sample_branch_button_fills_the_database(qtbot, db):
    create_qt_application()
    dialog = BranchProfileDialog(db, first_run=True)
    qtbot.addWidget(dialog)
    dialog.show()
    button = next(b for b in dialog.findChildren(QPushButton) if "示例支部" in b.text())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dialog.outcome == BranchProfileDialog.DEMO_CHOSEN
    with db.session() as s:
        assert not is_empty(s)


def test_cancel_on_first_run_leaves_no_files_behind(qtbot, tmp_path, monkeypatch):
    """取消 in the first-run dialog quits without an empty ledger.sqlite3, backups/ or lock file."""
    from app.ui import application

    create_qt_application()
    monkeypatch.setattr(BranchProfileDialog, "exec", lambda self: 0)  # the user presses 取消
    new_folder = tmp_path / "新的数据文件夹"
    assert application.run_gui(str(new_folder)) == 0
    assert not new_folder.exists()
    kept = tmp_path / "已有的文件夹"
    kept.mkdir()
    (kept / "我的文件.txt").write_text("别删", encoding="utf-8")
    assert application.run_gui(str(kept)) == 0
    assert [p.name for p in kept.iterdir()] == ["我的文件.txt"]
