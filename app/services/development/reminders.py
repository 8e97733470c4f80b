"""What is due or overdue in 发展党员 (the registry's reminder protocol), read from each person's timeline.

谈话 owed, half-yearly assessments owed, 积极分子 eligible to become 发展对象, 公示 ending, approvals
pending past their limit, 预备期 ending with the 转正 not yet discussed.
"""

from __future__ import annotations

from datetime import timedelta

from app.kit.context import Context
from app.kit.reminders import Reminder
from app.services.development import steps as S
from app.services.development.people import list_people
from app.services.development.rules import load_rules
from app.services.development.timeline import DUE, OPEN, OVERDUE, WAITING, timeline

AREA = "development"
# the steps whose pending state is worth a reminder
_REMINDED = {S.TALK, S.ASSESSMENT, S.CANDIDATE, S.PRE_REVIEW, S.ADMISSION_APPROVED, S.CONVERSION_REQUEST,
             S.BRANCH_CONVERSION, S.CONVERSION_APPROVED}


def development_reminders(ctx: Context) -> list[Reminder]:
    horizon = ctx.today + timedelta(days=ctx.days)
    found: list[Reminder] = []
    rules = load_rules(ctx.session)
    for person in list_people(ctx.session, include_left=False):
        for item in timeline(ctx.session, person, ctx.today, rules):
            if item.step.code not in _REMINDED or item.day is None or item.state not in (DUE, OVERDUE, WAITING, OPEN):
                continue
            due = item.day
            if item.step.code == S.PRE_REVIEW and item.state == WAITING:
                due -= timedelta(days=1)  # waiting for the day after the 公示 ends: remind of its end
            if due > horizon:
                continue
            if item.state in (WAITING, OPEN):
                severity, text = "info", f"{person.name}：{item.text}"
            elif item.state == OVERDUE:
                severity = "overdue"
                text = f"{person.name}：“{item.step.title}”已逾期，应于 {due:%Y-%m-%d} 前办理（{item.text}）"
            else:
                severity = "due"
                text = f"{person.name}：“{item.step.title}”应于 {due:%Y-%m-%d} 前办理（{item.text}）"
            found.append(Reminder(due=due, area=AREA, text=text, severity=severity,
                                  member_id=person.member_id, record=f"dev_person:{person.id}",
                                  target=f"{AREA}:dev_person:{person.id}",
                                  key=f"{AREA}:{item.step.code}:{person.id}:{due:%Y-%m-%d}"))
    return sorted(found, key=lambda r: (r.due, r.text))

