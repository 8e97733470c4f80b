"""The area registry: each area of the ledger declares once what the rest of the application reads.

An area (花名册, 备份, 组织生活, 党费 …) is a value of `Area`, declared in its own module under
``app/areas/`` and listed once in ``app.areas.BUILTIN``. Navigation, ``branch-ledger export``, ``check``,
``due``, the audit trail, the backup summary, the settings and the annual binder all read the registry,
so a new area edits none of them.

Everything heavy is named by a dotted path ("package.module:attribute") and imported on first use:
declaring an area costs nothing at start-up, and the core never imports the UI (a page is only a name
here; the UI resolves it).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

# -- what an area declares --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    """A document's own option (besides output, format, ID masking and 制表人, which every document has).

    kind: "flag" (on/off), "year" (a year from 1921 to next year), "int", "text", "choice" or "list" (one or
    more values, in the order given: --sections A B C).
    """

    name: str  # the key in the options dict and the CLI flag: "include_former" -> --include-former
    label: str  # Chinese, for help texts and the GUI
    kind: str = "flag"
    choices: tuple[str, ...] = ()
    default: Any = None
    required: bool = False
    metavar: str | None = None
    choices_from: str | None = None  # "module:function", function(session) -> the values to offer (e.g. years with records)

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


@dataclass(frozen=True)
class BinderPart:
    """A section of the annual binder (年度台账) made from a catalogue document.

    The binder builds the section with the document's `builder`, giving it every declared option at its
    default, the binder's year (when the document has a "year" option), `options` below, preparer, today
    and mask_ids (has_ids). One document may give several sections (组织生活's book: 三会一课记录,
    主题党日活动记录 … each with its own kinds).
    """

    order: int  # the place in the binder's default order (app.reports.binder.sections lists the usual ones)
    key: str = ""  # the section's stable key (remembered, and --sections KEY); "" = the document's key
    title: str = ""  # as printed in the contents and the bookmarks; "" = the document's title
    options: tuple[tuple[str, Any], ...] = ()  # fixed builder options for this section, besides the year
    default: bool = True  # in the binder unless the user leaves it out


DEFAULT_BINDER_ORDER = 1000  # a document with a builder and no BinderPart: after the usual sections


@dataclass(frozen=True)
class Document:
    """One printable document in the catalogue.

    The writer is called as ``write(session, path, fmt, **options) -> ReportResult``: options holds every
    declared option by name, "preparer" (制表人 or None), and "mask_ids" when the document has ID numbers
    (has_ids). It raises ReportError (a UserError) with a Chinese message. `command` groups documents under one
    ``branch-ledger export COMMAND``; where a command has several documents each has a `sheet` (the value
    of ``--sheet``).
    """

    key: str  # unique, e.g. "roster.roster"
    title: str  # 党员花名册
    command: str  # export sub-command, e.g. "roster"
    writer: str  # "app.reports.roster.roster_report:write_roster_document"
    formats: tuple[str, ...] = ("pdf", "xlsx")
    sheet: str | None = None
    selector: str = "sheet"  # the flag that picks this document within its command: --sheet book, --register activists
    options: tuple[Option, ...] = ()
    unit: str = "条"  # the measure word of a row, for the GUI's "共 45 人" / "共 11 条"
    row_noun: str = ""  # the command line's "45 名党员" / "11 条记录" ("" = the unit)
    description: str = ""
    has_ids: bool = False  # prints ID numbers (so --mask-id means something)
    binder: bool = True  # may be a section of the annual binder (when it has a builder)
    # "module:function", build(session, **options) -> app.reports.engine.Document: the document the writer
    # prints, so the binder binds exactly what the stand-alone export prints (options as for the writer)
    builder: str | None = None
    binder_parts: tuple[BinderPart, ...] = ()  # its sections of the binder; () = one, under its own title

    def binder_sections(self) -> tuple[BinderPart, ...]:
        """The binder sections this document gives, each with its key and title filled in."""
        if not self.binder or self.builder is None:
            return ()
        parts = self.binder_parts or (BinderPart(DEFAULT_BINDER_ORDER),)
        return tuple(BinderPart(p.order, p.key or self.key, p.title or self.title, p.options, p.default)
                     for p in parts)


@dataclass(frozen=True)
class ImportOffer:
    """An import an area offers: `branch-ledger import KEY FILE`; the ImportKind itself is loaded on use."""

    key: str  # "roster"
    title: str  # 党员花名册
    kind: str  # "module:attribute" of its app.services.importer.spec.ImportKind


@dataclass(frozen=True)
class CountLabel:
    """How a table's row count is shown in a backup summary: 党员 45 人."""

    table: str
    label: str
    unit: str


