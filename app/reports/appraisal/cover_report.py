"""The 民主评议党员情况报告 cover page for the higher committee: when and where, the steps' dates, how many
took part, the grades with their shares, the follow-up, and the branch's signature and seal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.reports.appraisal.common import heading, round_of
from app.reports.appraisal.form_pdf import Cell, FormPage, FormRow, write_form_pdf
from app.reports.engine.register import ReportError, ReportResult, check_format, format_date
from app.services.appraisal import vocab
from app.services.appraisal.queries import round_counts
from app.services.appraisal.rules import percent

DOCUMENT = "民主评议党员情况报告"


def _step_dates(step) -> str:
    if step.start_date and step.end_date and step.end_date != step.start_date:
        return f"{format_date(step.start_date)} 至 {format_date(step.end_date)}"
    return format_date(step.start_date or step.end_date)


def cover_page(session: Session, *, year: object, preparer: str | None = None, today: date | None = None) -> FormPage:
    rnd = round_of(session, year, DOCUMENT)
    # meta[0] is 制表单位: the title already names the branch
    profile, meta, title = heading(session, rnd, DOCUMENT, preparer=preparer, today=today)
    counts = round_counts(rnd)
    label = lambda text: Cell(text, label=True)  # noqa: E731
    rows = [
        FormRow([label("党支部"), Cell(profile.full_name, span=3)]),
        FormRow([label("上级党组织"), Cell(profile.parent_org or "", span=3)]),
        FormRow([label("民主测评日期"), Cell(format_date(rnd.held_on)), label("评议会议"),
                 Cell(f"{format_date(rnd.meeting_date)} {rnd.meeting_place}".strip())]),
        FormRow([label("参加评议党员"), Cell(f"{counts.participants} 人"), label("其中评定等次"),
                 Cell(f"{counts.graded} 人")]),
        FormRow([label("不评定等次（预备党员）"), Cell(f"{counts.not_graded} 人"), label("发出 / 收回测评票"),
                 Cell(_ballots(rnd))]),
    ]
    for grade in vocab.GRADES:
        n = counts.grade_count(grade.code)
        rows.append(FormRow([label(grade.label), Cell(f"{n} 人"), label("占评定等次人数"),
                             Cell(percent(n, counts.graded))]))
    for step in sorted(rnd.steps, key=lambda s: vocab.STEP_CODES.index(s.step)):
        rows.append(FormRow([label(vocab.STEP_LABELS[step.step]), Cell(_step_dates(step), span=3)]))
    handled = [f"{p.member.name}（{vocab.grade_label(p.final_grade)}）："
               + "；".join(vocab.FOLLOW_UP_LABELS[f.action] + (f"，{f.outcome}" if f.outcome else "")
                          for f in p.follow_ups)
               for p in rnd.participants if p.final_grade in vocab.NEEDS_FOLLOW_UP]
    rows.append(FormRow([label("表彰和处理情况"), Cell("\n".join(handled) or "无", span=3)], min_height=60))
    rows.append(FormRow([label("支部意见"),
                         Cell("\n\n\n支部书记（签字）：______________　（支部盖章）　　年　　月　　日", span=3)],
                        min_height=90))
    rows.append(FormRow([label("上级党组织意见"), Cell("\n\n\n（盖章）　　　　年　　月　　日", span=3)], min_height=90))
    status = vocab.ROUND_STATUS_LABELS[rnd.status]
    return FormPage(title=title, rows=rows, column_widths=(3.2, 3, 3.2, 3),
                    lines_above=["　　".join(f"{k}：{v or '______'}" for k, v in meta[1:]) + f"　　评议状态：{status}"])


def _ballots(rnd) -> str:
    returned = max((p.ballots_returned or 0 for p in rnd.participants), default=0)
    issued = "—" if rnd.ballots_issued is None else str(rnd.ballots_issued)
    return f"{issued} / {returned or '—'}"


def write_cover_report(session: Session, path: Path, fmt: str, *, year: object = None, preparer: str | None = None,
                       today: date | None = None, **_common: object) -> ReportResult:
    if check_format(fmt) != "pdf":
        raise ReportError("评议情况报告只能导出为 PDF。")
    return write_form_pdf([cover_page(session, year=year, preparer=preparer, today=today)], path, rows=1)
