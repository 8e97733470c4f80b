"""Snoozing a reminder: a reason and a date are required, the snooze holds the reminder back until its day,
ending it early keeps the record, and `branch-ledger due` says how many are put aside."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app import cli
from app.kit.context import Context
from app.kit.errors import UserError
from app.kit.reminders import Reminder, collect
from app.models.reminder import ReminderSnooze
from app.services.common.snoozes import active_snoozes, end_snooze, snooze, split_snoozed
from app.services.demo.sample_branch import create_demo_branch

TODAY = date(2026, 12, 1)
REMINDER = Reminder(date(2026, 11, 30), "dues", "冯德明已连续 9 个月未交纳党费。", severity="urgent", key="dues:arrears:7:2026-03")


def test_a_reason_and_a_sensible_date_are_required(db):
    with db.transaction() as s:
        with pytest.raises(UserError, match="请填写暂缓原因") as no_reason:
            snooze(s, REMINDER, date(2026, 12, 20), "   ", today=TODAY)
        assert no_reason.value.field == "reason"
        with pytest.raises(UserError, match="早于今天"):
            snooze(s, REMINDER, date(2026, 11, 30), "已谈话", today=TODAY)
        with pytest.raises(UserError, match="暂缓最长一年"):
            snooze(s, REMINDER, date(2028, 1, 1), "已谈话", today=TODAY)
        with pytest.raises(UserError, match="请选择暂缓到哪一天"):
            snooze(s, REMINDER, None, "已谈话", today=TODAY)
    with db.session() as s:
        assert s.scalars(select(ReminderSnooze)).all() == []


def test_a_snooze_holds_the_reminder_back_until_its_day_inclusive(db):
    other = Reminder(date(2026, 12, 31), "meetings", "12月的主题党日尚未开展", key="meetings.calendar.theme_day..2026-12-01")
    with db.transaction() as s:
        made = snooze(s, REMINDER, date(2026, 12, 20), "已电话联系，本人12月补交", today=TODAY)
    with db.session() as s:
        shown, held = split_snoozed([REMINDER, other], active_snoozes(s, TODAY))
        assert shown == [other]
        assert [(r.text, i.reason, i.until) for r, i in held] == [
            (REMINDER.text, "已电话联系，本人12月补交", date(2026, 12, 20))]
        assert [i.id for i in active_snoozes(s, date(2026, 12, 20))] == [made.id]
        assert active_snoozes(s, date(2026, 12, 21)) == []  # the day after: the reminder is back
    with db.transaction() as s, pytest.raises(UserError, match="已暂缓至 2026-12-20"):
        snooze(s, REMINDER, date(2026, 12, 25), "再等等", today=TODAY)


def test_ending_a_snooze_early_shows_the_reminder_again_and_keeps_the_record(db):
    with db.transaction() as s:
        made = snooze(s, REMINDER, date(2026, 12, 20), "已谈话", today=TODAY)
    with db.transaction() as s:
        end_snooze(s, made.id)
    with db.session() as s:
        assert split_snoozed([REMINDER], active_snoozes(s, TODAY)) == ([REMINDER], [])
        row = s.get(ReminderSnooze, made.id)
        assert row.ended_at is not None and row.reason == "已谈话" and row.text == REMINDER.text
    with db.transaction() as s, pytest.raises(UserError, match="已于 .* 结束"):
        end_snooze(s, made.id)


def test_every_reminder_of_the_sample_branch_has_a_stable_unique_key_and_a_target(db):
    with db.transaction() as s:
        create_demo_branch(s, TODAY)
    with db.session() as s:
        found = collect(Context(s, TODAY, 60, None))
        again = collect(Context(s, TODAY, 60, None))
    keys = [r.key for r in found]
    assert all(keys) and len(set(keys)) == len(keys)
    assert keys == [r.key for r in again]
    # every area that has records to open names one: a target is "area" or "area:kind:id"
    for r in found:
        assert r.open_target.split(":")[0] == r.area
    assert {r.open_target.split(":")[1] for r in found if ":" in r.open_target} >= {
        "member", "dev_person", "arrears", "remittance", "calendar", "attendance", "committee_term",
        "appraisal_round"}


def test_due_says_how_many_are_snoozed(db, data_dir, capsys):
    with db.transaction() as s:
        create_demo_branch(s, TODAY)
    with db.session() as s:
        first = collect(Context(s, TODAY, 60, data_dir))[0]
    with db.transaction() as s:
        snooze(s, first, date(2026, 12, 15), "已安排补开", today=TODAY)
    db.dispose()
    assert cli.main(["due", "--data-dir", str(data_dir), "--date", "2026-12-01", "--days", "60"]) == 0
    out = capsys.readouterr().out
    assert first.text not in out
    assert "另有已暂缓 1 项未列出（最早 2026-12-15 到期恢复" in out
