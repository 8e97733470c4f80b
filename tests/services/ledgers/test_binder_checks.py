"""Issue 15: the binder's completeness check — each area's check finds its gap and names where to fix it,
and finds nothing where the gap is not."""

from __future__ import annotations

from datetime import date, datetime

from app.kit.findings import NOTICE, PROBLEM
from app.models import Member
from app.models.appraisal import AppraisalRound
from app.models.meetings import Meeting
from app.services.appraisal import vocab as appraisal_vocab
from app.services.appraisal.rounds import create_round
from app.services.dues.ledger import open_months
from app.services.ledgers.completeness import check_binder
from app.services.meetings import kinds
from tests.services.dues.helpers import add_members as add_dues_members
from tests.services.meetings.helpers import TODAY, build_branch, meeting, save


def findings(db, year=2026, today=TODAY, sections=None):
    with db.session() as s:
        return check_binder(s, year, sections=sections, today=today).findings


def area_sections(area: str) -> list[str]:
    """The binder sections of one area: building only those keeps each test quick."""
    from app.reports.binder import binder_sections
    from app.services.ledgers.completeness import section_area

    return [s.key for s in binder_sections(None, 2026) if section_area(s.document) == area]


def targeted(db, target, check=None, **kw):
    kw.setdefault("sections", area_sections(target.split(":")[0]))
    return [f for f in findings(db, **kw) if f.target == target and check in (None, f.check)]


# -- 组织生活


def test_a_meeting_without_recorder_is_named_with_its_record(branch_db):
    branch = build_branch(branch_db)
    without = save(branch_db, meeting(branch, title="第二季度党员大会"))
    with branch_db.transaction() as s:  # the form insists on one now; records imported or kept earlier lack it
        s.get(Meeting, without).recorder_id = None
    with_recorder = save(branch_db, meeting(branch, when=datetime(2026, 6, 10, 15, 0)))
    found = targeted(branch_db, f"meetings:meeting:{without}")
    assert [f.message for f in found] == ["会议记录“第二季度党员大会”（2026-05-10）没有填写记录人。"]
    assert found[0].severity == PROBLEM
    assert targeted(branch_db, f"meetings:meeting:{with_recorder}") == []


def test_a_general_meeting_without_quorum_is_a_problem_and_a_quorate_one_is_not(branch_db):
    branch = build_branch(branch_db)
    # 11 voting members on 2026-05-10 (10 正式 + the one who left in April is gone; the 转入 came in July):
    # absent six of the ten 正式党员 leaves four present, not more than half
    absent = {mid: (kinds.ABSENT, "") for mid in branch.full[4:]}
    thin = save(branch_db, meeting(branch, absentees=absent, title="五月党员大会"))
    full = save(branch_db, meeting(branch, when=datetime(2026, 6, 10, 15, 0), title="六月党员大会"))
    found = targeted(branch_db, f"meetings:meeting:{thin}")
    assert len(found) == 1 and "五月党员大会" in found[0].message and "未过半数" in found[0].message
    assert targeted(branch_db, f"meetings:meeting:{full}") == []


def test_a_cadence_period_without_its_meeting_is_listed_and_a_held_one_is_not(branch_db):
    branch = build_branch(branch_db)
    save(branch_db, meeting(branch, kind=kinds.COMMITTEE, when=datetime(2026, 3, 5, 16, 0)))
    found = {f.message: f.target for f in findings(branch_db, sections=area_sections("meetings"))
             if f.check == "binder_meetings"}
    assert found["2026年2月没有支部委员会的记录（每月一次）。"] == "meetings:calendar:committee..2026-02-01"
    assert not any("2026年3月没有支部委员会" in m for m in found)
    assert found["2026年二季度没有支部党员大会的记录（每季度一次）。"] == "meetings:calendar:general..2026-04-01"
    group = next(m for m in found if m.startswith("2026年1月没有党小组会（"))
    assert found[group] == f"meetings:calendar:group.{branch.groups[0]}.2026-01-01"


def test_a_year_without_any_meeting_is_one_finding(branch_db):
    build_branch(branch_db)
    found = targeted(branch_db, "meetings", "binder_meetings", year=2025)
    assert [f.message for f in found] == ["2025年没有已召开的会议记录：三会一课、主题党日和组织生活会的记录都无法编入台账。"]


# -- 花名册


def test_a_member_without_joining_date_is_named(branch_db):
    branch = build_branch(branch_db)
    with branch_db.transaction() as s:
        member = s.get(Member, branch.full[3])
        member.joined_date = None
        name = member.name
    found = targeted(branch_db, f"roster:member:{branch.full[3]}")
    assert [f.message for f in found] == [f"党员 {name}没有填写入党日期（加入党组织日期）。"]
    assert found[0].member_id == branch.full[3]
    assert targeted(branch_db, f"roster:member:{branch.full[2]}") == []


def test_an_empty_roster_says_the_roster_will_be_empty(branch_db):
    assert [f.message for f in targeted(branch_db, "roster")] == [
        "花名册中还没有在册党员：党员花名册、支部基本情况将是空的。"]


# -- 党费


def test_a_month_without_dues_records_is_named_and_months_with_records_are_not(branch_db):
    add_dues_members(branch_db, 3, valid_from="2026-01")
    with branch_db.transaction() as s:
        open_months(s, [f"2026-{m:02d}" for m in range(1, 12) if m != 4])
    dues = [f for f in findings(branch_db, sections=area_sections("dues")) if (f.target or "").startswith("dues:month:")]
    assert [(f.message, f.target, f.severity) for f in dues] == [
        ("2026年4月没有党费收缴记录。", "dues:month:2026-04", PROBLEM)]


