"""The import kinds every area offers (Area.imports in the registry), by key."""

from __future__ import annotations

from app.kit import registry
from app.kit.errors import UserError
from app.services.importer.spec import ImportKind


def import_kind(key: str) -> ImportKind:
    offers = registry.import_offers()
    if key not in offers:
        raise UserError(f"没有“{key}”这种导入（可导入：{'、'.join(offers)}）。", "kind")
    # every area's tables known before anything is written: an area's model may refer to another's (a round
    # to its meeting record) without importing it, and a command line run imports no more than it needs
    registry.import_models()
    return registry.resolve(offers[key].kind)
