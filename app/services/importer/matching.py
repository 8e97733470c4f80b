"""Matching a table's columns to an import kind's fields, by header text with aliases.

A mapping the user fixed or added in the wizard is remembered by header text (the setting
`import.mappings`, per import kind) and wins over the built-in aliases next time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.services.common.settings import get_setting, set_setting
from app.services.importer.spec import ImportKind, header_key

IGNORE = ""  # a remembered mapping to nothing: "this column is not imported"


@dataclass
class ColumnMapping:
    by_column: dict[int, str] = field(default_factory=dict)  # column index -> field key
    ignored: list[tuple[int, str]] = field(default_factory=list)  # (column index, header) not imported

    def column_of(self, key: str) -> int | None:
        return next((c for c, k in self.by_column.items() if k == key), None)


def remembered_mappings(session: Session, kind: ImportKind) -> dict[str, str]:
    stored = get_setting(session, "import.mappings")
    saved = stored.get(kind.key, {}) if isinstance(stored, dict) else {}
    return {str(k): str(v) for k, v in saved.items() if isinstance(saved, dict)}


def remember_mapping(session: Session, kind: ImportKind, headers: list[str], mapping: ColumnMapping) -> None:
    """Keep what the user chose for each header of this file, for the next file with the same headers."""
    stored = dict(get_setting(session, "import.mappings") or {})
    saved = dict(stored.get(kind.key, {}))
    for column, header in enumerate(headers):
        if header_key(header):
            saved[header_key(header)] = mapping.by_column.get(column, IGNORE)
    stored[kind.key] = saved
    set_setting(session, "import.mappings", stored)


def match_columns(kind: ImportKind, headers: list[str], remembered: dict[str, str]) -> ColumnMapping:
    by_alias = {k: f.key for f in kind.fields for k in f.header_keys()}
    valid = {f.key for f in kind.fields}
    mapping = ColumnMapping()
    taken: set[str] = set()
    for column, header in enumerate(headers):
        key = header_key(header)
        if not key:
            continue
        target = remembered[key] if key in remembered else by_alias.get(key)
        if target and target in valid and target not in taken:
            mapping.by_column[column] = target
            taken.add(target)
        else:
            mapping.ignored.append((column, header))
    return mapping


def apply_choice(kind: ImportKind, mapping: ColumnMapping, column: int, key: str | None, headers: list[str]) -> None:
    """The user maps `column` to field `key` (or to nothing with None); a field maps from one column only."""
    mapping.by_column.pop(column, None)
    mapping.ignored = [(c, h) for c, h in mapping.ignored if c != column]
    if key:
        for other, k in list(mapping.by_column.items()):
            if k == key:
                del mapping.by_column[other]
                mapping.ignored.append((other, headers[other]))
        mapping.by_column[column] = key
    else:
        mapping.ignored.append((column, headers[column]))
    mapping.ignored.sort()
