"""公民身份号码 (GB 11643): check digit, 15→18 conversion, birth date and sex."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.kit.errors import UserError

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK_CHARS = "10X98765432"


class IdNumberError(UserError):
    """An ID number that is not valid; the message is Chinese and shown to the user."""

    def __init__(self, message: str, field: str | None = "id_number", *, row: int | None = None) -> None:
        super().__init__(message, field, row=row)


@dataclass(frozen=True)
class IdInfo:
    number: str  # normalised: 18 characters, uppercase X
    birth_date: date
    gender: str  # 男 / 女


def check_digit(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def convert_15_to_18(number15: str) -> str:
    """Old 15-digit numbers carry a 2-digit year of the 1900s and no check digit."""
    first17 = number15[:6] + "19" + number15[6:]
    return first17 + check_digit(first17)


def parse_id_number(raw: str) -> IdInfo:
    """Validate and normalise; raise IdNumberError with a message saying what is wrong."""
    text = (raw or "").strip().replace(" ", "").upper()
    if not text:
        raise IdNumberError("公民身份号码为空")
    if re.fullmatch(r"\d{15}", text):
        text = convert_15_to_18(text)
    elif not re.fullmatch(r"\d{17}[\dX]", text):
        raise IdNumberError(f"公民身份号码应为18位（最后一位可为X），现为{len(text)}位：{raw.strip()}")
    try:
        birth = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise IdNumberError(f"公民身份号码中的出生日期 {text[6:14]} 不是有效日期") from None
    if birth.year < 1900 or birth > date.today():
        raise IdNumberError(f"公民身份号码中的出生日期 {text[6:14]} 不合理")
    expected = check_digit(text[:17])
    if text[17] != expected:
        # a typo anywhere gives a wrong check digit: asking for another last digit would invite the user
        # to "fix" a right one, so ask to compare every digit with the card
        raise IdNumberError("不是有效的公民身份号码（校验位不符），请对照身份证逐位核对")
    gender = "男" if int(text[16]) % 2 == 1 else "女"
    return IdInfo(number=text, birth_date=birth, gender=gender)


def mask_id_number(number: str) -> str:
    """110105199001010021 → 110105********0021-style masking for printed exports."""
    if not number or len(number) < 10:
        return number
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def make_id_number(region: str, birth: date, sequence: int) -> str:
    """Build a valid 18-digit number (fictional sample data and tests); odd sequence = 男."""
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)
