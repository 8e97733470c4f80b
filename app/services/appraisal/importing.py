"""Importing 民主评议 results kept elsewhere (shaped like owip's 民主评议结果导入样表): each row is one member's
评议等次 (组织评定) in a year's round.

The round must exist (建立 in 民主评议 decides who takes part); a list without a 评议年度 column goes into the
round still open (the latest). Members are found by 公民身份号码 where given, else by 姓名. The grade is set
through the appraisal's own set_final_grade, so its rules hold: a 预备党员 not graded gets no grade, and a grade
other than the tally's proposal needs a 评定理由. Undo puts back each participant's previous grade.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.kit.errors import UserError
from app.models import ImportBatch
from app.models.appraisal import AppraisalParticipant, AppraisalRound
from app.services.appraisal import vocab
from app.services.appraisal.grading import set_final_grade
from app.services.appraisal.queries import participant_of, round_for_year
from app.services.importer.apply import Touched
from app.services.importer.people import find_member
from app.services.importer.preview import PreviewRow
from app.services.importer.spec import CHOICE, ID_NUMBER, INT, LONG_TEXT, TEXT, ImportField, ImportKind

_GRADE_OF = {k.label: k.code for k in vocab.GRADES}
_CATEGORY_OF = {k.label: k.code for k in vocab.CATEGORIES}

FIELDS = (
    ImportField("year", "评议年度", INT, ("年度", "评议年份", "年份"),
                hint="不填则导入到尚未结束的（最近一年的）民主评议"),
    ImportField("name", "姓名", TEXT, ("党员姓名",), required=True),
    ImportField("id_number", "公民身份号码", ID_NUMBER, ("身份证号", "身份证号码", "身份证"),
                hint="同名党员须填写，以区分是哪一位"),
    ImportField("category", "党籍状态", CHOICE, ("人员类别", "党员类别"), choices=tuple(_CATEGORY_OF),
                synonyms={"正式": "正式党员", "预备": "预备党员"}),
    ImportField("grade", "评议结果", CHOICE, ("评议等次", "评定等次", "等次", "评议结果等次"), required=True,
                choices=tuple(_GRADE_OF), synonyms={"称职": "合格", "基本称职": "基本合格", "不称职": "不合格"}),
    ImportField("reason", "评定理由", LONG_TEXT, ("理由", "备注"),
                hint="与民主测评建议等次不同的，须写明理由"),
)

APPRAISAL_IMPORT = ImportKind(
    key="appraisal", title="民主评议结果", fields=FIELDS,
    writer="app.services.appraisal.importing:write_rows", undoer="app.services.appraisal.importing:undo_rows",
    duplicate_key="name", unique_key=True, key_of="app.services.appraisal.importing:grade_key",
    finder="app.services.appraisal.importing:graded_participants_by_key",
    validator="app.services.appraisal.importing:validate_row", row_label="条评议结果",
    notes=("每行一名党员的评议等次；“姓名”“评议结果”必填，“评议结果”写 优秀、合格、基本合格 或 不合格。",
           "须先在“民主评议”中建立该年度的评议；不填“评议年度”的，导入到尚未结束的评议。",
           "按姓名查找党员；有同名党员的，请填写公民身份号码。",
           "评议结果与民主测评建议等次不同的，请在“评定理由”中写明。"),
)


def _round(session: Session, year: int | None) -> AppraisalRound:
    if year is not None:
        rnd = round_for_year(session, year)
        if rnd is None:
            raise UserError(f"{year}年度尚未建立民主评议，请先在“民主评议”中建立", "year")
    else:
        rnd = session.scalar(select(AppraisalRound).where(AppraisalRound.status == vocab.OPEN)
                             .order_by(AppraisalRound.year.desc()).limit(1))
        if rnd is None:
            raise UserError("没有尚未结束的民主评议；请在表中填写“评议年度”，或先在“民主评议”中建立该年度的评议",
                            "year")
    if rnd.status == vocab.CLOSED:
        raise UserError(f"{rnd.year}年度民主评议已结束，不能再导入评议结果（如确需修改，请先“重新开启”）", "year")
    return rnd


def _participant(session: Session, values: dict) -> AppraisalParticipant:
    rnd = _round(session, values.get("year"))
    member = find_member(session, values.get("name"), values.get("id_number"))
    try:
        return participant_of(rnd, member.id)
    except UserError as exc:
        raise UserError(exc.message.rstrip("。"), "name") from exc


def grade_key(session: Session, values: dict) -> tuple[int, int] | None:
    """A member's grade in one round: two rows for the same member and year are duplicates."""
    try:
        p = _participant(session, values)
    except UserError:
        return None  # the validator says why
    return (p.round_id, p.member_id)


