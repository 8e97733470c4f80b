"""The branch's structure on a day (党员队伍结构): how many 在册 members by 人员类别, 性别, 民族, 年龄, 学历,
党龄 and 党小组, each with its Chinese labels in a stable order and a total.

Counted by aggregate SQL (a GROUP BY over a CASE expression per breakdown, the seven joined by UNION ALL in
one statement), never by loading the members, so the home page's charts and the printed 党员队伍结构统计表 stay fast on a large branch. The
result is plain data (`BranchStructure` of `Breakdown`s) that a chart and a table both draw.

Who counts on `day` (the rule the appraisal uses, app.services.appraisal.participants.on_roster): admitted
by then (加入党组织日期 ≤ day), not gone by then (在册 now, or left after the day), and, for a member who came
by 组织关系转入, arrived by then. 人员类别 on the day: a member who became 正式党员 after it was a 预备党员.
年龄 in whole years on the day (from 出生日期); 党龄 in whole years from 转为正式党员日期 (党章第七条), so a
预备党员 has none and gets a row of their own. The bands are settings (structure_settings).

Every breakdown's rows add up to its total: a value left empty is counted in a 未填 row (shown only when
it is not zero), a value outside the vocabulary keeps a row of its own; nobody is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import ColumnElement, String, and_, case, cast, exists, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from app.kit.errors import UserError
from app.models import Member, MemberEvent, PartyGroup
from app.services.common.settings import get_setting
from app.services.roster import vocab
from app.services.roster.member_events import TRANSFER_IN
from app.services.roster.structure_settings import AGE_BANDS, PARTY_AGE_BANDS

NOT_FILLED = "未填"
NO_GROUP = "未编入党小组"
MINORITIES = "少数民族"
HAN = "汉族"
PROBATIONARY_NO_PARTY_AGE = "预备党员（不计党龄）"


@dataclass(frozen=True)
class Breakdown:
    """One way of counting the members: ("人员类别", [("正式党员", 40), ("预备党员", 5)], 45)."""

    key: str  # stable code: category, gender, ethnicity, age, education, party_age, party_group
    title: str  # 人员类别
    rows: tuple[tuple[str, int], ...]  # (label, count) in the order to show them
    total: int

    def count(self, label: str) -> int:
        return next((n for lab, n in self.rows if lab == label), 0)

    def share(self, count: int) -> float | None:
        """count ÷ total (None when there is nobody to divide by)."""
        return count / self.total if self.total else None

    def shares(self) -> list[tuple[str, int, float | None]]:
        return [(label, n, self.share(n)) for label, n in self.rows]


@dataclass(frozen=True)
class BranchStructure:
    day: date
    total: int  # 在册 members on the day
    breakdowns: tuple[Breakdown, ...]

    def breakdown(self, key: str) -> Breakdown:
        return next(b for b in self.breakdowns if b.key == key)

    @property
    def women(self) -> int:
        return self.breakdown("gender").count("女")

    @property
    def minorities(self) -> int:
        return self.breakdown("ethnicity").count(MINORITIES)

    @property
    def probationary(self) -> int:
        return self.breakdown("category").count(vocab.CATEGORY_PROBATIONARY)


# -- the bands ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    label: str
    low: int  # whole years, inclusive
    high: int | None  # exclusive; None: open


def band_bounds(session: Session, key: str, title: str) -> list[int]:
    """The lower bounds a band setting holds, checked: whole numbers of years, rising."""
    value = get_setting(session, key)
    if (not isinstance(value, list) or not value or not all(isinstance(v, int) and v > 0 for v in value)
            or any(b <= a for a, b in zip(value, value[1:], strict=False))):
        raise UserError(f"{title}的分组设置“{value}”不正确：应为从小到大的正整数（各组的起始年数），"
                        "例如 [31, 36, 41]。", key)
    return list(value)


def age_bands(bounds: Sequence[int]) -> list[Band]:
    """[31, 36, …, 61] -> 30岁及以下, 31至35岁, …, 61岁及以上 (the 党内统计公报's wording)."""
    out = [Band(f"{bounds[0] - 1}岁及以下", 0, bounds[0])]
    out += [Band(f"{lo}至{hi - 1}岁" if hi - 1 > lo else f"{lo}岁", lo, hi) for lo, hi in zip(bounds, bounds[1:],
                                                                                           strict=False)]
    out.append(Band(f"{bounds[-1]}岁及以上", bounds[-1], None))
    return out


def party_age_bands(bounds: Sequence[int]) -> list[Band]:
    """[5, 10, 20, …, 50] -> 不满5年, 5至9年, 10至19年, …, 50年及以上."""
    out = [Band(f"不满{bounds[0]}年", 0, bounds[0])]
    out += [Band(f"{lo}至{hi - 1}年" if hi - 1 > lo else f"{lo}年", lo, hi) for lo, hi in zip(bounds, bounds[1:],
                                                                                          strict=False)]
    out.append(Band(f"{bounds[-1]}年及以上", bounds[-1], None))
    return out


def years_before(day: date, years: int) -> date:
    """The latest date that is `years` whole years before `day` (29 February -> 28 February in a common year):
    someone born on or before it is at least `years` old on `day`, as app.kit.dates.age_on counts."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _band_case(column, day: date, bands: Sequence[Band]):
    """The band's index for a start date (birth, 转正): older dates fall in higher bands. Plain comparisons
    with dates worked out here, so SQLite needs no date arithmetic."""
    whens = [(column > years_before(day, band.high), index) for index, band in enumerate(bands[:-1])]
    return case(*whens, else_=len(bands) - 1)


# -- who counts ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=16)
def on_roster(day: date):
    """The SQL condition for a member 在册 in this branch on `day` (see the module's docstring). Built once
    per day: building the expression cost more than SQLite's counting (clauses are immutable, so shared)."""
    transfer_in = and_(MemberEvent.member_id == Member.id, MemberEvent.kind == TRANSFER_IN,
                       MemberEvent.voided_at.is_(None))
    return and_(
        or_(Member.joined_date.is_(None), Member.joined_date <= day),
        or_(Member.roster_state == vocab.ROSTER_ACTIVE, and_(Member.left_date.is_not(None), Member.left_date > day)),
        or_(~exists().where(transfer_in), exists().where(transfer_in, MemberEvent.event_date <= day)),
    )


@lru_cache(maxsize=16)
def _probationary_on(day: date):
    return or_(Member.category == vocab.CATEGORY_PROBATIONARY,
               and_(Member.full_member_date.is_not(None), Member.full_member_date > day))


def _vocab_rows(counted: dict, order: Sequence[str], empty: str = NOT_FILLED) -> list[tuple[str, int]]:
    """Rows for the vocabulary in its order (zeros kept), then any other value seen, then the empties."""
    rows = [(label, counted.get(label, 0)) for label in order]
    rows += [(v, counted[v]) for v in sorted(v for v in counted if v not in order and v not in (None, ""))]
    blank = counted.get(None, 0) + counted.get("", 0)
    if blank:
        rows.append((empty, blank))
    return rows


def _band_rows(counted: dict, bands: Sequence[Band], empty: str, probationary: bool = False) -> list[tuple[str, int]]:
    """Rows for the bands in order (zeros kept); -2 the 预备党员 (党龄), -1 the members without the date."""
    index = {int(v): n for v, n in counted.items() if v is not None}
    rows = [(band.label, index.get(i, 0)) for i, band in enumerate(bands)]
    if probationary:
        rows.append((PROBATIONARY_NO_PARTY_AGE, index.get(-2, 0)))
    if index.get(-1):
        rows.append((empty, index[-1]))
    return rows


# -- the breakdowns -------------------------------------------------------------------------------------------

RowMaker = Callable[[dict], list[tuple[str, int]]]


def _groupings(session: Session, day: date) -> list[tuple[str, str, ColumnElement, RowMaker]]:
    """Each breakdown: (key, title, the expression members are grouped by, its counts -> labelled rows)."""
    ages = age_bands(band_bounds(session, AGE_BANDS.key, "年龄"))
    party_ages = party_age_bands(band_bounds(session, PARTY_AGE_BANDS.key, "党龄"))
    groups = list(session.execute(select(PartyGroup.id, PartyGroup.name)
                                  .order_by(PartyGroup.sort_order, PartyGroup.id)))
    probationary = _probationary_on(day)

    def group_rows(counted: dict) -> list[tuple[str, int]]:
        by_id = {int(v): n for v, n in counted.items() if v is not None}
        rows = [(name, by_id.get(gid, 0)) for gid, name in groups]
        if counted.get(None):
            rows.append((NO_GROUP, counted[None]))
        return rows

    return [
        ("category", "人员类别",
         case((probationary, vocab.CATEGORY_PROBATIONARY), else_=vocab.CATEGORY_FULL),
         lambda c: _vocab_rows(c, vocab.CATEGORIES)),
        ("gender", "性别", Member.gender, lambda c: _vocab_rows(c, vocab.GENDERS)),
        ("ethnicity", "民族",
         case((or_(Member.ethnicity.is_(None), Member.ethnicity == ""), ""), (Member.ethnicity == HAN, HAN),
              else_=MINORITIES),
         lambda c: _vocab_rows(c, (HAN, MINORITIES))),
        ("age", "年龄",
         case((Member.birth_date.is_(None), -1), else_=_band_case(Member.birth_date, day, ages)),
         lambda c: _band_rows(c, ages, "出生日期未填")),
        ("education", "学历", Member.education, lambda c: _vocab_rows(c, vocab.EDUCATIONS)),
        ("party_age", "党龄",
         case((probationary, -2), (Member.full_member_date.is_(None), -1),
              else_=_band_case(Member.full_member_date, day, party_ages)),
         lambda c: _band_rows(c, party_ages, "转正日期未填", probationary=True)),
        ("party_group", "党小组", Member.party_group_id, group_rows),
    ]


def branch_structure(session: Session, day: date | None = None) -> BranchStructure:
    """The structure of the branch's 在册 members on `day` (today if None): one statement of GROUP BY
    queries joined by UNION ALL (a round trip per breakdown cost more than SQLite's counting)."""
    day = day or date.today()
    groupings = _groupings(session, day)
    where = on_roster(day)
    selects = [select(literal(key), cast(expr, String), func.count()).select_from(Member).where(where).group_by(expr)
               for key, _title, expr, _rows in groupings]
    counted: dict[str, dict] = {key: {} for key, *_ in groupings}
    for key, value, n in session.execute(union_all(*selects)):
        counted[key][value] = n
    breakdowns = []
    for key, title, _expr, make_rows in groupings:
        rows = tuple(make_rows(counted[key]))
        breakdowns.append(Breakdown(key, title, rows, sum(n for _label, n in rows)))
    return BranchStructure(day, breakdowns[0].total, tuple(breakdowns))  # each member in one 人员类别 row
