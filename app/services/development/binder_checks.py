"""The annual binder's completeness check for 发展党员: registers that would print empty."""

from __future__ import annotations

from sqlalchemy import func, select

from app.kit.context import Context
from app.kit.findings import NOTICE, Finding
from app.models.development import DevPerson

CHECK = "binder_development"


def development_binder_checks(ctx: Context, year: int) -> list[Finding]:
    """No one in development at all: the 发展党员 registers would be empty (a notice: a small branch may have
    no applicant in a year)."""
    if ctx.session.scalar(select(func.count()).select_from(DevPerson)):
        return []
    return [Finding(CHECK, "还没有发展党员记录：入党申请人、积极分子、发展对象名册将是空的。", severity=NOTICE,
                    target="development")]
