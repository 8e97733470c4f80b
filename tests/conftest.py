"""Shared fixtures: a fresh data folder and database per test; Qt runs offscreen."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("BRANCH_LEDGER_HOME", str(folder))
    return folder


@pytest.fixture
def db(data_dir: Path):
    from app.services.common.storage import open_data_folder

    database = open_data_folder(data_dir)
    yield database
    database.dispose()


@pytest.fixture
def branch_db(db):
    """A database with a branch profile and three 党小组."""
    from datetime import date

    from app.services.common.branch import save_profile

    with db.transaction() as session:
        save_profile(session, full_name="中共测试市实验小学支部委员会", short_name="实验小学支部",
                     parent_org="中共测试市教育工作委员会", founded_date=date(1998, 7, 1),
                     group_names=["第一党小组", "第二党小组", "第三党小组"])
    return db


# -- backup tests ------------------------------------------------------------------------------------------
# Modules opt in with `pytestmark = pytest.mark.usefixtures("fast_scrypt")`.


@pytest.fixture
def fast_scrypt(monkeypatch):
    """The real scrypt cost is half a second per key; the container is the same with a smaller n."""
    from tests.services.backup.backup_helpers import use_fast_scrypt

    use_fast_scrypt(monkeypatch)


@pytest.fixture
def source(db):
    """The running application's data folder: filled with the sample branch and attachments, open."""
    from tests.services.backup.backup_helpers import fill_data_folder

    fill_data_folder(db)
    return db


@pytest.fixture
def other(tmp_path):
    """Another data folder with different data of its own, closed (the restore target)."""
    from tests.services.backup.backup_helpers import make_other_folder

    return make_other_folder(tmp_path / "other")
