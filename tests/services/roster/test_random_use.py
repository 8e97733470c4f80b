"""Random but seeded use of the roster services: any input either saves or is refused with a Chinese
message (never another exception), and afterwards `check` finds the ledger consistent."""

from __future__ import annotations

import random
import string
from datetime import date

from app.kit.idcard import make_id_number
from app.models import Member
from app.services.common.integrity import check_engine
from app.services.roster.fields import GROUP, MEMBER_FIELDS
from app.services.roster.member_events import EVENT_KINDS, EventError, record_event, void_event
from app.services.roster.member_validation import MemberValidationError
from app.services.roster.members import save_member

ALPHABET = string.printable + "张三丰堃𠀀😀\u200b\x00\t\n－１２３ｘＸ"


def test_random_entries_events_and_voids_keep_the_ledger_consistent(branch_db):
    rng = random.Random(20261122)

    def text(n: int = 25) -> str:
        return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, n)))

    def day() -> date | None:
        return rng.choice([None, date(rng.randint(1900, 2030), rng.randint(1, 12), rng.randint(1, 28))])

    makers = {"date": day, "bool": lambda: rng.random() < 0.5, GROUP: lambda: rng.choice([None, 1, 99])}
    saved = refused = 0
    for _ in range(250):
        values = {"name": "张" + text(3), "category": "正式党员", "joined_date": date(2010, 1, 1),
                  "full_member_date": date(2011, 1, 1),
                  "id_number": make_id_number("110105", date(rng.randint(1950, 1990), 1, 1), rng.randint(1, 999))}
        for _ in range(rng.randint(1, 3)):
            field = rng.choice(MEMBER_FIELDS)
            values[field.key] = makers.get(field.kind, text)()
        try:
            with branch_db.transaction() as s:
                member_id = save_member(s, values).id
        except MemberValidationError as exc:
            assert exc.issues and all(issue.message for issue in exc.issues)
            refused += 1
            continue
        saved += 1
        for _ in range(4):
            kind = rng.choice(list(EVENT_KINDS))
            details = {d.key: rng.choice(d.choices) if d.choices and rng.random() < 0.8 else text(8)
                       for d in EVENT_KINDS[kind].details}
            try:
                with branch_db.transaction() as s:
                    record_event(s, member_id, kind, rng.choice([date(2026, 1, 1), date(2012, 5, 5)]), details)
            except EventError as exc:
                assert str(exc)
            if rng.random() < 0.3:
                with branch_db.session() as s:
                    standing = s.get(Member, member_id).current_events
                if standing:
                    try:
                        with branch_db.transaction() as s:
                            void_event(s, standing[-1].id, text(5) or "误登记")
                    except EventError as exc:
                        assert str(exc)
    assert saved > 50 and refused > 20  # both paths were exercised
    report = check_engine(branch_db.engine)
    assert report.problems == [], report.lines()
