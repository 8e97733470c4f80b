"""Importing an old 花名册: the roster's import kind (fields with the headers real files use) and its writer.

Each row becomes a member through the roster's own save_member (so every entry rule applies), or updates
the member with the same ID number when the user chose so. Undo removes the members the import added and
puts back the values it overwrote, while nothing else has touched them since.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from app.kit.errors import UserError
from app.models import ImportBatch, Member, MemberEvent, PartyGroup
from app.services.importer.apply import Touched
from app.services.importer.preview import UPDATE, PreviewRow
from app.services.importer.spec import (
    BOOL,
    CHOICE,
    DATE,
    ID_NUMBER,
    LONG_TEXT,
    PHONE,
    TEXT,
    ImportField,
    ImportKind,
)
from app.services.roster import vocab
from app.services.roster.member_events import IMPORTED, record_event
from app.services.roster.member_validation import ID_NUMBER_INDEX, MemberValidationError, id_number_index
from app.services.roster.members import check_member, member_values, save_member

_ETHNIC_SHORT = {e.removesuffix("族"): e for e in vocab.ETHNICITIES if e.endswith("族")}
_EDUCATION = {"本科": "大学本科", "大学": "大学本科", "大专": "大学专科", "专科": "大学专科", "硕士研究生": "研究生",
              "博士研究生": "研究生", "硕士": "研究生", "博士": "研究生", "研究生学历": "研究生", "中技": "中专",
              "中师": "中专", "职高": "中专", "初中": "初中及以下", "小学": "初中及以下"}
_CATEGORY = {"正式": vocab.CATEGORY_FULL, "预备": vocab.CATEGORY_PROBATIONARY}

FIELDS = (
    ImportField("name", "姓名", TEXT, ("党员姓名", "名字"), required=True),
    ImportField("gender", "性别", CHOICE, choices=tuple(vocab.GENDERS), synonyms={"男性": "男", "女性": "女"}),
    ImportField("ethnicity", "民族", CHOICE, choices=tuple(vocab.ETHNICITIES), synonyms=_ETHNIC_SHORT),
    ImportField("id_number", "公民身份号码", ID_NUMBER,
                ("身份证号", "身份证号码", "身份证", "公民身份证号", "公民身份证号码", "证件号码"), required=True,
                hint="18 位，请把该列设为“文本”格式，否则 Excel 会把最后几位变成 0"),
    ImportField("birth_date", "出生日期", DATE, ("出生年月", "出生时间", "出生年月日")),
    ImportField("education", "学历", CHOICE, ("文化程度", "最高学历", "全日制学历"),
                choices=tuple(vocab.EDUCATIONS), synonyms=_EDUCATION),
    ImportField("category", "人员类别", CHOICE, ("党员类别", "类别", "党员身份", "党籍状态（正式党员或预备党员）"),
                required=True, choices=tuple(vocab.CATEGORIES), synonyms=_CATEGORY),
    ImportField("joined_date", "加入党组织日期", DATE, ("入党时间", "入党日期", "入党年月", "加入党组织时间")),
    ImportField("full_member_date", "转为正式党员日期", DATE, ("转正时间", "转正日期", "转为正式党员时间")),
    ImportField("job_post", "工作岗位", TEXT, ("岗位", "任教学科", "工作单位及岗位")),
    ImportField("mobile_phone", "手机", PHONE, ("手机号", "手机号码", "联系电话", "联系方式", "电话", "移动电话")),
    ImportField("landline", "固定电话", PHONE, ("办公电话", "座机")),
    ImportField("home_address", "家庭住址", TEXT, ("住址", "家庭地址", "现住址", "居住地址")),
    ImportField("standing", "党籍状态", CHOICE, choices=tuple(vocab.STANDINGS), synonyms={"停止": vocab.STANDING_SUSPENDED}),
    ImportField("is_lost_contact", "是否为失联党员", BOOL, ("是否失联", "失联党员")),
    ImportField("lost_contact_date", "失去联系日期", DATE, ("失联日期", "失联时间")),
    ImportField("is_mobile", "是否为流动党员", BOOL, ("是否流动党员", "流动党员")),
    ImportField("mobile_destination", "外出流向", TEXT, ("流向", "流动去向")),
    ImportField("native_place", "籍贯", TEXT),
    ImportField("degree", "学位", CHOICE, choices=tuple(d for d in vocab.DEGREES if d),
                synonyms={"博士学位": "博士", "硕士学位": "硕士", "学士学位": "学士"}),
    ImportField("school_and_major", "毕业院校及专业", TEXT, ("毕业院校", "毕业学校", "毕业院校专业")),
    ImportField("work_start_date", "参加工作日期", DATE, ("参加工作时间", "工作时间")),
    ImportField("position", "职务", TEXT, ("行政职务", "现任职务")),
    ImportField("title", "职称", CHOICE, ("专业技术职务", "专业技术职称"), choices=tuple(t for t in vocab.TITLES if t)),
    ImportField("party_post", "党内职务", CHOICE, choices=tuple(p for p in vocab.PARTY_POSTS if p)),
    ImportField("party_group", "所在党小组", TEXT, ("党小组",), hint="须与“支部信息”中的党小组名称一致"),
    ImportField("notes", "备注", LONG_TEXT),
)

ROSTER_IMPORT = ImportKind(
    key="roster", title="党员花名册", fields=FIELDS,
    writer="app.services.roster.importing:write_rows", undoer="app.services.roster.importing:undo_rows",
    duplicate_key="id_number", unique_key=True, finder="app.services.roster.importing:members_by_id_number",
    validator="app.services.roster.importing:validate_row",
    notes=("每行一名党员；“姓名”“公民身份号码”“人员类别”必填。",
           "日期可写作 1980-03-01、1980.3.1、1980年3月1日 或 19800301。",
           "公民身份号码一列请设为“文本”格式。",
           "“所在党小组”须与本软件“支部信息”中的党小组名称一致。"),
)


def members_by_id_number(session: Session) -> dict[str, int]:
    """Every member's ID number, as typed in a file (15 or 18 digits) → the member's id: one query per preview."""
    found: dict[str, int] = {}
    for member_id, number in session.execute(select(Member.id, Member.id_number)):
        found[number] = member_id
        if len(number) == 18 and number[6:8] == "19":  # the same person's old 15-digit number
            found[number[:6] + number[8:17]] = member_id
    return found


def _member_values(session: Session, values: dict) -> dict:
    """An import row's values as the roster's save_member takes them (党小组 by name → its id)."""
    out = {k: v for k, v in values.items() if k != "party_group"}
    group_name = values.get("party_group")
    if group_name:
        group_id = session.scalar(select(PartyGroup.id).where(PartyGroup.name == group_name))
        if group_id is None:
            names = "、".join(session.scalars(select(PartyGroup.name).order_by(PartyGroup.sort_order))) or "无"
            raise UserError(f"没有名为“{group_name}”的党小组（本支部的党小组：{names}）", "party_group")
        out["party_group_id"] = group_id
    return out


def _merged(session: Session, values: dict, existing_id: int | None) -> dict:
    if existing_id is None:
        return _member_values(session, values)
    current = member_values(session.get(Member, existing_id))
    current.update(_member_values(session, values))  # what the file has wins; empty cells keep what is stored
    return current


def validate_row(session: Session, values: dict, existing_id: int | None) -> list[tuple[str, str, bool]]:
    try:
        merged = _merged(session, values, existing_id)
    except UserError as exc:
        return [(exc.field, exc.message, True)]
    key = {"party_group_id": "party_group"}
    return [(key.get(i.field, i.field), i.message, i.blocking) for i in check_member(session, merged, existing_id)]


def write_rows(session: Session, rows: list[PreviewRow], batch: ImportBatch) -> list[tuple[PreviewRow, Touched]]:
    """Every row through the roster's save_member (its rules apply again), then one flush for them all.

    The preview kept duplicates within the file apart, which the pending members' validation cannot see.
    """
    written: list[tuple[PreviewRow, Member, dict | None]] = []
    # every ID number on file, kept up to date row by row: validation asks no query per member, and a
    # duplicate within the file (pending, not yet in the table) is seen as well
    index = session.info[ID_NUMBER_INDEX] = id_number_index(session)
    try:
        with session.no_autoflush:
            for row in rows:
                existing = row.existing_id if row.action == UPDATE else None
                before = member_values(session.get(Member, existing)) if existing else None
                try:
                    member = save_member(session, _merged(session, row.values, existing), existing, flush=False)
                except MemberValidationError as exc:
                    raise UserError(f"源文件第 {row.number} 行：{exc}", row=row.number) from exc
                except UserError as exc:
                    raise UserError(f"源文件第 {row.number} 行：{exc.message}", exc.field, row=row.number) from exc
                if before is not None and before["id_number"] != member.id_number:
                    index.pop(before["id_number"], None)
                index[member.id_number] = (existing, member.name, member.roster_state)
                written.append((row, member, before))
    finally:
        session.info.pop(ID_NUMBER_INDEX, None)
    session.flush()
    for _row, member, before in written:
        if before is None:  # a new member's history is empty: known now, so recording its event loads nothing
            set_committed_value(member, "events", [])
    today = date.today()
    with session.no_autoflush:
        for row, member, before in written:
            if before is None:  # the change history starts with where the member came from
                record_event(session, member.id, IMPORTED, today,
                             {"source_file": batch.file_name[:200], "source_row": str(row.number)}, flush=False)
    session.flush()
    return [(row, Touched("member", member.id, _json_ready(before) if before else None))
            for row, member, before in written]


def undo_rows(session: Session, batch: ImportBatch, *, check_only: bool) -> str | None:
    added = [r.row_id for r in batch.rows if r.action == "add" and r.table_name == "member"]
    if added:
        event = session.scalar(select(MemberEvent).where(MemberEvent.member_id.in_(added),
                                                         MemberEvent.kind != IMPORTED).limit(1))
        if event is not None:
            member = session.get(Member, event.member_id)
            return (f"导入的党员 {member.name if member else event.member_id} 之后登记过变更记录，"
                    f"不能整批撤销。请先撤销该变更记录。")
    if check_only:
        return None
    for row in batch.rows:
        member = session.get(Member, row.row_id)
        if member is None:
            continue
        if row.action == "add":
            session.delete(member)
        else:
            for key, value in _from_json(row.before or {}).items():
                setattr(member, key, value)
    session.flush()
    return None


def _json_ready(values: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in values.items()}


def _from_json(values: dict) -> dict:
    from app.services.roster.fields import DATE as DATE_FIELD
    from app.services.roster.fields import FIELDS_BY_KEY

    out = {}
    for key, value in values.items():
        spec = FIELDS_BY_KEY.get(key)
        out[key] = date.fromisoformat(value) if spec and spec.kind == DATE_FIELD and value else value
    return out
