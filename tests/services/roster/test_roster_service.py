from datetime import date

import pytest
from sqlalchemy import select

from app.kit.idcard import make_id_number
from app.models import AuditEntry, Member
from app.services.roster.member_events import EventError, applicable_kinds, record_event
from app.services.roster.member_validation import MemberValidationError
from app.services.roster.members import (
    count_members,
    delete_member_entered_by_mistake,
    list_members,
    save_member,
)


def values(**over):
    base = {
        "name": "张三丰", "id_number": make_id_number("110105", date(1980, 3, 1), 11),
        "category": "正式党员", "joined_date": date(2005, 6, 1), "full_member_date": date(2006, 6, 1),
        "mobile_phone": "13812345678",
    }
    base.update(over)
    return base


def test_id_number_fills_birth_date_and_gender_and_pinyin(branch_db):
    with branch_db.transaction() as s:
        m = save_member(s, values())
    assert (m.birth_date, m.gender, m.name_initials, m.name_pinyin) == (
        date(1980, 3, 1), "男", "zsf", "zhangsanfeng")


@pytest.mark.parametrize("over,fragment", [
    ({"id_number": "110105198003010110"}, "校验位"),
    ({"joined_date": date(1995, 6, 1), "full_member_date": date(1996, 6, 1)}, "未满18周岁"),
    ({"full_member_date": date(2004, 6, 1)}, "不能早于"),
    ({"category": "预备党员"}, "预备党员不应有"),
    ({"full_member_date": None}, "正式党员须填写“转为正式党员日期”"),
    ({"joined_date": None}, "正式党员须填写“加入党组织日期”"),  # issue 8 §6: not only the 转正 date
    ({"mobile_phone": "1381234"}, "手机"),
    ({"name": ""}, "姓名"),
])
def test_invalid_member_is_refused_naming_the_field(branch_db, over, fragment):
    with pytest.raises(MemberValidationError, match=fragment):
        with branch_db.transaction() as s:
            save_member(s, values(**over))
    with branch_db.session() as s:
        assert s.scalars(select(Member)).all() == []


def test_duplicate_id_number_is_refused(branch_db):
    with branch_db.transaction() as s:
        save_member(s, values())
    with pytest.raises(MemberValidationError, match="重复"):
        with branch_db.transaction() as s:
            save_member(s, values(name="李四"))


def test_long_probation_only_warns(branch_db):
    with branch_db.transaction() as s:
        m = save_member(s, values(full_member_date=date(2007, 3, 1)))
    assert m.id


def test_transfer_out_leaves_roster_keeps_history_and_audit(branch_db):
    with branch_db.transaction() as s:
        mid = save_member(s, values()).id
    with branch_db.transaction() as s:
        record_event(s, mid, "transfer_out", date(2026, 5, 1),
                     {"to_org": "某中学支部", "dues_paid_to_month": "2026-04"})
    with branch_db.session() as s:
        assert list_members(s) == []
        former = list_members(s, include_former=True)
        assert [m.roster_state for m in former] == ["已转出"]
        assert [e.kind for e in former[0].events] == ["transfer_out"]
        changes = s.scalars(select(AuditEntry).where(AuditEntry.field == "roster_state",
                                                     AuditEntry.action == "update")).all()
        assert [(a.old_value, a.new_value) for a in changes] == [("在册", "已转出")]
        assert "transfer_out" not in applicable_kinds(former[0])


def test_event_with_bad_details_changes_nothing(branch_db):
    with branch_db.transaction() as s:
        mid = save_member(s, values()).id
    with pytest.raises(EventError, match="转入单位"):
        with branch_db.transaction() as s:
            record_event(s, mid, "transfer_out", date(2026, 5, 1), {})
    with pytest.raises(EventError, match="“党费缴纳至年月”填写有误：无法识别的年月“4月”") as refused:
        with branch_db.transaction() as s:
            record_event(s, mid, "transfer_out", date(2026, 5, 1), {"to_org": "x", "dues_paid_to_month": "4月"})
    assert refused.value.field == "dues_paid_to_month"  # a dialog focuses it from this key
    with branch_db.session() as s:
        assert s.get(Member, mid).roster_state == "在册"


def test_probationary_becomes_full_by_event(branch_db):
    with branch_db.transaction() as s:
        mid = save_member(s, values(category="预备党员", joined_date=date(2025, 6, 1),
                                    full_member_date=None)).id
        record_event(s, mid, "become_full", date(2026, 6, 1))
    with branch_db.session() as s:
        m = s.get(Member, mid)
        assert (m.category, m.full_member_date) == ("正式党员", date(2026, 6, 1))
        assert count_members(list_members(s)).summary() == "共 1 人，正式党员 1，预备党员 0"


