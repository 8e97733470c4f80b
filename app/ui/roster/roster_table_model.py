"""The roster as a Qt table: one immutable row per member, display strings precomputed at load.

Rows are built from ONE query (member columns plus the 党小组's name) in the roster's own order
(services.roster.roster_order), formatted column by column, and never hold live ORM objects. Each row
carries a lowercase search key (name, pinyin initials, full pinyin, ID number, phones) so that the
filter proxy can match a keystroke against 5,000 members with plain `in` tests.

The model is app.ui.widgets.row_table_model.RowTableModel over these rows, with the roster's column specs
(COLUMNS) and sort keys: dates as dates (empty last), names by pinyin, vocabularies in their own order,
序号 as the roster order. Sorting reorders the rows there, never in the proxy.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtGui import QBrush, QColor

from app.kit.dates import age_on
from app.services.roster import vocab
from app.services.roster.fields import BOOL, CHOICE, DATE, FIELDS_BY_KEY, GROUP, GROUP_BASIC, MEMBER_FIELDS
from app.ui.widgets.row_table_model import (
    CENTER,
    ORIGINAL_ORDER,
    ROW_ID_ROLE,
    ColumnSpec,
    RowTableModel,
    text_sort_key,
)

if TYPE_CHECKING:  # the page shows its first rows before SQLAlchemy is imported (read_roster_rows)
    from sqlalchemy.orm import Session

SEQ, AGE, STATE = "seq", "age", "state"


@dataclass(frozen=True)
class RosterColumn:
    """What a roster column shows, by the member field's kind; turned into a ColumnSpec below."""

    key: str  # a Member attribute, or SEQ / AGE / STATE
    label: str
    kind: str  # a member_fields kind, or SEQ / AGE / STATE
    choices: tuple[str, ...] = ()
    shown_by_default: bool = True


# What a teacher wants to see at first; the rest is one click away in 列….
_HIDDEN_BY_DEFAULT = {
    "landline", "home_address", "is_lost_contact", "lost_contact_date", "is_mobile", "mobile_destination",
    "native_place", "degree", "school_and_major", "work_start_date", "position", "notes",
}

_FIELD_COLUMNS = [RosterColumn(f.key, f.label, f.kind, f.choices, f.key not in _HIDDEN_BY_DEFAULT)
                  for f in MEMBER_FIELDS]
ROSTER_COLUMNS: list[RosterColumn] = [
    RosterColumn(SEQ, "序号", SEQ),
    _FIELD_COLUMNS[0],  # 姓名
    # 状态 (在册 / 已转出 2026-05-01 …) beside the name: shown only with former members, who are greyed
    RosterColumn(STATE, "状态", STATE, tuple(vocab.ROSTER_STATES)),
    *_FIELD_COLUMNS[1:],
    RosterColumn(AGE, "年龄", AGE, shown_by_default=False),
]
COLUMN_INDEX: dict[str, int] = {c.key: i for i, c in enumerate(ROSTER_COLUMNS)}
COL_SEQ = COLUMN_INDEX[SEQ]
COL_NAME = COLUMN_INDEX["name"]
COL_ID_NUMBER = COLUMN_INDEX["id_number"]
COL_AGE = COLUMN_INDEX[AGE]
COL_STATE = COLUMN_INDEX[STATE]

MEMBER_ID_ROLE = ROW_ID_ROLE  # data(index, MEMBER_ID_ROLE) -> member id

_LONG_TEXT = {"home_address", "notes", "school_and_major", "mobile_destination"}
_FORMER_BRUSH = QBrush(QColor("#7a7a7a"))
NO_GROUP = "（未分组）"


class RosterRow(NamedTuple):
    """One member as the roster page shows it. `category` and `birth_date` let services.roster's
    count_members and member_age work on rows as they do on Member objects."""

    member_id: int
    values: tuple[str, ...]  # display strings, in COLUMNS order
    search: str  # lowercase: name, initials, pinyin, ID number, phones; fields separated by "|"
    name: str
    name_pinyin: str
    category: str
    standing: str
    gender: str
    education: str
    group_name: str  # "" when the member is in no 党小组
    group_order: int
    birth_date: date | None
    age: int | None
    roster_state: str
    seq: int  # 1-based position in the roster order


