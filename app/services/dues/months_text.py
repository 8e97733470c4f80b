"""Month arithmetic on "YYYY-MM" text (the stored form of a 年月)."""

from __future__ import annotations

from datetime import date


def month_index(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def from_index(index: int) -> str:
    year, month = divmod(index, 12)
    return f"{year:04d}-{month + 1:02d}"


def shift(month: str, months: int) -> str:
    return from_index(month_index(month) + months)


def months_between(first: str, last: str) -> list[str]:
    """Every month from `first` to `last`, both included ([] if last is before first)."""
    return [from_index(i) for i in range(month_index(first), month_index(last) + 1)]


def year_months(year: int) -> list[str]:
    return [f"{year:04d}-{m:02d}" for m in range(1, 13)]


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def label(month: str) -> str:
    """2026-03 -> 2026年3月"""
    return f"{int(month[:4])}年{int(month[5:7])}月"


def quarter_of(month: str) -> int:
    return (int(month[5:7]) - 1) // 3 + 1


def quarter_months(year: int, quarter: int) -> list[str]:
    return [f"{year:04d}-{m:02d}" for m in range(3 * quarter - 2, 3 * quarter + 1)]