def test_delete_mistaken_record_is_audited(branch_db):
    with branch_db.transaction() as s:
        mid = save_member(s, values()).id
    with branch_db.transaction() as s:
        assert delete_member_entered_by_mistake(s, mid) == "张三丰"
    with branch_db.session() as s:
        deleted = s.scalars(select(AuditEntry).where(AuditEntry.action == "delete")).all()
        assert any(a.field == "name" and a.old_value == "张三丰" for a in deleted)


def test_party_group_in_use_cannot_be_removed_but_unused_can(branch_db):
    from app.services.common.branch import ProfileError, list_groups, save_profile

    with branch_db.session() as s:
        first = list_groups(s)[0]
    with branch_db.transaction() as s:
        save_member(s, values(party_group_id=first.id))
    with pytest.raises(ProfileError, match="第一党小组"):
        with branch_db.transaction() as s:
            save_profile(s, full_name="中共测试市实验小学支部委员会", group_names=["第二党小组"])
    with branch_db.transaction() as s:
        save_profile(s, full_name="中共测试市实验小学支部委员会", group_names=["第一党小组", "第二党小组"])
    with branch_db.session() as s:
        assert [g.name for g in list_groups(s)] == ["第一党小组", "第二党小组"]


def test_voiding_the_latest_event_puts_the_member_back_and_keeps_the_record(branch_db):
    from app.services.roster.member_events import list_events, void_event

    with branch_db.transaction() as s:
        mid = save_member(s, values(category="预备党员", joined_date=date(2025, 6, 1), full_member_date=None)).id
        first = record_event(s, mid, "become_full", date(2026, 6, 1)).id
        second = record_event(s, mid, "transfer_out", date(2026, 7, 1), {"to_org": "某中学支部"}).id
    with pytest.raises(EventError, match="最近登记的一条"):
        with branch_db.transaction() as s:
            void_event(s, first, "误登记")
    with pytest.raises(EventError, match="原因"):
        with branch_db.transaction() as s:
            void_event(s, second, " ")
    with branch_db.transaction() as s:
        void_event(s, second, "转出登记错了人")
        void_event(s, first, "转正日期未到")
    with branch_db.session() as s:
        m = s.get(Member, mid)
        assert (m.roster_state, m.left_date, m.category, m.full_member_date) == ("在册", None, "预备党员", None)
        assert [e.void_reason for e in m.events] == ["转正日期未到", "转出登记错了人"]
        assert m.current_events == [] and list_events(s) == []
        assert "become_full" in applicable_kinds(m)
        audited = s.scalars(select(AuditEntry).where(AuditEntry.field == "void_reason")).all()
        assert {a.new_value for a in audited} == {"转正日期未到", "转出登记错了人"}
    with pytest.raises(EventError, match="已于"):
        with branch_db.transaction() as s:
            void_event(s, second, "再撤销一次")


def test_a_party_group_that_no_longer_exists_is_refused_with_a_message(branch_db):
    with pytest.raises(MemberValidationError, match="所在党小组"):
        with branch_db.transaction() as s:
            save_member(s, values(party_group_id=999))


def test_voiding_keeps_a_later_form_edit_of_a_field_the_event_did_not_touch(branch_db):
    """失联 recorded by mistake; later the form marks the member 流动党员. Voiding 失联 undoes only 失联."""
    from app.services.roster.member_events import void_event
    from app.services.roster.members import member_values

    with branch_db.transaction() as s:
        mid = save_member(s, values()).id
        lost = record_event(s, mid, "lost_contact", date(2026, 3, 1)).id
    with branch_db.transaction() as s:
        edited = member_values(s.get(Member, mid)) | {"is_mobile": True, "mobile_destination": "深圳市"}
        save_member(s, edited, mid)
    with branch_db.transaction() as s:
        void_event(s, lost, "登记错了人")
    with branch_db.session() as s:
        m = s.get(Member, mid)
        assert (m.is_lost_contact, m.lost_contact_date) == (False, None)
        assert (m.is_mobile, m.mobile_destination) == (True, "深圳市")


def test_voiding_is_refused_when_the_events_own_change_was_edited_by_hand_since(branch_db):
    """转正 recorded, then its date corrected in the form: voiding would silently throw the correction away."""
    from app.services.roster.member_events import void_event
    from app.services.roster.members import member_values

    with branch_db.transaction() as s:
        mid = save_member(s, values(category="预备党员", joined_date=date(2025, 6, 1), full_member_date=None)).id
        became_full = record_event(s, mid, "become_full", date(2026, 6, 1)).id
    with branch_db.transaction() as s:
        save_member(s, member_values(s.get(Member, mid)) | {"full_member_date": date(2026, 6, 2)}, mid)
    with pytest.raises(EventError, match="转为正式党员日期.*2026-06-02"):
        with branch_db.transaction() as s:
            void_event(s, became_full, "误登记")
    with branch_db.session() as s:
        m = s.get(Member, mid)
        assert (m.category, m.full_member_date) == ("正式党员", date(2026, 6, 2))
        assert s.get(type(m.events[0]), became_full).voided_at is None
