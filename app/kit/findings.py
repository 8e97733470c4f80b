"""What `branch-ledger check` reports: one finding per thing found, a problem (问题) or a notice (提示)."""

from __future__ import annotations

from dataclasses import dataclass

PROBLEM = "问题"
NOTICE = "提示"


@dataclass(frozen=True)
class Finding:
    """One thing a check found; `message` is one Chinese line that names the member or record if there is one."""

    check: str  # a stable code of the check: integrity / foreign_key / member_rules / …
    message: str
    member_id: int | None = None
    severity: str = PROBLEM

    def __str__(self) -> str:
        return f"{self.severity}：{self.message}"
