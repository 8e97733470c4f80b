"""支部基本情况: the committee with its posts, each 党小组 with its leader and sizes, the members counted,
as read on the year's last day (or today)."""

from __future__ import annotations

import re
from datetime import date

from app.reports.engine.blocks import Table
from app.reports.ledgers.branch_overview import as_of_day, branch_overview_document, write_branch_overview
from app.services.meetings.committee import committee_on
from app.services.roster import vocab
from app.services.roster.members import list_members
from tests.reports.binder.conftest import TODAY, YEAR, flat, page_texts, sample_db, sample_folder

__all__ = ["sample_db", "sample_folder"]


def tables(document) -> list[Table]:
    return [b for b in document.blocks if isinstance(b, Table)]


def test_the_committee_groups_and_counts_are_the_branchs(sample_db):
    with sample_db.session() as session:
        document = branch_overview_document(session, year=YEAR, today=TODAY)
        seats = committee_on(session, TODAY)
        members = list_members(session)
    committee, groups, structure = tables(document)
    assert [(r[0], r[1]) for r in committee.rows] == [
        ({"secretary": "书记", "organization": "组织委员", "propaganda": "宣传委员", "discipline": "纪检委员"}
         .get(s.post, s.post), s.member.name) for s in seats]
    for row in groups.rows:
        people = [m for m in members if m.party_group and m.party_group.name == row[0]]
        assert row[1] == "、".join(m.name for m in people if m.party_post == "党小组长")
        full = sum(m.category == vocab.CATEGORY_FULL for m in people)
        assert row[2:] == [str(len(people)), str(full), str(len(people) - full)]
    counted = {label: int(n) for row in structure.rows
               for label, n in re.findall(r"([^；\s]+) (\d+) 人（", row[1])}
    assert counted["正式党员"] + counted["预备党员"] == len(members) == counted["男"] + counted["女"]
    assert counted["正式党员"] == sum(m.category == vocab.CATEGORY_FULL for m in members)
    assert document.count == len(members)


def test_a_past_year_is_read_on_its_last_day():
    assert as_of_day(2025, date(2026, 12, 1)) == date(2025, 12, 31)
    assert as_of_day(2026, date(2026, 12, 1)) == date(2026, 12, 1)
    assert as_of_day(None, date(2026, 12, 1)) == date(2026, 12, 1)


def test_the_sheet_prints_on_one_portrait_page(sample_db, tmp_path):
    target = tmp_path / "基本情况.pdf"
    with sample_db.session() as session:
        result = write_branch_overview(session, target, "pdf", year=YEAR, today=TODAY)
    assert result.pages == 1
    text = flat(page_texts(target)[0])
    assert re.search(r"（2026年度，截至2026年12月1日）", text)
    assert "党员人数48人" in text and "正式党员42人，预备党员6人" in text
