"""The dues area's kinds: stable ASCII codes and their Chinese labels, each table defined once."""

from __future__ import annotations

# 缴费类别 (domain.md §3): code -> label
EMPLOYED, RETIRED, STUDENT, UNEMPLOYED, RELIEF, FARMER, OTHER = (
    "employed", "retired", "student", "unemployed", "relief", "farmer", "other")
CATEGORIES: dict[str, str] = {
    EMPLOYED: "在职", RETIRED: "离退休", STUDENT: "学生", UNEMPLOYED: "下岗失业",
    RELIEF: "低保/救济", FARMER: "农民", OTHER: "其他",
}

# the basis of a month's due amount (the snapshot's reason)
BASIS_RATE, BASIS_FIXED, BASIS_REDUCED, BASIS_EXEMPT, BASIS_VOLUNTARY = (
    "rate", "fixed", "reduced", "exempt", "voluntary")
BASES: dict[str, str] = {
    BASIS_RATE: "按比例", BASIS_FIXED: "定额", BASIS_REDUCED: "困难减缴", BASIS_EXEMPT: "困难免缴",
    BASIS_VOLUNTARY: "自愿多缴",
}

# overrides of the computed amount
OVERRIDE_REDUCE, OVERRIDE_EXEMPT, OVERRIDE_VOLUNTARY = "reduce", "exempt", "voluntary"
OVERRIDE_KINDS: dict[str, str] = {
    OVERRIDE_REDUCE: "困难减缴", OVERRIDE_EXEMPT: "困难免缴", OVERRIDE_VOLUNTARY: "自愿多缴",
}
OVERRIDE_BASIS = {OVERRIDE_REDUCE: BASIS_REDUCED, OVERRIDE_EXEMPT: BASIS_EXEMPT,
                  OVERRIDE_VOLUNTARY: BASIS_VOLUNTARY}

# a month's state in the collection grid
DUE, PAID, PARTIAL, EXEMPT, DEFERRED = "due", "paid", "partial", "exempt", "deferred"
MONTH_STATES: dict[str, str] = {DUE: "应缴", PAID: "已缴", PARTIAL: "部分缴纳", EXEMPT: "免缴", DEFERRED: "延迟"}

# how a payment was made
PAY_MONTHLY, PAY_ADVANCE, PAY_BACK = "monthly", "advance", "back"
PAY_KINDS: dict[str, str] = {PAY_MONTHLY: "按月", PAY_ADVANCE: "预缴", PAY_BACK: "补交"}

# where a base record came from
SOURCE_MANUAL, SOURCE_IMPORT = "manual", "import"
BASE_SOURCES: dict[str, str] = {SOURCE_MANUAL: "手工录入", SOURCE_IMPORT: "工资表导入"}

# what a rule does with a category: a rate on the base by brackets, or a fixed amount (maybe a range)
RULE_RATE, RULE_FIXED = "rate", "fixed"


def category_label(code: str) -> str:
    return CATEGORIES.get(code, code)
