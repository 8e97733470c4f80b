"""`branch-ledger check` for dues: month records outside a member's months, 转出 letters that disagree with the
payments recorded here, and members in the roster without a base."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.kit.context import Context
from app.kit.findings import NOTICE, PROBLEM, Finding
from app.models import Member
from app.models.dues import DuesBase, DuesMonth
from app.services.dues import vocab
from app.services.dues.ledger import ledger_start
from app.services.dues.months_text import months_between
from app.services.dues.obligation import owing_span
from app.services.roster import vocab as roster_vocab


def transfer_letter_findings(member: Member, rows: list[DuesMonth], start: str | None = None) -> list[Finding]:
    """The 转出 letter's 党费缴纳至年月 against what this branch recorded as paid (from the ledger's `start`)."""
    span = owing_span(member)
    if not span.paid_through or not rows:
        return []
    paid = {r.month for r in rows if r.state in (vocab.PAID, vocab.PARTIAL, vocab.EXEMPT, vocab.DEFERRED)}
    first = max(span.start or min(r.month for r in rows), start or "")
    missing = [m for m in months_between(first, span.paid_through) if m not in paid]
    if not missing:
        return []
    shown = "、".join(missing[:6]) + ("等" if len(missing) > 6 else "")
    return [Finding("dues_transfer", f"{member.name}的转出介绍信写明党费缴纳至 {span.paid_through}，但本支部"
                    f" {shown} 未登记交纳（共 {len(missing)} 个月），请核对。", member.id, NOTICE)]


def _check(session: Session) -> list[Finding]:
    findings: list[Finding] = []
    rows_by_member: dict[int, list[DuesMonth]] = {}
    for row in session.scalars(select(DuesMonth).order_by(DuesMonth.member_id, DuesMonth.month)):
        rows_by_member.setdefault(row.member_id, []).append(row)
    with_base = set(session.scalars(select(DuesBase.member_id).distinct()))
    start = ledger_start(session)
    members = session.scalars(select(Member).options(selectinload(Member.events)).order_by(Member.id)).all()
    for member in members:
        rows = rows_by_member.get(member.id, [])
        span = owing_span(member)
        outside = [r.month for r in rows if not span.owes(r.month) and r.paid_fen == 0 and r.state == vocab.DUE]
        paid_outside = [r.month for r in rows if not span.owes(r.month) and r.paid_fen > 0]
        if paid_outside:
            findings.append(Finding("dues_months", f"{member.name}在 {'、'.join(paid_outside)} 登记了党费，"
                                    f"但这些月份不在其交纳期内（入党、转入之前或离开之后）。", member.id, PROBLEM))
        if outside:
            findings.append(Finding("dues_months", f"{member.name}在 {'、'.join(outside)} 有应缴记录，"
                                    f"但这些月份不在其交纳期内，应缴金额不应计入。", member.id, NOTICE))
        findings.extend(transfer_letter_findings(member, rows, start))
        if member.roster_state == roster_vocab.ROSTER_ACTIVE and with_base and member.id not in with_base:
            findings.append(Finding("dues_base", f"{member.name}还没有党费缴费基数。", member.id, NOTICE))
    return findings


def dues_checks(ctx: Context) -> list[Finding]:
    return _check(ctx.session)
