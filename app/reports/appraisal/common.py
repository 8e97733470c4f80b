"""What the appraisal's documents share: the round of the year asked for, and the document's title."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from app.models import BranchProfile
from app.models.appraisal import AppraisalParticipant, AppraisalRound
from app.reports.engine.register import ReportError
from app.reports.heading import ledger_heading
from app.services.appraisal import vocab
from app.services.appraisal.queries import round_for_year


def round_of(session: Session, year: object, document: str) -> AppraisalRound:
    if year in (None, ""):
        raise ReportError(f"请用 --year 指定要导出{document}的评议年度，例如 --year 2026。")
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ReportError(f"评议年度“{year}”不正确，应为四位数字，例如 2026。") from None
    rnd = round_for_year(session, year)
    if rnd is None:
        raise ReportError(f"{year}年度还没有建立民主评议，无法生成{document}。")
    return rnd


def heading(session: Session, rnd: AppraisalRound, document: str, *, preparer: str | None,
            today: date | None) -> tuple[BranchProfile, list[tuple[str, str]], str]:
    """(profile, 制表 items, title): 中共××小学支部委员会 2026年度民主评议党员结果统计表."""
    profile, meta = ledger_heading(session, document, preparer=preparer, today=today)
    return profile, meta, f"{profile.full_name} {rnd.year}年度{document}"


def category_label(p: AppraisalParticipant) -> str:
    return vocab.CATEGORY_LABELS[p.category]


def final_grade_text(p: AppraisalParticipant) -> str:
    return vocab.grade_label(p.final_grade) if p.graded else vocab.NOT_GRADED_LABEL


def proposed_grade_text(p: AppraisalParticipant) -> str:
    return vocab.grade_label(p.proposed_grade) if p.graded else ""


def count_text(value: int | None) -> str:
    return "" if value is None else str(value)


def follow_up_text(p: AppraisalParticipant) -> str:
    """限期改正（期限 2027-06-30）：已改正 …, one line per follow-up."""
    lines = []
    for f in p.follow_ups:
        text = vocab.FOLLOW_UP_LABELS[f.action]
        if f.deadline:
            text += f"（期限 {f.deadline.isoformat()}）"
        if f.outcome:
            text += f"：{f.outcome}"
            if f.outcome_date:
                text += f"（{f.outcome_date.isoformat()}）"
        lines.append(text)
    return "；".join(lines)


def person_filter(rnd: AppraisalRound, person: str | None) -> list[AppraisalParticipant]:
    """All participants, or those with exactly this name (a ReportError when there is none)."""
    if not person:
        return list(rnd.participants)
    name = person.strip()
    found = [p for p in rnd.participants if p.member.name == name]
    if not found:
        raise ReportError(f"{rnd.year}年度民主评议的参加人员中没有“{name}”。")
    return found


def store_counts_as_numbers(path, labels: Sequence[str]) -> None:
    """The register's XLSX holds every cell as text; vote counts are numbers a user sums in Excel, so the
    columns headed `labels` are turned into integers in place (rows below the header, digits only)."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.worksheets[0]
    header_row, columns = None, {}
    for row in ws.iter_rows(min_row=1, max_row=6):
        found = {cell.value: cell.column for cell in row if cell.value in labels}
        if found:
            header_row, columns = row[0].row, found
            break
    if header_row is None:
        return
    for col in columns.values():
        for (cell,) in ws.iter_rows(min_row=header_row + 1, min_col=col, max_col=col):
            if isinstance(cell.value, str) and cell.value.isdigit():
                cell.value = int(cell.value)
    wb.save(path)
