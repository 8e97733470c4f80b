"""A closed round is read-only: every change to a round goes through `require_open` first."""

from __future__ import annotations

from app.kit.errors import UserError
from app.models.appraisal import AppraisalRound
from app.services.appraisal import vocab


def require_open(rnd: AppraisalRound) -> None:
    if rnd.status == vocab.CLOSED:
        raise UserError(f"{rnd.year}年度民主评议已结束，内容不能再修改。如确需修改，请先“重新开启”并说明原因。")
