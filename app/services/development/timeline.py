"""A person's steps as a timeline: done (with date), due (with the date it is due), not yet possible,
and every rule a recorded date breaks under the current rules, with its source.

The timeline is also what the reminders and checks read, so the page, `branch-ledger due` and
`branch-ledger check` never disagree about what is owed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from app.kit.dates import format_date
from app.models import Member
from app.models.development import DevPerson, DevStep
from app.services.development import rules as R
from app.services.development import steps as S
from app.services.development.describe import describe
from app.services.development.people import DevelopmentError, entries, first, last, linked_member
from app.services.development.recording import (
    ROUND_STEPS,
    _predecessor,
    converted,
    detail_date,
    next_seq,
    rule_checks,
)
from app.services.development.taking_in import FIRST_TRACKED, taken_in

DONE, DUE, OVERDUE, OPEN, WAITING, LATER = "done", "due", "overdue", "open", "waiting", "later"
STATE_LABELS = {DONE: "已完成", DUE: "待办", OVERDUE: "已逾期", OPEN: "可以办理", WAITING: "尚不能办理",
                LATER: "尚未到此步"}


@dataclass(frozen=True)
class TimelineItem:
    step: S.Step
    state: str  # a STATE_LABELS key
    day: date | None  # done: its date; due/overdue: when it is due; waiting: the earliest date
    text: str = ""  # done: the details in words; otherwise what is owed, one Chinese clause
    problems: tuple[str, ...] = ()  # rules the recorded date breaks, each with its source
    override: str = ""  # the recorded reason for an exception
    entry_id: int | None = None

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def when(self) -> str:
        """The date column of the timeline, in words."""
        if self.state == DONE:
            return format_date(self.day)
        if self.day is None:
            return ""
        if self.state in (WAITING, OPEN):
            return f"{format_date(self.day)} 起"
        return f"应于 {format_date(self.day)} 前"


def recorded_problems(person: DevPerson, member: Member | None, entry: DevStep, rules: R.RuleValues) -> list[str]:
    spec = S.step(entry.step)
    try:
        found = rule_checks(person, member, spec, entry.seq, entry.step_date, entry.details, rules)
    except DevelopmentError:  # a later step changed what the check reads (e.g. the extension it decided)
        return []
    return [v.message for v in found]


def timeline(session: Session, person: DevPerson, today: date, rules: R.RuleValues | None = None
             ) -> list[TimelineItem]:
    """The person's 25 steps in order; `rules` saves reading the settings again when listing many people."""
    rules = rules or R.load_rules(session)
    member = linked_member(session, person)
    items: list[TimelineItem] = []
    for spec in S.STEPS:
        for entry in entries(person, spec.code):
            items.append(TimelineItem(spec, DONE, entry.step_date, describe(entry),
                                      tuple(recorded_problems(person, member, entry, rules)),
                                      entry.override_reason, entry.id))
        pending = pending_item(person, member, spec, rules, today)
        if pending is not None:
            items.append(pending)
    return items


def pending_item(person: DevPerson, member: Member | None, spec: S.Step, rules: R.RuleValues, today: date
                 ) -> TimelineItem | None:
    """What is owed for a step not (or not again) recorded: due, overdue, open, waiting or later."""
    if person.status not in (S.ACTIVE, S.ADMITTED):
        return None  # a person who left owes nothing
    if spec.code == S.ASSESSMENT and first(person, S.BRANCH_ADMISSION):
        return None
    if spec.code == S.PROBATION_EDUCATION and converted(person):
        return None
    if spec.code in ROUND_STEPS and converted(person):
        return None
    if spec.number < FIRST_TRACKED and taken_in(person):
        return None  # done before the ledger: not asked for
    try:
        seq = next_seq(person, spec)
    except DevelopmentError:
        return None  # recorded, nothing more to do
    if spec.code == S.PROBATION_EDUCATION and seq > 1:
        return TimelineItem(spec, OPEN, None, "可继续登记考察情况")
    try:
        if spec.number >= 18 and person.status != S.ADMITTED:
            raise DevelopmentError("not yet")
        _predecessor(person, spec, seq)
    except DevelopmentError:
        return TimelineItem(spec, LATER, None)
    due, text, earliest = _deadline(person, member, spec, seq, rules)
    if earliest is not None and today < earliest:
        return TimelineItem(spec, WAITING, earliest, text)
    if due is None:
        return TimelineItem(spec, OPEN, earliest, text)
    return TimelineItem(spec, OVERDUE if due < today else DUE, due, text)


def _deadline(person: DevPerson, member: Member | None, spec: S.Step, seq: int, rules: R.RuleValues
              ) -> tuple[date | None, str, date | None]:
    """(due date, what is owed in words, earliest date) of a pending step."""
    code = spec.code
    if code == S.TALK:
        applied = first(person, S.APPLICATION).step_date
        return R.talk_due(rules, applied), f"入党申请书递交于 {format_date(applied)}", None
    if code == S.ASSESSMENT:
        previous = last(person, S.ASSESSMENT)
        base = previous.step_date if previous else first(person, S.ACTIVIST).step_date
        what = "上次考察" if previous else "确定为入党积极分子"
        return R.assessment_due(rules, base), f"{what}于 {format_date(base)}，每半年考察一次", None
    if code == S.CANDIDATE:
        named = first(person, S.ACTIVIST).step_date
        earliest = R.candidate_earliest(rules, named)
        return None, f"入党积极分子培养考察满{rules.activist_min_months}个月（{format_date(earliest)}），可确定为发展对象", \
            earliest
    if code == S.PRE_REVIEW:
        end = detail_date(first(person, S.COMMITTEE_REVIEW), "publicity_end")
        if end is not None:
            return None, f"发展对象公示至 {format_date(end)} 结束，之后报上级党委预审", end + timedelta(days=1)
    if code == S.ADMISSION_APPROVED:
        meeting = first(person, S.BRANCH_ADMISSION).step_date
        return R.approval_due(rules, meeting), f"上级党委审批（支部大会于 {format_date(meeting)} 讨论接收）", None
    if member is not None and member.joined_date and code in ROUND_STEPS:
        end = R.probation_end(rules, member.joined_date, member.probation_extended_months)
        if code == S.CONVERSION_APPROVED:
            return (R.conversion_approval_due(rules, end), f"上级党委审批转正（预备期 {format_date(end)} 期满）", end)
        what = "提出转正申请" if code == S.CONVERSION_REQUEST else "支部大会讨论转正"
        return end, f"预备期于 {format_date(end)} 期满，{what}", None
    return None, "", None

