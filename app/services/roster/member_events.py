"""党员情况变更: the change events and how each one moves the member's state (domain.md §1).

EVENT_KINDS is the one table of event kinds: their detail fields, when they apply, and their effect.
Recording an event and applying its effect happen in the caller's one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

from sqlalchemy.orm import Session

from app.kit.dates import format_date
from app.kit.errors import UserError
from app.kit.fields import CHOICE, DATE, MONTH, FieldSpec, parse_field
from app.models import Member, MemberEvent
from app.models.base import now
from app.services.roster import vocab
from app.services.roster.fields import field_label

# Every member field an event may change (roster_move or an EventKind.effect). Recording an event keeps
# their values from just before it, which is what voiding the event puts back.
STATE_FIELDS = ("roster_state", "left_date", "category", "full_member_date", "probation_extended_months",
                "standing", "is_lost_contact", "lost_contact_date", "is_mobile", "mobile_destination")
_DATE_FIELDS = {"left_date", "full_member_date", "lost_contact_date"}
_STATE_LABELS = {"roster_state": "在册状态", "left_date": "离开日期", "probation_extended_months": "延长预备期（月）"}


@dataclass(frozen=True)
class EventDetail(FieldSpec):
    """One kind-specific item of an event: `key` is what MemberEvent.details stores, `label` what is shown;
    its kind (text, date, month, choice), required-ness and choices are checked by app.kit.fields."""

    max_length: int | None = field(default=200, kw_only=True)  # text: what the dialog's line edit takes


@dataclass(frozen=True)
class EventKind:
    key: str  # the stable code stored in MemberEvent.kind
    label: str  # Chinese, as lists, dialogs and printed registers show it
    details: tuple[EventDetail, ...]
    applies: Callable[[Member], str | None]  # None if the event may be recorded, else why not (Chinese)
    effect: Callable[[Member, date, dict], None] | None = None  # what it changes besides the roster state
    roster_state: str | None = None  # where it puts the member (在册 or a leaving state); None: no move
    by_hand: bool = True  # recorded in the 登记变更 dialog; False: recorded by the application (导入)

    @property
    def leaves_roster(self) -> bool:
        return self.roster_state not in (None, vocab.ROSTER_ACTIVE)


def _require_active(m: Member) -> str | None:
    return None if m.roster_state == vocab.ROSTER_ACTIVE else f"{m.name}已不在册（{m.roster_state}）"


def _all(*checks: Callable[[Member], str | None]) -> Callable[[Member], str | None]:
    def check(m: Member) -> str | None:
        for c in checks:
            reason = c(m)
            if reason:
                return reason
        return None
    return check


def _when(condition: Callable[[Member], bool], reason: str) -> Callable[[Member], str | None]:
    return lambda m: None if condition(m) else reason.format(name=m.name)


def _become_full(m: Member, day: date, _d: dict) -> None:
    m.category = vocab.CATEGORY_FULL
    m.full_member_date = day


def _extend(m: Member, _day: date, d: dict) -> None:
    m.probation_extended_months += int(d.get("extension_months") or 0)


def _set(**attrs: object) -> Callable[[Member, date, dict], None]:
    """Set attributes; the value `date` (the class itself) stands for the event's own date."""

    def effect(m: Member, day: date, d: dict) -> None:
        for key, value in attrs.items():
            setattr(m, key, day if value is date else value)
    return effect


def _go_mobile(m: Member, _day: date, d: dict) -> None:
    m.is_mobile = True
    m.mobile_destination = d.get("destination", "")


_LETTER_NO = EventDetail("letter_no", "介绍信编号")
_DUES_PAID_TO = EventDetail("dues_paid_to_month", "党费缴纳至年月", MONTH)
_REASON = EventDetail("reason", "原因")
_APPROVED_BY = EventDetail("approved_by", "批准机关")
_is_probationary = _when(lambda m: m.category == vocab.CATEGORY_PROBATIONARY, "{name}不是预备党员")

TRANSFER_IN = "transfer_in"
TRANSFER_OUT = "transfer_out"
BECOME_FULL = "become_full"
EXTEND_PROBATION = "extend_probation"
SUSPEND = "suspend"
RESTORE = "restore"
LEAVE_PARTY = "leave_party"
DEATH = "death"
LOST_CONTACT = "lost_contact"
CONTACT_RESTORED = "contact_restored"
GO_MOBILE = "go_mobile"
RETURN_MOBILE = "return_mobile"
IMPORTED = "imported"  # the member came onto the roster by importing a spreadsheet