_FIELD_KEYS = [c.key for c in ROSTER_COLUMNS if c.kind not in (SEQ, AGE, STATE)]


def load_roster_rows(session: Session, *, include_former: bool = False,
                     today: date | None = None) -> list[RosterRow]:
    """All members (在册, or everyone with include_former) in roster order, in one query."""
    from sqlalchemy import String, select, type_coerce

    from app.models import Member, PartyGroup
    from app.services.roster.members import roster_order

    # Dates come as SQLite stores them, 'YYYY-MM-DD' text: already the display form, and 5,000 rows skip
    # a parse and a format per date. Core execution (not the ORM) for the same reason.
    selected = [type_coerce(getattr(Member, key), String) if FIELDS_BY_KEY[key].kind == DATE
                else getattr(Member, key) for key in _FIELD_KEYS]
    query = (
        select(Member.id, *selected, PartyGroup.name, PartyGroup.sort_order,
               type_coerce(Member.left_date, String), Member.roster_state, Member.name_initials, Member.name_pinyin)
        .outerjoin(PartyGroup, Member.party_group_id == PartyGroup.id)
    )
    if not include_former:
        query = query.where(Member.roster_state == vocab.ROSTER_ACTIVE)
    return rows_from_records(session.connection().execute(query.order_by(*roster_order())).all(), today)


# The same query in plain SQL, for the roster's first paint before SQLAlchemy is imported (the quick start):
# the same columns in the same order, the same ORDER BY as services.roster.members.roster_order.
# tests/ui/roster/test_roster_first_rows.py checks that both give the same rows.
_PLAIN_QUERY = (
    "SELECT member.id, " + ", ".join(f"member.{key}" for key in _FIELD_KEYS)
    + ", party_group.name, party_group.sort_order, member.left_date, member.roster_state,"
    " member.name_initials, member.name_pinyin"
    " FROM member LEFT OUTER JOIN party_group ON member.party_group_id = party_group.id{where}"
    " ORDER BY coalesce(party_group.sort_order, 1000000), member.joined_date IS NULL, member.joined_date,"
    " member.id"
)


def read_roster_rows(con: sqlite3.Connection, *, include_former: bool = False,
                     today: date | None = None) -> list[RosterRow]:
    """load_roster_rows with plain sqlite3: the same rows, without SQLAlchemy and the models."""
    where = "" if include_former else " WHERE member.roster_state = ?"
    params = () if include_former else (vocab.ROSTER_ACTIVE,)
    return rows_from_records(con.execute(_PLAIN_QUERY.format(where=where), params).fetchall(), today)


def rows_from_records(result: Sequence[Sequence], today: date | None = None) -> list[RosterRow]:
    """Roster rows from the query's records (id, the field columns, the 党小组's name and order, left date,
    roster state, initials, pinyin), formatted column by column."""
    today = today or date.today()
    field_keys = _FIELD_KEYS
    if not result:
        return []
    raw = list(zip(*result, strict=True))  # column-major: raw[i] is every row's value of query column i
    ids = raw[0]
    by_key = {k: raw[1 + i] for i, k in enumerate(field_keys)}
    group_names = [g or "" for g in raw[-6]]
    group_orders = [1_000_000 if o is None else o for o in raw[-5]]
    left_dates, states, initials, pinyins = raw[-4], raw[-3], raw[-2], raw[-1]
    n = len(ids)

    columns: list[list[str]] = []
    for col in ROSTER_COLUMNS:
        if col.kind == SEQ:
            columns.append([str(i) for i in range(1, n + 1)])
        elif col.kind == AGE:
            columns.append(None)  # filled below, after ages are known
        elif col.kind == STATE:
            columns.append([state if not left else f"{state}（{left}）"
                            for state, left in zip(states, left_dates, strict=True)])
        elif col.kind == DATE:
            columns.append([v or "" for v in by_key[col.key]])
        elif col.kind == BOOL:
            columns.append(["是" if v else "否" for v in by_key[col.key]])
        elif col.kind == GROUP:
            columns.append(group_names)
        else:
            columns.append([v or "" for v in by_key[col.key]])
    births = [date.fromisoformat(b) if b else None for b in by_key["birth_date"]]
    ages = [age_on(b, today) if b is not None else None for b in births]  # services' member_age
    columns[COL_AGE] = ["" if a is None else str(a) for a in ages]

    names = columns[COL_NAME]
    ids_text = columns[COL_ID_NUMBER]
    mobiles = columns[COLUMN_INDEX["mobile_phone"]]
    landlines = columns[COLUMN_INDEX["landline"]]
    searches = [
        f"{nm}|{ini}|{py}|{idn}|{mob}|{land}".lower()
        for nm, ini, py, idn, mob, land in zip(names, initials, pinyins, ids_text, mobiles, landlines, strict=True)
    ]
    values = list(zip(*columns, strict=True))
    return [
        RosterRow(*fields)
        for fields in zip(
            ids, values, searches, names, pinyins, by_key["category"], by_key["standing"], by_key["gender"],
            by_key["education"], group_names, group_orders, births, ages, states, range(1, n + 1), strict=True)
    ]


