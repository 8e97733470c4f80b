"""What an import kind declares: its fields (label, aliases, how a cell is read) and how a row is written."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# How a cell is read (app.services.importer.values.parse_cell): the kind of each field.
TEXT, LONG_TEXT, DATE, DATETIME, MONTH, ID_NUMBER, PHONE, CHOICE, BOOL, INT, DECIMAL = (
    "text", "long_text", "date", "datetime", "month", "id_number", "phone", "choice", "bool", "int", "decimal")


@dataclass(frozen=True)
class ImportField:
    key: str  # the stored attribute (a Member column, …)
    label: str  # the header of the template and of the preview
    kind: str = TEXT
    aliases: tuple[str, ...] = ()  # other header texts that mean this field
    required: bool = False
    choices: tuple[str, ...] = ()  # allowed values of a CHOICE, as stored
    synonyms: dict[str, str] = field(default_factory=dict)  # what people type -> the stored choice
    hint: str = ""  # for the template's instruction sheet

    def header_keys(self) -> set[str]:
        return {header_key(self.label), *(header_key(a) for a in self.aliases)}


@dataclass(frozen=True)
class ImportKind:
    key: str  # "roster": `branch-ledger import roster FILE`, `import template roster`
    title: str  # 党员花名册
    fields: tuple[ImportField, ...]
    writer: str  # "module:function", writer(session, rows, batch) -> [(row, Touched)] (see apply.py)
    undoer: str  # "module:function", undoer(session, batch, check_only) -> why not (Chinese) or None
    duplicate_key: str | None = None  # the field whose equal values are duplicates (the ID number)
    finder: str | None = None  # "module:function", finder(session) -> {duplicate key value: existing record id}
    unique_key: bool = False  # two rows with the same duplicate key can never both be kept (ID numbers)
    # "module:function", key_of(session, values) -> the row's duplicate key where it is not simply the value of
    # duplicate_key (a person named without an ID number, found by name; a member's grade in a year's round)
    key_of: str | None = None
    validator: str | None = None  # "module:function", validator(session, values, existing_id) -> [(field, message, blocking)]
    notes: tuple[str, ...] = ()  # lines of the template's instruction sheet
    row_label: str = "名党员"  # "导入 45 名党员"

    def field(self, key: str) -> ImportField:
        return next(f for f in self.fields if f.key == key)


_DROP = re.compile(r"[\s\u3000*＊:：]|（必填）|\(必填\)|（选填）|\(选填\)")


def header_key(text: object) -> str:
    """A header as compared: full-width folded, spaces, stars, colons and 必填 marks removed (姓 名 = 姓名)."""
    clean = unicodedata.normalize("NFKC", str(text or ""))
    return _DROP.sub("", clean).lower()
