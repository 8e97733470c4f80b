"""Changing the appraisal's rules (the settings of settings_spec): each value checked, then the proposed
grades of open rounds recomputed under the new 不合格 share (closed rounds keep theirs, as decided)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.kit.errors import UserError
from app.models.appraisal import AppraisalRound
from app.services.appraisal import vocab
from app.services.appraisal.rules import parse_share
from app.services.appraisal.settings_spec import (
    EXCELLENT_SHARE,
    REMINDER_FROM_MONTH,
    SETTINGS,
    UNQUALIFIED_SHARE,
)
from app.services.appraisal.tally import refresh_proposals
from app.services.common.settings import get_setting, set_setting


def current_rules(session: Session) -> dict[str, object]:
    return {s.key: get_setting(session, s.key) for s in SETTINGS}


def save_rules(session: Session, values: dict[str, object]) -> int:
    """Save the rules given (key -> value as typed); returns how many open rounds were recomputed."""
    clean: dict[str, object] = {}
    for setting in (EXCELLENT_SHARE, UNQUALIFIED_SHARE):
        if setting.key in values:
            text = str(values[setting.key]).strip()
            try:
                parse_share(text, setting.label)
            except UserError as exc:
                raise UserError(exc.message, setting.key) from None
            clean[setting.key] = text
    if REMINDER_FROM_MONTH.key in values:
        month = values[REMINDER_FROM_MONTH.key]
        if not isinstance(month, int) or not 1 <= month <= 12:
            raise UserError("提醒月份应为 1 到 12 之间的整数。", REMINDER_FROM_MONTH.key)
        clean[REMINDER_FROM_MONTH.key] = month
    for key, value in clean.items():
        set_setting(session, key, value)
    session.flush()
    open_rounds = list(session.scalars(select(AppraisalRound).where(AppraisalRound.status == vocab.OPEN)))
    for rnd in open_rounds:
        refresh_proposals(session, rnd)
    return len(open_rounds)
