"""The sample branch's dues: a year with the exceptions the issue lists, consistent by the checks."""

from datetime import date

import pytest
from sqlalchemy import func, select

from app.kit.context import Context
from app.models.dues import DuesMonth, DuesOverride, DuesRemittance
from app.services.demo.sample_branch import create_demo_branch
from app.services.dues import vocab
from app.services.dues.checks import dues_checks
from app.services.dues.collection import year_grid
from app.services.dues.reminders import dues_reminders

TODAY = date(2026, 12, 1)


@pytest.fixture
def demo_db(db):
    with db.transaction() as s:
        create_demo_branch(s, TODAY)
    return db


def test_the_sample_year_has_the_issues_exceptions(demo_db):
    with demo_db.session() as s:
        rows = list(s.scalars(select(DuesMonth)))
        kinds = {r.pay_kind for r in rows}
        assert {vocab.PAY_MONTHLY, vocab.PAY_ADVANCE, vocab.PAY_BACK} <= kinds
        assert any(r.payer for r in rows) and any(r.state == vocab.DEFERRED for r in rows)
        assert {r.category for r in rows} >= {vocab.EMPLOYED, vocab.RETIRED, vocab.STUDENT}
        assert any(r.category == vocab.STUDENT and r.due_fen == 20 for r in rows)
        assert s.scalar(select(func.count()).select_from(DuesRemittance)) == 2
        assert s.scalar(select(func.count()).select_from(DuesOverride)) == 1
        grid = year_grid(s, 2026)
        late_starters = [g for g in grid if g.roster_category == "预备党员" and not g.cells[0].owes]
        assert late_starters  # a 预备党员 admitted during the year owes from the month of admission
        reminders = dues_reminders(Context(s, TODAY))
        texts = [r.text for r in reminders]
        assert any("连续 3 个月" in t for t in texts)
        assert any("第三季度" in t and "尚未登记上缴" in t for t in texts)
        problems = [f for f in dues_checks(Context(s, TODAY)) if f.severity == "问题"]
        assert problems == []
