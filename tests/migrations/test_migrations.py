import json
import shutil
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.migrations.runner import SchemaTooNewError, head_revision
from app.migrations.runner import open_migrated as Database
from app.models import Member, MemberEvent
from app.services.common.storage import open_data_folder


def test_empty_folder_gives_a_working_database_with_pragmas(data_dir):
    db = open_data_folder(data_dir)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    assert (data_dir / "ledger.sqlite3").exists()
    db.dispose()


def test_database_from_a_newer_app_is_refused(data_dir):
    db = open_data_folder(data_dir)
    db.dispose()
    with sqlite3.connect(data_dir / "ledger.sqlite3") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(SchemaTooNewError, match="升级本软件"):
        Database(data_dir / "ledger.sqlite3")


def test_older_schema_is_copied_aside_then_upgraded(data_dir, monkeypatch):
    # Simulate an older database: stamped with a revision that is not head yet.
    import app.migrations.runner as database

    db = open_data_folder(data_dir)
    db.dispose()
    monkeypatch.setattr(database, "SCHEMA_HEAD", "0002_future")
    monkeypatch.setattr("alembic.command.upgrade", lambda cfg, rev: None)
    db2 = open_data_folder(data_dir)
    assert db2.migration_copy and "升级前" in db2.migration_copy
    db2.dispose()



def test_schema_head_constant_names_the_newest_migration():
    from app.migrations import SCHEMA_HEAD

    assert head_revision() == SCHEMA_HEAD


def test_a_database_of_schema_0001_upgrades_with_its_data(data_dir):
    """tests/migrations/fixtures/ledger_schema_0001.sqlite3: the sample branch written by 0.1.0 (schema 0001)."""
    import shutil
    from pathlib import Path

    from sqlalchemy import func, select

    from app.kit.findings import PROBLEM
    from app.models import Member, MemberEvent
    from app.services.roster.checks import record_checks
    from app.services.roster.member_events import EventError, void_event

    fixture = Path(__file__).parent / "fixtures" / "ledger_schema_0001.sqlite3"
    shutil.copy(fixture, data_dir / "ledger.sqlite3")
    db = open_data_folder(data_dir)
    try:
        assert db.migration_copy and "升级前_0001" in db.migration_copy
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(Member)) == 50
            events = s.scalars(select(MemberEvent)).all()
            assert len(events) == 11 and all(e.voided_at is None and e.state_before is None for e in events)
            findings, members, _events = record_checks(s)
            assert members == 50 and [f for f in findings if f.severity == PROBLEM] == []
        with pytest.raises(EventError, match="旧版本"):
            with db.transaction() as s:
                void_event(s, max(e.id for e in events), "误登记")
    finally:
        db.dispose()
    assert sqlite3.connect(db.migration_copy).execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


# -- 0003: stable codes for event kinds and detail keys -----------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures"


def migrate_file(db_path: Path, revision: str, *, down: bool = False) -> None:
    """Run Alembic on a closed database file up (or down) to `revision`, as the application would."""
    from alembic import command

    from app.migrations.runner import alembic_config
    from app.models.database import Database as Plain

    db = Plain(db_path)
    try:
        cfg = alembic_config()
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(cfg, revision)
    finally:
        db.engine.dispose()


def event_rows(db_path: Path) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT id, kind, details FROM member_event ORDER BY id").fetchall()


def audit_rows(db_path: Path) -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT id, field, old_value, new_value FROM audit_entry "
                            "WHERE table_name = 'member_event' AND field IN ('kind', 'details') "
                            "ORDER BY id").fetchall()


def test_0003_turns_the_0001_fixtures_labels_into_codes_and_back(data_dir):
    from app.services.roster.member_events import EVENT_KINDS, describe_details, kind_label

    db_path = data_dir / "ledger.sqlite3"
    shutil.copy(FIXTURES / "ledger_schema_0001.sqlite3", db_path)
    events_0001, audit_0001 = event_rows(db_path), audit_rows(db_path)
    assert {kind for _id, kind, _d in events_0001} >= {"组织关系转入", "组织关系转出", "出党"}

    db = open_data_folder(data_dir)
    try:
        with db.session() as s:
            events = {e.id: e for e in s.scalars(select(MemberEvent))}
            assert all(e.kind in EVENT_KINDS for e in events.values())
            assert all(set(e.details) <= {d.key for d in EVENT_KINDS[e.kind].details} for e in events.values())
            transfer_in = events[1]
            assert (transfer_in.kind, kind_label(transfer_in.kind)) == ("transfer_in", "组织关系转入")
            assert transfer_in.details == {"from_org": "中共示例市城西小学支部委员会",
                                           "letter_no": "示教党转〔2023〕第6号", "dues_paid_to_month": "2022-12"}
            assert describe_details(transfer_in) == ("转出单位：中共示例市城西小学支部委员会；"
                                                     "介绍信编号：示教党转〔2023〕第6号；党费缴纳至年月：2022-12")
            assert events[11].details == {"exit_method": "自行脱党", "approved_by": "中共示例市教育工作委员会"}
    finally:
        db.dispose()
    audit = audit_rows(db_path)
    assert [new for _id, field, _old, new in audit if field == "kind"][:2] == ["transfer_in", "become_full"]
    assert json.loads(audit[1][3]) == {"dues_paid_to_month": "2022-12", "from_org": "中共示例市城西小学支部委员会",
                                       "letter_no": "示教党转〔2023〕第6号"}

    migrate_file(db_path, "0002", down=True)
    assert event_rows(db_path) == events_0001  # byte for byte what 0.1.0 wrote
    assert audit_rows(db_path) == audit_0001


