"""The rules table as the user edits it: each rule in words, its settings with their values, its source."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.kit.errors import UserError
from app.services.common.settings import declared, get_setting, set_setting
from app.services.development.rules import RULES, Rule, load_rules

# bounds that keep a mistyped value from making every date impossible (a month is not 0, a share not 90)
_BOUNDS = {"min_application_age": (14, 30), "training_min_hours": (1, 200), "training_min_days": (1, 30),
           "publicity_min_days": (1, 30), "publicity_max_days": (1, 30), "extension_max_times": (0, 3)}
_DEFAULT_BOUNDS = (1, 36)


@dataclass(frozen=True)
class RuleSetting:
    key: str
    label: str
    value: int
    default: int
    low: int
    high: int


@dataclass(frozen=True)
class RuleRow:
    rule: Rule
    text: str  # with the current values
    settings: tuple[RuleSetting, ...]


def bounds(key: str) -> tuple[int, int]:
    return _BOUNDS.get(key.rsplit(".", 1)[-1], _DEFAULT_BOUNDS)


def rules_table(session: Session) -> list[RuleRow]:
    values = load_rules(session)
    rows = []
    for rule in RULES:
        settings = tuple(RuleSetting(key, declared(key).label, int(get_setting(session, key)),
                                     int(declared(key).default), *bounds(key)) for key in rule.settings)
        rows.append(RuleRow(rule, values.text(rule), settings))
    return rows


def save_rule_values(session: Session, values: dict[str, int]) -> None:
    """Change rule settings (one transaction); refuses values out of bounds and a 公示 minimum above the maximum."""
    for key, value in values.items():
        low, high = bounds(key)
        if not low <= int(value) <= high:
            raise UserError(f"“{declared(key).label}”应在 {low} 至 {high} 之间，现为 {value}。", key)
    merged = {key: int(values.get(key, get_setting(session, key))) for key in
              ("development.publicity_min_days", "development.publicity_max_days",
               "development.approval_within_months", "development.approval_special_months",
               "development.extension_min_months", "development.extension_max_months")}
    for low_key, high_key in (("publicity_min_days", "publicity_max_days"),
                              ("approval_within_months", "approval_special_months"),
                              ("extension_min_months", "extension_max_months")):
        if merged[f"development.{low_key}"] > merged[f"development.{high_key}"]:
            raise UserError(f"“{declared('development.' + low_key).label}”不能大于"
                            f"“{declared('development.' + high_key).label}”。", f"development.{low_key}")
    for key, value in values.items():
        set_setting(session, key, int(value))
