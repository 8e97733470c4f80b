"""支部基本情况: the branch at the end of a year (or today) on one portrait page, the annual binder's first
section — the profile, the committee with its posts, the 党小组 with their leaders and sizes, and the
members counted by 人员类别, sex, age, 学历 and 党龄.

Who was a member is read on the day (members who left or arrived during the year are counted on their
dates, app.services.meetings.roster_on); the committee is the one serving that day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.kit.dates import age_on, format_date
from app.models import Member
from app.reports.engine.blocks import (
    LEFT,
    Column,
    Field,
    Heading,
    KeyValueTable,
    MetaLine,
    SignatureLine,
    Spacer,
    Table,
    Title,
)
from app.reports.engine.document import TEXT_FORMATS, Document, ReportResult
from app.reports.engine.output import write_document
from app.reports.heading import ledger_heading
from app.services.common.branch import list_groups
from app.services.meetings.committee import committee_on, term_end_of, term_on
from app.services.meetings.kinds import POSTS
from app.services.meetings.roster_on import members_on
from app.services.roster import vocab

TITLE_SUFFIX = "基本情况"
GROUP_LEADER_POST = "党小组长"  # the roster's 党内职务 (app.services.roster.vocab.PARTY_POSTS)
AGE_BANDS = ((35, "35岁及以下"), (45, "36至45岁"), (55, "46至55岁"), (200, "56岁及以上"))
STANDING_BANDS = ((9, "不满10年"), (19, "10年至不满20年"), (29, "20年至不满30年"), (200, "30年及以上"))


def as_of_day(year: int | None, today: date) -> date:
    """The day the sheet describes: the end of the year, or today for the year still running."""
    return today if year is None else min(today, date(year, 12, 31))


def _band(value: int | None, bands: Sequence[tuple[int, str]]) -> str:
    """The label of the first band whose top is not below `value` (the last band's top is beyond any)."""
    if value is None:
        return "未填写"
    return next(label for top, label in bands if value <= top)


def _full_years(start: date | None, day: date) -> int | None:
    return None if start is None else age_on(start, day)


def _share(n: int, total: int) -> str:
    return f"{n * 100 / total:.1f}%" if total else "—"


def _count_row(item: str, values: Sequence[str], order: Sequence[str], total: int) -> list[str]:
    """[项目, "正式党员 42 人（87.5%）；预备党员 6 人（12.5%）"]: the usual order first, anything else after."""
    counts = Counter(values)
    labels = [o for o in order if counts[o]] + sorted(set(counts) - set(order))
    return [item, "；".join(f"{label} {counts[label]} 人（{_share(counts[label], total)}）" for label in labels)]


def structure_rows(members: Sequence[Member], voting: Callable[[Member], bool], day: date) -> list[list[str]]:
    """项目 / 人数与占比, for the members on `day`: one line per item, so the sheet keeps to one page."""
    total = len(members)
    return [
        _count_row("人员类别", [vocab.CATEGORY_FULL if voting(m) else vocab.CATEGORY_PROBATIONARY for m in members],
                   vocab.CATEGORIES, total),
        _count_row("性别", [m.gender or "未填写" for m in members], vocab.GENDERS, total),
        _count_row("年龄", [_band(_full_years(m.birth_date, day), AGE_BANDS) for m in members],
                   [label for _top, label in AGE_BANDS], total),
        _count_row("学历", [m.education or "未填写" for m in members], vocab.EDUCATIONS, total),
        _count_row("党龄", [_band(_full_years(m.joined_date, day), STANDING_BANDS) for m in members],
                   [label for _top, label in STANDING_BANDS], total),
    ]


def branch_overview_document(session: Session, *, year: int | None = None, preparer: str | None = None,
                             today: date | None = None, **_options) -> Document:
    today = today or date.today()
    profile, meta = ledger_heading(session, f"支部{TITLE_SUFFIX}", preparer=preparer, today=today)
    day = as_of_day(year, today)
    on_day = members_on(session, day)
    members = [m.member for m in on_day]
    votes = {m.member.id: m.voting for m in on_day}
    full = sum(votes.values())
    groups = list_groups(session)
    term = term_on(session, day)
    seats = committee_on(session, day)

    facts = KeyValueTable(pairs=2, label_chars=6, rows=[
        [Field("支部全称", profile.full_name, span=2)],
        [Field("上级党组织", profile.parent_org, span=2)],
        [Field("成立日期", format_date(profile.founded_date)), Field("党小组", f"{len(groups)} 个")],
        [Field("党员人数", f"{len(members)} 人"),
         Field("其中", f"正式党员 {full} 人，预备党员 {len(members) - full} 人")],
        [Field("本届支委会", f"{format_date(term.elected_date)} 选举产生" if term else "未登记"),
         Field("任期届满", f"{format_date(term_end_of(term))}（任期 {term.term_years} 年）" if term else "")],
    ])
    committee = Table(
        [Column("职务", 3), Column("姓名", 3, nowrap=True), Column("性别", 1, nowrap=True),
         Column("出生日期", 3, nowrap=True), Column("学历", 3), Column("工作岗位", 4),
         Column("任职日期", 3, nowrap=True)],
        [[POSTS.get(s.post, s.post), s.member.name, s.member.gender, format_date(s.member.birth_date),
          s.member.education, s.member.job_post, format_date(s.start_date)] for s in seats],
        font_size=10.0, min_font_size=9.0)
    in_group: dict[int | None, list[Member]] = {}
    for m in members:
        in_group.setdefault(m.party_group_id, []).append(m)
    group_rows = []
    for g in groups:
        people = in_group.get(g.id, [])
        leaders = "、".join(m.name for m in people if m.party_post == GROUP_LEADER_POST)
        full_here = sum(votes[m.id] for m in people)
        group_rows.append([g.name, leaders or "（未登记）", str(len(people)), str(full_here),
                           str(len(people) - full_here)])
    if in_group.get(None):
        people = in_group[None]
        full_here = sum(votes[m.id] for m in people)
        group_rows.append(["未编入党小组", "", str(len(people)), str(full_here), str(len(people) - full_here)])
    group_table = Table([Column("党小组", 6, LEFT), Column("党小组长", 3), Column("党员人数", 2, nowrap=True),
                         Column("正式党员", 2, nowrap=True), Column("预备党员", 2, nowrap=True)],
                        group_rows, font_size=10.0, min_font_size=9.0)
    structure = Table([Column("项目", 2, nowrap=True), Column("人数及占比", 12, LEFT)],
                      structure_rows(members, lambda m: votes[m.id], day), numbered=False, font_size=10.0,
                      min_font_size=9.0)
    period = f"{year}年度，" if year else ""
    title = f"{profile.full_name}{TITLE_SUFFIX}"
    blocks = [
        Title(title, subtitle=f"（{period}截至{day.year}年{day.month}月{day.day}日）"),
        MetaLine(meta[1:]),  # meta[0] is 制表单位: the title names the branch
        facts,
        Heading("一、支部委员会"),
        committee if seats else KeyValueTable(rows=[[Field("支部委员会", "尚未登记支部委员会")]], pairs=1),
        Heading("二、党小组"),
        group_table,
        Heading("三、党员队伍结构"),
        structure,
        Spacer(6),
        SignatureLine(["填表人", "支部书记", "日期"], line_mm=32),
    ]
    return Document(title=title, blocks=blocks, running_header=profile.full_name, count=len(members))


def write_branch_overview(session: Session, path: Path, fmt: str, *, year: int | None = None,
                          preparer: str | None = None, today: date | None = None, **_options) -> ReportResult:
    """`branch-ledger export branch [--year Y]` as PDF or Word."""
    document = branch_overview_document(session, year=year, preparer=preparer, today=today)
    return write_document(document, path, fmt, formats=TEXT_FORMATS)
