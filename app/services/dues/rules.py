"""The rate rules (党费计算比例) as versioned data, and THE one function that computes a month's due amount.

A rule version says, from a month on, what each 缴费类别 pays: a rate on the whole base chosen by brackets
(upper bounds inclusive: 3000.00 is 0.5 %, 3000.01 is 1 %), or a fixed amount (农民: a range the member
chooses within). Versions live in the setting ``dues.rate_rules`` (a list, oldest first); the default is
the one of 中组发〔2008〕3号. A change is a new version with the month it applies from, so months before it
keep the old rule; and opened months keep their snapshot anyway (app.services.dues.months).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from app.kit.dates import is_month_text
from app.kit.errors import UserError
from app.services.dues import vocab
from app.services.dues.money import FEN, YUAN

RULES_SOURCE_2008 = "中组发〔2008〕3号《关于中国共产党党费收缴、使用和管理的规定》"

_EMPLOYED_BRACKETS = [["3000.00", "0.5"], ["5000.00", "1"], ["10000.00", "1.5"], [None, "2"]]
DEFAULT_RULES: list[dict] = [{
    "from": "2008-04",
    "source": RULES_SOURCE_2008,
    "categories": {
        vocab.EMPLOYED: {"kind": vocab.RULE_RATE, "brackets": _EMPLOYED_BRACKETS},
        vocab.RETIRED: {"kind": vocab.RULE_RATE, "brackets": [["5000.00", "0.5"], [None, "1"]]},
        vocab.STUDENT: {"kind": vocab.RULE_FIXED, "amount": "0.20"},
        vocab.UNEMPLOYED: {"kind": vocab.RULE_FIXED, "amount": "0.20"},
        vocab.RELIEF: {"kind": vocab.RULE_FIXED, "amount": "0.20"},
        vocab.FARMER: {"kind": vocab.RULE_FIXED, "amount": "0.20", "max": "1.00"},
        # 其他: members with a regular income who fit no other line pay by the salaried brackets
        vocab.OTHER: {"kind": vocab.RULE_RATE, "brackets": _EMPLOYED_BRACKETS},
    },
}]

ROUND_FEN, ROUND_YUAN = "fen", "yuan"
ROUNDINGS = {ROUND_FEN: "到分", ROUND_YUAN: "到元"}


@dataclass(frozen=True)
class Due:
    """A computed monthly amount and how it was reached."""

    amount: Decimal
    basis: str  # vocab.BASIS_RATE or vocab.BASIS_FIXED
    rate: Decimal | None  # percent (1.5 means 1.5 %); None for a fixed amount
    rule_from: str

    @property
    def rate_text(self) -> str:
        return "" if self.rate is None else f"{self.rate.normalize():f}%"


def round_amount(amount: Decimal, rounding: str) -> Decimal:
    """Round half up to the 分 or to the 元 (a setting: local practice differs)."""
    if rounding == ROUND_YUAN:
        return amount.quantize(YUAN, rounding=ROUND_HALF_UP).quantize(FEN)
    if rounding == ROUND_FEN:
        return amount.quantize(FEN, rounding=ROUND_HALF_UP)
    raise ValueError(f"unknown rounding {rounding!r}")


def rule_for_month(versions: list[dict], month: str) -> dict:
    """The version in force in `month`: the newest whose "from" is not after it."""
    valid = [v for v in versions if v["from"] <= month]
    if not valid:
        first = min(v["from"] for v in versions)
        raise UserError(f"{month} 早于最早的党费计算规则（{first} 起执行），无法计算应缴党费。")
    return max(valid, key=lambda v: v["from"])


def compute_due(category: str, base: Decimal, rule: dict, rounding: str, *,
                fixed: Decimal | None = None) -> Due:
    """THE rule: the monthly amount of a member of `category` with monthly `base` under `rule`.

    The whole base is taken at the one rate of its bracket (not progressively). Fixed-amount categories
    pay the rule's amount, or within a range (农民 0.2-1 元) the amount the member chose (`fixed`).
    """
    spec = rule["categories"].get(category)
    if spec is None:
        raise UserError(f"党费计算规则（{rule['from']} 起）没有“{vocab.category_label(category)}”这一类别。")
    if spec["kind"] == vocab.RULE_FIXED:
        low = Decimal(spec["amount"])
        high = Decimal(spec.get("max") or spec["amount"])
        amount = low if fixed is None else fixed
        if not low <= amount <= high:
            raise UserError(f"“{vocab.category_label(category)}”每月交纳 {low}～{high} 元，{amount} 元不在此范围内。",
                            "fixed")
        return Due(amount.quantize(FEN), vocab.BASIS_FIXED, None, rule["from"])
    if base < 0:
        raise UserError("缴费基数不能为负数。", "base")
    for upper, rate in spec["brackets"]:
        if upper is None or base <= Decimal(upper):
            percent = Decimal(rate)
            return Due(round_amount(base * percent / 100, rounding), vocab.BASIS_RATE, percent, rule["from"])
    raise UserError(f"党费计算规则（{rule['from']} 起）的“{vocab.category_label(category)}”比例表没有最高一档。")


def validate_version(version: dict) -> dict:
    """A rule version a user edited: well-formed, brackets rising, the last one open; returns it cleaned."""
    month = version.get("from", "")
    if not is_month_text(month):
        raise UserError(f"规则的执行起始年月应写成 2026-01 的形式，现为“{month}”。", "from")
    if not str(version.get("source", "")).strip():
        raise UserError("请写明规则的依据（文件名称或文号）。", "source")
    cats = version.get("categories") or {}
    unknown = set(cats) - set(vocab.CATEGORIES)
    if unknown:
        raise UserError(f"规则中有未知的缴费类别：{'、'.join(sorted(unknown))}。", "categories")
    missing = [vocab.CATEGORIES[c] for c in vocab.CATEGORIES if c not in cats]
    if missing:
        raise UserError(f"规则缺少这些缴费类别：{'、'.join(missing)}。", "categories")
    try:
        for code, spec in cats.items():
            label = vocab.CATEGORIES[code]
            if spec["kind"] == vocab.RULE_FIXED:
                low, high = Decimal(spec["amount"]), Decimal(spec.get("max") or spec["amount"])
                if low < 0 or high < low:
                    raise UserError(f"“{label}”的定额不合理：{low}～{high} 元。", "categories")
            elif spec["kind"] == vocab.RULE_RATE:
                brackets = spec["brackets"]
                uppers = [Decimal(u) for u, _ in brackets[:-1]]
                if not brackets or brackets[-1][0] is not None or any(u is None for u, _ in brackets[:-1]):
                    raise UserError(f"“{label}”的比例表最后一档应为“以上”（不设上限），其余各档须有上限。",
                                    "categories")
                if uppers != sorted(set(uppers)):
                    raise UserError(f"“{label}”各档上限应从低到高排列且不重复。", "categories")
                for _, rate in brackets:
                    if not Decimal("0") <= Decimal(rate) <= Decimal("100"):
                        raise UserError(f"“{label}”的比例 {rate}% 不合理。", "categories")
            else:
                raise UserError(f"“{label}”的计算方式未知。", "categories")
    except (InvalidOperation, KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, UserError):
            raise
        raise UserError(f"党费计算规则中有无法识别的数字（{exc}）。", "categories") from None
    return {"from": month, "source": str(version["source"]).strip(), "categories": cats}


def with_new_version(versions: list[dict], version: dict) -> list[dict]:
    """The versions with `version` added (replacing one from the same month), oldest first."""
    clean = validate_version(version)
    kept = [v for v in versions if v["from"] != clean["from"]]
    return sorted([*kept, clean], key=lambda v: v["from"])


def describe_rule(spec: dict) -> str:
    """One category's rule as a user reads it: ≤3000元 0.5%；≤5000元 1%；以上 2%."""
    if spec["kind"] == vocab.RULE_FIXED:
        if spec.get("max") and spec["max"] != spec["amount"]:
            return f"每月 {spec['amount']}～{spec['max']} 元"
        return f"每月 {spec['amount']} 元"
    parts = [f"≤{Decimal(u).normalize():f}元 {r}%" if u is not None else f"以上 {r}%" for u, r in spec["brackets"]]
    return "；".join(parts)


