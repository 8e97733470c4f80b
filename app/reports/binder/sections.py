"""The sections the annual binder (年度台账) can hold: every catalogue document with a builder
(app.kit.registry.Document.builder), as its BinderParts declare, in their default order.

The usual order of a school branch's binder (domain.md §6) is the areas' declared `order`s:
 10 支部基本情况 · 20 党员花名册 · 30 党员情况变更记录 · 40 发展党员 registers · 50 三会一课 and 主题党日
 records · 60 组织生活会 · 70 谈心谈话 · 80 民主评议 · 90 党费收缴登记表 and the 上缴 summary;
a document that declares no order comes after them. A new area's document joins by declaring a builder.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from app.kit import registry
from app.kit.registry import BinderPart
from app.kit.registry import Document as CatalogueDocument
from app.reports.engine.document import Document


@dataclass(frozen=True)
class BinderSection:
    key: str  # stable: remembered in the user's choice and given as --sections KEY
    title: str  # as printed in the contents (after its number) and as its bookmark
    document: str  # the catalogue document's key ("roster.roster")
    options: Mapping[str, Any] = field(default_factory=dict)  # what the builder is given (year …)
    default: bool = True  # in the binder unless the user leaves it out
    order: int = registry.DEFAULT_BINDER_ORDER
    area: str = ""  # the title of the area it comes from (组织生活 …), for grouping in a picker


def section_options(doc: CatalogueDocument, part: BinderPart, year: int) -> dict[str, Any]:
    """Every declared option at its default, the year (if the document has one), then the part's own."""
    options: dict[str, Any] = {o.name: o.default for o in doc.options}
    if "year" in options:
        options["year"] = year
    options.update(dict(part.options))
    return options


def binder_sections(session: Session, year: int) -> list[BinderSection]:
    """Every section that can go in the `year`'s binder, in the usual default order. (The session is for
    sections whose options depend on the data; none do yet, and nothing is built here: this is cheap.)"""
    del session
    area_of = {d.key: a.title for a in registry.areas() for d in a.documents}
    return [BinderSection(part.key, part.title, doc.key, section_options(doc, part, year), part.default, part.order,
                          area_of[doc.key]) for doc, part in registry.binder_catalogue()]


def build_section(session: Session, section: BinderSection, *, preparer: str | None, today: date | None,
                  mask_ids: bool) -> Document:
    """The section's Document, from its catalogue document's builder (raises ReportError when there is
    nothing to print, e.g. no 民主评议 that year)."""
    doc = registry.document(section.document)
    options = dict(section.options, preparer=preparer, today=today)
    if doc.has_ids:
        options["mask_ids"] = mask_ids
    assert doc.builder is not None
    return registry.resolve(doc.builder)(session, **options)
