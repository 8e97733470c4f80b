"""The 民主评议党员结果统计表: per member the 民主测评 votes, the proposed and the final grade, then the totals
by grade with their share of those graded. XLSX columns exactly as the issue gives them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.reports.appraisal.common import (
    category_label,
    count_text,
    final_grade_text,
    follow_up_text,
    heading,
    proposed_grade_text,
    round_of,
    store_counts_as_numbers,
)
from app.reports.engine.document import TABLE_FORMATS, Document
from app.reports.engine.output import write_document
from app.reports.engine.register import LEFT, Column, Register, ReportResult, check_format
from app.services.appraisal import vocab
from app.services.appraisal.queries import round_counts
from app.services.appraisal.rules import percent

DOCUMENT = "民主评议党员结果统计表"
COUNT_COLUMNS = ("优秀票", "合格票", "基本合格票", "不合格票", "收回票数")
COLUMNS = (
    Column("姓名", 3, nowrap=True), Column("人员类别", 3), *(Column(label, 2) for label in COUNT_COLUMNS),
    Column("测评建议等次", 3), Column("评议等次", 3), Column("备注", 8, LEFT),
)


def _remark(p) -> str:
    parts = []
    if p.graded and p.final_grade and p.proposed_grade and p.final_grade != p.proposed_grade and p.final_reason:
        parts.append(f"评定理由：{p.final_reason}")
    if follow := follow_up_text(p):
        parts.append(follow)
    if p.notes:
        parts.append(p.notes)
    return "；".join(parts)


def totals(rnd) -> list[str]:
    """参加评议 … 人 and one line per grade: 优秀 3 人，占评定等次人数的 25.0%."""
    counts = round_counts(rnd)
    lines = [f"合计：参加评议党员 {counts.participants} 人，其中评定等次 {counts.graded} 人，"
             f"不评定等次（预备党员）{counts.not_graded} 人。"]
    for grade in vocab.GRADES:
        n = counts.grade_count(grade.code)
        lines.append(f"{grade.label}：{n} 人，占评定等次人数的 {percent(n, counts.graded)}。")
    if counts.ungraded_yet:
        lines.append(f"尚未评定等次：{counts.ungraded_yet} 人。")
    return lines


def results_register(session: Session, *, year: object, preparer: str | None = None,
                     today: date | None = None) -> Register:
    rnd = round_of(session, year, DOCUMENT)
    _profile, meta, title = heading(session, rnd, DOCUMENT, preparer=preparer, today=today)
    rows = []
    for p in rnd.participants:
        counts = [p.votes_excellent, p.votes_qualified, p.votes_basic, p.votes_unqualified, p.ballots_returned]
        rows.append([p.member.name, category_label(p), *(count_text(v) if p.graded else "" for v in counts),
                     proposed_grade_text(p), final_grade_text(p), _remark(p)])
    issued = f"发出测评票 {rnd.ballots_issued} 张。" if rnd.ballots_issued is not None else ""
    return Register(title=title, columns=COLUMNS, rows=rows, meta=meta,
                    notes=[*totals(rnd), *([issued] if issued else [])], sheet_name="结果统计表", freeze_columns=2)


def results_document(session: Session, *, year: object = None, preparer: str | None = None,
                     today: date | None = None, **_common: object) -> Document:
    return results_register(session, year=year, preparer=preparer, today=today).document()


def write_results(session: Session, path: Path, fmt: str, *, year: object = None, preparer: str | None = None,
                  today: date | None = None, **_common: object) -> ReportResult:
    fmt = check_format(fmt)
    result = write_document(results_document(session, year=year, preparer=preparer, today=today), path, fmt,
                            formats=TABLE_FORMATS)
    if fmt == "xlsx":
        store_counts_as_numbers(result.path, COUNT_COLUMNS)
    return result
