"""The roster's consistency rules, run by `branch-ledger check` (registered in app.areas.roster).

Chosen so that a finding always means something is wrong and never depends on how the record was entered:
- every member satisfies the rules the entry dialog enforces (member_validation's blocking issues:
  ID number and its check digit, sex and birth date agreeing with it, 预备党员 without and 正式党员
  with a 转为正式党员日期, duplicate ID numbers …);
- the roster state (在册 / 已转出 / 已出党 / 已去世) and the leaving date are what the member's change
  events give when replayed in the order they were recorded: only events move a member off or back
  onto the roster (member_events.EVENT_KINDS), so any difference was made behind the app's back;
- a member with a 预备党员转正 event is a 正式党员 with that 转正 date;
- event kinds are ones the application knows.
One check is a notice (提示), not a problem: the audit trail shows 人员类别 changed from 预备党员 to
正式党员 more often than there are 转正 events. That is how a 转正 entered by editing the form looks,
but it is also how correcting a mistyped category looks, so the user decides.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.kit.context import Context
from app.kit.findings import NOTICE, CheckOutcome, Finding
from app.kit.idcard import IdNumberError, parse_id_number
from app.models import AuditEntry, Member, MemberEvent
from app.services.common.settings import get_setting
from app.services.roster import vocab
from app.services.roster.member_events import BECOME_FULL, EVENT_KINDS, kind_label, roster_move
from app.services.roster.member_validation import validate_member
from app.services.roster.members import member_values


def roster_checks(ctx: Context) -> CheckOutcome:
    findings, members, events = record_checks(ctx.session, ctx.today)
    # every row of the table, voided ones too: the backup summary counts the same rows (issue 8 §4)
    voided = ctx.session.scalar(select(func.count()).select_from(MemberEvent)
                                .where(MemberEvent.voided_at.is_not(None))) or 0
    total = events + voided
    checked = f"{members} 名党员、{total} 条变更记录" + (f"（其中已撤销 {voided} 条）" if voided else "")
    return CheckOutcome(findings, counts={"member": members, "member_event": total}, checked=checked)


def _who(member: Member) -> str:
    return f"党员 {member.name or '（无姓名）'}（编号 {member.id}）"


def record_checks(session: Session, today: date | None = None) -> tuple[list[Finding], int, int]:
    """The ledger's consistency rules. Returns (findings, members checked, events checked)."""
    members = list(session.scalars(select(Member).order_by(Member.id)).unique())
    events: dict[int, list[MemberEvent]] = defaultdict(list)  # standing events: voided ones changed nothing
    conversions: dict[int, int] = defaultdict(int)  # 转正 events ever recorded, voided too (each raised the category)
    n_events = 0
    for ev in session.scalars(select(MemberEvent).order_by(MemberEvent.id)):
        conversions[ev.member_id] += ev.kind == BECOME_FULL
        if ev.voided_at is None:
            events[ev.member_id].append(ev)
            n_events += 1
    category_raises = _category_raises(session)
    probation = get_setting(session, "roster.probation_months")
    min_age = get_setting(session, "roster.min_admission_age")

    findings: list[Finding] = []
    for m in members:
        recorded = events.get(m.id, [])  # in the order they were recorded (id order)
        findings += _member_rule_findings(session, m, probation, min_age, today)
        findings += _event_kind_findings(m, recorded)
        findings += _roster_state_findings(m, recorded)
        findings += _full_member_findings(m, recorded)
        if category_raises.get(m.id, 0) > conversions[m.id] and m.category == vocab.CATEGORY_FULL:
            findings.append(Finding(
                "category_history",
                f"{_who(m)}：人员类别曾由预备党员直接改为正式党员，但没有“预备党员转正”变更记录"
                f"（如属转正，请补登记转正；如属更正录入错误，可忽略）",
                member_id=m.id, severity=NOTICE))
    return findings, len(members), n_events


