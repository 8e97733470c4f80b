"""民主评议: the yearly 民主评议党员 round, its tally and grades, the follow-up, and its four documents."""

from app.kit.registry import Area, CountLabel, register
from app.services.appraisal.settings_spec import SETTINGS

AREA = register(Area(
    key="appraisal",
    title="民主评议",
    order=50,
    plans="年度民主评议党员：测评票统计、评定等次、登记表与统计表。",
    checks=("app.services.appraisal.checks:appraisal_checks",),
    reminders=("app.services.appraisal.reminders:appraisal_reminders",),
    audited=("appraisal_round", "appraisal_step", "appraisal_participant", "appraisal_follow_up",
             "appraisal_note"),
    counts=(CountLabel("appraisal_round", "民主评议", "次"), CountLabel("appraisal_participant", "评议记录", "条"),
            CountLabel("appraisal_ballot", "测评票", "张"), CountLabel("appraisal_follow_up", "评议后处理", "条"),
            CountLabel("appraisal_note", "自查与初评记录", "条")),
    quiet_tables=("appraisal_step", "appraisal_round_log", "appraisal_ballot_mark"),
    settings=SETTINGS,
    models="app.models.appraisal",
))