# The one table of event kinds, in the order lists and summaries show them. MemberEvent.kind stores the
# key and MemberEvent.details the detail keys; a label may be reworded here without touching the data.
_KINDS = (
    EventKind(
        TRANSFER_IN, "组织关系转入",
        (EventDetail("from_org", "转出单位", required=True), _LETTER_NO, _DUES_PAID_TO),
        _when(lambda m: m.roster_state != vocab.ROSTER_ACTIVE or not m.current_events, "{name}已在册"),
        roster_state=vocab.ROSTER_ACTIVE),
    EventKind(
        TRANSFER_OUT, "组织关系转出",
        (EventDetail("to_org", "转入单位", required=True), _LETTER_NO, _DUES_PAID_TO),
        _require_active, roster_state=vocab.ROSTER_TRANSFERRED_OUT),
    EventKind(
        BECOME_FULL, "预备党员转正",
        (EventDetail("branch_meeting_date", "支部大会日期", DATE),
         EventDetail("approval_date", "上级党委审批日期", DATE)),
        _all(_require_active, _is_probationary), _become_full),
    EventKind(
        EXTEND_PROBATION, "延长预备期",
        (EventDetail("extension_months", "延长期限（月）", CHOICE, required=True,
                     choices=tuple(str(n) for n in range(6, 13))),
         _REASON),
        _all(_require_active, _is_probationary), _extend),
    EventKind(
        SUSPEND, "停止党籍", (_REASON, _APPROVED_BY),
        _all(_require_active, _when(lambda m: m.standing == vocab.STANDING_NORMAL, "{name}的党籍已停止")),
        _set(standing=vocab.STANDING_SUSPENDED)),
    EventKind(
        RESTORE, "恢复党籍", (_APPROVED_BY,),
        _when(lambda m: m.standing == vocab.STANDING_SUSPENDED, "{name}的党籍未被停止"),
        _set(standing=vocab.STANDING_NORMAL)),
    EventKind(
        LEAVE_PARTY, "出党",
        (EventDetail("exit_method", "方式", CHOICE, required=True, choices=tuple(vocab.EXIT_METHODS)),
         _APPROVED_BY),
        _require_active, roster_state=vocab.ROSTER_EXPELLED),
    EventKind(DEATH, "去世", (), _require_active, roster_state=vocab.ROSTER_DECEASED),
    EventKind(
        LOST_CONTACT, "失联", (_REASON,),
        _all(_require_active, _when(lambda m: not m.is_lost_contact, "{name}已登记为失联")),
        _set(is_lost_contact=True, lost_contact_date=date)),
    EventKind(
        CONTACT_RESTORED, "恢复联系", (),
        _when(lambda m: m.is_lost_contact, "{name}未登记为失联"),
        _set(is_lost_contact=False, lost_contact_date=None)),
    EventKind(
        GO_MOBILE, "外出流动",
        (EventDetail("destination", "外出流向", required=True), EventDetail("contact", "联系方式")),
        _all(_require_active, _when(lambda m: not m.is_mobile, "{name}已登记为流动党员")),
        _go_mobile),
    EventKind(
        RETURN_MOBILE, "返回", (),
        _when(lambda m: m.is_mobile, "{name}未登记为流动党员"),
        _set(is_mobile=False, mobile_destination="")),
    EventKind(
        IMPORTED, "导入",
        (EventDetail("source_file", "来源文件"), EventDetail("source_row", "来源行号")),
        _when(lambda m: not m.current_events, "{name}已有变更记录"), by_hand=False),
)
EVENT_KINDS: dict[str, EventKind] = {kind.key: kind for kind in _KINDS}


def suggested_kind(member: Member) -> str | None:
    """The kind the 登记变更 dialog starts on: the likeliest change that applies to this member — a
    departed member's 组织关系转入, a 预备党员's 转正, else a 组织关系转出 — or the first one that applies."""
    if member.roster_state != vocab.ROSTER_ACTIVE:
        likely = [TRANSFER_IN]
    elif member.category == vocab.CATEGORY_PROBATIONARY:
        likely = [BECOME_FULL, TRANSFER_OUT]
    else:
        likely = [TRANSFER_OUT]
    applicable = [key for key, spec in EVENT_KINDS.items() if spec.by_hand and spec.applies(member) is None]
    return next((key for key in likely if key in applicable), applicable[0] if applicable else None)


