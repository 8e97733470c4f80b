"""Importing meeting records kept elsewhere: 三会一课 lists (shaped like owip's 三会一课录入样表) and 主题党日
activity lists. Each accepted row becomes a meeting record through save_meeting, with its head counts as
written (such a list names no attendees); the 主持人 and 记录人 are found on the roster by name.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.kit.errors import UserError
from app.models import ImportBatch, Member, PartyGroup
from app.models.meetings import Meeting
from app.services.importer.apply import Touched
from app.services.importer.preview import PreviewRow
from app.services.importer.spec import CHOICE, DATETIME, INT, LONG_TEXT, TEXT, ImportField, ImportKind
from app.services.meetings import kinds
from app.services.meetings.records import MeetingInput, save_meeting, validate

_KIND_NAMES = {k.label: k.code for k in kinds.MEETING_KINDS.values()}
_KIND_NAMES.update({"党员大会": kinds.GENERAL, "支委会": kinds.COMMITTEE, "党小组": kinds.GROUP,
                    "主题党日活动": kinds.THEME_DAY})

_COMMON = (
    ImportField("title", "会议名称", TEXT, ("活动名称", "名称")),
    ImportField("planned_at", "计划时间", DATETIME, ("计划会议时间", "计划召开时间")),
    ImportField("held_at", "实际时间", DATETIME, ("实际会议时间", "召开时间", "会议时间", "活动时间", "时间"),
                required=True),
    ImportField("place", "地点", TEXT, ("会议地点", "活动地点")),
    ImportField("host", "主持人", TEXT, ("主持人姓名",), hint="须是当天在册的党员，按姓名查找"),
    ImportField("recorder", "记录人", TEXT, ("记录人姓名",), hint="须是当天在册的党员，按姓名查找"),
    ImportField("party_group", "党小组", TEXT, ("所在党小组",), hint="党小组会须填写，与“支部信息”中的名称一致"),
    ImportField("expected", "应到人数", INT, required=True),
    ImportField("present", "实到人数", INT, required=True),
    ImportField("observers", "列席人员", TEXT),
    ImportField("topics", "议题", LONG_TEXT, ("会议议题", "活动议题"), hint="多个议题可分行或用“；”分隔"),
    ImportField("content", "内容", LONG_TEXT, ("会议内容", "主要内容及特色", "活动内容", "发言记录")),
    ImportField("resolution", "决议", LONG_TEXT, ("会议决议",)),
    ImportField("theme", "主题", TEXT, ("活动主题", "党课主题")),
)

MEETINGS_IMPORT = ImportKind(
    key="meetings", title="三会一课记录",
    fields=(ImportField("kind", "会议类型", CHOICE, ("类型", "会议类别"), required=True,
                        choices=tuple(kinds.MEETING_KINDS), synonyms=_KIND_NAMES), *_COMMON),
    writer="app.services.meetings.importing:write_rows", undoer="app.services.meetings.importing:undo_rows",
    validator="app.services.meetings.importing:validate_row", row_label="条会议记录",
    notes=("每行一次会议；“会议类型”写 支部党员大会、支部委员会、党小组会、党课、主题党日、组织生活会 或 其他活动。",
           "时间可写作 2019/2/3 14:30、2019-02-03 14:30 或 Excel 的日期时间。",
           "应到、实到人数按表中所写记录（表中没有逐人的出勤）。"),
)

THEME_DAYS_IMPORT = ImportKind(
    key="theme-days", title="主题党日活动记录", fields=_COMMON,
    writer="app.services.meetings.importing:write_theme_days", undoer="app.services.meetings.importing:undo_rows",
    validator="app.services.meetings.importing:validate_theme_day", row_label="条活动记录",
    notes=("每行一次主题党日活动；时间可写作 2019/2/3 14:30。", "应到、实到人数按表中所写记录。"),
)


def _member_id(session: Session, name: str | None, label: str, key: str) -> int | None:
    if not name:
        return None
    ids = list(session.scalars(select(Member.id).where(Member.name == name)))
    if not ids:
        raise UserError(f"“{label}”{name}不在花名册中", key)
    if len(ids) > 1:
        raise UserError(f"“{label}”{name}：花名册中有 {len(ids)} 名同名党员，无法确定是哪一位，请在导入后逐条改正", key)
    return ids[0]


def _input(session: Session, values: dict, kind: str) -> MeetingInput:
    group_id = None
    if values.get("party_group"):
        group_id = session.scalar(select(PartyGroup.id).where(PartyGroup.name == values["party_group"]))
        if group_id is None:
            raise UserError(f"没有名为“{values['party_group']}”的党小组", "party_group")
    topics = [t.strip() for t in re.split(r"[\n；;]", values.get("topics") or "") if t.strip()]
    return MeetingInput(
        kind=kind, status=kinds.HELD, title=values.get("title") or "", planned_at=values.get("planned_at"),
        held_at=values.get("held_at"), place=values.get("place") or "", party_group_id=group_id,
        host_id=_member_id(session, values.get("host"), "主持人", "host"),
        recorder_id=_member_id(session, values.get("recorder"), "记录人", "recorder"),
        observers="" if values.get("observers") in (None, "无") else values["observers"], topics=topics,
        content=values.get("content") or "", resolution=values.get("resolution") or "",
        theme=values.get("theme") or "", manual_expected=values.get("expected"), manual_present=values.get("present"))


_FIELD_OF = {"host_id": "host", "recorder_id": "recorder", "party_group_id": "party_group",
             "manual_expected": "expected", "manual_present": "present"}


def _problems(session: Session, values: dict, kind: str) -> list[tuple[str, str, bool]]:
    try:
        data = _input(session, values, kind)
        validate(session, data, date.today())
    except UserError as exc:
        return [(_FIELD_OF.get(exc.field, exc.field), exc.message, True)]
    same = session.scalar(select(Meeting.id).where(Meeting.kind == kind, Meeting.held_at == data.held_at))
    if same is not None:
        return [("held_at", f"已有 {data.held_at:%Y-%m-%d %H:%M} 的{kinds.kind(kind).label}记录（编号 {same}），"
                            f"不重复导入", True)]
    return []


def validate_row(session: Session, values: dict, existing_id: int | None) -> list[tuple[str, str, bool]]:
    return _problems(session, values, values["kind"])


def validate_theme_day(session: Session, values: dict, existing_id: int | None) -> list[tuple[str, str, bool]]:
    return _problems(session, values, kinds.THEME_DAY)


def _write(session: Session, rows: list[PreviewRow], kind_of) -> list[tuple[PreviewRow, Touched]]:
    done = []
    for row in rows:
        try:
            meeting = save_meeting(session, _input(session, row.values, kind_of(row.values)))
        except UserError as exc:
            raise UserError(f"源文件第 {row.number} 行：{exc.message}", exc.field, row=row.number) from exc
        done.append((row, Touched("meeting", meeting.id)))
    return done


def write_rows(session: Session, rows: list[PreviewRow], batch: ImportBatch) -> list[tuple[PreviewRow, Touched]]:
    return _write(session, rows, lambda values: values["kind"])


def write_theme_days(session: Session, rows: list[PreviewRow], batch: ImportBatch) -> list[tuple[PreviewRow, Touched]]:
    return _write(session, rows, lambda values: kinds.THEME_DAY)


def undo_rows(session: Session, batch: ImportBatch, *, check_only: bool) -> str | None:
    if check_only:
        return None
    for row in batch.rows:
        meeting = session.get(Meeting, row.row_id)
        if meeting is not None:
            session.delete(meeting)
    session.flush()
    return None
