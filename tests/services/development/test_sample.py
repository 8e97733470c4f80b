"""The 发展党员 part of the sample branch: the pipeline the issue describes, obeying every rule."""

from datetime import date

import pytest
from sqlalchemy import select

from app.kit.context import Context
from app.kit.findings import PROBLEM
from app.models import Member
from app.reports.development.stages import admitted_in, people_in_stage
from app.services.demo.sample_branch import create_demo_branch
from app.services.development import steps as S
from app.services.development.checks import development_checks
from app.services.development.people import list_people
from app.services.development.reminders import development_reminders
from app.services.development.taking_in import taken_in


@pytest.mark.parametrize("today", [date(2026, 12, 1), date(2024, 2, 29)])
def test_sample_pipeline(db, today):
    with db.transaction() as s:
        summary = create_demo_branch(s, today)  # the registry adds the 发展党员 part (Area.demo)
    assert "发展党员记录 12 人：入党申请人 3 人、入党积极分子 3 人、发展对象 2 人" in summary.text()
    with db.session() as s:
        assert len(people_in_stage(s, S.PHASE_APPLICANT)) == 3
        assert len(people_in_stage(s, S.PHASE_ACTIVIST)) == 3
        assert len(people_in_stage(s, S.PHASE_CANDIDATE)) == 2
        admitted = {p.name for year in range(today.year - 2, today.year + 1) for p in admitted_in(s, year)}
        taken = {p.name for p in list_people(s) if taken_in(p)}
        assert len(taken) == 1  # a 预备党员 of the roster taken in to track the 转正
        assert admitted - taken == {"沈一鸣", "郑思远", "蒋诗涵"} and admitted_in(s, today.year - 1)
        assert [p.status for p in list_people(s)].count(S.WITHDRAWN) == 1
        probationary = s.scalars(select(Member).where(Member.name == "蒋诗涵")).one()
        assert probationary.category == "预备党员"
        assert [f for f in development_checks(Context(s, today)) if f.severity == PROBLEM] == []
        texts = [r.text for r in development_reminders(Context(s, today, days=60))]
    assert any("许婉清" in t and "已逾期" in t for t in texts)  # one assessment overdue
    assert any("曹雨萱：发展对象公示至" in t for t in texts)  # one 发展对象 in 公示
    assert any("蒋诗涵" in t and "预备期于" in t for t in texts)  # probation ends within 60 days
    assert any("孙佳怡" in t and "第2步 党组织派人谈话" in t for t in texts)
