"""Cell values as people type them, turned into what the ledger stores — or a Chinese reason why not.

Dates come as Excel dates, as serial numbers, or as text in many shapes (1980.3.1, 19800301, 1980年3月1日,
1980-03, 1980/3/1, 2019/2/3  14:30). ID numbers and phone numbers never pass through a float: a number cell
holding an 18-digit ID has already lost its last digits in Excel, so that is an error showing the value.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from app.kit.dates import DateTextError, parse_date_text
from app.services.importer.spec import (
    BOOL,
    CHOICE,
    DATE,
    DATETIME,
    DECIMAL,
    ID_NUMBER,
    INT,
    LONG_TEXT,
    MONTH,
    PHONE,
    TEXT,
    ImportField,
)

EXCEL_ERRORS = {"#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "#CALC!"}
MAX_TEXT = {TEXT: 200, LONG_TEXT: 20_000}
_EXCEL_EPOCH = date(1899, 12, 30)
_TIME_TAIL = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2})?$")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_MONTH_ONLY = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?")
_TRUE = {"是", "√", "y", "yes", "true", "1", "有"}
_FALSE = {"否", "×", "n", "no", "false", "0", "无", ""}


class CellError(ValueError):
    """A cell that cannot be stored; the message is Chinese and shows the value."""


@dataclass(frozen=True)
class Parsed:
    value: object
    warning: str = ""  # e.g. a month-only date kept as the month's first day


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not unicodedata.normalize("NFKC", raw).strip())


def text_of(raw: object) -> str:
    """A cell as text: integral floats without '.0', full-width folded, trimmed."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "是" if raw else "否"
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 1e15:
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.strftime("%Y-%m-%d %H:%M") if (raw.hour, raw.minute) != (0, 0) else raw.strftime("%Y-%m-%d")
    if isinstance(raw, date):
        return raw.strftime("%Y-%m-%d")
    return unicodedata.normalize("NFKC", str(raw)).strip()


def parse_cell(spec: ImportField, raw: object) -> Parsed:
    """The stored value of one cell for `spec` (None for an empty cell); CellError if it cannot be read."""
    if isinstance(raw, str) and raw.strip() in EXCEL_ERRORS:
        raise CellError(f"单元格是公式错误“{raw.strip()}”，请在原表中改正")
    if is_blank(raw):
        return Parsed(None)
    kind = spec.kind
    if kind == DATE:
        return _date(raw)
    if kind == DATETIME:
        return _datetime(raw)
    if kind == MONTH:
        return _month(raw)
    if kind == ID_NUMBER:
        return Parsed(_id_number(raw))
    if kind == PHONE:
        return Parsed(_phone(raw))
    if kind == CHOICE:
        return Parsed(_choice(spec, raw))
    if kind == BOOL:
        return Parsed(_bool(raw))
    if kind == INT:
        return Parsed(_int(raw))
    if kind == DECIMAL:
        return Parsed(_decimal(raw))
    text = text_of(raw)
    if spec.key == "name":  # 张　三 / 张 三: spaces inside a Chinese name are padding, not part of it
        text = re.sub(r"\s+", "", text) if re.fullmatch(r"[\u3400-\u9fff\s·]+", text) else text
    limit = MAX_TEXT.get(kind, MAX_TEXT[TEXT])
    if len(text) > limit:
        raise CellError(f"内容太长（{len(text)} 个字，最多 {limit} 个字）")
    return Parsed(text)


def _date(raw: object) -> Parsed:
    if isinstance(raw, datetime):
        return Parsed(raw.date())
    if isinstance(raw, date):
        return Parsed(raw)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        number = float(raw)
        if number.is_integer() and 19000101 <= number <= 21001231:
            return _date(str(int(number)))
        if 1 <= number < 80_000:  # an Excel serial date (1 = 1900-01-01; 60,000 = 2064)
            return Parsed(_EXCEL_EPOCH + timedelta(days=int(number)))
        raise CellError(f"“{text_of(raw)}”不是日期")
    text = _TIME_TAIL.sub("", text_of(raw))
    try:
        return Parsed(parse_date_text(text))
    except DateTextError as exc:
        month = _MONTH_ONLY.fullmatch(text)
        if month:
            year, mon = int(month.group(1)), int(month.group(2))
            if 1 <= mon <= 12 and 1900 <= year <= 2100:
                return Parsed(date(year, mon, 1), f"只有年月“{text}”，已按该月1日记录")
        raise CellError(exc.message.rstrip("。")) from None


