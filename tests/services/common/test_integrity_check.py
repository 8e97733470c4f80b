"""`branch-ledger check`: SQLite's own checks and the ledger's consistency rules, as the user reads them."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from app.cli import main
from app.kit.idcard import make_id_number
from app.services.common.integrity import NOTICE, check_engine
from app.services.roster.member_events import record_event
from app.services.roster.members import save_member


def values(n: int = 1, **over):
    base = {
        "name": f"党员{n}", "id_number": make_id_number("110105", date(1980, 3, 1 + n % 28), n),
        "category": "正式党员", "joined_date": date(2005, 6, 1), "full_member_date": date(2006, 6, 1),
    }
    base.update(over)
    return base


def add(db, n: int = 1, **over) -> int:
    with db.transaction() as s:
        return save_member(s, values(n, **over)).id


def event(db, member_id: int, kind: str, day: date, details: dict | None = None) -> None:
    with db.transaction() as s:
        record_event(s, member_id, kind, day, details or {})


def raw_sql(db, *statements: tuple) -> None:
    """Change the file behind the application's back (foreign keys off, as a careless tool would)."""
    with sqlite3.connect(db.path) as conn:
        for sql, *params in statements:
            conn.execute(sql, *params)
    conn.close()


def messages(db) -> list[str]:
    return [f.message for f in check_engine(db.engine).findings]


def test_a_sound_database_with_events_passes(branch_db):
    a = add(branch_db, 1)
    b = add(branch_db, 2, category="预备党员", full_member_date=None, joined_date=date(2024, 3, 1))
    c = add(branch_db, 3)
    event(branch_db, a, "transfer_out", date(2020, 1, 1), {"to_org": "中共某中学支部"})
    event(branch_db, a, "transfer_in", date(2022, 1, 1), {"from_org": "中共某中学支部"})
    event(branch_db, b, "become_full", date(2025, 3, 1))
    event(branch_db, c, "death", date(2023, 5, 1))
    report = check_engine(branch_db.engine)
    assert report.findings == []
    assert (report.members_checked, report.events_checked) == (3, 4)
    assert report.lines()[-1] == "检查完成：未发现问题"


def test_roster_state_without_a_leaving_event_is_a_problem(branch_db):
    a = add(branch_db, 1)
    raw_sql(branch_db, ("UPDATE member SET roster_state = '已转出', left_date = '2024-01-01' WHERE id = ?", (a,)))
    report = check_engine(branch_db.engine)
    assert [f.message for f in report.problems] == [
        f"党员 党员1（编号 {a}）：登记为“已转出”，但没有任何使其离开的变更记录（如“组织关系转出”“出党”“去世”）"]
    assert report.summary() == "检查完成：发现 1 个问题"


def test_member_back_on_the_roster_without_a_transfer_in_is_a_problem(branch_db):
    a = add(branch_db, 1)
    event(branch_db, a, "transfer_out", date(2020, 1, 1), {"to_org": "中共某中学支部"})
    raw_sql(branch_db, ("UPDATE member SET roster_state = '在册', left_date = NULL WHERE id = ?", (a,)))
    assert messages(branch_db) == [
        f"党员 党员1（编号 {a}）：登记为“在册”，但最后一条相关变更记录是 2020-01-01 的“组织关系转出”，"
        f"按记录应为“已转出”"]


def test_leaving_date_that_disagrees_with_the_event(branch_db):
    a = add(branch_db, 1)
    event(branch_db, a, "leave_party", date(2021, 4, 1), {"exit_method": "除名"})
    raw_sql(branch_db, ("UPDATE member SET left_date = '2021-05-01' WHERE id = ?", (a,)))
    assert messages(branch_db) == [
        f"党员 党员1（编号 {a}）：离开日期为 2021-05-01，与 2021-04-01 的“出党”变更记录不一致"]


def test_category_and_full_member_date_must_agree(branch_db):
    a = add(branch_db, 1)
    b = add(branch_db, 2)
    raw_sql(branch_db,
            ("UPDATE member SET category = '预备党员' WHERE id = ?", (a,)),
            ("UPDATE member SET full_member_date = NULL WHERE id = ?", (b,)))
    assert messages(branch_db) == [
        f"党员 党员1（编号 {a}）：预备党员不应有“转为正式党员日期”，转正请登记“预备党员转正”",
        f"党员 党员2（编号 {b}）：正式党员须填写“转为正式党员日期”",
    ]


def test_conversion_event_but_member_edited_back_to_probationary(branch_db):
    a = add(branch_db, 1, category="预备党员", full_member_date=None, joined_date=date(2024, 3, 1))
    event(branch_db, a, "become_full", date(2025, 3, 1))
    with branch_db.transaction() as s:  # the form allows it; the events say otherwise
        save_member(s, values(1, category="预备党员", full_member_date=None, joined_date=date(2024, 3, 1)), a)
    assert messages(branch_db) == [
        f"党员 党员1（编号 {a}）：有 2025-03-01 的“预备党员转正”变更记录，但人员类别为“预备党员”"]


