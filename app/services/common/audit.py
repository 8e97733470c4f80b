"""The audit trail: every insert, update and delete of the audited tables, field by field.

Which tables are audited is each area's declaration in the registry (Area.audited).

A session listener writes AuditEntry rows with plain INSERTs on the flush's own connection, so the
trail is part of the very transaction that made the change: both are committed or neither.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import partial

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from app.kit import registry
from app.models import AuditEntry, Member, MemberEvent
from app.models.base import now
from app.services.roster.member_events import kind_label

# Derived or bookkeeping columns whose changes say nothing to a reader of the trail.
_SKIPPED_FIELDS = {"updated_at", "created_at", "name_initials", "name_pinyin"}


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _label(obj: object) -> str:
    if (own := getattr(obj, "audit_label", None)) is not None:  # an area's model may say what a row is
        return str(own)
    if isinstance(obj, Member):
        return obj.name
    if isinstance(obj, MemberEvent):
        return f"{kind_label(obj.kind)} #{obj.member_id}"  # to read; the code is in the `kind` entry
    return str(getattr(obj, "name", "") or getattr(obj, "full_name", "") or "")


_COLUMN_KEYS: dict[object, tuple[str, ...]] = {}  # per mapper: the audited column attributes, found once


def _column_keys(state) -> tuple[str, ...]:
    keys = _COLUMN_KEYS.get(state.mapper)
    if keys is None:
        keys = _COLUMN_KEYS[state.mapper] = tuple(
            attr.key for attr in state.mapper.column_attrs if attr.key not in _SKIPPED_FIELDS)
    return keys


def _entries_for_flush(session: Session) -> list[dict]:
    """The flush's entries. What a row is (table, id, label) is worked out once per row, not once per field:
    an import of a thousand members flushes some fifteen thousand field entries."""
    stamp = now()
    rows: list[dict] = []
    audited = registry.audited_tables()

    def about(obj: object, state) -> dict:
        # A row inserted by this flush has its primary key set but no identity key yet.
        row_id = state.identity[0] if state.identity else (getattr(obj, "id", None) or 0)
        return {"at": stamp, "table_name": type(obj).__tablename__, "row_id": row_id,
                "row_label": _label(obj)[:100]}

    def whole_row(obj: object, action: str) -> None:
        """An inserted or deleted row: every field that holds something."""
        state = inspect(obj)
        head = about(obj, state)
        # an inserted row's values are all at hand in its dict (reading them through the attributes costs
        # as much again); a deleted one's may need loading
        read = state.dict.get if action == "insert" else partial(getattr, obj)
        for key in _column_keys(state):
            value = read(key)
            if key != "id" and value not in (None, "", False, 0, {}):
                old, new = (None, value) if action == "insert" else (value, None)
                rows.append({**head, "action": action, "field": key, "old_value": _text(old),
                             "new_value": _text(new)})

    for obj in session.new:
        if getattr(type(obj), "__tablename__", None) in audited:
            whole_row(obj, "insert")
    for obj in session.dirty:
        if getattr(type(obj), "__tablename__", None) not in audited:
            continue
        state = inspect(obj)
        head = None
        changed = state.committed_state  # the attributes set since the last flush or load: only those can differ
        for key in _column_keys(state):
            if key not in changed:
                continue
            history = state.attrs[key].history
            if history.has_changes():
                old = history.deleted[0] if history.deleted else None
                new = history.added[0] if history.added else None
                if _text(old) != _text(new):
                    head = head or about(obj, state)
                    rows.append({**head, "action": "update", "field": key, "old_value": _text(old),
                                 "new_value": _text(new)})
    for obj in session.deleted:
        if getattr(type(obj), "__tablename__", None) in audited:
            whole_row(obj, "delete")
    return rows


_COLUMNS = ("at", "action", "table_name", "row_id", "row_label", "field", "old_value", "new_value")


@event.listens_for(Session, "after_flush")
def _record_audit(session: Session, _context: object) -> None:
    rows = _entries_for_flush(session)
    if not rows:
        return
    connection = session.connection()
    # One executemany of plain tuples straight to the driver: the entries are already text, and building
    # SQLAlchemy's parameters for fifteen thousand of them costs more than the INSERT itself. The time
    # stamp is bound as the column type stores it (one value for the whole flush).
    stamp = AuditEntry.__table__.c.at.type.bind_processor(connection.dialect)
    table = AuditEntry.__table__
    sql = (f"INSERT INTO {table.name} ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)})")
    first_at = rows[0]["at"]
    at_text = stamp(first_at) if stamp else first_at
    connection.exec_driver_sql(sql, [(at_text, *(r[c] for c in _COLUMNS[1:])) for r in rows])