@dataclass(frozen=True)
class Area:
    key: str  # stable ASCII code
    title: str  # navigation label
    order: int  # place in the navigation
    page: str | None = None  # "app.ui.roster.roster_page:RosterPage", built with (services) on first visit
    plans: str = ""  # shown on the page while the area is not built
    documents: tuple[Document, ...] = ()
    checks: tuple[str, ...] = ()  # "module:function", check(session, today) -> list[Finding]
    reminders: tuple[str, ...] = ()  # "module:function", reminders(session, today, days) -> list[Reminder]
    # the annual binder's completeness check: "module:function", check(ctx, year) -> list[Finding], what the
    # area's sections of the binder would print empty or wrong for that year (app.services.ledgers.completeness)
    binder_checks: tuple[str, ...] = ()
    audited: tuple[str, ...] = ()  # table names whose changes go to the audit trail
    counts: tuple[CountLabel, ...] = ()
    quiet_tables: tuple[str, ...] = ()  # tables a backup summary does not mention
    # the Settings this area owns: Setting values, or "module:attribute" of a sequence of them (loaded when a
    # setting is first read, so declaring the area imports none of its services before the first paint)
    settings: tuple[Any, ...] = ()
    models: str | None = None  # "app.models.meetings" - imported before the schema is used
    imports: tuple[ImportOffer, ...] = ()  # the spreadsheets this area can import
    demo: str | None = None  # "module:function", demo(session, today) adds this area's part of the sample branch
    extra: dict[str, Any] = field(default_factory=dict)  # area-specific declarations (importer fields …)


# -- the registry ------------------------------------------------------------------------------------------

_areas: dict[str, Area] = {}
_builtin_loaded = False
_audited: frozenset[str] | None = None  # cached: the audit listener asks on every flush


class RegistryError(Exception):
    pass


def register(area: Area) -> Area:
    """Add an area; a second area with the same key (or a document key already taken) is a programming error."""
    if area.key in _areas:
        raise RegistryError(f"area {area.key!r} is registered twice")
    taken = {d.key for a in _areas.values() for d in a.documents}
    for doc in area.documents:
        if doc.key in taken:
            raise RegistryError(f"document {doc.key!r} is registered twice")
    _areas[area.key] = area
    _forget_cache()
    return area


def _forget_cache() -> None:
    global _audited
    _audited = None


def unregister(key: str) -> None:
    """Remove an area (tests register a dummy area and take it away again)."""
    _areas.pop(key, None)
    _forget_cache()


def _load_builtin() -> None:
    global _builtin_loaded
    if _builtin_loaded:
        return
    _builtin_loaded = True
    from app.areas import BUILTIN

    for module in BUILTIN:
        importlib.import_module(module)


def areas() -> list[Area]:
    _load_builtin()
    return sorted(_areas.values(), key=lambda a: (a.order, a.key))


def area(key: str) -> Area:
    _load_builtin()
    return _areas[key]


def documents() -> list[Document]:
    """The catalogue: every area's documents, in navigation order."""
    return [doc for a in areas() for doc in a.documents]


def document(key: str) -> Document:
    for doc in documents():
        if doc.key == key:
            return doc
    raise KeyError(key)


def export_commands() -> dict[str, list[Document]]:
    """``export`` sub-command -> its documents, in catalogue order."""
    commands: dict[str, list[Document]] = {}
    for doc in documents():
        commands.setdefault(doc.command, []).append(doc)
    return commands


def binder_catalogue() -> list[tuple[Document, BinderPart]]:
    """Every section the annual binder can hold, in its default order (then catalogue order)."""
    found = [(doc, part) for doc in documents() for part in doc.binder_sections()]
    keys = [part.key for _doc, part in found]
    if len(set(keys)) != len(keys):
        raise RegistryError(f"binder section keys taken twice: {sorted(k for k in keys if keys.count(k) > 1)}")
    return sorted(found, key=lambda item: item[1].order)  # stable: catalogue order within one order


def audited_tables() -> frozenset[str]:
    global _audited
    if _audited is None:
        _audited = frozenset(t for a in areas() for t in a.audited)
    return _audited


def count_labels() -> dict[str, tuple[str, str]]:
    return {c.table: (c.label, c.unit) for a in areas() for c in a.counts}


def quiet_tables() -> frozenset[str]:
    return frozenset(t for a in areas() for t in a.quiet_tables)


def declared_settings() -> Iterable[Any]:
    for a in areas():
        for entry in a.settings:
            if isinstance(entry, str):
                yield from resolve(entry)
            else:
                yield entry


def import_offers() -> dict[str, ImportOffer]:
    return {offer.key: offer for a in areas() for offer in a.imports}


def import_models() -> None:
    """Import every area's models so that Base.metadata holds the whole schema."""
    for a in areas():
        if a.models:
            importlib.import_module(a.models)


def resolve(path: str) -> Callable[..., Any]:
    """"package.module:attribute" -> the attribute, importing the module on first use."""
    module, _, attribute = path.partition(":")
    return getattr(importlib.import_module(module), attribute)
