"""The import kinds every area offers (Area.imports in the registry), by key."""

from __future__ import annotations

from app.kit import registry
from app.kit.errors import UserError
from app.services.importer.spec import ImportKind


def import_kind(key: str) -> ImportKind:
    offers = registry.import_offers()
    if key not in offers:
        raise UserError(f"没有“{key}”这种导入（可导入：{'、'.join(offers)}）。", "kind")
    return registry.resolve(offers[key].kind)
