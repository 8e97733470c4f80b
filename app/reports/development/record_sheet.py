"""A person's 发展党员纪实表 for their file: every one of the 25 steps with its date, people and votes.

Steps not yet reached are listed with an empty date, so the sheet shows at a glance how far the person
has come; an exception recorded with a reason, and a rule a recorded date breaks, are printed as such; the
files attached to a step (the 申请书 and 志愿书 scans …) are named on its line, so the paper file and the
data folder can be checked against each other.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.kit.dates import format_date
from app.reports.engine.blocks import (
    LEFT,
    Column,
    Field,
    KeyValueTable,
    MetaLine,
    SignatureLine,
    Spacer,
    Table,
    Title,
)
from app.reports.engine.document import LANDSCAPE, Document, ReportResult
from app.reports.engine.errors import ReportError
from app.reports.engine.output import write_document
from app.reports.heading import ledger_heading
from app.services.development import steps as S
from app.services.development.files import file_label, person_files
from app.services.development.people import DevelopmentError, find_by_name, linked_member, phase
from app.services.development.taking_in import taken_in, taken_in_note
from app.services.development.timeline import DONE, timeline

COLUMNS = [Column("阶段", 4), Column("步骤", 6, LEFT), Column("日期", 3, nowrap=True),
           Column("情况（人员、表决、结论）", 11, LEFT), Column("规则与例外", 8, LEFT), Column("附件", 6, LEFT)]


def record_register(session: Session, *, person: str | None = None, preparer: str | None = None,
                    today: date | None = None, **_ignored) -> Document:
    today = today or date.today()
    if not person:
        raise ReportError("请用 --person 指定要导出纪实表的人，例如 --person 张三。")
    try:
        found = find_by_name(session, person)
    except DevelopmentError as exc:
        raise ReportError(exc.message) from exc
    profile, meta = ledger_heading(session, "发展党员纪实表", preparer=preparer, today=today)
    files = {entry.id: [file_label(link) for link in links] for entry, links in person_files(session, found)}
    rows = []
    for item in timeline(session, found, today):
        if item.state != DONE and item.step.repeatable and any(
                r[1] == item.step.title for r in rows):
            continue  # a further 考察 that may be added is not a line of the file
        rules = "；".join(item.problems)
        if item.override:
            rules = "；".join(x for x in (rules, f"例外说明：{item.override}") if x)
        rows.append([S.STAGE_LABELS[item.step.stage], item.step.title,
                     format_date(item.day) if item.state == DONE else "",
                     item.text if item.state == DONE else "", rules,
                     "\n".join(files.get(item.entry_id, [])) if item.state == DONE else ""])
    member = linked_member(session, found)
    status = S.PHASE_LABELS[phase(found, member)]
    if found.status in (S.WITHDRAWN, S.NOT_ADMITTED):
        status = f"{S.PERSON_STATUSES[found.status]}（{format_date(found.left_date)}，{found.left_reason}）"
    if taken_in(found):
        status = f"{status}；{taken_in_note(member)}"
    facts = KeyValueTable([
        [Field("姓名", found.name), Field("性别", found.gender), Field("出生日期", format_date(found.birth_date))],
        [Field("民族", found.ethnicity), Field("学历", found.education), Field("工作岗位", found.job_post)],
        [Field("目前情况", status)],
    ], pairs=3)
    blocks = [Title("发展党员纪实表", subtitle=profile.full_name), MetaLine(meta), facts, Spacer(3),
              Table(COLUMNS, rows, font_size=9.0, min_font_size=7.5), Spacer(8),
              SignatureLine(["支部书记（签字）", "组织委员（签字）", "日期"])]
    return Document(title=f"{profile.full_name} 发展党员纪实表（{found.name}）", blocks=blocks,
                    orientation=LANDSCAPE, sheet_name="发展党员纪实表", count=len(rows))


def write_record(session: Session, path: Path, fmt: str, *, person: str | None = None, preparer: str | None = None,
                 today: date | None = None, **_common) -> ReportResult:
    return write_document(record_register(session, person=person, preparer=preparer, today=today), path, fmt)
