"""One import from start to preview: read the file, pick the sheet, find the table, match the columns."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from app.services.importer.kinds import import_kind
from app.services.importer.matching import ColumnMapping, match_columns, remembered_mappings
from app.services.importer.preview import Preview, build_preview
from app.services.importer.reading import read_workbook
from app.services.importer.table import choose_sheet, find_table


def prepare_import(session: Session, kind_key: str, path: str | Path, *, sheet: str | None = None,
                   on_duplicate: str = "skip", mapping: ColumnMapping | None = None) -> Preview:
    """The preview of importing `path` as `kind_key`; raises UserError (Chinese) when the file is unusable."""
    kind = import_kind(kind_key)
    remembered = remembered_mappings(session, kind)
    sheets = read_workbook(path)
    chosen = choose_sheet(sheets, kind, remembered, sheet)
    table = find_table(chosen, kind, remembered)
    columns = mapping if mapping is not None else match_columns(kind, table.headers, remembered)
    return build_preview(session, kind, table, columns, on_duplicate, file_name=Path(path).name)
