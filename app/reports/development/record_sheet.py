"""A person's 发展党员纪实表 for their file: every one of the 25 steps with its date, people and votes.

Steps not yet reached are listed with an empty date, so the sheet shows at a glance how far the person
has come; an exception recorded with a reason, and a rule a recorded date breaks, are printed as such.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.kit.dates import format_date
from app.reports.engine.register import (
    BLANK,
    LEFT,
    Column,
    Register,
    ReportError,
    ReportResult,
    check_format,
    write_register,
)
from app.reports.heading import ledger_heading
from app.services.development import steps as S
from app.services.development.people import DevelopmentError, find_by_name, linked_member, phase
from app.services.development.timeline import DONE, timeline

COLUMNS = [Column("阶段", 5), Column("步骤", 7, LEFT), Column("日期", 3, nowrap=True),
           Column("情况（人员、表决、结论）", 14, LEFT), Column("规则与例外", 8, LEFT)]


def record_register(session: Session, *, person: str | None = None, preparer: str | None = None,
                    today: date | None = None, **_ignored) -> Register:
    today = today or date.today()
    if not person:
        raise ReportError("请用 --person 指定要导出纪实表的人，例如 --person 张三。")
    try:
        found = find_by_name(session, person)
    except DevelopmentError as exc:
        raise ReportError(exc.message) from exc
    profile, meta = ledger_heading(session, "发展党员纪实表", preparer=preparer, today=today)
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
                     item.text if item.state == DONE else "", rules])
    member = linked_member(session, found)
    facts = [f"姓名：{found.name}", f"性别：{found.gender}", f"出生日期：{format_date(found.birth_date)}",
             f"民族：{found.ethnicity}", f"学历：{found.education or '—'}", f"工作岗位：{found.job_post or '—'}",
             f"目前：{S.PHASE_LABELS[phase(found, member)]}"]
    notes = ["　".join(facts)]
    if found.status in (S.WITHDRAWN, S.NOT_ADMITTED):
        notes.append(f"{format_date(found.left_date)} {S.PERSON_STATUSES[found.status]}，原因：{found.left_reason}")
    notes.append(f"支部书记（签字）：{BLANK}　　组织委员（签字）：{BLANK}　　日期：{BLANK}")
    return Register(title=f"{profile.full_name} 发展党员纪实表（{found.name}）", columns=COLUMNS, rows=rows,
                    meta=meta, notes=notes, sheet_name="发展党员纪实表")


def write_record(session: Session, path: Path, fmt: str, *, person: str | None = None, preparer: str | None = None,
                 today: date | None = None, **_common) -> ReportResult:
    return write_register(record_register(session, person=person, preparer=preparer, today=today), path,
                          check_format(fmt))
