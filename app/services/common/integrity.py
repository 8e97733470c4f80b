"""`branch-ledger check`: is the database sound, and do the records agree with themselves?

Three layers, all read-only and all inside one read transaction (one consistent snapshot, even while the
application writes beside us):

1. SQLite's own ``PRAGMA integrity_check`` (the file's structure: pages, indexes, constraints).
2. ``PRAGMA foreign_key_check`` (rows pointing at rows that do not exist).
3. Every area's own consistency rules, declared in the area registry (``Area.checks``; the roster's are in
   app.services.roster.checks).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.kit import registry
from app.kit.context import Context
from app.kit.findings import NOTICE, PROBLEM, CheckOutcome, Finding
from app.services.roster.member_events import kind_label


@dataclass
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    outcomes: list[CheckOutcome] = field(default_factory=list)  # one per area check, in registry order
    records_checked: bool = True  # False when a broken file stopped the ledger checks

    def counted(self, table: str) -> int:
        return sum(o.counts.get(table, 0) for o in self.outcomes)

    @property
    def members_checked(self) -> int:
        return self.counted("member")

    @property
    def events_checked(self) -> int:
        return self.counted("member_event")

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == PROBLEM]

    @property
    def notices(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == NOTICE]

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        text = "检查完成：未发现问题" if self.ok else f"检查完成：发现 {len(self.problems)} 个问题"
        if self.notices:
            text += f"，另有 {len(self.notices)} 条提示"
        return text

    def lines(self) -> list[str]:
        """The report as the user reads it: problems first, then notices, then the summary."""
        out = [str(f) for f in self.problems] + [str(f) for f in self.notices]
        if self.records_checked:
            checked = "，".join(o.checked for o in self.outcomes if o.checked)
            out.append(f"已检查 {checked}。" if checked else "已检查数据库文件。")
        else:
            out.append("数据库文件已损坏，台账记录的一致性检查未能进行。请从备份恢复。")
        out.append(self.summary())
        return out


# ------------------------------------------------------------------------------------------------
# 1 and 2: SQLite's own checks


def sqlite_checks(conn: Connection) -> list[Finding]:
    """integrity_check and foreign_key_check on the connection's database."""
    findings: list[Finding] = []
    rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
    if rows != ["ok"]:
        findings += [Finding("integrity", f"数据库文件结构损坏：{line}") for line in rows]
        return findings  # foreign keys and records are not worth reading in a broken file
    for table, rowid, parent, _fkid in conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall():
        findings.append(_foreign_key_finding(conn, table, rowid, parent))
    return findings


def _foreign_key_finding(conn: Connection, table: str, rowid: int, parent: str) -> Finding:
    if table == "member" and parent == "party_group":
        name, group_id = conn.exec_driver_sql(
            "SELECT name, party_group_id FROM member WHERE rowid = ?", (rowid,)).one()
        return Finding("foreign_key", f"党员 {name}（编号 {rowid}）：所在党小组（编号 {group_id}）不存在",
                       member_id=rowid)
    if table == "member_event" and parent == "member":
        kind, day, member_id = conn.exec_driver_sql(
            "SELECT kind, event_date, member_id FROM member_event WHERE rowid = ?", (rowid,)).one()
        return Finding("foreign_key", f"变更记录（编号 {rowid}，{day} {kind_label(kind)}）所属的党员"
                                      f"（编号 {member_id}）不存在")
    return Finding("foreign_key", f"表 {table} 的第 {rowid} 行引用了表 {parent} 中不存在的记录")


# ------------------------------------------------------------------------------------------------
# Running everything


def check_engine(engine: Engine, today: date | None = None, data_dir: Path | None = None) -> CheckReport:
    """All checks on one snapshot of the database behind `engine` (read-only: nothing is written)."""
    report = CheckReport()
    with Session(engine) as session:
        conn = session.connection()
        conn.exec_driver_sql("BEGIN")  # one read transaction: every check sees the same data
        try:
            try:
                report.findings += sqlite_checks(conn)
            except DBAPIError as exc:  # not a database at all, or too broken to walk
                report.findings.append(Finding("integrity", f"数据库文件无法读取：{_reason(exc)}"))
            if any(f.check == "integrity" for f in report.findings):
                report.records_checked = False
                return report
            ctx = Context(session=session, today=today or date.today(), data_dir=data_dir)
            for area in registry.areas():
                for path in area.checks:
                    outcome = registry.resolve(path)(ctx)
                    if isinstance(outcome, list):
                        outcome = CheckOutcome(outcome)
                    report.outcomes.append(outcome)
                    report.findings += outcome.findings
        finally:
            session.rollback()
    return report


def _reason(exc: DBAPIError) -> str:
    return str(exc.orig) if exc.orig is not None else str(exc)
__all__ = ["NOTICE", "PROBLEM", "CheckReport", "Finding", "check_engine", "sqlite_checks"]