def build_0002_database(db_path: Path) -> dict[str, int]:
    """A database as release 0.2 (schema 0002) left it: Chinese kinds and detail keys, a state_before
    snapshot on each event, a voided event, and the audit entries those writes made."""
    from app.kit.idcard import make_id_number
    from app.models.database import Database as Plain
    from app.services.roster.member_events import snapshot_state
    from app.services.roster.members import save_member

    migrate_file(db_path, "0002")
    db = Plain(db_path)
    try:
        with db.transaction() as s:
            member = save_member(s, {"name": "李红", "gender": "女", "id_number": make_id_number("110105", date(1980, 3, 1), 2),
                                     "category": "正式党员", "joined_date": date(2005, 6, 1),
                                     "full_member_date": date(2006, 6, 1), "mobile_phone": "13800000000"})
            before = snapshot_state(member)
            voided = MemberEvent(member=member, kind="组织关系转出", event_date=date(2025, 3, 1),
                                 details={"转入单位": "错登的支部"}, note="", state_before=before,
                                 voided_at=datetime(2025, 3, 2, 9, 0), void_reason="误登记")
            mobile = MemberEvent(member=member, kind="外出流动", event_date=date(2025, 4, 1),
                                 details={"外出流向": "上海", "联系方式": "13800000000"}, note="支教",
                                 state_before=before)
            s.add_all([voided, mobile])
            member.is_mobile, member.mobile_destination = True, "上海"
            s.flush()
            ids = {"member": member.id, "voided": voided.id, "mobile": mobile.id}
    finally:
        db.engine.dispose()
    return ids


def test_a_database_of_schema_0002_upgrades_with_its_snapshots_and_audit_and_goes_back(data_dir):
    from app.services.roster.member_events import void_event

    db_path = data_dir / "ledger.sqlite3"
    ids = build_0002_database(db_path)
    events_0002, audit_0002 = event_rows(db_path), audit_rows(db_path)
    assert [kind for _id, kind, _d in events_0002] == ["组织关系转出", "外出流动"]

    db = open_data_folder(data_dir)
    try:
        assert db.migration_copy and "升级前_0002" in db.migration_copy
        with db.session() as s:
            voided, mobile = s.get(MemberEvent, ids["voided"]), s.get(MemberEvent, ids["mobile"])
            assert (voided.kind, voided.details, voided.void_reason) == ("transfer_out", {"to_org": "错登的支部"},
                                                                         "误登记")
            assert (mobile.kind, mobile.details) == ("go_mobile", {"destination": "上海", "contact": "13800000000"})
            assert mobile.state_before["roster_state"] == "在册" and mobile.state_before["is_mobile"] is False
        with db.transaction() as s:  # the snapshot 0.2 took still undoes its event
            void_event(s, ids["mobile"], "误登记")
        with db.session() as s:
            assert s.get(Member, ids["member"]).is_mobile is False
    finally:
        db.dispose()
    assert {(field, new) for _id, field, _old, new in audit_rows(db_path) if field == "kind"} == {
        ("kind", "transfer_out"), ("kind", "go_mobile")}

    migrate_file(db_path, "0002", down=True)
    downgraded = event_rows(db_path)
    assert [(k, json.loads(d)) for _id, k, d in downgraded] == [
        (k, json.loads(d)) for _id, k, d in events_0002]
    assert audit_rows(db_path)[:len(audit_0002)] == audit_0002


def test_the_0003_fixture_opens_as_it_is(data_dir):
    """tests/migrations/fixtures/ledger_schema_0003.sqlite3: the sample branch written with stable codes."""
    from app.kit.findings import PROBLEM
    from app.services.roster.checks import record_checks
    from app.services.roster.member_events import EVENT_KINDS, describe_details

    shutil.copy(FIXTURES / "ledger_schema_0003.sqlite3", data_dir / "ledger.sqlite3")
    db = open_data_folder(data_dir)
    try:
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(Member)) == 50
            events = s.scalars(select(MemberEvent)).all()
            assert len(events) == 11 and all(e.kind in EVENT_KINDS and e.state_before for e in events)
            assert all(k.isascii() for e in events for k in e.details)
            assert any(describe_details(e).startswith("转入单位：") for e in events)
            findings, members, _events = record_checks(s)
            assert members == 50 and [f for f in findings if f.severity == PROBLEM] == []
    finally:
        db.dispose()
