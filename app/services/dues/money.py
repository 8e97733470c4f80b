"""Money: Decimal 元 above the models, whole 分 (int) in the database; user text parsed in one place."""

from __future__ import annotations

import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from app.kit.errors import UserError

FEN = Decimal("0.01")
YUAN = Decimal("1")
MAX_MONTHLY_BASE = Decimal("100000")  # above this a monthly base is surely a typing mistake


def to_fen(amount: Decimal) -> int:
    """Decimal 元 -> int 分, exact: an amount with more than two decimals is a programming error."""
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise ValueError(f"{amount} has more than two decimals")
    return int(fen)


@lru_cache(maxsize=8192)  # a ledger repeats the same few amounts thousands of times; Decimals are immutable
def from_fen(fen: int | None) -> Decimal:
    return (Decimal(fen or 0) / 100).quantize(FEN)


def show(amount: Decimal | None) -> str:
    """How an amount is printed: 15.00 ('' for None)."""
    return "" if amount is None else f"{amount.quantize(FEN):,.2f}".replace(",", "")


def show_fen(fen: int | None) -> str:
    return show(from_fen(fen))


def parse_money(value: object, label: str, *, field: str | None = None, row: int | None = None,
                allow_negative: bool = False, maximum: Decimal | None = None) -> Decimal:
    """A user's amount (text, int, Decimal; from a form or a spreadsheet cell) -> Decimal 元 with two decimals.

    A float (a spreadsheet number) goes through its shortest repr, never its binary value. Text that is
    not a number raises UserError naming the label (and the row, for imports).
    """
    where = f"第 {row} 行" if row is not None else ""
    if value is None or (isinstance(value, str) and not value.strip()):
        return Decimal("0.00")
    if isinstance(value, bool):
        raise UserError(f"{where}“{label}”应为金额，不能是“{value}”。", field, row=row)
    if isinstance(value, float):
        text = repr(value)
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "").replace("元", "").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise UserError(f"{where}“{label}”应为数字金额，现为“{value}”。", field, row=row) from None
    if not amount.is_finite():
        raise UserError(f"{where}“{label}”应为数字金额，现为“{value}”。", field, row=row)
    if amount != amount.quantize(FEN, rounding=ROUND_HALF_UP):
        raise UserError(f"{where}“{label}”最多两位小数（到分），现为“{value}”。", field, row=row)
    if amount < 0 and not allow_negative:
        raise UserError(f"{where}“{label}”不能为负数，现为“{value}”。", field, row=row)
    if maximum is not None and amount > maximum:
        raise UserError(f"{where}“{label}”为 {show(amount)} 元，超过 {show(maximum)} 元，请检查是否多输了位数。",
                        field, row=row)
    return amount.quantize(FEN)