def test_a_quarter_collected_but_not_handed_over_is_a_notice_until_it_is(branch_db):
    from app.services.dues import vocab
    from app.services.dues.remittance import record_remittance

    add_dues_members(branch_db, 2, valid_from="2026-01")
    with branch_db.transaction() as s:
        open_months(s, ["2026-01", "2026-02", "2026-03"], paid=(date(2026, 3, 20), vocab.PAY_MONTHLY))
    found = targeted(branch_db, "dues:remittance:2026Q1")
    assert len(found) == 1 and found[0].message.startswith("2026年第一季度收缴的党费 ")
    with branch_db.transaction() as s:
        record_remittance(s, date(2026, 4, 5), "2026-01", "2026-03", "80.00", today=TODAY)
    assert targeted(branch_db, "dues:remittance:2026Q1") == []


def test_a_running_month_is_not_a_gap_yet(branch_db):
    add_dues_members(branch_db, 2, valid_from="2026-01")
    with branch_db.transaction() as s:
        open_months(s, [f"2026-{m:02d}" for m in range(1, 12)])
    found = findings(branch_db, sections=area_sections("dues"))
    assert [f for f in found if (f.target or "").startswith("dues:month:")] == []  # December is still running


def test_a_year_without_dues_records_is_one_finding(branch_db):
    add_dues_members(branch_db, 2, valid_from="2026-01")
    with branch_db.transaction() as s:
        open_months(s, ["2026-01"])
    assert [f.message for f in targeted(branch_db, "dues", year=2025)] == [
        "2025年没有任何党费收缴记录：党费收缴登记表和上缴汇总表将是空的。"]


# -- 民主评议


def test_an_open_round_is_not_closed_and_a_closed_one_is_fine(branch_db):
    build_branch(branch_db)
    with branch_db.transaction() as s:
        rnd = create_round(s, 2026, date(2026, 11, 20), meeting_place="会议室")
        round_id = rnd.id
    found = targeted(branch_db, f"appraisal:appraisal_round:{round_id}")
    assert found[0].message == "2026年度民主评议尚未结束（未“结束评议”），印出的等次和统计不是定稿。"
    with branch_db.transaction() as s:
        s.get(AppraisalRound, round_id).status = appraisal_vocab.CLOSED
    assert targeted(branch_db, f"appraisal:appraisal_round:{round_id}") == []


def test_no_round_for_a_past_year_is_a_problem_and_for_this_year_a_notice(branch_db):
    build_branch(branch_db)
    assert [f.severity for f in targeted(branch_db, "appraisal", "binder_appraisal", year=2025)] == [PROBLEM]
    assert [f.severity for f in targeted(branch_db, "appraisal", "binder_appraisal", year=2026)] == [NOTICE]


# -- the collector


def test_only_the_chosen_sections_areas_are_checked_and_problems_come_first(branch_db):
    build_branch(branch_db)
    with branch_db.session() as s:
        report = check_binder(s, 2026, sections=["roster.roster", "appraisal.results"], today=TODAY)
    assert report.areas == ["roster", "appraisal", "ledgers"]  # the cover's checks run for every binder
    assert {(f.target or "").split(":")[0] for f in report.findings} <= {"roster", "appraisal"}
    severities = [f.severity for f in report.findings]
    assert severities == sorted(severities, key=lambda s: s != PROBLEM)
    assert report.summary().startswith("2026年度台账完整性检查：")


def test_a_chosen_section_with_nothing_to_print_is_said_to_be_left_out(branch_db):
    branch = build_branch(branch_db)
    save(branch_db, meeting(branch))  # a 党员大会: 三会一课记录 prints, 主题党日活动记录 has nothing
    with branch_db.session() as s:
        report = check_binder(s, 2026, sections=["meetings.lessons", "meetings.theme-days"], today=TODAY)
    empty = [f for f in report.findings if f.check == "binder_empty_section"]
    assert len(empty) == 1 and empty[0].target == "meetings" and empty[0].severity == NOTICE
    assert empty[0].message.startswith("“主题党日活动记录”没有可打印的内容，生成时不会编入台账：")


# -- the cover


def test_the_cover_without_secretary_or_organizer_is_named_and_with_a_committee_it_is_not(branch_db):
    from app.services.meetings.committee import term_on

    assert [(f.message, f.target) for f in findings(branch_db, sections=["roster.roster"])
            if f.check == "binder_cover"] == [
        ("封面上的“支部书记”将是空的：2026-12-01 没有在任的支部书记（在“组织生活 → 支部委员会”中登记），"
         "花名册的党内职务中也没有。", "meetings"),
        ("封面上的“组织委员”将是空的：2026-12-01 没有在任的组织委员（在“组织生活 → 支部委员会”中登记），"
         "花名册的党内职务中也没有。", "meetings")]
    build_branch(branch_db)  # elects a committee with a 书记 and a 组织委员
    assert [f for f in findings(branch_db, sections=["roster.roster"]) if f.check == "binder_cover"] == []
    with branch_db.session() as s:
        assert term_on(s, TODAY) is not None


def test_a_cover_gap_in_the_branch_profile_points_at_the_branch_profile_dialog(branch_db):
    from app.kit.findings import BRANCH_PROFILE_TARGET
    from app.services.common.branch import get_profile

    with branch_db.transaction() as s:
        get_profile(s).parent_org = ""
    gaps = [f for f in findings(branch_db, sections=["roster.roster"]) if "上级党组织" in f.message]
    assert [(f.severity, f.target) for f in gaps] == [(NOTICE, BRANCH_PROFILE_TARGET)]
