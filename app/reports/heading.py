"""What every printed ledger of the branch starts with: the branch it is for and its 制表 line."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.kit.dates import format_date
from app.models import BranchProfile
from app.reports.engine.errors import ReportError
from app.services.common.branch import get_profile
from app.services.common.settings import get_setting

MASKED_IDS_NOTE = "注：公民身份号码已部分隐藏。"


def ledger_heading(session: Session, document: str, *, preparer: str | None = None,
                   today: date | None = None) -> tuple[BranchProfile, list[tuple[str, str]]]:
    """The branch profile and the 制表单位 / 制表日期 / 制表人 items of a ledger named `document`.

    Raises ReportError when the branch is not set up yet. Without `preparer`, the 制表人 setting is used.
    """
    profile = get_profile(session)
    if profile is None:
        raise ReportError(f"尚未设置支部信息（支部全称等），无法生成{document}。请先在“支部信息”中填写。")
    if preparer is None:
        preparer = str(get_setting(session, "report.preparer") or "")
    meta = [("制表单位", profile.full_name), ("制表日期", format_date(today or date.today())),
            ("制表人", preparer.strip())]
    return profile, meta
