"""The 发展党员 registers: 入党申请人名册, 入党积极分子名册, 发展对象名册 and 年度新党员名册.

One row per person, in the order they entered the stage. The columns are the ones inspections ask for
(issue 11); the 年度新党员名册 adds 接收为预备党员时间 and 转正时间. `branch-ledger export development
--register applicants|activists|candidates|new-members [--year Y] [--person NAME] -o FILE`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.kit.dates import format_date, month_of
from app.models.development import DevPerson
from app.reports.development.stages import admitted_in, people_in_stage
from app.reports.engine.document import TABLE_FORMATS, Document
from app.reports.engine.output import write_document
from app.reports.engine.register import LEFT, Column, Register, ReportResult, check_format
from app.reports.heading import ledger_heading
from app.services.development import steps as S
from app.services.development.describe import member_names
from app.services.development.people import date_of, first, linked_member

COLUMN_LABELS = ("姓名", "性别", "出生年月", "民族", "学历", "工作岗位", "申请入党时间", "确定为积极分子时间",
                 "确定为发展对象时间", "培养联系人", "入党介绍人", "备注")
NEW_MEMBER_LABELS = ("接收为预备党员时间", "转正时间")
_WIDTHS = {"姓名": 4, "性别": 2, "民族": 3, "学历": 4, "工作岗位": 6, "培养联系人": 6, "入党介绍人": 6, "备注": 10}
_NOWRAP = {"出生年月", "申请入党时间", "确定为积极分子时间", "确定为发展对象时间", *NEW_MEMBER_LABELS}

TITLES = {S.PHASE_APPLICANT: "入党申请人名册", S.PHASE_ACTIVIST: "入党积极分子名册",
          S.PHASE_CANDIDATE: "发展对象名册"}
NEW_MEMBERS_TITLE = "新党员名册"


def _columns(labels) -> list[Column]:
    return [Column(label, _WIDTHS.get(label, 5), LEFT if label == "备注" else "center", nowrap=label in _NOWRAP)
            for label in labels]


def remark(person: DevPerson) -> str:
    parts = []
    if person.status in (S.WITHDRAWN, S.NOT_ADMITTED):
        parts.append(f"{format_date(person.left_date)} {S.PERSON_STATUSES[person.status]}：{person.left_reason}")
    if person.notes:
        parts.append(person.notes)
    return "；".join(parts)


def person_row(person: DevPerson) -> list[str]:
    return [person.name, person.gender, month_of(person.birth_date) if person.birth_date else "", person.ethnicity,
            person.education, person.job_post, format_date(date_of(person, S.APPLICATION)),
            format_date(date_of(person, S.ACTIVIST)), format_date(date_of(person, S.CANDIDATE)),
            member_names(first(person, S.CONTACTS), "contacts"), member_names(first(person, S.SPONSORS), "sponsors"),
            remark(person)]


def stage_register(session: Session, phase: str, *, year: int | None = None, person: str | None = None,
                   preparer: str | None = None, today: date | None = None) -> Register:
    title = TITLES[phase]
    profile, meta = ledger_heading(session, title, preparer=preparer, today=today)
    people = people_in_stage(session, phase, year=year, name=person)
    period = f" {year}年度" if year else " "
    notes = [f"共 {len(people)} 人。" + ("（列出当年内处于此阶段的人）" if year else "（列出目前处于此阶段的人）")]
    return Register(title=f"{profile.full_name}{period}{title}", columns=_columns(COLUMN_LABELS),
                    rows=[person_row(p) for p in people], meta=meta, notes=notes, sheet_name=title, freeze_columns=2)


def new_members_register(session: Session, *, year: int | None = None, person: str | None = None,
                         preparer: str | None = None, today: date | None = None) -> Register:
    today = today or date.today()
    year = year or today.year
    profile, meta = ledger_heading(session, "年度新党员名册", preparer=preparer, today=today)
    people = admitted_in(session, year, name=person)
    rows = []
    for p in people:
        member = linked_member(session, p)
        converted = format_date(member.full_member_date) if member is not None else ""
        rows.append([*person_row(p), format_date(date_of(p, S.BRANCH_ADMISSION)), converted])
    full = sum(1 for r in rows if r[-1])
    notes = [f"{year}年经支部大会接收为预备党员共 {len(rows)} 人，其中已转为正式党员 {full} 人。"]
    return Register(title=f"{profile.full_name} {year}年度{NEW_MEMBERS_TITLE}",
                    columns=_columns(COLUMN_LABELS + NEW_MEMBER_LABELS), rows=rows, meta=meta, notes=notes,
                    sheet_name=f"{year}年度{NEW_MEMBERS_TITLE}", freeze_columns=2, min_font_size=7.5)


def applicants_document(session: Session, *, year: int | None = None, person: str | None = None,
                        preparer: str | None = None, today: date | None = None, **_common) -> Document:
    return stage_register(session, S.PHASE_APPLICANT, year=year, person=person, preparer=preparer,
                          today=today).document()


def activists_document(session: Session, *, year: int | None = None, person: str | None = None,
                       preparer: str | None = None, today: date | None = None, **_common) -> Document:
    return stage_register(session, S.PHASE_ACTIVIST, year=year, person=person, preparer=preparer,
                          today=today).document()


def candidates_document(session: Session, *, year: int | None = None, person: str | None = None,
                        preparer: str | None = None, today: date | None = None, **_common) -> Document:
    return stage_register(session, S.PHASE_CANDIDATE, year=year, person=person, preparer=preparer,
                          today=today).document()


def new_members_document(session: Session, *, year: int | None = None, person: str | None = None,
                         preparer: str | None = None, today: date | None = None, **_common) -> Document:
    return new_members_register(session, year=year, person=person, preparer=preparer, today=today).document()


def _write(document: Document, path: Path, fmt: str) -> ReportResult:
    return write_document(document, path, check_format(fmt), formats=TABLE_FORMATS)


def write_applicants(session: Session, path: Path, fmt: str, **options) -> ReportResult:
    return _write(applicants_document(session, **options), path, fmt)


def write_activists(session: Session, path: Path, fmt: str, **options) -> ReportResult:
    return _write(activists_document(session, **options), path, fmt)


def write_candidates(session: Session, path: Path, fmt: str, **options) -> ReportResult:
    return _write(candidates_document(session, **options), path, fmt)


def write_new_members(session: Session, path: Path, fmt: str, **options) -> ReportResult:
    return _write(new_members_document(session, **options), path, fmt)
