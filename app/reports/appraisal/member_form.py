"""The 民主评议党员登记表, one per member: who they are, 个人自评, 党员互评, the seeds' 季度自查 and 半年初评,
the 民主测评 tally, the proposed and final grade, 支部意见 with the signature lines, and the follow-up.
PDF and DOCX: one portrait page per member. XLSX: one sheet per member, 项目 and 内容."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.kit.dates import format_date
from app.models.appraisal import AppraisalParticipant, AppraisalRound
from app.reports.appraisal.common import (
    category_label,
    final_grade_text,
    follow_up_text,
    person_filter,
    proposed_grade_text,
    round_of,
)
from app.reports.engine.blocks import (
    Bookmark,
    Field,
    KeyValueTable,
    MetaLine,
    PageBreak,
    SignatureLine,
    Spacer,
    Title,
)
from app.reports.engine.document import Document
from app.reports.engine.output import write_document
from app.reports.engine.register import (
    LEFT,
    Column,
    Register,
    ReportResult,
    check_format,
    write_register,
)
from app.reports.heading import ledger_heading
from app.services.appraisal import vocab
from app.services.appraisal.notes import notes_of, period_label

DOCUMENT = "民主评议党员登记表"
FORMATS = ("pdf", "xlsx", "docx")  # as declared in app.areas.appraisal


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


def form_blocks(title: str, rnd: AppraisalRound, values: dict[str, str]) -> list:
    """One member's form as document blocks: title, the round's day and meeting, the form, signatures."""
    v = values.get
    meeting = f"{format_date(rnd.meeting_date)} {rnd.meeting_place}".strip()
    rows = [
        [Field("姓名", v("姓名")), Field("性别", v("性别")), Field("出生日期", v("出生日期"))],
        [Field("人员类别", v("人员类别")), Field("入党日期", v("加入党组织日期")), Field("党小组", v("所在党小组"))],
        [Field("工作岗位", v("工作岗位"), span=3)],
        [Field("个人自评", v("个人自评"), span=3, min_lines=9)],
        [Field("党员互评意见", v("党员互评意见"), span=3, min_lines=5)],
        [Field("季度自查与半年初评", v("季度自查与半年初评"), span=3, min_lines=3)],
        [Field("民主测评", v("民主测评"), span=3)],
        [Field("测评建议等次", v("测评建议等次")), Field("评议等次", v("评议等次"), span=2)],
        [Field("评定理由", v("评定理由"), span=3)],
        [Field("支部意见", "", span=3, min_lines=4)],
        [Field("处理情况", v("处理情况"), span=3, min_lines=2)],
    ]
    return [
        Title(title),
        MetaLine([("民主测评日期", format_date(rnd.held_on)), ("评议会议", meeting)]),
        KeyValueTable(rows, pairs=3),
        Spacer(4),
        SignatureLine(["本人签字", "支部书记签字", ("支部盖章　日期", "　　年　　月　　日")], line_mm=28),
    ]


def _forms_document(title: str, rnd: AppraisalRound, contents: list) -> Document:
    blocks: list = []
    for index, (p, values) in enumerate(contents):
        if index:
            blocks.append(PageBreak())
        blocks += [Bookmark(p.member.name, level=0), *form_blocks(title, rnd, dict(values))]
    return Document(title=title, blocks=blocks, count=len(contents))


def member_forms_document(session: Session, *, year: object = None, person: str | None = None,
                          preparer: str | None = None, today: date | None = None, **_common: object) -> Document:
    """Every participant's form (or the one named), one page each: the PDF and DOCX, and the binder's section."""
    rnd = round_of(session, year, DOCUMENT)
    profile, _meta = ledger_heading(session, DOCUMENT, preparer=preparer, today=today)
    title = f"{profile.full_name} {rnd.year}年度{DOCUMENT}"
    return _forms_document(title, rnd, [(p, items(session, rnd, p)) for p in person_filter(rnd, person)])


def write_member_forms(session: Session, path: Path, fmt: str, *, year: object = None, person: str | None = None,
                       preparer: str | None = None, today: date | None = None, **_common: object) -> ReportResult:
    """`export appraisal --sheet members [--person NAME]`: every participant, or the one named."""
    fmt = check_format(fmt, FORMATS)
    if fmt in ("pdf", "docx"):  # the form; a Word file the branch may still edit before printing
        document = member_forms_document(session, year=year, person=person, preparer=preparer, today=today)
        return write_document(document, path, fmt, formats=("pdf", "docx"))
    rnd = round_of(session, year, DOCUMENT)
    chosen = person_filter(rnd, person)
    profile, meta = ledger_heading(session, DOCUMENT, preparer=preparer, today=today)
    title = f"{profile.full_name} {rnd.year}年度{DOCUMENT}"
    contents = [(p, items(session, rnd, p)) for p in chosen]
    sheets = [Register(title=f"{title}（{p.member.name}）", columns=[Column("项目", 2), Column("内容", 10, LEFT)],
                       rows=[list(item) for item in values], meta=meta, numbered=False,
                       sheet_name=f"{i}.{p.member.name}") for i, (p, values) in enumerate(contents, start=1)]
    result = write_register(sheets[0], path, fmt, extra_sheets=sheets[1:])
    return ReportResult(result.path, len(chosen), None, fmt)
