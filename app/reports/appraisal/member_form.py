"""The 民主评议党员登记表, one per member: who they are, 个人自评, 党员互评, the seeds' 季度自查 and 半年初评,
the 民主测评 tally, the proposed and final grade, 支部意见 with the signature lines, and the follow-up.
PDF: one portrait page per member. XLSX: one sheet per member, 项目 and 内容."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from sqlalchemy.orm import Session

from app.models.appraisal import AppraisalParticipant, AppraisalRound
from app.reports.appraisal.common import (
    category_label,
    final_grade_text,
    follow_up_text,
    person_filter,
    proposed_grade_text,
    round_of,
)
from app.reports.appraisal.form_pdf import Cell, FormPage, FormRow, write_form_pdf
from app.reports.engine.register import (
    LEFT,
    Column,
    Register,
    ReportResult,
    check_format,
    format_date,
    write_register,
)
from app.reports.heading import ledger_heading
from app.services.appraisal import vocab
from app.services.appraisal.notes import notes_of, period_label

DOCUMENT = "民主评议党员登记表"
SIGN_LINE = "支部书记（签字）：______________　　（支部盖章）　　　　年　　月　　日"


def _tally_text(p: AppraisalParticipant) -> str:
    if not p.graded:
        return f"{vocab.NOT_GRADED_LABEL}（{category_label(p)}）"
    if p.ballots_returned is None:
        return "尚未计票"
    votes = [p.votes_excellent, p.votes_qualified, p.votes_basic, p.votes_unqualified]
    shown = "　".join(f"{g.label} {v or 0} 票" for g, v in zip(vocab.GRADES, votes, strict=True))
    return f"{shown}　（收回 {p.ballots_returned} 票）"


def _notes_text(session: Session, p: AppraisalParticipant, year: int) -> str:
    return "\n".join(f"{period_label(n)}：{n.text}" for n in notes_of(session, p.member_id, year) if n.text)


def _grade_reason(p: AppraisalParticipant) -> str:
    return p.final_reason if p.final_grade and p.final_grade != p.proposed_grade else ""


def items(session: Session, rnd: AppraisalRound, p: AppraisalParticipant) -> list[tuple[str, str]]:
    """The form's content as (项目, 内容), shared by the PDF and the XLSX."""
    m = p.member
    return [
        ("姓名", m.name), ("性别", m.gender), ("出生日期", format_date(m.birth_date)),
        ("人员类别", category_label(p)), ("加入党组织日期", format_date(m.joined_date)),
        ("所在党小组", m.party_group.name if m.party_group else ""), ("工作岗位", m.job_post or m.position or ""),
        ("个人自评", p.self_summary), ("党员互评意见", p.peer_opinion),
        ("季度自查与半年初评", _notes_text(session, p, rnd.year)),
        ("民主测评", _tally_text(p)), ("测评建议等次", proposed_grade_text(p)), ("评议等次", final_grade_text(p)),
        ("评定理由", _grade_reason(p)), ("处理情况", follow_up_text(p)), ("备注", p.notes),
    ]


def _page(title: str, rnd: AppraisalRound, values: dict[str, str]) -> FormPage:
    v = values.get
    label = lambda text: Cell(text, label=True)  # noqa: E731 (a one-line helper for the table below)
    rows = [
        FormRow([label("姓名"), Cell(v("姓名")), label("性别"), Cell(v("性别")), label("出生日期"), Cell(v("出生日期"))]),
        FormRow([label("人员类别"), Cell(v("人员类别")), label("入党日期"), Cell(v("加入党组织日期")),
                 label("党小组"), Cell(v("所在党小组"))]),
        FormRow([label("工作岗位"), Cell(v("工作岗位"), span=5)]),
        FormRow([label("个人自评"), Cell(v("个人自评"), span=5)], min_height=55 * mm),
        FormRow([label("党员互评意见"), Cell(v("党员互评意见"), span=5)], min_height=32 * mm),
        FormRow([label("季度自查与半年初评"), Cell(v("季度自查与半年初评"), span=5)], min_height=22 * mm),
        FormRow([label("民主测评"), Cell(v("民主测评"), span=5)]),
        FormRow([label("测评建议等次"), Cell(v("测评建议等次"), span=2), label("评议等次"), Cell(v("评议等次"), span=2)]),
        FormRow([label("评定理由"), Cell(v("评定理由"), span=5)]),
        FormRow([label("支部意见"), Cell(f"\n\n\n\n{SIGN_LINE}", span=5)], min_height=34 * mm),
        FormRow([label("处理情况"), Cell(v("处理情况"), span=5)]),
    ]
    meeting = f"{format_date(rnd.meeting_date)} {rnd.meeting_place}".strip()
    return FormPage(title=title, rows=rows, column_widths=(3, 3, 2, 3, 2.5, 3.5),
                    lines_above=[f"民主测评日期：{format_date(rnd.held_on)}" + (f"　　评议会议：{meeting}" if meeting else "")],
                    lines_below=["本人签字：______________　　　　　　年　　月　　日"])


def write_member_forms(session: Session, path: Path, fmt: str, *, year: object = None, person: str | None = None,
                       preparer: str | None = None, today: date | None = None, **_common: object) -> ReportResult:
    """`export appraisal --sheet members [--person NAME]`: every participant, or the one named."""
    fmt = check_format(fmt)
    rnd = round_of(session, year, DOCUMENT)
    chosen = person_filter(rnd, person)
    profile, meta = ledger_heading(session, DOCUMENT, preparer=preparer, today=today)
    title = f"{profile.full_name} {rnd.year}年度{DOCUMENT}"
    contents = [(p, items(session, rnd, p)) for p in chosen]
    if fmt == "pdf":
        return write_form_pdf([_page(title, rnd, dict(values)) for _p, values in contents], path, rows=len(chosen))
    sheets = [Register(title=f"{title}（{p.member.name}）", columns=[Column("项目", 2), Column("内容", 10, LEFT)],
                       rows=[list(item) for item in values], meta=meta, numbered=False,
                       sheet_name=f"{i}.{p.member.name}") for i, (p, values) in enumerate(contents, start=1)]
    result = write_register(sheets[0], path, fmt, extra_sheets=sheets[1:])
    return ReportResult(result.path, len(chosen), None, fmt)
