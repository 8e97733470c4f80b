"""Recording steps: order, details, rules refused with the step's name, and the transitions into the roster."""

from datetime import date

import pytest
from sqlalchemy import select

from app.models import Member, MemberEvent
from app.models.development import DevPerson, DevStep
from app.services.development import steps as S
from app.services.development.people import DevelopmentError, leave_pipeline, linked_person, save_person
from app.services.development.recording import record_step
from app.services.roster import member_events
from tests.services.development.dev_helpers import (
    ADMISSION_PATH,
    PROBATION_PATH,
    TODAY,
    VOTE,
    add_members,
    new_person,
    person_values,
    walk,
)


@pytest.fixture
def branch(branch_db):
    with branch_db.transaction() as s:
        members = add_members(s)
        person = new_person(s)
    return branch_db, members, person


def test_person_has_member_validation_and_no_duplicate_of_a_member(branch):
    db, _members, _person = branch
    with db.session() as s:
        member = s.scalars(select(Member)).first()
        number = member.id_number
    with pytest.raises(DevelopmentError, match="与本支部党员 王建国") as exc:
        with db.transaction() as s:
            save_person(s, person_values(name="另一人", id_number=number))
    assert exc.value.field == "id_number"
    with pytest.raises(DevelopmentError, match="校验位"):
        with db.transaction() as s:
            save_person(s, person_values(id_number="110105198003010110"))
    with pytest.raises(DevelopmentError, match="与已登记的周子轩"):
        with db.transaction() as s:
            save_person(s, person_values(name="周某"))
    with pytest.raises(DevelopmentError, match="手机"):
        with db.transaction() as s:
            save_person(s, person_values(id_number=person_values()["id_number"][:-1], mobile_phone="123"))
    with db.session() as s:
        assert len(s.scalars(select(DevPerson)).all()) == 1
        assert len(s.scalars(select(Member)).all()) == 7  # nobody went onto the roster


def test_a_step_needs_the_step_before_and_no_earlier_date(branch):
    db, members, person = branch
    with pytest.raises(DevelopmentError, match="须先登记“第1步 递交入党申请书”，才能登记“第2步 党组织派人谈话”"):
        with db.transaction() as s:
            record_step(s, person, S.TALK, date(2024, 1, 31), {"talker": "王建国"}, today=TODAY)
    with db.transaction() as s:
        record_step(s, person, S.APPLICATION, date(2024, 1, 10), today=TODAY)
    with pytest.raises(DevelopmentError, match="早于上一步“第1步 递交入党申请书”的日期 2024-01-10"):
        with db.transaction() as s:
            record_step(s, person, S.TALK, date(2024, 1, 9), {"talker": "王建国"}, today=TODAY)
    with pytest.raises(DevelopmentError, match="须填写“谈话人”"):
        with db.transaction() as s:
            record_step(s, person, S.TALK, date(2024, 1, 20), {}, today=TODAY)
    with pytest.raises(DevelopmentError, match="不能晚于今天"):
        with db.transaction() as s:
            record_step(s, person, S.TALK, date(2026, 12, 2), {"talker": "王建国"}, today=TODAY)


def test_a_late_talk_needs_a_reason_which_is_kept(branch):
    db, _members, person = branch
    with db.transaction() as s:
        record_step(s, person, S.APPLICATION, date(2024, 1, 31), today=TODAY)
    with pytest.raises(DevelopmentError, match="“第2步 党组织派人谈话”不符合规则“收到入党申请书后1个月内派人谈话”") as exc:
        with db.transaction() as s:
            record_step(s, person, S.TALK, date(2024, 3, 1), {"talker": "王建国"}, today=TODAY)
    assert "例外说明" in exc.value.message and exc.value.field == "override_reason"
    with db.transaction() as s:
        record_step(s, person, S.TALK, date(2024, 2, 29), {"talker": "王建国"}, today=TODAY)  # 31 Jan + 1 month
    with db.transaction() as s:
        p2 = save_person(s, person_values(name="吴雨桐", id_number=_other_id())).id
        record_step(s, p2, S.APPLICATION, date(2024, 1, 31), today=TODAY)
        entry = record_step(s, p2, S.TALK, date(2024, 3, 1), {"talker": "王建国"},
                            override_reason="寒假期间本人在外地，开学后即谈话", today=TODAY)
        assert entry.override_reason == "寒假期间本人在外地，开学后即谈话"


def _other_id() -> str:
    from app.kit.idcard import make_id_number

    return make_id_number("320211", date(1998, 8, 8), 42)