def test_full_member_date_that_disagrees_with_the_conversion_event(branch_db):
    a = add(branch_db, 1, category="预备党员", full_member_date=None, joined_date=date(2024, 3, 1))
    event(branch_db, a, "become_full", date(2025, 3, 1))
    with branch_db.transaction() as s:
        save_member(s, values(1, joined_date=date(2024, 3, 1), full_member_date=date(2025, 3, 9)), a)
    assert messages(branch_db) == [
        f"党员 党员1（编号 {a}）：转为正式党员日期为 2025-03-09，与“预备党员转正”变更记录的日期 2025-03-01 不一致"]


def test_category_raised_by_editing_is_only_a_notice(branch_db):
    a = add(branch_db, 1, category="预备党员", full_member_date=None, joined_date=date(2024, 3, 1))
    with branch_db.transaction() as s:  # 转正 typed into the form instead of recorded as an event
        save_member(s, values(1, joined_date=date(2024, 3, 1), full_member_date=date(2025, 3, 1)), a)
    report = check_engine(branch_db.engine)
    assert report.ok and [f.severity for f in report.findings] == [NOTICE]
    assert "人员类别曾由预备党员直接改为正式党员，但没有“预备党员转正”变更记录" in report.findings[0].message
    assert report.summary() == "检查完成：未发现问题，另有 1 条提示"


def test_bad_id_numbers_duplicates_and_unnormalised_numbers(branch_db):
    a = add(branch_db, 1)
    b = add(branch_db, 2)
    c = add(branch_db, 3)
    b_number = make_id_number("110105", date(1980, 3, 3), 2)
    old15 = b_number[:6] + b_number[8:17]  # the same person's number in the old 15-digit form
    raw_sql(branch_db,
            ("UPDATE member SET id_number = substr(id_number, 1, 17) || "
             "CASE substr(id_number, 18, 1) WHEN '0' THEN '1' ELSE '0' END WHERE id = ?", (a,)),
            ("UPDATE member SET id_number = ? WHERE id = ?", (old15, c)))
    found = messages(branch_db)
    assert any(m.startswith(f"党员 党员1（编号 {a}）：“公民身份号码”有误：") and "不是有效的公民身份号码" in m for m in found)
    assert f"党员 党员3（编号 {c}）：“公民身份号码”与本支部党员 党员2（在册）重复" in found
    assert f"党员 党员3（编号 {c}）：公民身份号码未按18位规范保存（应为 {b_number}）" in found
    assert not any(f"编号 {b}）" in m for m in found)


def test_member_in_a_missing_party_group_and_unknown_event_kind(branch_db):
    a = add(branch_db, 1)
    event(branch_db, a, "lost_contact", date(2024, 1, 1))
    raw_sql(branch_db,
            ("UPDATE member SET party_group_id = 999 WHERE id = ?", (a,)),
            ("UPDATE member_event SET kind = '调离' WHERE member_id = ?", (a,)))
    found = messages(branch_db)
    assert f"党员 党员1（编号 {a}）：所在党小组（编号 999）不存在" in found
    assert any("的类型“调离”不是本软件认识的变更类型" in m and f"编号 {a}）" in m for m in found)


def test_event_of_a_member_that_no_longer_exists(branch_db):
    a = add(branch_db, 1)
    event(branch_db, a, "lost_contact", date(2024, 1, 1))
    raw_sql(branch_db, ("DELETE FROM member WHERE id = ?", (a,)))
    assert messages(branch_db) == [f"变更记录（编号 1，2024-01-01 失联）所属的党员（编号 {a}）不存在"]


# ------------------------------------------------------------------------------------------------
# The command


def run_check(data_dir, capsys) -> tuple[int, list[str], str]:
    code = main(["check", "--data-dir", str(data_dir)])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_command_on_sound_data_exits_0(branch_db, data_dir, capsys):
    add(branch_db, 1)
    code, lines, _ = run_check(data_dir, capsys)
    assert code == 0
    assert lines[-2:] == ["已检查 1 名党员、0 条变更记录。", "检查完成：未发现问题"]


def test_command_lists_each_problem_and_exits_1(branch_db, data_dir, capsys):
    a = add(branch_db, 1)
    b = add(branch_db, 2)
    raw_sql(branch_db, ("UPDATE member SET roster_state = '已去世' WHERE id IN (?, ?)", (a, b)))
    code, lines, _ = run_check(data_dir, capsys)
    assert code == 1
    assert lines[1].startswith(f"问题：党员 党员1（编号 {a}）：登记为“已去世”")
    assert lines[2].startswith(f"问题：党员 党员2（编号 {b}）：登记为“已去世”")
    assert lines[-1] == "检查完成：发现 2 个问题"


