"""Issue 15: `branch-ledger check --binder --year Y` lists what the year's binder would print empty or wrong."""

from __future__ import annotations

from datetime import date

from app.cli import main
from app.models import Member
from tests.services.meetings.helpers import build_branch


def test_check_binder_lists_a_member_without_joining_date(branch_db, data_dir, capsys):
    branch = build_branch(branch_db)
    with branch_db.transaction() as s:
        member = s.get(Member, branch.full[0])
        member.joined_date = None
        name = member.name
    branch_db.dispose()
    year = date.today().year
    assert main(["check", "--binder", "--year", str(year), "--sections", "roster.roster", "--data-dir", str(data_dir)]) == 1
    out = capsys.readouterr().out
    assert f"问题：党员 {name}没有填写入党日期（加入党组织日期）。" in out
    assert f"{year}年度台账完整性检查：发现 1 处缺漏" in out
    assert "已检查" not in out  # the database checks do not run with --binder


def test_check_binder_without_gaps_exits_zero_and_refuses_an_unknown_section(branch_db, data_dir, capsys):
    build_branch(branch_db)
    branch_db.dispose()
    assert main(["check", "--binder", "--sections", "roster.roster", "--data-dir", str(data_dir)]) == 0
    assert "未发现缺漏" in capsys.readouterr().out
    assert main(["check", "--binder", "--sections", "菜单", "--data-dir", str(data_dir)]) == 2
    assert "没有名为“菜单”的台账部分" in capsys.readouterr().err
    assert main(["check", "--year", "2026", "--data-dir", str(data_dir)]) == 2
    assert "只能与 --binder 一起使用" in capsys.readouterr().err
