"""The 公示 for the notice board: 发展对象公示 (拟发展为预备党员) and 预备党员转正公示.

Each names the people, their basic facts, the 公示期 and the branch's telephone (the setting
development.notice_phone). With --person, that person's latest 公示; without, every 公示 still open
today (发展对象 first; if none, 转正).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.kit.dates import format_date, month_of
from app.models.development import DevPerson
from app.reports.engine.blocks import BLANK, RIGHT, Column, Paragraph, Spacer, Table, Title
from app.reports.engine.document import LANDSCAPE, PORTRAIT, TEXT_FORMATS, Document, ReportResult
from app.reports.engine.errors import ReportError
from app.reports.engine.output import write_document
from app.reports.heading import ledger_heading
from app.services.common.settings import get_setting
from app.services.development import rules as R
from app.services.development import steps as S
from app.services.development.describe import member_names
from app.services.development.people import (
    DevelopmentError,
    date_of,
    find_by_name,
    first,
    last,
    linked_member,
    list_people,
)
from app.services.development.recording import detail_date

CANDIDATE_NOTICE, CONVERSION_NOTICE = "candidate", "conversion"
NOTICE_FORMATS = TEXT_FORMATS  # a notice for the board: PDF to print, DOCX to adjust


@dataclass(frozen=True)
class Publicity:
    kind: str
    person: DevPerson
    start: date
    end: date


def publicity_of(person: DevPerson) -> Publicity | None:
    """A person's latest 公示: of the 转正 (第22步) if recorded with dates, else as 发展对象 (第12步)."""
    request = last(person, S.CONVERSION_REQUEST)
    if request is not None and detail_date(request, "publicity_start"):
        return Publicity(CONVERSION_NOTICE, person, detail_date(request, "publicity_start"),
                         detail_date(request, "publicity_end"))
    review = first(person, S.COMMITTEE_REVIEW)
    if review is not None and detail_date(review, "publicity_start"):
        return Publicity(CANDIDATE_NOTICE, person, detail_date(review, "publicity_start"),
                         detail_date(review, "publicity_end"))
    return None


def _long_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def notice_register(session: Session, *, person: str | None = None, preparer: str | None = None,
                    today: date | None = None, **_ignored) -> Document:
    today = today or date.today()
    profile, _meta = ledger_heading(session, "公示", preparer=preparer, today=today)
    if person:
        try:
            found = publicity_of(find_by_name(session, person))
        except DevelopmentError as exc:
            raise ReportError(exc.message) from exc
        if found is None:
            raise ReportError(f"{person}还没有登记公示日期（发展对象在“第12步 支委会审查”、转正在“第22步 提出转正申请”中登记）。")
        items = [found]
    else:
        open_now = [p for p in (publicity_of(x) for x in list_people(session, include_left=False))
                    if p is not None and p.end >= today]
        items = [p for p in open_now if p.kind == CANDIDATE_NOTICE] or open_now
        if not items:
            raise ReportError("目前没有正在公示的发展对象或预备党员。请用 --person 指定要打印公示的人。")
    kind = items[0].kind
    items = [p for p in items if p.kind == kind]
    start, end = min(p.start for p in items), max(p.end for p in items)
    names = "、".join(p.person.name for p in items)
    phone = str(get_setting(session, "development.notice_phone") or "").strip() or BLANK
    days = R.publicity_days(start, end)
    if kind == CANDIDATE_NOTICE:
        title = f"关于拟发展{names}同志为中共预备党员的公示"
        lead = "经党支部委员会审查，拟发展以下同志为中共预备党员，现将有关情况予以公示："
        columns = ("姓名", "性别", "出生年月", "民族", "学历", "工作岗位", "申请入党时间", "确定为积极分子时间",
                   "确定为发展对象时间", "培养联系人", "入党介绍人")
        rows = [[p.person.name, p.person.gender, _month(p.person), p.person.ethnicity, p.person.education,
                 p.person.job_post, format_date(date_of(p.person, S.APPLICATION)),
                 format_date(date_of(p.person, S.ACTIVIST)), format_date(date_of(p.person, S.CANDIDATE)),
                 member_names(first(p.person, S.CONTACTS), "contacts"),
                 member_names(first(p.person, S.SPONSORS), "sponsors")] for p in items]
    else:
        title = f"关于{names}同志预备党员转正的公示"
        lead = "以下预备党员预备期已满，本人已提出转正申请，拟按期转为中共正式党员，现将有关情况予以公示："
        columns = ("姓名", "性别", "出生年月", "民族", "学历", "工作岗位", "接收为预备党员时间", "预备期满时间",
                   "入党介绍人")
        rules = R.load_rules(session)
        rows = []
        for p in items:
            member = linked_member(session, p.person)
            joined = member.joined_date if member else date_of(p.person, S.BRANCH_ADMISSION)
            ended = R.probation_end(rules, joined, member.probation_extended_months if member else 0)
            rows.append([p.person.name, p.person.gender, _month(p.person), p.person.ethnicity, p.person.education,
                         p.person.job_post, format_date(joined), format_date(ended),
                         member_names(first(p.person, S.SPONSORS), "sponsors")])
    table = Table([Column(c, 4 if c in ("工作岗位", "培养联系人", "入党介绍人") else 3) for c in columns], rows,
                  font_size=10.0, min_font_size=8.0)
    return Document(title=title, blocks=[
        Title(title, size=18.0),
        Spacer(4),
        Paragraph(lead),
        table,
        Spacer(4),
        Paragraph(f"公示期：{_long_date(start)}至{_long_date(end)}（共{days}天）。\n"
                  "公示期间，党员和群众可通过来电、来信、来访等方式，向党支部反映被公示对象的情况和问题。"
                  "反映情况应实事求是，以个人名义反映的请提供真实姓名和联系方式。\n"
                  f"联系电话：{phone}"),
        Spacer(10),
        Paragraph(f"{profile.full_name}\n{_long_date(start)}", indent=False, align=RIGHT),
    ], orientation=LANDSCAPE if len(columns) > 9 else PORTRAIT, sheet_name="公示", count=len(rows))


def _month(person: DevPerson) -> str:
    return month_of(person.birth_date) if person.birth_date else ""


def write_notice(session: Session, path: Path, fmt: str, *, person: str | None = None, preparer: str | None = None,
                 today: date | None = None, **_common) -> ReportResult:
    return write_document(notice_register(session, person=person, preparer=preparer, today=today), path, fmt,
                          formats=NOTICE_FORMATS)
