"""Is a database one this application made? Its schema compared with what the migrations create.

A plain backup carries no key, so anyone can rewrite its database and re-hash it: a trigger that empties
the roster on the next edit, a dropped table, a view or a junk table would all pass the hashes. What
this application's migrations create for a revision is known exactly: an empty database migrated to that
revision (in a temporary folder, with Alembic, once per revision and process) is the reference, and every
table (its columns, indexes and foreign keys), index, trigger and view of the database must match it, no
more and no less. Nothing is hard-coded: whatever revisions the migration scripts hold can be compared.

The settings values are checked too: each stored value must be valid JSON of its declared type, since
the application reads them at start.
"""

from __future__ import annotations

import json
import re
import sqlite3
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from app.infra.ledger_db import cipher_error_types
from app.kit.errors import UserError

_SKIP = ("sqlite_%",)  # SQLite's own objects (sqlite_sequence, sqlite_stat1, autoindexes)
_KIND_LABELS = {"table": "表", "index": "索引", "trigger": "触发器", "view": "视图"}


class SchemaMismatch(UserError):
    """A database whose structure is not what this application makes; the message names the difference."""


@dataclass(frozen=True)
class SchemaObject:
    kind: str  # table | index | trigger | view
    name: str
    detail: tuple  # what must match: columns, index columns, normalized SQL …


def _normalized_sql(sql: str | None) -> str:
    return re.sub(r"\s+", " ", (sql or "").strip()).replace("( ", "(").replace(" )", ")").lower()


def describe_schema(con: sqlite3.Connection) -> dict[tuple[str, str], SchemaObject]:
    """Every user object of the connection's main database, keyed by (kind, name)."""
    found: dict[tuple[str, str], SchemaObject] = {}
    rows = con.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE ? ORDER BY type, name",
        _SKIP).fetchall()
    for kind, name, table, sql in rows:
        if kind == "table":
            columns = tuple(
                (c[1], (c[2] or "").upper(), bool(c[3]), c[4], c[5])
                for c in con.execute(f'PRAGMA table_info("{_quoted(name)}")'))
            indexes = tuple(sorted(
                (i[1], bool(i[2]), i[3], bool(i[4]), _index_columns(con, i[1]))
                for i in con.execute(f'PRAGMA index_list("{_quoted(name)}")')
                if not i[1].startswith("sqlite_autoindex")))
            keys = tuple(sorted(tuple(f[2:]) for f in con.execute(
                f'PRAGMA foreign_key_list("{_quoted(name)}")')))
            found[(kind, name)] = SchemaObject(kind, name, (columns, indexes, keys))
        elif kind == "index":
            if sql is None:
                continue  # made by a UNIQUE / PRIMARY KEY constraint: compared with its table
            found[(kind, name)] = SchemaObject(kind, name, (table, _index_columns(con, name)))
        else:  # trigger, view: their whole SQL is what they do
            found[(kind, name)] = SchemaObject(kind, name, (table, _normalized_sql(sql)))
    return found


def _quoted(name: str) -> str:
    return name.replace('"', '""')


def _index_columns(con: sqlite3.Connection, index: str) -> tuple:
    return tuple(r[2] for r in con.execute(f'PRAGMA index_info("{_quoted(index)}")'))


# -- the reference: what the migrations make --------------------------------------------------------------

_references: dict[str, dict[tuple[str, str], SchemaObject]] = {}
_reference_lock = threading.Lock()


def reference_schema(revision: str) -> dict[tuple[str, str], SchemaObject]:
    """The schema an empty database has after the migrations up to ``revision`` (cached per revision)."""
    with _reference_lock:
        if revision not in _references:
            _references[revision] = _build_reference(revision)
        return _references[revision]


def _build_reference(revision: str) -> dict[tuple[str, str], SchemaObject]:
    from alembic import command
    from sqlalchemy import create_engine

    from app.migrations.runner import alembic_config

    with tempfile.TemporaryDirectory(prefix="branch-ledger-schema-") as folder:
        path = Path(folder) / "reference.sqlite3"
        engine = create_engine(f"sqlite:///{path}")
        try:
            cfg = alembic_config()
            with engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, revision)
        finally:
            engine.dispose()
        con = sqlite3.connect(path)
        try:
            return describe_schema(con)
        finally:
            con.close()


