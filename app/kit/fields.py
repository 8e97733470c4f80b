"""Field kinds in the core: what a field holds and the one rule that turns what a user typed into it.

An area declares its fields once as FieldSpecs (a member's 出生日期 is a date, an event's 党费缴纳至年月 a
month, 延长期限 a choice …); the dialogs, the command line and the importer all call `parse_field`, so a
value refused in one place is refused in every other with the same Chinese sentence, and a dialog can
focus the field from `UserError.field` instead of guessing a kind from the label's wording.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from app.kit.dates import DateTextError, parse_date_text, parse_month_text
from app.kit.errors import UserError

TEXT = "text"
DATE = "date"  # datetime.date
MONTH = "month"  # 年月, "YYYY-MM" text
INT = "int"
DECIMAL = "decimal"  # decimal.Decimal (money is never float)
CHOICE = "choice"  # one of `choices` (text)
BOOL = "bool"
REF = "ref"  # the id of another record picked from a list the caller supplies (a 党小组)
KINDS = (TEXT, DATE, MONTH, INT, DECIMAL, CHOICE, BOOL, REF)

_TRUE = {"是", "y", "yes", "true", "1", "√", "✓"}
_FALSE = {"否", "n", "no", "false", "0", "", "×"}


@dataclass(frozen=True)
class FieldSpec:
    key: str  # the stable ASCII key the value is stored under
    label: str  # Chinese, as the user sees it
    kind: str = TEXT
    required: bool = field(default=False, kw_only=True)
    choices: tuple[str, ...] = field(default=(), kw_only=True)  # for CHOICE: the allowed values
    max_length: int | None = field(default=None, kw_only=True)  # TEXT: characters
    min_value: int | Decimal | None = field(default=None, kw_only=True)  # INT, DECIMAL
    max_value: int | Decimal | None = field(default=None, kw_only=True)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown field kind {self.kind!r} for {self.key!r}")


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_field(spec: FieldSpec, raw: object) -> object:
    """What the user gave (text, or a value a widget already holds) as the field's value.

    Empty is "" for TEXT and CHOICE, False for BOOL, None otherwise. Raises UserError(field=spec.key)
    with a Chinese sentence naming the field when the value is missing, malformed or out of range.
    """
    if is_empty(raw):
        if spec.required:
            raise UserError(f"“{spec.label}”不能为空", spec.key)
        return {TEXT: "", CHOICE: "", BOOL: False}.get(spec.kind)
    parser = _PARSERS[spec.kind]
    return parser(spec, raw.strip() if isinstance(raw, str) else raw)


def _wrong(spec: FieldSpec, why: str) -> UserError:
    return UserError(f"“{spec.label}”{why}", spec.key)


def _text(spec: FieldSpec, raw: object) -> str:
    text = str(raw)
    if spec.max_length is not None and len(text) > spec.max_length:
        raise _wrong(spec, f"过长（最多{spec.max_length}字）")
    return text


def _choice(spec: FieldSpec, raw: object) -> str:
    text = str(raw)
    if text not in spec.choices:
        raise _wrong(spec, f"的值“{text}”不在可选范围内")
    return text


def _date(spec: FieldSpec, raw: object) -> date:
    if isinstance(raw, date):
        return raw
    try:
        value = parse_date_text(str(raw), spec.key)
    except DateTextError as exc:
        raise _wrong(spec, f"填写有误：{exc.message}") from None
    assert value is not None
    return value


def _month(spec: FieldSpec, raw: object) -> str:
    try:
        value = parse_month_text(str(raw), spec.key)
    except DateTextError as exc:
        raise _wrong(spec, f"填写有误：{exc.message}") from None
    assert value is not None
    return value


def _in_range(spec: FieldSpec, value: int | Decimal) -> None:
    low, high = spec.min_value, spec.max_value
    if low is not None and high is not None and not low <= value <= high:
        raise _wrong(spec, f"应在 {low} 至 {high} 之间，现为 {value}")
    if low is not None and value < low:
        raise _wrong(spec, f"不能小于 {low}，现为 {value}")
    if high is not None and value > high:
        raise _wrong(spec, f"不能大于 {high}，现为 {value}")


def _int(spec: FieldSpec, raw: object) -> int:
    if isinstance(raw, bool):
        raise _wrong(spec, "应填写整数")
    if isinstance(raw, int):
        value = raw
    else:
        text = unicodedata.normalize("NFKC", str(raw)).replace(",", "")
        try:
            value = int(text)
        except ValueError:
            raise _wrong(spec, f"应填写整数，现为“{raw}”") from None
    _in_range(spec, value)
    return value


def _decimal(spec: FieldSpec, raw: object) -> Decimal:
    if isinstance(raw, float):
        raise TypeError(f"{spec.key}: money and other decimals are never float")
    if isinstance(raw, (Decimal, int)) and not isinstance(raw, bool):
        value = Decimal(raw)
    else:
        text = unicodedata.normalize("NFKC", str(raw)).replace(",", "").removesuffix("元").strip()
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise _wrong(spec, f"应填写数字，例如 12.50，现为“{raw}”") from None
        if not value.is_finite():
            raise _wrong(spec, f"应填写数字，例如 12.50，现为“{raw}”")
    _in_range(spec, value)
    return value


def _bool(spec: FieldSpec, raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    text = unicodedata.normalize("NFKC", str(raw)).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _wrong(spec, f"应填写“是”或“否”，现为“{raw}”")


def _ref(spec: FieldSpec, raw: object) -> int:
    # Which ids exist is the caller's question (it knows the table); here only the form of the value.
    return _int(spec, raw)


_PARSERS = {TEXT: _text, DATE: _date, MONTH: _month, INT: _int, DECIMAL: _decimal, CHOICE: _choice,
            BOOL: _bool, REF: _ref}
