"""`branch-ledger check` for the appraisal: tallies that do not add up, closed rounds missing a grade,
grades for members who are not graded, the 优秀 share of closed rounds (a notice), and rounds with no
meeting record linked although the year has a 组织生活会 or 党员大会 record (a notice)."""

from __future__ import annotations

from sqlalchemy import select

from app.kit.context import Context
from app.kit.findings import NOTICE, PROBLEM, Finding
from app.models.appraisal import AppraisalRound
from app.services.appraisal import vocab
from app.services.appraisal.grading import round_excellent_warning
from app.services.appraisal.meeting_link import meeting_label, unlinked_rounds
from app.services.appraisal.tally import tally_of

CHECK = "appraisal"


def appraisal_checks(ctx: Context) -> list[Finding]:
    found: list[Finding] = []
    for rnd in ctx.session.scalars(select(AppraisalRound).order_by(AppraisalRound.year)):
        where = f"{rnd.year}年度民主评议"
        for p in rnd.participants:
            name = p.member.name
            tally = tally_of(p)
            if tally is not None and tally.total_votes > tally.returned:
                found.append(Finding(CHECK, f"{where}：{name}的票数合计 {tally.total_votes} 超过收回票数 "
                                            f"{tally.returned}。", p.member_id))
            if rnd.ballots_issued is not None and tally is not None and tally.returned > rnd.ballots_issued:
                found.append(Finding(CHECK, f"{where}：{name}的收回票数超过发出票数 {rnd.ballots_issued}。",
                                     p.member_id))
            if not p.graded and p.final_grade:
                found.append(Finding(CHECK, f"{where}：{name}不评定等次，却登记了等次。", p.member_id))
            if rnd.status == vocab.CLOSED and p.graded and not p.final_grade:
                found.append(Finding(CHECK, f"{where}已结束，但{name}没有评议等次。", p.member_id))
        if rnd.status == vocab.CLOSED and (warning := round_excellent_warning(ctx.session, rnd)):
            found.append(Finding(CHECK, f"{where}：{warning}", severity=NOTICE))
    for rnd, choices in unlinked_rounds(ctx.session):
        shown = "、".join(meeting_label(m).replace("　", " ") for m in choices[:3])
        found.append(Finding(CHECK, f"{rnd.year}年度民主评议没有关联会议记录，而“组织生活”中有本年度的"
                                    f"组织生活会或支部党员大会记录（{shown}）：可在“民主评议”页面的“评议会议”中选择。",
                             severity=NOTICE, target="appraisal"))
    return [f for f in found if f.severity in (PROBLEM, NOTICE)]