def _member_rule_findings(
    session: Session, m: Member, probation: int, min_age: int, today: date | None
) -> list[Finding]:
    values = member_values(m)
    issues = validate_member(session, values, member_id=m.id, probation_months=probation,
                             min_admission_age=min_age, today=today)
    findings = [Finding("member_rules", f"{_who(m)}：{i.message}", member_id=m.id)
                for i in issues if i.blocking]
    if m.id_number:
        try:
            normal = parse_id_number(m.id_number).number
        except IdNumberError:
            normal = m.id_number  # already reported by the rules above
        if normal != m.id_number:
            findings.append(Finding("member_rules", f"{_who(m)}：公民身份号码未按18位规范保存"
                                                    f"（应为 {normal}）", member_id=m.id))
    return findings


def _event_kind_findings(m: Member, recorded: list[MemberEvent]) -> list[Finding]:
    return [Finding("event_kind", f"{_who(m)}：变更记录（编号 {ev.id}，{ev.event_date}）的类型“{ev.kind}”"
                                  f"不是本软件认识的变更类型", member_id=m.id)
            for ev in recorded if ev.kind not in EVENT_KINDS]


def _roster_state_findings(m: Member, recorded: list[MemberEvent]) -> list[Finding]:
    """Replay the events that move a member on and off the roster; compare with what is stored."""
    state, left, last = vocab.ROSTER_ACTIVE, None, None
    for ev in recorded:
        if (move := roster_move(ev.kind, ev.event_date)) is not None:
            (state, left), last = move, ev
    if m.roster_state not in vocab.ROSTER_STATES:
        return [Finding("roster_state", f"{_who(m)}：在册状态“{m.roster_state}”不是有效的状态", member_id=m.id)]
    if m.roster_state != state:
        if last is None:
            leaving = "".join(f"“{k.label}”" for k in EVENT_KINDS.values() if k.leaves_roster)
            why = f"但没有任何使其离开的变更记录（如{leaving}）"
        elif state == vocab.ROSTER_ACTIVE:
            why = f"但最后一条相关变更记录是 {last.event_date} 的“{kind_label(last.kind)}”，按记录应为在册"
        else:
            why = f"但最后一条相关变更记录是 {last.event_date} 的“{kind_label(last.kind)}”，按记录应为“{state}”"
        return [Finding("roster_state", f"{_who(m)}：登记为“{m.roster_state}”，{why}", member_id=m.id)]
    if state == vocab.ROSTER_ACTIVE and m.left_date is not None:
        return [Finding("roster_state", f"{_who(m)}：在册党员却有离开日期 {m.left_date}", member_id=m.id)]
    if state != vocab.ROSTER_ACTIVE and m.left_date != left:
        return [Finding("roster_state", f"{_who(m)}：离开日期为 {m.left_date or '空'}，与 {left} 的"
                                        f"“{kind_label(last.kind)}”变更记录不一致", member_id=m.id)]
    return []


def _full_member_findings(m: Member, recorded: list[MemberEvent]) -> list[Finding]:
    conversions = [ev for ev in recorded if ev.kind == BECOME_FULL]
    if not conversions:
        return []
    last = conversions[-1]
    if m.category != vocab.CATEGORY_FULL:
        return [Finding("full_member", f"{_who(m)}：有 {last.event_date} 的“{kind_label(BECOME_FULL)}”变更记录，"
                                       f"但人员类别为“{m.category}”", member_id=m.id)]
    if m.full_member_date != last.event_date:
        return [Finding("full_member", f"{_who(m)}：转为正式党员日期为 {m.full_member_date or '空'}，"
                                       f"与“{kind_label(BECOME_FULL)}”变更记录的日期 {last.event_date} 不一致",
                        member_id=m.id)]
    return []


def _category_raises(session: Session) -> dict[int, int]:
    """Per member: how often the audit trail saw 人员类别 go from 预备党员 to 正式党员."""
    rows = session.execute(
        select(AuditEntry.row_id).where(
            AuditEntry.table_name == Member.__tablename__, AuditEntry.action == "update",
            AuditEntry.field == "category", AuditEntry.old_value == vocab.CATEGORY_PROBATIONARY,
            AuditEntry.new_value == vocab.CATEGORY_FULL))
    counts: dict[int, int] = defaultdict(int)
    for (row_id,) in rows:
        counts[row_id] += 1
    return counts