def latest_standing_event(session: Session, member_id: int) -> MemberEvent | None:
    """The event 撤销 would void: the member's latest one not voided (void_event says if it may be)."""
    from sqlalchemy import select

    return session.scalars(select(MemberEvent).where(MemberEvent.member_id == member_id,
                                                     MemberEvent.voided_at.is_(None))
                           .order_by(MemberEvent.id.desc())).first()


def kind_label(code: str) -> str:
    """The Chinese label of a stored kind; an unknown code (data from elsewhere) is shown as it is."""
    spec = EVENT_KINDS.get(code)
    return spec.label if spec else code


class EventError(UserError):
    """An event that cannot be recorded or voided; the message is Chinese and says why, `field` where."""


def roster_move(kind: str, day: date) -> tuple[str, date | None] | None:
    """Where an event of `kind` on `day` puts a member: (roster state, leaving date); None if nowhere.

    Recording an event applies this; `branch-ledger check` replays it to see whether the stored state agrees.
    """
    spec = EVENT_KINDS.get(kind)
    if spec is None or spec.roster_state is None:
        return None
    return spec.roster_state, (None if spec.roster_state == vocab.ROSTER_ACTIVE else day)


def applicable_kinds(member: Member) -> list[str]:
    return [key for key, kind in EVENT_KINDS.items() if kind.applies(member) is None]


def record_event(
    session: Session, member_id: int, kind: str, event_date: date, details: dict | None = None,
    note: str = "", today: date | None = None, flush: bool = True,
) -> MemberEvent:
    """Record an event and apply its effect on the member, both in the caller's transaction.

    flush=False leaves it pending for one flush of many (the importer's 导入 events).
    """
    member = session.get(Member, member_id)
    if member is None:
        raise EventError(f"找不到编号为 {member_id} 的党员")
    spec = EVENT_KINDS.get(kind)
    if spec is None:
        raise EventError(f"未知的变更类型“{kind}”", "kind")
    reason = spec.applies(member)
    if reason:
        raise EventError(f"不能登记“{spec.label}”：{reason}", "kind")
    before = snapshot_state(member)
    if event_date is None:
        raise EventError("“变更日期”不能为空", "event_date")
    if event_date > (today or date.today()):
        raise EventError("“变更日期”不能晚于今天", "event_date")
    if member.joined_date and event_date < member.joined_date and kind != TRANSFER_IN:
        raise EventError(f"“变更日期”不能早于{member.name}的入党日期 {member.joined_date:%Y-%m-%d}",
                         "event_date")
    given = details or {}
    unknown = set(given) - {d.key for d in spec.details}
    if unknown:
        raise EventError(f"“{spec.label}”没有这些项目：{'、'.join(sorted(unknown))}")
    clean: dict[str, object] = {}
    for d in spec.details:
        try:
            value = parse_field(d, given.get(d.key))
        except UserError as exc:
            raise EventError(f"登记“{spec.label}”：{exc.message}", exc.field) from None
        if value:
            clean[d.key] = format_date(value) if isinstance(value, date) else value
    event = MemberEvent(member=member, kind=kind, event_date=event_date, details=clean, note=note.strip(),
                        state_before=before)
    session.add(event)
    if (move := roster_move(kind, event_date)) is not None:
        member.roster_state, member.left_date = move
    if spec.effect is not None:
        spec.effect(member, event_date, event.details)
    if flush:
        session.flush()
    return event


def snapshot_state(member: Member) -> dict:
    values = {key: getattr(member, key) for key in STATE_FIELDS}
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}


def _from_snapshot(key: str, value: object) -> object:
    return date.fromisoformat(value) if key in _DATE_FIELDS and isinstance(value, str) and value else value


def _shown(value: object) -> str:
    if value is None or value == "":
        return "空"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _state_after(event: MemberEvent, before: dict) -> dict:
    """The member's state fields just after `event` was recorded, replayed from the state before it."""
    scratch = SimpleNamespace(**{key: _from_snapshot(key, value) for key, value in before.items()})
    if (move := roster_move(event.kind, event.event_date)) is not None:
        scratch.roster_state, scratch.left_date = move
    spec = EVENT_KINDS.get(event.kind)
    if spec is not None and spec.effect is not None:
        spec.effect(scratch, event.event_date, event.details or {})  # type: ignore[arg-type]
    return snapshot_state(scratch)  # type: ignore[arg-type]


