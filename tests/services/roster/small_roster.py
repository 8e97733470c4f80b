"""A small hand-built roster whose structure on DAY is known exactly (the statistics' reference data).

On DAY (2026-07-01) seven members are 在册: 周七 left before (转出 2026-03-01), 郑九 was admitted and 陈十
transferred in after it; 吴八 was still a 预备党员 then (转正 2026-09-01). On EARLY (2026-01-01) eight.
"""

from __future__ import annotations

from datetime import date
from itertools import count

from app.kit.idcard import make_id_number
from app.models import PartyGroup
from app.services.roster.member_events import record_event
from app.services.roster.members import save_member

DAY = date(2026, 7, 1)
EARLY = date(2026, 1, 1)
_seq = count(1)


def add(session, name, birth, sex, *, ethnicity="汉族", education="大学本科", category="正式党员",
        joined=None, full=None, group=None, **extra):
    seq = next(_seq) * 2 + (1 if sex == "男" else 0)
    group_id = session.query(PartyGroup.id).filter_by(name=group).scalar() if group else None
    return save_member(session, {
        "name": name, "id_number": make_id_number("110105", birth, seq % 1000), "ethnicity": ethnicity,
        "education": education, "category": category, "joined_date": joined, "full_member_date": full,
        "party_group_id": group_id, **extra})


def build_small_roster(db) -> None:
    """The ten members, in the branch_db fixture's database (three 党小组)."""
    with db.transaction() as s:
        add(s, "王一", date(1996, 7, 1), "男", joined=date(2020, 6, 1), full=date(2021, 6, 1), group="第一党小组")
        add(s, "李二", date(1996, 7, 2), "女", ethnicity="回族", education="研究生", category="预备党员",
            joined=date(2025, 12, 1), group="第一党小组")
        add(s, "张三", date(1995, 7, 1), "女", joined=date(2015, 7, 1), full=date(2016, 7, 1), group="第二党小组")
        add(s, "赵四", date(1970, 1, 15), "男", ethnicity="满族", education="大学专科",
            joined=date(1995, 1, 10), full=date(1996, 1, 10))
        add(s, "钱五", date(1960, 3, 1), "女", education="中专", joined=date(1980, 5, 1), full=date(1981, 5, 1),
            group="第二党小组")
        add(s, "孙六", date(1990, 1, 1), "男", education="", joined=date(2018, 7, 1), full=date(2021, 7, 2),
            group="第三党小组")
        gone = add(s, "周七", date(1980, 2, 2), "男", joined=date(2005, 1, 1), full=date(2006, 1, 1),
                   group="第三党小组")
        record_event(s, gone.id, "transfer_out", date(2026, 3, 1), {"to_org": "中共某中学支部委员会"})
        add(s, "吴八", date(1985, 5, 5), "男", education="研究生", joined=date(2025, 9, 1), full=date(2026, 9, 1),
            group="第三党小组")
        add(s, "郑九", date(1999, 9, 9), "女", category="预备党员", joined=date(2026, 8, 1))
        late = add(s, "陈十", date(1975, 5, 5), "女", joined=date(2000, 1, 1), full=date(2001, 1, 1))
        record_event(s, late.id, "transfer_in", date(2026, 8, 15), {"from_org": "中共某小学支部委员会"})
