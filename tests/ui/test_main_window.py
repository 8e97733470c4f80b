"""The main window as a user meets it: areas, plain 'not built yet' pages, status bar, remembered state."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from app.ui.application import create_qt_application
from app.ui.main_window import MainWindow, navigation_areas
from app.ui.not_built_page import NotBuiltPage


@pytest.fixture
def no_exit_backup(monkeypatch):
    calls = []
    monkeypatch.setattr("app.services.backup.auto_backup.auto_backup_if_due",
                        lambda db, on_exit=False, **kw: calls.append(on_exit))
    return calls


@pytest.fixture
def window(qtbot, branch_db, no_exit_backup):
    create_qt_application()
    w = MainWindow(branch_db)
    qtbot.addWidget(w)
    w.show()
    return w


def test_navigation_lists_every_area_in_chinese(window):
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == ["首页", "花名册", "发展党员", "党费", "组织生活", "民主评议", "台账与打印", "备份"]


def test_areas_not_built_say_so_plainly(window):
    from app.kit import registry

    for key in [a.key for a in registry.areas() if a.page is None]:  # built areas have their own page tests
        window.show_area(key)
        page = window.stack.currentWidget()
        assert isinstance(page, NotBuiltPage)
        texts = " ".join(label.text() for label in page.findChildren(QLabel))
        assert "尚未完成" in texts


def test_the_meetings_area_opens_its_page(window):
    from app.ui.meetings.meetings_page import MeetingsPage

    window.show_area("meetings")
    assert isinstance(window.stack.currentWidget(), MeetingsPage)


def test_status_bar_shows_branch_and_data_folder(window, data_dir):
    assert "中共测试市实验小学支部委员会" in window.branch_label.text()
    assert str(data_dir) in window.folder_label.text()
    assert "中共测试市实验小学支部委员会" in window.windowTitle()
    # the app's name once, at the end, where Qt would otherwise append it a second time
    assert window.windowTitle().endswith(" — 支部台账") and window.windowTitle().count("支部台账") == 1


def test_geometry_and_last_page_are_remembered(qtbot, branch_db, no_exit_backup, data_dir):
    create_qt_application()
    (data_dir / "ui.ini").write_text("[window]\nlast_page=appraisal\n", encoding="utf-8")
    first = MainWindow(branch_db)
    assert navigation_areas()[first.nav.currentRow()].key == "appraisal"
    qtbot.addWidget(first)
    first.show()
    first.resize(720, 520)  # inside the offscreen screen (800x600)
    first.show_area("dues")
    size = (first.width(), first.height())
    first.close()
    assert no_exit_backup == [True]  # the automatic backup runs on exit
    second = MainWindow(branch_db)
    qtbot.addWidget(second)
    second.show()
    assert navigation_areas()[second.nav.currentRow()].key == "dues"
    assert (second.width(), second.height()) == size


def test_qt_own_buttons_are_chinese_and_font_has_chinese(qtbot):
    app = create_qt_application()
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    chinese = set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    assert chinese & set(app.font().families()), app.font().families()
    # What Qt actually draws a Chinese label with has the glyphs (no boxes):
    from PySide6.QtGui import QFontMetrics

    label_font = QLabel("党员花名册 堃玥喆昇祎珺龑").font()
    metrics = QFontMetrics(label_font)
    assert all(metrics.inFontUcs4(ord(c)) or any(
        QFontMetrics(QFont(f)).inFontUcs4(ord(c)) for f in label_font.families()) for c in "党员花名册堃玥喆昇祎珺龑")


def test_first_start_fits_a_1366x768_laptop_above_its_taskbar():
    from PySide6.QtCore import QRect

    from app.ui.main_window import FRAME_ALLOWANCE, default_window_geometry

    available = QRect(0, 0, 1366, 728)  # 768 minus a 40-pixel Windows taskbar
    rect = default_window_geometry(available)
    assert rect.top() - FRAME_ALLOWANCE >= available.top()  # the title bar is on the screen
    assert rect.bottom() <= available.bottom()  # the status bar is above the taskbar
    assert rect.width() <= available.width() and rect.height() >= 600
    assert default_window_geometry(QRect(0, 0, 1920, 1040)).size().toTuple() == (1200, 760)


def test_first_start_window_is_placed_inside_the_screen(window):
    from app.ui.main_window import default_window_geometry

    available = window.screen().availableGeometry()
    expected = default_window_geometry(available)
    # (the offscreen screen is narrower than the roster's minimum width; the height and top must hold)
    assert (window.geometry().top(), window.height()) == (expected.top(), expected.height())
    assert window.geometry().bottom() <= available.bottom()


def test_leaving_the_sample_branch_keeps_it_aside_and_starts_empty(qtbot, db, data_dir, no_exit_backup, monkeypatch):
    import sqlite3

    from app.services.demo.sample_branch import create_demo_branch
    from app.ui import messages

    create_qt_application()
    with db.transaction() as s:
        create_demo_branch(s)
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    assert w.sample_banner.isVisible() and "中共示例市实验小学" in w.branch_label.text()
    assert type(w.stack.currentWidget()).__name__ == "HomePage"  # a fresh install opens on 首页
    qtbot.waitUntil(lambda: w.page("home").figures is not None)  # its figures are read in the background

    monkeypatch.setattr(messages, "ask_confirm", lambda *a, **k: True)

    def fill_profile(dialog) -> bool:
        dialog.full_name.setText("中共新区第二小学支部委员会")
        dialog._save()
        return True

    monkeypatch.setattr(messages, "run_dialog", fill_profile)
    assert w.start_own_branch() is True
    assert not w.sample_banner.isVisible()
    assert "中共新区第二小学支部委员会" in w.branch_label.text()
    assert "还没有党员记录" in w.page("roster").counts_text()
    aside = list((data_dir / "backups").glob("示例支部_*/ledger.sqlite3"))
    assert len(aside) == 1
    assert sqlite3.connect(aside[0]).execute("SELECT count(*) FROM member").fetchone() == (53,)  # 50 + 3 via 发展党员



def test_open_target_shows_the_area_and_asks_its_page_to_open_the_record(qtbot, branch_db, no_exit_backup, monkeypatch):
    """A reminder's or a finding's button goes through MainWindow.open_target("area:kind:id")."""
    from PySide6.QtWidgets import QWidget

    from app.kit import registry
    from app.ui import main_window as mw

    opened: list[str] = []

    class _Page(QWidget):
        def open_record(self, record: str) -> None:
            opened.append(record)

    original = mw.build_page
    monkeypatch.setattr(mw, "build_page", lambda area, db: _Page() if area.key == "zz_target" else original(area, db))
    registry.register(registry.Area(key="zz_target", title="测试区", order=999))
    try:
        window = MainWindow(branch_db)
        qtbot.addWidget(window)
        window.open_target("zz_target:meeting:40")
        assert window.stack.currentWidget() is window.page("zz_target")
        assert opened == ["meeting:40"]
        window.open_target("no_such_area:x:1")  # an unknown area is ignored, not a crash
        assert window.stack.currentWidget() is window.page("zz_target")
    finally:
        registry.unregister("zz_target")


def test_the_branch_profile_target_opens_the_branch_profile_dialog(window, monkeypatch):
    """A binder finding about the cover (no 上级党组织 …) has a 去修改 that opens 设置 → 支部信息."""
    from app.kit.findings import BRANCH_PROFILE_TARGET

    opened = []
    monkeypatch.setattr(window, "_edit_profile", lambda: opened.append(True))
    window.open_target(BRANCH_PROFILE_TARGET)
    assert opened == [True]