def test_command_finds_a_damaged_file(branch_db, data_dir, capsys):
    with branch_db.transaction() as s:
        for n in range(1, 60):
            save_member(s, values(n, name=f"党员{n}" + "长" * 30))
    branch_db.dispose()  # checkpoints the WAL into the main file
    path = data_dir / "ledger.sqlite3"
    with sqlite3.connect(path) as conn:  # the schema's pages end at the last table's or index's root page
        last_root = conn.execute("SELECT max(rootpage) FROM sqlite_master").fetchone()[0]
    conn.close()
    raw = bytearray(path.read_bytes())
    page = 4096
    pages = len(raw) // page
    assert pages > last_root + 10
    # Scribble over every other page of the data written after the schema (the schema and the tables' empty
    # root pages, made by the migrations, fill the first pages of the file, more of them with every area).
    for p in range(max(3, last_root + 1, pages // 2), pages, 2):
        raw[p * page + 20: p * page + 220] = b"\xa5" * 200
    path.write_bytes(bytes(raw))
    code, lines, _ = run_check(data_dir, capsys)
    assert code == 1
    assert any(line.startswith("问题：数据库文件结构损坏：") for line in lines)
    assert "台账记录的一致性检查未能进行" in lines[-2]
    assert lines[-1].startswith("检查完成：发现 ")


def test_command_on_a_file_that_is_not_a_database(data_dir, capsys):
    (data_dir / "ledger.sqlite3").write_bytes(b"this is not a database" * 300)
    code, lines, _ = run_check(data_dir, capsys)
    assert code == 1
    assert lines[1] == "问题：数据库文件无法读取：file is not a database"


def test_command_without_a_database_exits_2_and_creates_nothing(data_dir, capsys):
    code, lines, err = run_check(data_dir, capsys)
    assert code == 2
    assert err.strip() == f"错误：数据文件夹中没有数据库文件：{data_dir / 'ledger.sqlite3'}"
    assert not (data_dir / "ledger.sqlite3").exists()


def test_command_refuses_a_database_from_a_newer_app(db, data_dir, capsys):
    raw_sql(db, ("UPDATE alembic_version SET version_num = '9999'",))
    code, _, err = run_check(data_dir, capsys)
    assert code == 2 and "请先升级本软件" in err


def test_check_opens_the_file_read_only(branch_db):
    from sqlalchemy.exc import OperationalError

    from app.models.database import read_only_engine

    add(branch_db, 1)
    engine = read_only_engine(branch_db.path)
    with pytest.raises(OperationalError, match="readonly"):
        with engine.begin() as conn:
            conn.exec_driver_sql("UPDATE member SET name = '改名'")
    assert check_engine(engine).members_checked == 1
    engine.dispose()


def test_a_voided_and_redone_conversion_is_not_mistaken_for_a_form_edit(branch_db):
    from datetime import date

    from app.kit.idcard import make_id_number
    from app.services.common.integrity import check_engine
    from app.services.roster.member_events import record_event, void_event
    from app.services.roster.members import save_member

    with branch_db.transaction() as s:
        mid = save_member(s, {"name": "李玥", "id_number": make_id_number("320102", date(1995, 5, 2), 22),
                              "category": "预备党员", "joined_date": date(2025, 3, 1)}).id
        first = record_event(s, mid, "become_full", date(2026, 2, 1)).id
    with branch_db.transaction() as s:
        void_event(s, first, "日期登记错了")
    with branch_db.transaction() as s:
        record_event(s, mid, "become_full", date(2026, 3, 2))
    report = check_engine(branch_db.engine)
    assert report.findings == [], report.lines()


def test_check_and_the_backup_summary_count_the_same_change_records(branch_db, data_dir, capsys):
    """A voided event is still a row the backup holds: check says so instead of a smaller number."""
    from app.services.backup.backup_service import database_facts
    from app.services.roster.member_events import void_event

    a = add(branch_db, 1)
    event(branch_db, a, "lost_contact", date(2024, 1, 1))
    event(branch_db, a, "contact_restored", date(2024, 6, 1))
    with branch_db.transaction() as s:
        from sqlalchemy import select

        from app.models import MemberEvent
        last = s.scalars(select(MemberEvent).order_by(MemberEvent.id.desc())).first()
        void_event(s, last.id, "登记错了")
    _revision, _branch, counts = database_facts(branch_db.path)
    code, lines, _ = run_check(data_dir, capsys)
    assert code == 0 and counts["member_event"] == 2
    assert lines[-2] == "已检查 1 名党员、2 条变更记录（其中已撤销 1 条）。"