def _datetime(raw: object) -> Parsed:
    """A date and time: 2019/2/3  14:30, an Excel date-time or serial (with its fraction); a date alone is 00:00."""
    if isinstance(raw, datetime):
        return Parsed(raw.replace(microsecond=0))
    if isinstance(raw, float) and not raw.is_integer() and 1 <= raw < 80_000:
        whole = _EXCEL_EPOCH + timedelta(days=int(raw))
        seconds = round((raw - int(raw)) * 86_400)
        return Parsed(datetime(whole.year, whole.month, whole.day) + timedelta(seconds=seconds))
    text = text_of(raw)
    time_part = _TIME_TAIL.search(text)
    day = _date(_TIME_TAIL.sub("", text) if time_part else raw)
    moment = datetime(day.value.year, day.value.month, day.value.day)
    if time_part:
        hours, minutes, seconds = (int(g or 0) for g in _TIME.search(time_part.group(0)).groups())
        if hours > 23 or minutes > 59 or seconds > 59:
            raise CellError(f"“{text}”中的时间不是有效的时刻")
        moment = moment.replace(hour=hours, minute=minutes, second=seconds)
    return Parsed(moment, day.warning)


def _month(raw: object) -> Parsed:
    parsed = _date(raw)
    day = parsed.value
    return Parsed(f"{day.year:04d}-{day.month:02d}")


def _id_number(raw: object) -> str:
    if isinstance(raw, float) and not raw.is_integer() or isinstance(raw, float) and abs(raw) >= 1e15:
        shown = f"{raw:.0f}" if isinstance(raw, float) and abs(raw) < 1e30 else str(raw)
        raise CellError(f"身份证号存成了数字格式，Excel 已丢失最后几位数字（单元格中为 {shown}）。"
                        f"请在原表中把该列设为“文本”后重新填写")
    text = re.sub(r"\s+", "", text_of(raw)).upper()
    if not re.fullmatch(r"\d{15}|\d{17}[\dX]", text):
        raise CellError(f"“{text}”不是 18 位（或 15 位）的身份证号")
    return text


def _phone(raw: object) -> str:
    if isinstance(raw, float) and not raw.is_integer():
        raise CellError(f"“{raw}”不是电话号码")
    text = re.sub(r"[\s()（）]", "", text_of(raw))
    if not re.fullmatch(r"\+?[\d\-]{5,20}", text):
        raise CellError(f"“{text}”不是电话号码")
    return text


def _choice(spec: ImportField, raw: object) -> str:
    text = re.sub(r"[\s\u3000]+", "", text_of(raw))
    value = spec.synonyms.get(text, text)
    if value not in spec.choices:
        raise CellError(f"“{text}”不在可选范围内（可选：{'、'.join(spec.choices[:12])}"
                        f"{'…' if len(spec.choices) > 12 else ''}）")
    return value


def _bool(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    text = text_of(raw).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(f"“{text}”应为“是”或“否”")


def _int(raw: object) -> int:
    text = text_of(raw)
    if not re.fullmatch(r"-?\d{1,9}", text):
        raise CellError(f"“{text}”不是整数")
    return int(text)


def _decimal(raw: object) -> Decimal:
    if isinstance(raw, float):
        raw = repr(raw)  # the shortest text of the float, e.g. 3000.5, never its binary expansion
    text = text_of(raw).replace(",", "").replace("，", "").removesuffix("元")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CellError(f"“{text}”不是数字") from None
    if not value.is_finite() or abs(value) >= Decimal("1e12"):
        raise CellError(f"“{text}”不是合理的金额")
    return value
