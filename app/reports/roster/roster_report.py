"""The printed 党员花名册 (domain.md §1, issue 2 §4): PDF for the binder, XLSX for further work.

The PDF carries the national items of the 党员基本信息采集表 in their order — without 所在党支部, the
same for every row and already in the title — and each item's parts in one cell (联系电话: 手机 and 固定电话; 是否为失联党员 with the date;
是否为流动党员 with 外出流向) so it stays legible on an A4 landscape page — plus 所在党小组, 职称 and
党内职务 and a 备注 column to write in; its last page ends with the signature and seal block
(制表人 / 审核人（支部书记）/ 盖章 / 日期) and later pages carry the branch name and page number in their
header. Words (names, groups, posts) and dates never break inside. The XLSX's first sheet has the same columns as the PDF and prints the same way; its second
sheet (全部信息) carries every member field, one column each, in app.services.roster.fields order, with
所在党支部 after 人员类别; dates in both sheets are real Excel dates.
Rows come in the roster's order (app.services.roster.members.list_members).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.kit.dates import format_date
from app.kit.gc_pause import collection_paused
from app.kit.idcard import mask_id_number
from app.models import BranchProfile, Member
from app.reports.engine.blocks import WORD_BREAK
from app.reports.engine.document import Document
from app.reports.engine.register import (
    CENTER,
    LEFT,
    Column,
    Register,
    ReportResult,
    check_format,
    write_register,
    yes_no,
)
from app.reports.heading import MASKED_IDS_NOTE, ledger_heading
from app.services.roster import vocab
from app.services.roster.fields import BOOL, DATE, FIELDS_BY_KEY, GROUP, MEMBER_FIELDS
from app.services.roster.members import count_members, list_members

TITLE_SUFFIX = "党员花名册"
ALL_FIELDS_SHEET = "全部信息"
BRANCH_LABEL = "所在党支部"
ROSTER_STATE_LABEL = "在册情况"

SIGNATURES = (("制表人", "审核人（支部书记）"), ("盖章", "日期"))
# Where a long PDF header may break (WORD_BREAK): between words, never 是否为 / 失联党 / 员.
_HEADER_WORDS = {
    "出生日期": ("出生", "日期"), "加入党组织日期": ("加入", "党组织", "日期"),
    "转为正式党员日期": ("转为", "正式党员", "日期"), "工作岗位": ("工作", "岗位"), "联系电话": ("联系", "电话"),
    "家庭住址": ("家庭", "住址"), "党籍状态": ("党籍", "状态"), "是否为失联党员": ("是否为", "失联党员"),
    "是否为流动党员": ("是否为", "流动党员"), "所在党小组": ("所在", "党小组"), "党内职务": ("党内", "职务"),
    "人员类别": ("人员", "类别"), "在册情况": ("在册", "情况"),
}

Getter = Callable[[Member], str]


def print_label(label: str) -> str:
    """The label with WORD_BREAK marks where the PDF header may break (XLSX shows it plain)."""
    return WORD_BREAK.join(_HEADER_WORDS.get(label, (label,)))


def _field_getter(key: str, kind: str, mask_ids: bool) -> Getter:
    if key == "id_number" and mask_ids:
        return lambda m: mask_id_number(m.id_number or "")
    if kind == DATE:
        return lambda m: format_date(getattr(m, key))
    if kind == BOOL:
        return lambda m: yes_no(getattr(m, key))
    if kind == GROUP:
        return lambda m: m.party_group.name if m.party_group else ""
    return lambda m: getattr(m, key) or ""


def _roster_state(m: Member) -> str:
    if m.roster_state == vocab.ROSTER_ACTIVE or not m.left_date:
        return m.roster_state
    return f"{m.roster_state}\n{format_date(m.left_date)}"


def _with_detail(flag: str, detail: str) -> Getter:
    """是/否, with the item's detail (a date, a destination) under 是."""
    def get(m: Member) -> str:
        if not getattr(m, flag):
            return "否"
        value = getattr(m, detail)
        text = format_date(value) if isinstance(value, date) else (value or "")
        return f"是\n{text}" if text else "是"
    return get


def _phones(m: Member) -> str:
    return "\n".join(p for p in (m.mobile_phone, m.landline) if p)


def branch_label(profile: BranchProfile) -> str:
    return profile.short_name or profile.full_name