def _sort_key(column: int, col: RosterColumn):
    """The roster's order of a column: dates as dates (empty last), names by pinyin, vocabularies in their
    own order, 党小组 in the branch's order, 序号 as the roster order."""
    if col.kind == SEQ:
        return ORIGINAL_ORDER
    if col.key == "name":
        return lambda r: (r.name_pinyin, r.name)
    if col.kind == AGE:
        return lambda r: (r.age is None, r.age or 0)
    if col.kind == GROUP:
        return lambda r: (r.group_order, r.group_name)
    if col.kind == DATE:
        return lambda r: (r.values[column] == "", r.values[column])
    if col.kind == STATE:
        states = {c: i for i, c in enumerate(col.choices)}
        return lambda r: states.get(r.roster_state, len(states))
    if col.choices and col.kind == CHOICE:
        order = {c: i for i, c in enumerate(col.choices) if c}
        last = len(order)
        return lambda r: (order.get(r.values[column], last), r.values[column])
    if col.kind == BOOL:
        return lambda r: r.values[column] == "否"
    return lambda r: text_sort_key(r.values[column])


def _spec(column: int, col: RosterColumn) -> ColumnSpec:
    field = FIELDS_BY_KEY.get(col.key)
    centered = col.kind in (SEQ, AGE, BOOL, DATE) or col.key == "gender"
    return ColumnSpec(
        col.key, col.label, lambda r: r.values[column], alignment=CENTER if centered else None,
        sort_key=_sort_key(column, col), tooltip=col.key in _LONG_TEXT,
        group=field.group if field else GROUP_BASIC,  # 序号, 状态 and 年龄 sit with the basic information
        shown_by_default=col.shown_by_default,
        choosable=col.kind != STATE)  # 状态 follows 显示已离开的党员


COLUMNS: list[ColumnSpec] = [_spec(i, c) for i, c in enumerate(ROSTER_COLUMNS)]


def _former_brush(row: RosterRow) -> QBrush | None:
    return _FORMER_BRUSH if row.roster_state != vocab.ROSTER_ACTIVE else None


class RosterTableModel(RowTableModel):
    """The member rows of the roster page; reload with load() after any write."""

    def __init__(self, parent=None) -> None:
        super().__init__(COLUMNS, row_id=attrgetter("member_id"), row_foreground=_former_brush, parent=parent)
        self.include_former = False
        self._columns: list[tuple[str, ...]] = []
        self._columns_of: list[RosterRow] | None = None  # the rows _columns was taken from

    def load(self, session: Session, *, include_former: bool = False, today: date | None = None) -> None:
        self.set_rows(load_roster_rows(session, include_former=include_former, today=today), include_former)

    def set_rows(self, rows: list[RosterRow], include_former: bool = False) -> None:
        self.include_former = include_former
        super().set_rows(rows)

    def row_of_member(self, member_id: int) -> int | None:
        return self.row_of_id(member_id)

    def column_values(self, column: int) -> Sequence[str]:
        """Every row's display string of the column, as loaded: no getter per row. All columns are taken
        apart at once (in C) the first time one is asked for after the rows changed."""
        if self._columns_of is not self.rows:
            self._columns = list(zip(*(r.values for r in self.rows), strict=True))
            self._columns_of = self.rows
        return self._columns[column] if self._columns else ()