def test_one_year_as_activist_is_refused_one_day_short(branch):
    db, members, person = branch
    with db.transaction() as s:
        walk(s, person, members, ADMISSION_PATH, until=S.CANDIDATE)
    with pytest.raises(DevelopmentError, match="最早可在 2025-03-01 确定为发展对象"):
        with db.transaction() as s:
            record_step(s, person, S.CANDIDATE, date(2025, 2, 28), today=TODAY)
    with pytest.raises(DevelopmentError, match="不符合规则") as exc:  # the 1-year rule has no exception
        with db.transaction() as s:
            record_step(s, person, S.CANDIDATE, date(2025, 2, 28), override_reason="工作需要", today=TODAY)
    assert "例外说明" not in exc.value.message


def test_contacts_and_sponsors_are_full_members(branch):
    db, members, person = branch
    with db.transaction() as s:
        walk(s, person, members, ADMISSION_PATH, until=S.CONTACTS)
        probationary = s.scalars(select(Member).where(Member.category == "预备党员")).one().id
    with pytest.raises(DevelopmentError, match="须为在册正式党员，赵晓雯是预备党员"):
        with db.transaction() as s:
            record_step(s, person, S.CONTACTS, date(2024, 3, 5), {"contacts": [probationary]}, today=TODAY)
    with pytest.raises(DevelopmentError, match="1至2名培养联系人"):
        with db.transaction() as s:
            record_step(s, person, S.CONTACTS, date(2024, 3, 5), {"contacts": members[:3]}, today=TODAY)
    with db.transaction() as s:
        walk(s, person, members, ADMISSION_PATH[4:], until=S.SPONSORS)
    with pytest.raises(DevelopmentError, match="须有2名入党介绍人"):
        with db.transaction() as s:
            record_step(s, person, S.SPONSORS, date(2025, 3, 10), {"sponsors": members[:1]}, today=TODAY)


def test_training_and_publicity_are_checked(branch):
    db, members, person = branch
    with db.transaction() as s:
        walk(s, person, members, ADMISSION_PATH, until=S.TRAINING)
    with pytest.raises(DevelopmentError, match="不少于3天或不少于24个学时"):
        with db.transaction() as s:
            record_step(s, person, S.TRAINING, date(2025, 4, 8), {"start": "2025-04-07", "hours": 16}, today=TODAY)
    with db.transaction() as s:
        record_step(s, person, S.TRAINING, date(2025, 4, 9), {"start": "2025-04-07"}, today=TODAY)
    with pytest.raises(DevelopmentError, match="公示5至7天.*共8天"):
        with db.transaction() as s:
            record_step(s, person, S.COMMITTEE_REVIEW, date(2025, 4, 20),
                        {"publicity_start": "2025-04-21", "publicity_end": "2025-04-28"}, today=TODAY)


def test_admission_puts_a_probationary_member_on_the_roster_in_one_transaction(branch):
    db, members, person = branch
    with db.transaction() as s:
        walk(s, person, members, ADMISSION_PATH)
    with db.session() as s:
        p = s.get(DevPerson, person)
        member = s.get(Member, p.member_id)
        assert p.status == S.ADMITTED
        assert (member.name, member.category, member.joined_date) == ("周子轩", "预备党员", date(2025, 5, 20))
        assert member.id_number == p.id_number and member.job_post == "数学教师"
        assert linked_person(s, member.id).id == person  # the history is linked from the member


def test_a_failed_vote_stops_the_admission(branch):
    db, members, person = branch
    with db.transaction() as s:
        walk(s, person, members, ADMISSION_PATH, until=S.BRANCH_ADMISSION)
        step = record_step(s, person, S.BRANCH_ADMISSION, date(2025, 5, 20),
                           {"expected": 6, "present": 5, "yes": 3, "no": 1, "abstain": 1, "probationary_present": 1},
                           today=TODAY)
        assert step.details["passed"] is False  # 3 of 5 present, but not more than half of the 6 entitled
    with pytest.raises(DevelopmentError, match="表决未获通过"):
        with db.transaction() as s:
            record_step(s, person, S.HIGHER_TALK, date(2025, 6, 1), {"talker": "吴卫东"}, today=TODAY)
    with db.transaction() as s:
        leave_pipeline(s, person, S.NOT_ADMITTED, date(2025, 6, 1), "支部大会表决未通过", today=TODAY)
    with db.session() as s:
        p = s.get(DevPerson, person)
        assert (p.status, p.left_reason, len(p.steps)) == (S.NOT_ADMITTED, "支部大会表决未通过", 16)
    with pytest.raises(DevelopmentError, match="未被接收"):
        with db.transaction() as s:
            record_step(s, person, S.HIGHER_TALK, date(2025, 6, 1), {"talker": "吴卫东"}, today=TODAY)


