"""Dates and months (年月) as users type them and as the ledger shows them: the one parser and formatter.

Every front end (dialogs, the command line, the importer) and every document uses these, so "2024.3.1"
means the same everywhere and a printed date always looks like 2024-03-01.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from app.kit.errors import UserError

DISPLAY_FORMAT = "%Y-%m-%d"
MIN_YEAR, MAX_YEAR = 1900, 2100

_SEPARATED = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MONTH = re.compile(r"(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?")
_MONTH_COMPACT = re.compile(r"(\d{4})(\d{2})")


class DateTextError(UserError):
    """Text that is not a date; the message is Chinese and says what is wrong."""


def _normal(text: str | None) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()


def _checked_year(year: int, text: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateTextError(f"“{text}”中的年份 {year} 不合理，应在 {MIN_YEAR} 至 {MAX_YEAR} 之间。")


def parse_date_text(text: str | None, field: str | None = None) -> date | None:
    """'' → None; 2024-03-01, 2024.3.1, 20240301, 2024/3/1, 2024年3月1日 → date; else DateTextError.

    Full-width digits and punctuation (typed with a Chinese input method) are accepted too.
    """
    clean = _normal(text)
    if not clean:
        return None
    match = _SEPARATED.fullmatch(clean) or _COMPACT.fullmatch(clean)
    if match is None:
        raise DateTextError(f"无法识别的日期“{clean}”，请按 2024-03-01 的格式输入。", field)
    year, month, day = (int(g) for g in match.groups())
    try:
        value = date(year, month, day)
    except ValueError:
        raise DateTextError(f"“{clean}”不是有效的日期（{year}年没有{month}月{day}日）。", field) from None
    try:
        _checked_year(year, clean)
    except DateTextError as exc:
        raise DateTextError(exc.message, field) from None
    return value


def format_date(value: date | None) -> str:
    """The one date style of screens and printed registers: 2026-05-01 ('' for no date)."""
    return value.strftime(DISPLAY_FORMAT) if value else ""


# -- months (年月): stored as "YYYY-MM" text -----------------------------------------------------------------


def parse_month_text(text: str | None, field: str | None = None) -> str | None:
    """'' → None; 2026-10, 2026.10, 2026/10, 2026年10月, 202610 → "2026-10"; else DateTextError."""
    clean = _normal(text)
    if not clean:
        return None
    match = _MONTH.fullmatch(clean) or _MONTH_COMPACT.fullmatch(clean)
    if match is None:
        raise DateTextError(f"无法识别的年月“{clean}”，请按 2026-10 的格式输入。", field)
    year, month = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        raise DateTextError(f"“{clean}”不是有效的年月（月份应为 1 至 12）。", field)
    try:
        _checked_year(year, clean)
    except DateTextError as exc:
        raise DateTextError(exc.message, field) from None
    return f"{year:04d}-{month:02d}"


def is_month_text(text: str) -> bool:
    return re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text or "") is not None


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (2024-01-31 + 1 month = 2024-02-29)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def age_on(birth: date, day: date) -> int:
    """Whole years of age on `day` (a 29 February birthday counts from 1 March in common years)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
