"""Writing an import: all accepted rows in one transaction, recorded as one batch — and undoing it.

The kind's writer adds or updates each accepted row and returns, per row, the record it touched; the batch
remembers them (with an updated record's previous values), and the newest audit entry the import wrote, so
that an undo can tell whether anything changed those records since.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from app.kit import registry
from app.kit.errors import UserError
from app.models import AuditEntry, ImportBatch, ImportedRow
from app.models.base import now
from app.services.importer.preview import Preview, PreviewRow


@dataclass(frozen=True)
class Touched:
    """What a writer did with one row: the table and id of the record, and its values before an update."""

    table: str
    row_id: int
    before: dict | None = None
    note: str = ""


def apply_import(session: Session, preview: Preview) -> ImportBatch:
    """Write every accepted row (in the caller's transaction). A failure of any row undoes all of them."""
    accepted = preview.accepted
    batch = ImportBatch(kind=preview.kind.key, file_name=preview.file_name[:260], sheet=preview.table.sheet[:100],
                        added=sum(1 for r in accepted if r.action == "add"),
                        updated=sum(1 for r in accepted if r.action == "update"),
                        rejected=len(preview.rejected), audit_from=_newest_audit_id(session), audit_until=0)
    session.add(batch)
    session.flush()
    writer = registry.resolve(preview.kind.writer)
    try:
        touched: list[tuple[PreviewRow, Touched]] = writer(session, accepted, batch)
    except UserError as exc:
        raise UserError(f"导入没有完成，没有写入任何记录：{exc.message}", exc.field, row=exc.row) from exc
    if touched:  # one INSERT for them all: the batch's own bookkeeping needs no ORM objects (nor their ids)
        session.execute(insert(ImportedRow), [
            {"batch_id": batch.id, "table_name": done.table, "row_id": done.row_id, "action": row.action,
             "source_row": row.number, "before": done.before, "note": done.note} for row, done in touched])
    session.flush()
    batch.audit_until = _newest_audit_id(session)
    return batch


def _newest_audit_id(session: Session) -> int:
    session.flush()
    return session.scalar(select(func.max(AuditEntry.id))) or 0


def _cancelled_ranges(session: Session, batch: ImportBatch) -> list[tuple[int, int]]:
    """Audit id ranges of later imports that were undone, and of their undos: together they changed nothing."""
    later = session.scalars(select(ImportBatch).where(ImportBatch.id > batch.id, ImportBatch.undone_at.is_not(None)))
    ranges = []
    for other in later:
        ranges.append((other.audit_from, other.audit_until))
        if other.undo_audit_from is not None and other.undo_audit_until is not None:
            ranges.append((other.undo_audit_from, other.undo_audit_until))
    return ranges


def undo_problem(session: Session, batch: ImportBatch) -> str | None:
    """Why the batch cannot be undone (Chinese), or None when it can."""
    if batch.undone_at is not None:
        return f"这次导入已于 {batch.undone_at:%Y-%m-%d %H:%M} 撤销。"
    cancelled = _cancelled_ranges(session, batch)
    for row in batch.rows:
        query = select(AuditEntry).where(AuditEntry.table_name == row.table_name, AuditEntry.row_id == row.row_id,
                                         AuditEntry.id > batch.audit_until)
        for low, high in cancelled:
            query = query.where(~AuditEntry.id.between(low + 1, high))
        later = session.scalar(query.order_by(AuditEntry.id).limit(1))
        if later is not None:
            return (f"导入的记录“{later.row_label}”（源文件第 {row.source_row} 行）在 {later.at:%Y-%m-%d %H:%M} "
                    f"又被修改过，不能整批撤销。请逐条处理这条记录。")
    return registry.resolve(_kind(batch).undoer)(session, batch, check_only=True)


def undo_import(session: Session, batch_id: int) -> ImportBatch:
    """Take a whole import back (in the caller's transaction): added records go, updated ones get their old values."""
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise UserError(f"找不到编号为 {batch_id} 的导入记录。")
    if (problem := undo_problem(session, batch)) is not None:
        raise UserError(problem)
    batch.undo_audit_from = _newest_audit_id(session)
    registry.resolve(_kind(batch).undoer)(session, batch, check_only=False)
    batch.undone_at = now()
    batch.undo_audit_until = _newest_audit_id(session)
    return batch


def _kind(batch: ImportBatch):
    from app.services.importer.kinds import import_kind

    return import_kind(batch.kind)