def graded_participants_by_key(session: Session) -> dict[tuple[int, int], int]:
    rows = session.execute(select(AppraisalParticipant.round_id, AppraisalParticipant.member_id,
                                  AppraisalParticipant.id).where(AppraisalParticipant.final_grade.is_not(None)))
    return {(round_id, member_id): pid for round_id, member_id, pid in rows}


def validate_row(session: Session, values: dict, existing_id: int | None) -> list[tuple[str, str, bool]]:
    try:
        p = _participant(session, values)
    except UserError as exc:
        return [(exc.field if exc.field in {f.key for f in FIELDS} else None, exc.message, True)]
    problems: list[tuple[str, str, bool]] = []
    grade = _GRADE_OF[values["grade"]]
    who = f"{p.member.name}在{p.round.year}年度评议中"
    if values.get("category") and _CATEGORY_OF[values["category"]] != p.category:
        problems.append(("category", f"表中为{values['category']}，{who}为{vocab.CATEGORY_LABELS[p.category]}"
                                     f"（按民主测评当天），以评议名单为准", False))
    if not p.graded:
        problems.append(("grade", f"{who}是{vocab.CATEGORY_LABELS[p.category]}，{vocab.NOT_GRADED_LABEL}", True))
    elif p.proposed_grade and grade != p.proposed_grade and not (values.get("reason") or "").strip():
        problems.append(("reason", f"评议结果“{values['grade']}”与测评建议等次“{vocab.GRADE_LABELS[p.proposed_grade]}”"
                                   f"不同，须填写评定理由", True))
    if existing_id is None and p.final_grade is not None:  # 两条都保留 cannot apply: one grade per member
        problems.append((None, f"{who}已评定为{vocab.GRADE_LABELS[p.final_grade]}，一名党员只有一个评议等次，"
                               f"请选择“跳过”或“更新”", True))
    return problems


def write_rows(session: Session, rows: list[PreviewRow], batch: ImportBatch) -> list[tuple[PreviewRow, Touched]]:
    done = []
    for row in rows:
        try:
            p = _participant(session, row.values)
            before = {"final_grade": p.final_grade, "final_reason": p.final_reason}
            set_final_grade(session, p.round, p.member_id, _GRADE_OF[row.values["grade"]],
                            row.values.get("reason") or "")
        except UserError as exc:
            raise UserError(f"源文件第 {row.number} 行：{exc.message}", exc.field, row=row.number) from exc
        done.append((row, Touched("appraisal_participant", p.id, before)))
    return done


def undo_rows(session: Session, batch: ImportBatch, *, check_only: bool) -> str | None:
    participants = [(row, session.get(AppraisalParticipant, row.row_id)) for row in batch.rows]
    for _row, p in participants:
        if p is not None and p.round.status == vocab.CLOSED:
            return f"{p.round.year}年度民主评议已结束，不能撤销这次导入；如确需撤销，请先“重新开启”该评议。"
    if check_only:
        return None
    for row, p in participants:
        if p is not None:
            before = row.before or {}
            p.final_grade, p.final_reason = before.get("final_grade"), before.get("final_reason") or ""
    session.flush()
    return None
