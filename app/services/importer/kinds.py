"""The import kinds every area offers (Area.imports in the registry), by key."""

from __future__ import annotations

from app.kit import registry
from app.kit.errors import UserError
from app.services.importer.spec import ImportKind


def import_kinds() -> dict[str, ImportKind]:
    kinds: dict[str, ImportKind] = {}
    for area in registry.areas():
        for path in area.imports:
            kind = registry.resolve(path)
            kinds[kind.key] = kind
    return kinds


def import_kind(key: str) -> ImportKind:
    kinds = import_kinds()
    if key not in kinds:
        raise UserError(f"没有“{key}”这种导入（可导入：{'、'.join(kinds)}）。", "kind")
    return kinds[key]
