"""Importing 党费补缴 lists (shaped like owip's 党费补缴录入样表): each row is one member's back-payment for the
months from 缴费起始月份 to 缴费截止月份, of 缴费金额 元 in all.

Members are found by 公民身份号码 where given, else by 姓名. The payment goes in through the dues' own
record_payment (each month's amount due is its snapshot; a month paid already, exempt, before the member
owed dues or outside the ledger is refused, as in the 党费 page). The amount is shared out month by month at
each month's amount due; what is more or less than their sum falls on the last month (said as a warning).
Undo puts every month back as it was (a month the import opened is taken away again).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.kit.errors import UserError
from app.models import ImportBatch, Member
from app.models.dues import DuesMonth
from app.services.dues import vocab
from app.services.dues.collection import record_payment
from app.services.dues.ledger import DuesBook
from app.services.dues.money import from_fen, show
from app.services.dues.months_text import month_index, month_of, months_between
from app.services.dues.settings import BACKPAY_WARN_MONTHS, int_setting
from app.services.importer.apply import Touched
from app.services.importer.people import find_member
from app.services.importer.preview import PreviewRow
from app.services.importer.spec import (
    CHOICE,
    DATE,
    DECIMAL,
    ID_NUMBER,
    LONG_TEXT,
    MONTH,
    TEXT,
    ImportField,
    ImportKind,
)

BACKPAY = "党费补缴"
MAX_MONTHS = 120  # ten years in one row is a typing mistake, not a back-payment

FIELDS = (
    ImportField("name", "姓名", TEXT, ("党员姓名",), required=True),
    ImportField("id_number", "公民身份号码", ID_NUMBER, ("身份证号", "身份证号码", "身份证"),
                hint="同名党员须填写，以区分是哪一位"),
    ImportField("pay_type", "缴费类型", CHOICE, ("类型",), choices=(BACKPAY,),
                synonyms={"补缴": BACKPAY, "补交": BACKPAY, "党费补交": BACKPAY, "补缴党费": BACKPAY}),
    ImportField("from_month", "缴费起始月份", MONTH, ("起始月份", "补缴起始月份", "开始月份", "补缴月份"),
                required=True, hint="写作 2024-01 或 2024年1月"),
    ImportField("to_month", "缴费截止月份", MONTH, ("截止月份", "补缴截止月份", "结束月份"),
                hint="只补一个月的可不填"),
    ImportField("amount", "缴费金额", DECIMAL, ("补缴金额", "金额", "金额（元）", "缴费金额（元）"), required=True,
                hint="这些月份合计的金额，单位元"),
    ImportField("paid_date", "缴费日期", DATE, ("补缴日期", "交纳日期", "缴纳日期"), hint="不填则按导入当天登记"),
    ImportField("explanation", "缴费说明", LONG_TEXT, ("说明", "补缴原因", "补缴说明")),
    ImportField("notes", "备注", LONG_TEXT),
)

DUES_BACKPAY_IMPORT = ImportKind(
    key="dues-backpay", title="党费补缴记录", fields=FIELDS,
    writer="app.services.dues.importing:write_rows", undoer="app.services.dues.importing:undo_rows",
    duplicate_key="name", unique_key=True, key_of="app.services.dues.importing:payment_key",
    validator="app.services.dues.importing:validate_row", row_label="条补缴记录",
    notes=("每行一名党员一次补缴：“姓名”“缴费起始月份”“缴费金额”必填；只补一个月的，“缴费截止月份”可不填。",
           "按姓名查找党员；有同名党员的，请填写公民身份号码。",
           "金额按各月应缴金额依次计入，与应缴合计不符的差额计入最后一个月（导入前会提示）。",
           "已登记交纳或免缴的月份不能再补缴；须先在“党费”中录入缴费基数。"),
)

_MONTH_FIELDS = {"month": "from_month", "months": "from_month", "amount": "amount", "paid_date": "paid_date",
                 "base": "from_month", "member_id": "name"}


@dataclass
class Plan:
    member: Member
    months: list[str]
    paid_date: date
    amounts: dict[str, Decimal] = field(default_factory=dict)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def _plan(session: Session, values: dict, today: date) -> Plan:
    """What the row will record, read without writing; UserError (naming the field) when it cannot be."""
    member = find_member(session, values.get("name"), values.get("id_number"))
    first, last = values["from_month"], values.get("to_month") or values["from_month"]
    if last < first:
        raise UserError(f"缴费截止月份 {last} 早于起始月份 {first}", "to_month")
    months = months_between(first, last)
    if len(months) > MAX_MONTHS:
        raise UserError(f"从 {first} 到 {last} 共 {len(months)} 个月，超过 {MAX_MONTHS} 个月，请检查月份", "to_month")
    paid_date = values.get("paid_date") or today
    if paid_date > today:
        raise UserError(f"缴费日期 {paid_date:%Y-%m-%d} 晚于今天", "paid_date")
    total = values["amount"]
    if total <= 0 or total != total.quantize(Decimal("0.01")):
        raise UserError(f"缴费金额应为大于 0、最多两位小数的金额，现为 {total}", "amount")
    plan = Plan(member, months, paid_date)
    if not values.get("paid_date"):
        plan.warnings.append(("paid_date", f"未填缴费日期，按导入当天 {today:%Y-%m-%d} 登记"))
    book = DuesBook(session, months, members=[member], writable=False)
    dues: list[tuple[str, Decimal]] = []
    for month in months:
        cell = book.cell(member.id, month)
        if book.start is not None and month < book.start and book.spans[member.id].owes(month):
            raise UserError(f"党费台账从 {book.start} 开始登记，{month} 不在台账内；如需补登更早的月份，"
                            f"请先录入自那时起的缴费基数", "from_month")
        if not cell.owes:
            raise UserError(f"{member.name} {month} 不需交纳党费（不在其应交纳的月份内）", "from_month")
        if cell.state in (vocab.PAID, vocab.PARTIAL):
            raise UserError(f"{member.name} {month} 的党费已于 {cell.paid_date:%Y-%m-%d} 登记交纳，不能重复补缴",
                            "from_month")
        if cell.state == vocab.EXEMPT:
            raise UserError(f"{member.name} {month} 为免缴，不需补缴", "from_month")
        if cell.due is None:
            raise UserError(f"{member.name}还没有 {month} 的缴费基数，无法补缴；请先在“党费”中录入缴费基数", "from_month")
        dues.append((month, cell.due))
    owed = sum((d for _m, d in dues), Decimal("0.00"))
    left = total
    for index, (month, due) in enumerate(dues):
        share = left if index == len(dues) - 1 else min(due, left)
        if share <= 0:
            raise UserError(f"缴费金额 {show(total)} 元不足以补缴到 {month}（这些月份应缴合计 {show(owed)} 元）",
                            "amount")
        plan.amounts[month] = share
        left -= share
    if total != owed:
        plan.warnings.append(("amount", f"缴费金额 {show(total)} 元与这些月份应缴合计 {show(owed)} 元不符，"
                                        f"{months[-1]} 计 {show(plan.amounts[months[-1]])} 元"))
    warn_after = int_setting(session, BACKPAY_WARN_MONTHS)
    back = month_index(month_of(paid_date)) - month_index(first)
    if back > warn_after:
        plan.warnings.append(("from_month", f"{first} 的党费补交于 {back} 个月之后，超过 {warn_after} 个月；"
                                            f"请核实是否有正当理由（党章第三十八条）"))
    return plan


def payment_key(session: Session, values: dict) -> tuple | None:
    """The same member and months twice in one file is one payment typed twice."""
    try:
        member = find_member(session, values.get("name"), values.get("id_number"))
    except UserError:
        return None
    return (member.id, values.get("from_month"), values.get("to_month") or values.get("from_month"))


def validate_row(session: Session, values: dict, existing_id: int | None) -> list[tuple[str, str, bool]]:
    try:
        plan = _plan(session, values, date.today())
    except UserError as exc:
        return [(_MONTH_FIELDS.get(exc.field, exc.field), exc.message, True)]
    return [(key, message, False) for key, message in plan.warnings]


_KEPT = ("state", "paid_fen", "paid_date", "pay_kind", "payer", "reason")


def _state(row: DuesMonth) -> dict:
    return {"state": row.state, "paid_fen": row.paid_fen, "paid_date": row.paid_date.isoformat() if row.paid_date
            else None, "pay_kind": row.pay_kind, "payer": row.payer, "reason": row.reason}


def _stored(session: Session, member_id: int, months: list[str]) -> dict[str, DuesMonth]:
    return {r.month: r for r in session.scalars(select(DuesMonth).where(DuesMonth.member_id == member_id,
                                                                        DuesMonth.month.in_(months)))}


def write_rows(session: Session, rows: list[PreviewRow], batch: ImportBatch) -> list[tuple[PreviewRow, Touched]]:
    today = date.today()
    done = []
    for row in rows:
        try:
            plan = _plan(session, row.values, today)
            before = {m: _state(r) for m, r in _stored(session, plan.member.id, plan.months).items()}
            note = "；".join(t for t in (row.values.get("explanation"), row.values.get("notes")) if t)
            record_payment(session, plan.member.id, plan.months, plan.paid_date,
                           amounts={m: str(a) for m, a in plan.amounts.items()}, note=note or "导入的党费补缴",
                           today=today)
        except UserError as exc:
            raise UserError(f"源文件第 {row.number} 行：{exc.message}", exc.field, row=row.number) from exc
        for month, stored in _stored(session, plan.member.id, plan.months).items():
            done.append((row, Touched("dues_month", stored.id, before.get(month),
                                      note=f"{plan.member.name} {month} {show(from_fen(stored.paid_fen))} 元")))
    return done


def undo_rows(session: Session, batch: ImportBatch, *, check_only: bool) -> str | None:
    if check_only:
        return None
    for row in batch.rows:
        stored = session.get(DuesMonth, row.row_id)
        if stored is None:
            continue
        if row.before is None:  # opened by the import: the month goes back to not opened
            session.delete(stored)
            continue
        for key in _KEPT:
            value = row.before.get(key)
            setattr(stored, key, date.fromisoformat(value) if key == "paid_date" and value else value)
    session.flush()
    return None

