"""The shared attachment store's rows: one file (by content) and the records that refer to it.

A file is stored once per content (its SHA-256); any number of records of any area refer to it through
`AttachmentLink` (owner kind code + owner id), so removing a record's link keeps the file while another
record still refers to it. The files live under the data folder's ``attachments/`` (app.services.attachments).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, now


class Attachment(Base):
    """One stored file: its content hash, where it is under attachments/, and the name the user gave it."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    stored_name: Mapped[str] = mapped_column(String(100), unique=True)  # relative to attachments/, ASCII
    original_name: Mapped[str] = mapped_column(String(255))  # the file's name when it was attached
    size: Mapped[int] = mapped_column(Integer)  # bytes
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)

    links: Mapped[list[AttachmentLink]] = relationship(back_populates="attachment")


class AttachmentLink(Base):
    """One record's reference to a stored file: a meeting's photo, a dues receipt, a development file."""

    __tablename__ = "attachment_link"
    __table_args__ = (UniqueConstraint("attachment_id", "owner_kind", "owner_id"),
                      Index("ix_attachment_link_owner", "owner_kind", "owner_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachment.id", ondelete="RESTRICT"), index=True)
    owner_kind: Mapped[str] = mapped_column(String(30))  # a stable ASCII code, e.g. "meeting"
    owner_id: Mapped[int] = mapped_column(Integer)
    caption: Mapped[str] = mapped_column(String(200), default="")  # 说明, e.g. 签到表
    display_name: Mapped[str] = mapped_column(String(255), default="")  # the name shown on this record
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)

    attachment: Mapped[Attachment] = relationship(back_populates="links", lazy="joined")