def print_columns(profile: BranchProfile, *, mask_ids: bool, include_former: bool) -> list[tuple[Column, Getter]]:
    """The PDF's columns: the national items, then the school's most used extras."""
    def field(key: str, width: float = 1.0, **kw) -> tuple[Column, Getter]:
        fld = FIELDS_BY_KEY[key]
        kw.setdefault("words", not kw.get("nowrap"))
        return (Column(print_label(fld.label), width, date=fld.kind == DATE, **kw),
                _field_getter(key, fld.kind, mask_ids))

    cols = [
        field("name", 4, nowrap=True),
        field("gender", 2),
        field("ethnicity", 3),
        field("id_number", nowrap=True, text=True),
        field("birth_date", nowrap=True),
        field("education", 4),
        field("category", 3),
        field("joined_date", nowrap=True),
        field("full_member_date", nowrap=True),
        field("job_post", 5),
        (Column(print_label("联系电话"), nowrap=True, text=True), _phones),
        field("home_address", 9, align=LEFT, words=False),  # free text: breaks between characters
        field("standing", 3),
        (Column(print_label("是否为失联党员"), 3, words=True), _with_detail("is_lost_contact", "lost_contact_date")),
        (Column(print_label("是否为流动党员"), 4, words=True), _with_detail("is_mobile", "mobile_destination")),
        field("party_group_id", 4),
        field("title", 4),
        field("party_post", 3),
        field("notes", 6, align=LEFT, words=False, room_chars=4),  # room to write a remark by hand
    ]
    if include_former:
        cols.append((Column(print_label(ROSTER_STATE_LABEL), nowrap=True), _roster_state))
    return cols


def sheet_columns(profile: BranchProfile, *, mask_ids: bool, include_former: bool) -> list[tuple[Column, Getter]]:
    """The XLSX's columns: every member field in app.services.roster.fields order, 所在党支部 after 人员类别."""
    branch = branch_label(profile)
    cols: list[tuple[Column, Getter]] = []
    for fld in MEMBER_FIELDS:
        is_text = fld.key in ("id_number", "mobile_phone", "landline")
        align = LEFT if fld.key in ("home_address", "school_and_major", "notes", "mobile_destination") else CENTER
        column = Column(fld.label, fld.width, align, nowrap=is_text or fld.kind == DATE, text=is_text,
                        date=fld.kind == DATE)
        cols.append((column, _field_getter(fld.key, fld.kind, mask_ids)))
        if fld.key == "category":
            cols.append((Column(BRANCH_LABEL, 6), lambda m: branch))
    if include_former:
        cols.append((Column(ROSTER_STATE_LABEL, 4), lambda m: m.roster_state))
        cols.append((Column("离开日期", 6, nowrap=True, date=True), lambda m: format_date(m.left_date)))
    return cols


def roster_register(session: Session, *, all_fields: bool = False, include_former: bool = False,
                    mask_ids: bool = False, preparer: str | None = None, today: date | None = None,
                    members: list[Member] | None = None) -> Register:
    """The 花名册 as a register description: the printed layout, or every field (the XLSX's second sheet).
    `members` saves the query when the caller already has list_members' result."""
    profile, meta = ledger_heading(session, "花名册", preparer=preparer, today=today)
    if members is None:
        members = list_members(session, include_former=include_former)
    layout = sheet_columns if all_fields else print_columns
    columns = layout(profile, mask_ids=mask_ids, include_former=include_former)
    rows = [[get(m) for _, get in columns] for m in members]
    title = f"{profile.full_name} {TITLE_SUFFIX}"
    if include_former:
        title += "（含已离开本支部的党员）"
    active = [m for m in members if m.roster_state == vocab.ROSTER_ACTIVE]
    notes = [f"在册党员{count_members(active).summary()}。"]
    if include_former:
        notes.append(f"另列已离开本支部的党员 {len(members) - len(active)} 人。")
    if mask_ids:
        notes.append(MASKED_IDS_NOTE)
    return Register(
        title=title,
        columns=[c for c, _ in columns],
        rows=rows,
        meta=meta,
        notes=notes,
        sheet_name=ALL_FIELDS_SHEET if all_fields else TITLE_SUFFIX,
        freeze_columns=2,  # 序号 and 姓名 stay in view
        fit_to_width=not all_fields,  # 30 columns on one page wide would print too small to read
        borders=not all_fields,  # a data sheet: Excel's grid lines, printed, instead of cell borders
        font_size=9.0,  # 小五; 8 or 7.5 (六号) when a long column needs the room
        min_font_size=7.5,
        running_header=f"{profile.full_name} {TITLE_SUFFIX}",
        signatures=() if all_fields else SIGNATURES,
    )


def roster_document(session: Session, *, include_former: bool = False, mask_ids: bool = False,
                    preparer: str | None = None, today: date | None = None, **_options) -> Document:
    """The printed 花名册 (the PDF write_roster writes; the annual binder's section)."""
    return roster_register(session, include_former=include_former, mask_ids=mask_ids, preparer=preparer,
                           today=today).document()


def write_roster(session: Session, path: Path, fmt: str, *, include_former: bool = False, mask_ids: bool = False,
                 preparer: str | None = None, today: date | None = None) -> ReportResult:
    """Write the 花名册 to `path` as "pdf" or "xlsx". Raises ReportError (Chinese message) on failure."""
    fmt = check_format(fmt)
    with collection_paused():  # the members' objects and their rows too, not only the file (app.kit.gc_pause)
        options = dict(include_former=include_former, mask_ids=mask_ids, preparer=preparer, today=today,
                       members=list_members(session, include_former=include_former))
        register = roster_register(session, **options)
        extra = [roster_register(session, all_fields=True, **options)] if fmt == "xlsx" else []
        return write_register(register, path, fmt, extra_sheets=extra)
