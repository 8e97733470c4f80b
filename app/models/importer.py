"""An import of a spreadsheet, kept as one batch so that it can be undone as a whole."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, now


class ImportBatch(Base):
    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))  # the import kind's code: roster …
    file_name: Mapped[str] = mapped_column(String(260), default="")
    sheet: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    added: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    # The audit entries the import itself wrote (ids after audit_from up to audit_until), and those its undo
    # wrote: a later entry on one of its rows, outside an import and undo that cancel out, is a later change.
    audit_from: Mapped[int] = mapped_column(Integer, default=0)
    audit_until: Mapped[int] = mapped_column(Integer, default=0)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)
    undo_audit_from: Mapped[int | None] = mapped_column(Integer)
    undo_audit_until: Mapped[int | None] = mapped_column(Integer)
    rows: Mapped[list[ImportedRow]] = relationship(back_populates="batch", cascade="all, delete-orphan",
                                                   order_by="ImportedRow.id")


class ImportedRow(Base):
    """One record the batch added or updated; `before` holds an updated record's previous values."""

    __tablename__ = "imported_row"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"), index=True)
    table_name: Mapped[str] = mapped_column(String(50))
    row_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(10))  # add / update
    source_row: Mapped[int] = mapped_column(Integer, default=0)
    before: Mapped[dict | None] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    batch: Mapped[ImportBatch] = relationship(back_populates="rows")