# -- the comparison ------------------------------------------------------------------------------------------


def schema_differences(con: sqlite3.Connection, revision: str) -> list[str]:
    """Each difference between the connection's schema and the reference of ``revision``, in Chinese."""
    actual = describe_schema(con)
    expected = reference_schema(revision)
    out: list[str] = []
    for key in sorted(set(actual) | set(expected)):
        kind, name = key
        label = _KIND_LABELS.get(kind, kind)
        if key not in expected:
            out.append(f"多出了{label}“{name}”")
        elif key not in actual:
            out.append(f"缺少{label}“{name}”")
        elif actual[key].detail != expected[key].detail:
            out.append(f"{label}“{name}”的结构与本软件建立的不同")
    return out


def stamped_revision(con: sqlite3.Connection) -> str | None:
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except cipher_error_types():  # sqlite3's, or sqlcipher3's on an encrypted live database
        return None
    return row[0] if row and isinstance(row[0], str) else None


def setting_problems(con: sqlite3.Connection) -> list[str]:
    """Stored settings that are not valid JSON or not of their declared type, in Chinese."""
    from app.services.common.settings import all_declared

    declared = {s.key: s for s in all_declared()}
    try:
        rows = con.execute("SELECT key, value FROM setting").fetchall()
    except cipher_error_types():  # sqlite3's, or sqlcipher3's on an encrypted live database
        return []  # no setting table: the schema comparison says so
    out: list[str] = []
    for key, raw in rows:
        setting = declared.get(key)
        label = f"设置“{setting.label if setting else key}”"
        if raw is None:
            continue
        if not isinstance(raw, str):
            out.append(f"{label}的值不是文本")
            continue
        value, ok = safe_json(raw)
        if not ok:
            out.append(f"{label}的值不是有效的 JSON")
        elif setting is not None and setting.default is not None and not _same_type(value, setting.default):
            out.append(f"{label}的值类型不对（应为{_type_label(setting.default)}）")
    return out


MAX_JSON_TEXT = 1 << 20


def safe_json(raw: str | bytes) -> tuple[object, bool]:
    """(value, True) for valid JSON; (None, False) for anything else, including nesting too deep for
    the parser and integers too long to convert — never an exception."""
    if len(raw) > MAX_JSON_TEXT:
        return None, False
    try:
        return json.loads(raw), True
    except (ValueError, RecursionError, TypeError):  # JSONDecodeError, int digit limit, depth
        return None, False


def _same_type(value: object, default: object) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, int):
        return isinstance(value, int) and abs(value) < 10 ** 15
    return isinstance(value, type(default))


def _type_label(default: object) -> str:
    if isinstance(default, bool):
        return "是或否"
    if isinstance(default, int):
        return "整数"
    if isinstance(default, str):
        return "文本"
    return type(default).__name__


def database_problems(con: sqlite3.Connection) -> tuple[str | None, list[str]]:
    """(stamped revision, every reason in Chinese why this is not a database this application made).

    A revision no migration script knows is not compared (a newer version's database is refused by the
    callers with its own message)."""
    from app.migrations.runner import known_revisions

    revision = stamped_revision(con)
    if revision is None:
        return None, ["没有结构版本信息（不是支部台账的数据库）"]
    if revision not in known_revisions():
        return revision, []
    return revision, schema_differences(con, revision) + setting_problems(con)


def problems_sentence(problems: list[str], limit: int = 5) -> str:
    shown = "；".join(problems[:limit])
    more = f"等 {len(problems)} 处" if len(problems) > limit else ""
    return f"{shown}{more}"


def check_schema(ctx) -> list:
    """`branch-ledger check`: the live database's structure and settings (a hostile trigger is a 问题)."""
    from app.kit.findings import Finding

    raw = ctx.session.connection().connection.driver_connection
    _revision, problems = database_problems(raw)
    return [Finding("schema", f"数据库结构异常：{p}（不是本软件建立的，可能被改动过；请从可靠的备份恢复）")
            for p in problems]
