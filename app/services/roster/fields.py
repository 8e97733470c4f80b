"""The member's fields as the user sees them: label, kind, vocabulary, dialog group, and order.

One table serves the entry dialog, the roster columns, the printed 花名册 and the audit trail's labels.
The first 16 entries (STANDARD) are the national 党员基本信息采集表 items in their order (domain.md §1).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.kit.fields import BOOL, CHOICE, DATE, REF, TEXT, FieldSpec
from app.services.roster import vocab

GROUP = REF  # the 党小组: the id of one of the branch's groups
MAX_TEXT = 200  # characters of any text field (validation says so by the field's label)

GROUP_BASIC = "基本信息"
GROUP_PARTY = "党籍信息"
GROUP_WORK = "工作与联系"
GROUP_NOTES = "备注"


@dataclass(frozen=True)
class MemberField(FieldSpec):
    """A member field: its key (the Member attribute), label, kind, required-ness and choices as a
    app.kit.fields.FieldSpec (so app.kit.fields.parse_field applies its rules), plus where it is shown."""

    group: str = ""  # which box of the entry dialog
    standard: bool = field(default=False, kw_only=True)  # one of the 16 national items
    width: int = field(default=8, kw_only=True)  # printed column width, in characters
    max_length: int | None = field(default=MAX_TEXT, kw_only=True)


MEMBER_FIELDS: list[MemberField] = [
    # the 16 standard items (所在党支部 is the branch itself and is printed from the profile)
    MemberField("name", "姓名", TEXT, GROUP_BASIC, required=True, standard=True, width=5),
    MemberField("gender", "性别", CHOICE, GROUP_BASIC, required=True, choices=tuple(vocab.GENDERS),
                standard=True, width=2),
    MemberField("ethnicity", "民族", CHOICE, GROUP_BASIC, choices=tuple(vocab.ETHNICITIES), standard=True, width=4),
    MemberField("id_number", "公民身份号码", TEXT, GROUP_BASIC, required=True, standard=True, width=11),
    MemberField("birth_date", "出生日期", DATE, GROUP_BASIC, standard=True, width=6),
    MemberField("education", "学历", CHOICE, GROUP_BASIC, choices=tuple(vocab.EDUCATIONS), standard=True, width=5),
    MemberField("category", "人员类别", CHOICE, GROUP_PARTY, required=True, choices=tuple(vocab.CATEGORIES),
                standard=True, width=4),
    MemberField("joined_date", "加入党组织日期", DATE, GROUP_PARTY, standard=True, width=6),
    MemberField("full_member_date", "转为正式党员日期", DATE, GROUP_PARTY, standard=True, width=6),
    MemberField("job_post", "工作岗位", TEXT, GROUP_WORK, standard=True, width=6),
    MemberField("mobile_phone", "手机", TEXT, GROUP_WORK, standard=True, width=7),
    MemberField("landline", "固定电话", TEXT, GROUP_WORK, standard=True, width=7),
    MemberField("home_address", "家庭住址", TEXT, GROUP_WORK, standard=True, width=10),
    MemberField("standing", "党籍状态", CHOICE, GROUP_PARTY, choices=tuple(vocab.STANDINGS), standard=True, width=4),
    MemberField("is_lost_contact", "是否失联", BOOL, GROUP_PARTY, standard=True, width=3),
    MemberField("lost_contact_date", "失去联系日期", DATE, GROUP_PARTY, standard=True, width=6),
    MemberField("is_mobile", "是否流动党员", BOOL, GROUP_PARTY, standard=True, width=3),
    MemberField("mobile_destination", "外出流向", TEXT, GROUP_PARTY, standard=True, width=6),
    # a school roster's extra columns
    MemberField("native_place", "籍贯", TEXT, GROUP_BASIC, width=5),
    MemberField("degree", "学位", CHOICE, GROUP_BASIC, choices=tuple(vocab.DEGREES), width=3),
    MemberField("school_and_major", "毕业院校及专业", TEXT, GROUP_BASIC, width=10),
    MemberField("work_start_date", "参加工作日期", DATE, GROUP_WORK, width=6),
    MemberField("position", "职务", TEXT, GROUP_WORK, width=5),
    MemberField("title", "职称", CHOICE, GROUP_WORK, choices=tuple(vocab.TITLES), width=5),
    MemberField("party_post", "党内职务", CHOICE, GROUP_PARTY, choices=tuple(vocab.PARTY_POSTS), width=4),
    MemberField("party_group_id", "所在党小组", GROUP, GROUP_PARTY, width=5),
    MemberField("notes", "备注", TEXT, GROUP_NOTES, width=8),
]

FIELDS_BY_KEY: dict[str, MemberField] = {f.key: f for f in MEMBER_FIELDS}


def field_label(key: str) -> str:
    found = FIELDS_BY_KEY.get(key)
    return found.label if found else key