def void_event(session: Session, event_id: int, reason: str) -> MemberEvent:
    """Void an event entered by mistake: the member's fields it changed go back to what they were before it.

    Only a member's latest standing event can be voided (each snapshot holds the state just before its
    own event). Fields the event did not change keep any later edit; if a field it did change was edited
    by hand since, the void is refused (it would throw that edit away). The event stays in the table,
    marked with when and why; the audit trail records both.
    """
    event = session.get(MemberEvent, event_id)
    if event is None:
        raise EventError(f"找不到编号为 {event_id} 的变更记录")
    member = event.member
    if event.voided_at is not None:
        raise EventError(f"这条“{kind_label(event.kind)}”已于 {event.voided_at:%Y-%m-%d} 撤销")
    reason = (reason or "").strip()
    if not reason:
        raise EventError("请填写撤销的原因，例如：误登记", "reason")
    if not EVENT_KINDS.get(event.kind, EVENT_KINDS[TRANSFER_IN]).by_hand:
        raise EventError(f"“{kind_label(event.kind)}”记录由导入功能登记；要撤销这次导入，请用花名册页“导入”菜单中的"
                         f"“撤销最近一次导入”。")
    latest = max(member.current_events, key=lambda e: e.id)
    if latest.id != event.id:
        raise EventError(f"只能撤销{member.name}最近登记的一条变更"
                         f"（{latest.event_date:%Y-%m-%d} {kind_label(latest.kind)}）；请先撤销它")
    if event.state_before is None:
        raise EventError("这条变更登记于旧版本，无法自动撤销；请在党员信息中手工更正，并在备注中说明原因")
    current = snapshot_state(member)
    before = {**current, **{k: v for k, v in event.state_before.items() if k in STATE_FIELDS}}
    after = _state_after(event, before)
    changed = [key for key in STATE_FIELDS if after[key] != before[key]]
    # Only what the event itself changed goes back; a field it changed that was edited by hand since would
    # lose that edit silently, so the void is refused and the user corrects the record by hand.
    edited = [key for key in changed if current[key] != after[key]]
    if edited:
        shown = "、".join(f"“{_STATE_LABELS.get(k) or field_label(k)}”（现为{_shown(current[k])}）" for k in edited)
        raise EventError(f"无法撤销“{kind_label(event.kind)}”：登记它之后，{member.name}的{shown}又在党员信息中改过，"
                         f"撤销会覆盖这些修改。请在党员信息中直接更正，并在备注中说明原因")
    for key in changed:
        setattr(member, key, _from_snapshot(key, before[key]))
    event.voided_at = now()
    event.void_reason = reason[:200]
    session.flush()
    return event


def list_events(session: Session, *, year: int | None = None) -> list[MemberEvent]:
    """Every standing change, oldest first (the 党员情况变更信息库), optionally of one calendar year.

    What the application recorded on its own (a member's 导入) is not a change of the member's situation.
    """
    from sqlalchemy import extract, select
    from sqlalchemy.orm import joinedload

    query = (select(MemberEvent).options(joinedload(MemberEvent.member)).where(MemberEvent.voided_at.is_(None))
             .where(MemberEvent.kind.in_([k.key for k in _KINDS if k.by_hand])))
    if year is not None:
        query = query.where(extract("year", MemberEvent.event_date) == year)
    return list(session.scalars(query.order_by(MemberEvent.event_date, MemberEvent.id)))


def event_years(session: Session) -> list[int]:
    """The calendar years that have recorded changes, newest first."""
    from sqlalchemy import select

    days = session.scalars(select(MemberEvent.event_date).where(MemberEvent.voided_at.is_(None)))
    return sorted({day.year for day in days}, reverse=True)


def describe_details(event: MemberEvent) -> str:
    """The kind-specific details as one line, in the kind's own order: 转入单位：某中学；介绍信编号：12.

    A key the kind does not declare (data from elsewhere) is shown as it is stored, after the known ones.
    """
    spec = EVENT_KINDS.get(event.kind)
    details = event.details or {}
    labels = {d.key: d.label for d in spec.details} if spec else {}
    keys = [k for k in labels if k in details] + [k for k in details if k not in labels]
    return "；".join(f"{labels.get(k, k)}：{details[k]}" for k in keys if details[k])
