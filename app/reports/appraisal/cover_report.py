"""The 民主评议党员情况报告 cover page for the higher committee: when and where, the steps' dates, how many
took part, the grades with their shares, the follow-up, and the branch's signature and seal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.kit.dates import format_date
from app.reports.appraisal.common import heading, round_of
from app.reports.engine.blocks import Field, KeyValueTable, MetaLine, SignatureLine, Spacer, Title
from app.reports.engine.document import Document
from app.reports.engine.output import write_document
from app.reports.engine.register import ReportError, ReportResult, check_format
from app.services.appraisal import vocab
from app.services.appraisal.meeting_link import RoundMeeting, round_meeting
from app.services.appraisal.queries import round_counts
from app.services.appraisal.rules import percent

DOCUMENT = "民主评议党员情况报告"


def _step_dates(step) -> str:
    if step.start_date and step.end_date and step.end_date != step.start_date:
        return f"{format_date(step.start_date)} 至 {format_date(step.end_date)}"
    return format_date(step.start_date or step.end_date)


def cover_document(session: Session, *, year: object, preparer: str | None = None,
                   today: date | None = None) -> Document:
    rnd = round_of(session, year, DOCUMENT)
    profile, meta, title = heading(session, rnd, DOCUMENT, preparer=preparer, today=today)
    counts = round_counts(rnd)
    meeting = round_meeting(session, rnd)
    rows = [
        [Field("党支部", profile.full_name, span=2)],
        [Field("上级党组织", profile.parent_org or "", span=2)],
        [Field("民主测评日期", format_date(rnd.held_on)), Field("评议会议日期", format_date(meeting.day))],
        [Field("评议会议", _meeting_text(meeting), span=2)],
        [Field("参加评议党员", f"{counts.participants} 人"), Field("其中评定等次", f"{counts.graded} 人")],
        [Field("不评定等次（预备党员）", f"{counts.not_graded} 人"), Field("发出 / 收回测评票", _ballots(rnd))],
    ]
    for grade in vocab.GRADES:
        n = counts.grade_count(grade.code)
        rows.append([Field(grade.label, f"{n} 人"), Field("占评定等次人数", percent(n, counts.graded))])
    for step in sorted(rnd.steps, key=lambda s: vocab.STEP_CODES.index(s.step)):
        rows.append([Field(vocab.STEP_LABELS[step.step], _step_dates(step), span=2)])
    handled = [f"{p.member.name}（{vocab.grade_label(p.final_grade)}）："
               + "；".join(vocab.FOLLOW_UP_LABELS[f.action] + (f"，{f.outcome}" if f.outcome else "")
                          for f in p.follow_ups)
               for p in rnd.participants if p.final_grade in vocab.NEEDS_FOLLOW_UP]
    rows.append([Field("表彰和处理情况", "\n".join(handled) or "无", span=2, min_lines=3)])
    rows.append([Field("支部意见", "", span=2, min_lines=4)])
    rows.append([Field("上级党组织意见", "", span=2, min_lines=4)])
    status = vocab.ROUND_STATUS_LABELS[rnd.status]
    blocks = [
        Title(title),
        MetaLine([*meta[1:], ("评议状态", status)]),  # meta[0] is 制表单位: the title names the branch
        KeyValueTable(rows, pairs=2),
        Spacer(4),
        SignatureLine(["支部书记签字", ("支部盖章　日期", "　　年　　月　　日")]),
    ]
    return Document(title=title, blocks=blocks, count=1)


def _meeting_text(meeting: RoundMeeting) -> str:
    """The linked record (kind, title, place), or the place typed on a round with no record."""
    place = f"地点：{meeting.place}" if meeting.place else ""
    if meeting.linked:
        return "，".join(x for x in (f"{meeting.kind_label}（{meeting.title}）", place) if x)
    return place or "（未填写）"


def _ballots(rnd) -> str:
    returned = max((p.ballots_returned or 0 for p in rnd.participants), default=0)
    issued = "—" if rnd.ballots_issued is None else str(rnd.ballots_issued)
    return f"{issued} / {returned or '—'}"


def write_cover_report(session: Session, path: Path, fmt: str, *, year: object = None, preparer: str | None = None,
                       today: date | None = None, **_common: object) -> ReportResult:
    if check_format(fmt, ("pdf", "xlsx", "docx")) == "xlsx":
        raise ReportError("评议情况报告只能导出为 PDF 或 Word（docx）。")
    return write_document(cover_document(session, year=year, preparer=preparer, today=today), path, fmt,
                          formats=("pdf", "docx"))