def test_admission_rolls_back_when_the_roster_refuses(branch, monkeypatch):
    db, members, person = branch
    with db.transaction() as s:
        walk(s, person, members, ADMISSION_PATH, until=S.ADMISSION_APPROVED)
    from app.services.roster import member_validation

    monkeypatch.setattr(  # the roster's minimum admission age has been raised above the person's age
        "app.services.roster.members.get_setting",
        lambda session, key: 40 if key == "roster.min_admission_age" else 12)
    with pytest.raises(DevelopmentError, match="无法将周子轩接收为预备党员") as exc:
        with db.transaction() as s:
            record_step(s, person, S.ADMISSION_APPROVED, date(2025, 6, 10), today=TODAY)
    assert "未满40周岁" in exc.value.message
    assert member_validation  # imported for the patch target's module
    with db.session() as s:
        p = s.get(DevPerson, person)
        assert p.status == S.ACTIVE and p.member_id is None
        assert s.scalars(select(DevStep).where(DevStep.step == S.ADMISSION_APPROVED)).all() == []
        assert s.scalars(select(Member).where(Member.name == "周子轩")).all() == []


def test_approval_after_three_months_needs_a_special_reason_and_never_after_six(branch):
    db, members, person = branch
    with db.transaction() as s:
        walk(s, person, members, ADMISSION_PATH, until=S.ADMISSION_APPROVED)
    with pytest.raises(DevelopmentError, match="例外说明"):
        with db.transaction() as s:
            record_step(s, person, S.ADMISSION_APPROVED, date(2025, 8, 21), today=TODAY)
    with pytest.raises(DevelopmentError, match="特殊情况不晚于 2025-11-20"):
        with db.transaction() as s:
            record_step(s, person, S.ADMISSION_APPROVED, date(2025, 11, 21), override_reason="上级党委换届",
                        today=TODAY)
    with db.transaction() as s:
        entry = record_step(s, person, S.ADMISSION_APPROVED, date(2025, 11, 20), override_reason="上级党委换届",
                            today=TODAY)
        assert entry.override_reason == "上级党委换届"


def _conversion_vote(decision, **extra):
    return {**VOTE, "expected": 6, "decision": decision, **extra}


def test_conversion_goes_through_the_roster_event(branch):
    db, members, person = branch
    with db.transaction() as s:
        walk(s, person, members, ADMISSION_PATH + PROBATION_PATH)
        record_step(s, person, S.BRANCH_CONVERSION, date(2026, 5, 15), _conversion_vote(S.DECISION_CONVERT),
                    today=TODAY)
    with pytest.raises(DevelopmentError, match="早于预备期满之日 2026-05-20"):
        with db.transaction() as s:
            record_step(s, person, S.CONVERSION_APPROVED, date(2026, 5, 19), today=TODAY)
    with db.transaction() as s:
        record_step(s, person, S.CONVERSION_APPROVED, date(2026, 6, 10), today=TODAY)
    with db.session() as s:
        member = s.get(Member, s.get(DevPerson, person).member_id)
        assert (member.category, member.full_member_date) == ("正式党员", date(2026, 5, 20))
        (event,) = s.scalars(select(MemberEvent).where(MemberEvent.member_id == member.id)).all()
        assert event.kind == member_events.BECOME_FULL
        assert event.details == {"branch_meeting_date": "2026-05-15", "approval_date": "2026-06-10"}
    with db.transaction() as s:
        record_step(s, person, S.ARCHIVED, date(2026, 6, 20), today=TODAY)


