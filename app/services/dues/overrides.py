"""Overrides of the computed amount: hardship reduction or exemption (支部决定 + 上级党委批准), or a voluntary
larger amount. Each runs from a month to a month (or on); it shows as such everywhere the amount shows."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.kit.dates import is_month_text
from app.kit.errors import UserError
from app.models import Member
from app.models.base import now
from app.models.dues import DuesOverride
from app.services.dues import vocab
from app.services.dues.money import parse_money, to_fen


def add_override(session: Session, member_id: int, kind: str, from_month: str, *, to_month: str | None = None,
                 amount: object = None, decision: str = "", approval: str = "", note: str = "") -> DuesOverride:
    member = session.get(Member, member_id)
    if member is None:
        raise UserError(f"找不到编号为 {member_id} 的党员。")
    if kind not in vocab.OVERRIDE_KINDS:
        raise UserError(f"未知的调整方式“{kind}”。", "kind")
    label = vocab.OVERRIDE_KINDS[kind]
    for key, value in (("from_month", from_month), ("to_month", to_month)):
        if value is not None and not is_month_text(value):
            raise UserError(f"“{'起始年月' if key == 'from_month' else '截止年月'}”应写成 2026-01 的形式，"
                            f"现为“{value}”。", key)
    if to_month is not None and to_month < from_month:
        raise UserError("“截止年月”不能早于“起始年月”。", "to_month")
    fen = 0
    if kind in (vocab.OVERRIDE_REDUCE, vocab.OVERRIDE_VOLUNTARY):
        value = parse_money(amount, "每月金额", field="amount")
        if value <= 0:
            raise UserError(f"{label}须填写每月交纳的金额。", "amount")
        fen = to_fen(value)
    if kind in (vocab.OVERRIDE_REDUCE, vocab.OVERRIDE_EXEMPT):
        if not decision.strip():
            raise UserError(f"{label}须经支部研究决定，请填写“支部决定”（日期和内容）。", "decision")
        if not approval.strip():
            raise UserError(f"{label}须报上级党委批准，请填写“上级党委批准”情况。", "approval")
    overlapping = [o for o in overrides_by_member(session, [member_id]).get(member_id, [])
                   if (o.to_month is None or o.to_month >= from_month) and (to_month is None or o.from_month <= to_month)]
    if overlapping:
        first = overlapping[0]
        raise UserError(f"{member.name}在 {first.from_month} 起已有“{vocab.OVERRIDE_KINDS[first.kind]}”，"
                        f"时间重叠；请先结束它。", "from_month")
    record = DuesOverride(member_id=member_id, kind=kind, amount_fen=fen, from_month=from_month,
                          to_month=to_month, decision=decision.strip(), approval=approval.strip(), note=note.strip())
    session.add(record)
    session.flush()
    return record


def end_override(session: Session, override_id: int, last_month: str | None) -> DuesOverride:
    """End an override after `last_month` (None: withdraw it entirely; the record stays, marked)."""
    record = session.get(DuesOverride, override_id)
    if record is None or record.ended_at is not None:
        raise UserError("这项调整不存在或已结束。")
    if last_month is None:
        record.ended_at = now()
    else:
        if not is_month_text(last_month) or last_month < record.from_month:
            raise UserError("“截止年月”应不早于起始年月，写成 2026-01 的形式。", "to_month")
        if record.to_month is not None and last_month > record.to_month:
            raise UserError(f"这项调整已于 {record.to_month} 结束，不能延长；如需继续，请重新登记。", "to_month")
        record.to_month = last_month
    session.flush()
    return record


def overrides_by_member(session: Session, member_ids: list[int] | None = None) -> dict[int, list[DuesOverride]]:
    query = select(DuesOverride).where(DuesOverride.ended_at.is_(None)).order_by(DuesOverride.from_month)
    if member_ids is not None:
        query = query.where(DuesOverride.member_id.in_(member_ids))
    found: dict[int, list[DuesOverride]] = defaultdict(list)
    for record in session.scalars(query):
        found[record.member_id].append(record)
    return found


def override_for_month(records: list[DuesOverride], month: str) -> DuesOverride | None:
    for record in records:
        if record.from_month <= month and (record.to_month is None or month <= record.to_month):
            return record
    return None