_RATE_PART = re.compile(r"(?:≤|<=)\s*([\d.]+)\s*元?\s+([\d.]+)\s*%")
_TOP_PART = re.compile(r"以上\s*([\d.]+)\s*%")
_FIXED = re.compile(r"每月\s*([\d.]+)\s*(?:[～~\-至]\s*([\d.]+))?\s*元")


def parse_rule(category: str, text: str) -> dict:
    """A category's rule as the user edits it, in describe_rule's own words, back to data:
    "≤3000元 0.5%；≤5000元 1%；以上 2%" or "每月 0.20 元" / "每月 0.20～1.00 元"."""
    label = vocab.category_label(category)
    clean = unicodedata.normalize("NFKC", text or "").strip()
    fixed = _FIXED.fullmatch(clean)
    if fixed:
        spec = {"kind": vocab.RULE_FIXED, "amount": f"{Decimal(fixed.group(1)):.2f}"}
        if fixed.group(2):
            spec["max"] = f"{Decimal(fixed.group(2)):.2f}"
        return spec
    brackets: list[list] = []
    for part in (p.strip() for p in re.split(r"[;；]", clean) if p.strip()):
        if match := _RATE_PART.fullmatch(part):
            brackets.append([f"{Decimal(match.group(1)):.2f}", match.group(2)])
        elif match := _TOP_PART.fullmatch(part):
            brackets.append([None, match.group(1)])
        else:
            raise UserError(f"“{label}”的规则“{part}”看不懂：比例请写成“≤3000元 0.5%；≤5000元 1%；以上 2%”，"
                            f"定额请写成“每月 0.20 元”。", category)
    if not brackets:
        raise UserError(f"请填写“{label}”的计算规则。", category)
    return {"kind": vocab.RULE_RATE, "brackets": brackets}
