"""What `branch-ledger check` reports: one finding per thing found, a problem (问题) or a notice (提示)."""

from __future__ import annotations

from dataclasses import dataclass, field

PROBLEM = "问题"
NOTICE = "提示"

# the one target that is not an area's page: the branch profile (设置 → 支部信息), opened by the window
BRANCH_PROFILE_TARGET = "settings:branch_profile"


@dataclass(frozen=True)
class Finding:
    """One thing a check found; `message` is one Chinese line that names the member or record if there is one."""

    check: str  # a stable code of the check: integrity / foreign_key / member_rules / …
    message: str
    member_id: int | None = None
    severity: str = PROBLEM
    target: str | None = None  # where to fix it, as a Reminder's target: "area" or "area:kind:id"

    def __str__(self) -> str:
        return f"{self.severity}：{self.message}"


@dataclass
class CheckOutcome:
    """What one area's check returns: its findings, and what it looked at (for the report's 已检查 line)."""

    findings: list[Finding] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # table -> rows checked
    checked: str = ""  # "45 名党员、12 条变更记录"
