"""The fictional sample branch (`branch-ledger demo`) and the benchmark member generator."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.kit.idcard import parse_id_number
from app.models import AuditEntry, Member, MemberEvent
from app.services.common.branch import get_profile, list_groups
from app.services.common.settings import get_setting
from app.services.common.storage import open_data_folder
from app.services.demo.sample_branch import DemoError, create_demo_branch, generate_members
from app.services.roster import vocab
from app.services.roster.member_validation import age_on
from app.services.roster.members import check_member, list_members, member_values, save_member

REPO_ROOT = Path(__file__).resolve().parents[3]
TODAY = date(2026, 3, 15)  # a fixed day (not after the real today) makes every date reproducible
RARE = "堃玥喆昇祎珺龑"


@pytest.fixture
def demo_db(db):
    with db.transaction() as s:
        summary = create_demo_branch(s, today=TODAY)
    db.summary = summary
    return db


def snapshot(database) -> list[tuple]:
    """Everything a user could see of the members and their events, in entry order."""
    with database.session() as s:
        members = s.scalars(select(Member).order_by(Member.id)).unique().all()
        return [
            (tuple(member_values(m).items()), m.roster_state, m.left_date,
             tuple((e.kind, e.event_date, tuple(sorted(e.details.items())), e.note) for e in m.events))
            for m in members
        ]


def test_sample_branch_counts_and_structure(demo_db):
    summary = demo_db.summary
    assert (summary.active, summary.full, summary.probationary, summary.former) == (48, 42, 6, 5)  # incl. 发展党员
    assert "在册党员 48 人（正式党员 42，预备党员 6）" in summary.text()
    with demo_db.session() as s:
        profile = get_profile(s)
        assert profile.full_name == "中共示例市实验小学支部委员会"
        assert (profile.short_name, profile.parent_org) == ("实验小学支部", "中共示例市教育工作委员会")
        groups = list_groups(s)
        assert [g.name for g in groups] == ["第一党小组（语文组）", "第二党小组（数学组）", "第三党小组（综合组）"]
        active = list_members(s)
        assert len(active) == 48
        per_group = Counter(m.party_group.name for m in active)
        assert all(13 <= n <= 17 for n in per_group.values()) and len(per_group) == 3
        posts = Counter(m.party_post for m in active if m.party_post)
        assert posts == {"书记": 1, "组织委员": 1, "宣传委员": 1, "纪检委员": 1, "党小组长": 3}
        leaders = {m.party_group.name for m in active if m.party_post == "党小组长"}
        assert len(leaders) == 3  # one 党小组长 in each group
        committee = [m for m in active if m.party_post in ("书记", "组织委员", "宣传委员", "纪检委员")]
        assert all(m.category == "正式党员" for m in committee)
        organiser = next(m for m in active if m.party_post == "组织委员")
        assert get_setting(s, "report.preparer") == organiser.name
        titles = Counter(m.title for m in active)
        assert titles["正高级教师"] == 1 and titles["高级教师"] >= 5 and titles["一级教师"] >= 10
        assert titles["二级教师"] >= 3
        educations = Counter(m.education for m in active)
        assert educations["大学本科"] > 25 and educations["研究生"] >= 2 and educations["大学专科"] >= 2
        assert {"语文教师", "数学教师", "英语教师", "教务处", "后勤"} <= {m.job_post for m in active}
        names = [m.name for m in s.scalars(select(Member))]
        assert len(set(names)) == len(names)
        assert all(2 <= len(n) <= 3 for n in names)
        for ch in RARE:
            assert any(ch in n for n in names), ch


def test_every_member_passes_validation_and_id_numbers_agree(demo_db):
    with demo_db.session() as s:
        members = s.scalars(select(Member)).unique().all()
        assert len({m.id_number for m in members}) == len(members) == 53  # 50 + 3 via 发展党员
        for m in members:
            issues = check_member(s, member_values(m), m.id)
            assert issues == [], (m.name, [str(i) for i in issues])
            info = parse_id_number(m.id_number)
            assert (info.birth_date, info.gender) == (m.birth_date, m.gender)
            assert m.name_initials and m.name_pinyin  # searchable by pinyin
            assert m.mobile_phone and m.home_address.startswith("示例市")
            if m.roster_state == vocab.ROSTER_ACTIVE:
                assert 24 <= age_on(m.birth_date, TODAY) <= 60, m.name
            if m.category == vocab.CATEGORY_PROBATIONARY:
                assert m.full_member_date is None
                assert TODAY - timedelta(days=366) < m.joined_date <= TODAY
            else:
                delta = (m.full_member_date - m.joined_date).days
                assert 364 <= delta <= 366, m.name


def test_former_members_left_through_events(demo_db):
    with demo_db.session() as s:
        former = [m for m in list_members(s, include_former=True) if m.roster_state != vocab.ROSTER_ACTIVE]
        states = Counter(m.roster_state for m in former)
        assert states == {"已转出": 3, "已去世": 1, "已出党": 1}
        for m in former:
            leaving = [e for e in m.events if e.kind in ("transfer_out", "death", "leave_party")]
            assert len(leaving) == 1 and leaving[0].event_date == m.left_date
            event = leaving[0]
            if event.kind == "transfer_out":
                assert event.details["to_org"].startswith("中共")
                assert event.details["letter_no"] and event.details["dues_paid_to_month"]
            if event.kind == "leave_party":
                assert event.details["exit_method"] == "自行脱党"
                assert event.event_date.year <= TODAY.year - 10  # long ago
        kinds = Counter(e.kind for e in s.scalars(select(MemberEvent)))
        assert kinds["transfer_in"] == 2 and kinds["become_full"] == 3  # one through 发展党员
        assert kinds["go_mobile"] + kinds["lost_contact"] >= 1
        assert sum(kinds.values()) == demo_db.summary.events + 1  # + the 转正 of one admitted through 发展党员
        active = list_members(s)
        arrived = [m for m in active if any(e.kind == "transfer_in" for e in m.events)]
        assert all(e.details["from_org"] for m in arrived for e in m.events)
        assert sum(m.is_mobile for m in active) + sum(m.is_lost_contact for m in active) >= 1


def test_sample_branch_is_deterministic(tmp_path, demo_db):
    other = open_data_folder(tmp_path / "again")
    try:
        with other.transaction() as s:
            create_demo_branch(s, today=TODAY)
        assert snapshot(other) == snapshot(demo_db)
    finally:
        other.dispose()
    later = open_data_folder(tmp_path / "later")
    try:  # on another day the dates move with it, but the people stay the same
        with later.transaction() as s:
            create_demo_branch(s, today=TODAY + timedelta(days=200))
        with later.session() as s, demo_db.session() as s0:
            assert s.scalars(select(Member.name).order_by(Member.id)).all() == \
                s0.scalars(select(Member.name).order_by(Member.id)).all()
    finally:
        later.dispose()


def test_refuses_a_non_empty_database_and_changes_nothing(branch_db):
    with branch_db.transaction() as s:
        save_member(s, {"name": "张三", "id_number": "11010519800301001X", "category": "正式党员",
                        "joined_date": date(2005, 6, 1), "full_member_date": date(2006, 6, 1)})
    before = snapshot(branch_db)
    with branch_db.session() as s:
        audit_before = s.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(DemoError, match="已有支部信息或党员记录"):
        with branch_db.transaction() as s:
            create_demo_branch(s, today=TODAY)
    assert snapshot(branch_db) == before
    with branch_db.session() as s:
        assert get_profile(s).full_name == "中共测试市实验小学支部委员会"
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == audit_before


def test_refuses_a_database_with_only_a_profile(branch_db):
    with pytest.raises(DemoError):
        with branch_db.transaction() as s:
            create_demo_branch(s, today=TODAY)
    with branch_db.session() as s:
        assert s.scalar(select(func.count()).select_from(Member)) == 0


def snapshot_of_folder(folder: Path) -> list[tuple]:
    db = open_data_folder(folder)  # opened and closed again: the CLI must be able to claim the folder
    try:
        return snapshot(db)
    finally:
        db.dispose()


def test_cli_demo_in_process(tmp_path, capsys):
    folder = tmp_path / "cli"
    assert main(["--data-dir", str(folder), "demo"]) == 0  # global option before the sub-command
    out = capsys.readouterr().out
    assert "中共示例市实验小学支部委员会" in out and "在册党员 48 人" in out and "预备党员 6" in out
    assert str(folder) in out
    before = snapshot_of_folder(folder)
    assert len(before) == 53  # 50 of the roster + 3 admitted through 发展党员
    assert main(["demo", "--data-dir", str(folder)]) == 2  # option after the sub-command
    captured = capsys.readouterr()
    assert "错误" in captured.err and "现有数据未作任何改动" in captured.err and captured.out == ""
    assert snapshot_of_folder(folder) == before


def test_cli_demo_uses_the_environment_variable(data_dir, capsys):
    assert main(["demo"]) == 0  # BRANCH_LEDGER_HOME (set by the data_dir fixture) names the folder
    assert str(data_dir) in capsys.readouterr().out
    assert len(snapshot_of_folder(data_dir)) == 53


def test_cli_demo_subprocess(tmp_path):
    folder = tmp_path / "sub"
    result = subprocess.run([sys.executable, "-m", "app", "demo", "--data-dir", str(folder)],
                            capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert result.returncode == 0, result.stderr
    assert "已创建示例支部" in result.stdout and "在册党员 48 人" in result.stdout
    db = open_data_folder(folder)
    try:
        with db.session() as s:
            assert len(list_members(s)) == 48
            assert len(list_members(s, include_former=True)) == 53
    finally:
        db.dispose()


@pytest.mark.parametrize("through_save_member", [False, True])
def test_generated_members_are_valid_and_unique(branch_db, through_save_member):
    with branch_db.transaction() as s:
        ids = generate_members(s, 120, seed=5, today=TODAY, through_save_member=through_save_member)
        ids += generate_members(s, 30, seed=5, today=TODAY, groups=[])  # same seed again: no clash
    assert len(ids) == len(set(ids)) == 150
    with branch_db.session() as s:
        members = s.scalars(select(Member)).unique().all()
        assert len(members) == 150 and len({m.id_number for m in members}) == 150
        assert all(m.name_initials and m.name_pinyin for m in members)
        assert all(check_member(s, member_values(m), m.id) == [] for m in members)
        grouped = Counter(m.party_group_id for m in members)
        assert grouped[None] == 30 and len(grouped) == 4 and grouped.most_common(1)[0][1] == 40
        assert any(m.category == "预备党员" for m in members)


def test_bench_generate_makes_a_data_folder(tmp_path, capsys):
    spec = importlib.util.spec_from_file_location("bench_generate", REPO_ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    folder = module.make_data_dir(tmp_path / "bench", 40, seed=2)
    db = open_data_folder(folder)
    try:
        with db.session() as s:
            assert get_profile(s).short_name == "实验小学支部"
            assert len(list_members(s)) == 40
    finally:
        db.dispose()
    with pytest.raises(DemoError):  # never mixes generated members into existing data
        module.make_data_dir(folder, 5)
    assert module.main(["10", str(tmp_path / "cmd")]) == 0
    assert "generated 10 members" in capsys.readouterr().out
