"""Registering one small area puts it everywhere the application lists areas: no other file is edited."""

from __future__ import annotations

import pytest

from app import cli
from app.kit import registry
from tests.areas import dummy_area


@pytest.fixture
def dummy():
    registry.register(dummy_area.AREA)
    yield dummy_area.AREA
    registry.unregister(dummy_area.KEY)


def test_the_dummy_area_appears_in_the_navigation(qtbot, branch_db, dummy, monkeypatch):
    monkeypatch.setattr("app.services.backup.auto_backup.auto_backup_if_due", lambda *a, **k: None)
    from app.ui.application import create_qt_application
    from app.ui.main_window import MainWindow

    create_qt_application()
    window = MainWindow(branch_db)
    qtbot.addWidget(window)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles.index("试验区域") == titles.index("台账与打印") + 1  # order 85: between 台账与打印 and 备份
    window.show_area("dummy")
    assert window.stack.currentWidget().objectName() == "dummyPage"


def test_the_dummy_area_appears_in_export(dummy, capsys, branch_db, data_dir, tmp_path):
    with pytest.raises(SystemExit):
        cli.main(["export", "--help"])
    assert "dummy（试验台账）" in capsys.readouterr().out
    branch_db.dispose()
    target = tmp_path / "试验.xlsx"
    assert cli.main(["--data-dir", str(data_dir), "export", "dummy", "--copies", "3", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == "试验台账 x3"
    assert "已导出试验台账（XLSX）" in capsys.readouterr().out


def test_the_dummy_area_appears_in_check_and_due(dummy, capsys, branch_db, data_dir):
    branch_db.dispose()
    assert cli.main(["--data-dir", str(data_dir), "check"]) == 1
    assert "问题：试验区域：发现一个试验问题" in capsys.readouterr().out
    assert cli.main(["--data-dir", str(data_dir), "due", "--date", "2026-03-01"]) == 0
    assert "2026-03-01  [待办] 试验区域：试验区域的待办事项" in capsys.readouterr().out


def test_without_the_dummy_area_nothing_of_it_remains(capsys):
    with pytest.raises(SystemExit):
        cli.main(["export", "--help"])
    assert "dummy" not in capsys.readouterr().out
    assert "dummy" not in {a.key for a in registry.areas()}


def test_an_area_key_or_document_key_taken_twice_is_refused(dummy):
    with pytest.raises(registry.RegistryError):
        registry.register(dummy_area.AREA)