def test_extension_then_conversion(branch):
    db, members, person = branch
    with db.transaction() as s:
        walk(s, person, members, ADMISSION_PATH + PROBATION_PATH)
    with pytest.raises(DevelopmentError, match="不少于6个月、不超过12个月"):
        with db.transaction() as s:
            record_step(s, person, S.BRANCH_CONVERSION, date(2026, 5, 20),
                        _conversion_vote(S.DECISION_EXTEND, extension_months=3), today=TODAY)
    with db.transaction() as s:
        record_step(s, person, S.BRANCH_CONVERSION, date(2026, 5, 20),
                    _conversion_vote(S.DECISION_EXTEND, extension_months=6), today=TODAY)
        record_step(s, person, S.CONVERSION_APPROVED, date(2026, 6, 1), today=TODAY)
    with db.session() as s:
        member = s.get(Member, s.get(DevPerson, person).member_id)
        assert (member.category, member.probation_extended_months) == ("预备党员", 6)
        assert [e.kind for e in member.events] == [member_events.EXTEND_PROBATION]
    with db.transaction() as s:  # the second round, after the extended probation (ends 2026-11-20)
        record_step(s, person, S.CONVERSION_REQUEST, date(2026, 11, 1), today=TODAY)
        with pytest.raises(DevelopmentError, match="只能延长1次"):
            record_step(s, person, S.BRANCH_CONVERSION, date(2026, 11, 20),
                        _conversion_vote(S.DECISION_EXTEND, extension_months=6), today=TODAY)
    with db.transaction() as s:  # the refusal above wrote nothing; the 转正申请 of the second round stands
        record_step(s, person, S.BRANCH_CONVERSION, date(2026, 11, 20), _conversion_vote(S.DECISION_CONVERT),
                    today=TODAY)
        record_step(s, person, S.CONVERSION_APPROVED, date(2026, 11, 25), today=TODAY)
    with db.session() as s:
        member = s.get(Member, s.get(DevPerson, person).member_id)
        assert (member.category, member.full_member_date) == ("正式党员", date(2026, 11, 20))


def test_conversion_rolls_back_when_the_roster_event_fails(branch, monkeypatch):
    db, members, person = branch
    with db.transaction() as s:
        walk(s, person, members, ADMISSION_PATH + PROBATION_PATH)
        record_step(s, person, S.BRANCH_CONVERSION, date(2026, 5, 20), _conversion_vote(S.DECISION_CONVERT),
                    today=TODAY)

    def refuse(*_args, **_kwargs):
        raise member_events.EventError("磁盘已满")

    monkeypatch.setattr("app.services.development.recording.record_event", refuse)
    with pytest.raises(DevelopmentError, match="无法在花名册中登记周子轩的按期转为正式党员：磁盘已满"):
        with db.transaction() as s:
            record_step(s, person, S.CONVERSION_APPROVED, date(2026, 6, 10), today=TODAY)
    with db.session() as s:
        assert s.scalars(select(DevStep).where(DevStep.step == S.CONVERSION_APPROVED)).all() == []
        assert s.get(Member, s.get(DevPerson, person).member_id).category == "预备党员"


def test_withdrawal_keeps_the_record(branch):
    db, members, person = branch
    with db.transaction() as s:
        walk(s, person, members, ADMISSION_PATH, until=S.ACTIVIST)
    with pytest.raises(DevelopmentError, match="原因"):
        with db.transaction() as s:
            leave_pipeline(s, person, S.WITHDRAWN, date(2024, 6, 1), " ", today=TODAY)
    with db.transaction() as s:
        leave_pipeline(s, person, S.WITHDRAWN, date(2024, 6, 1), "本人书面申请撤回", today=TODAY)
    with db.session() as s:
        p = s.get(DevPerson, person)
        assert (p.status, p.left_date, len(p.steps)) == (S.WITHDRAWN, date(2024, 6, 1), 2)


def test_the_latest_step_entered_by_mistake_can_be_removed_but_not_one_the_roster_acted_on(branch):
    from app.services.development.recording import remove_latest_step

    db, members, person = branch
    with db.transaction() as s:
        walk(s, person, members, ADMISSION_PATH, until=S.ACTIVIST)
        assert remove_latest_step(s, person, today=TODAY) == "第2步 党组织派人谈话"
    with db.session() as s:
        assert [e.step for e in s.get(DevPerson, person).steps] == [S.APPLICATION]
    with db.transaction() as s:
        walk(s, person, members, ADMISSION_PATH[1:])
    with pytest.raises(DevelopmentError, match="已在花名册中生效"):
        with db.transaction() as s:
            remove_latest_step(s, person, today=TODAY)


def test_one_who_withdrew_may_apply_again_and_an_admitted_persons_fields_are_the_rosters(branch):
    from app.services.development.people import find_by_name

    db, members, person = branch
    with db.transaction() as s:
        record_step(s, person, S.APPLICATION, date(2024, 1, 10), today=TODAY)
        leave_pipeline(s, person, S.WITHDRAWN, date(2024, 2, 1), "本人申请撤回", today=TODAY)
        again = save_person(s, person_values()).id  # the same ID number, a new record
        assert find_by_name(s, "周子轩").id == again
    with pytest.raises(DevelopmentError, match="与已登记的周子轩（培养中）重复"):
        with db.transaction() as s:
            save_person(s, person_values())
    with db.transaction() as s:
        walk(s, again, members, ADMISSION_PATH)
    with pytest.raises(DevelopmentError, match="请在“花名册”中修改"):
        with db.transaction() as s:
            save_person(s, person_values(job_post="语文教师"), again)
