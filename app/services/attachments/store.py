"""The shared attachment store: files attached to any record of any area, listed, opened and removed.

A record is named by an owner kind (a stable ASCII code such as "meeting", "dues_receipt") and its id.
Adding copies the file into the data folder's ``attachments/`` (app.services.attachments.files) and adds
the rows in the caller's transaction; the file system follows the transaction: a file created by a
transaction that rolls back is removed again, and a file no record refers to any more is removed only
after the removal is committed. So a failed or rolled-back attach leaves neither a half file nor a row
pointing at nothing, and removing one record's link keeps the file while another record refers to it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session

from app.config import attachments_dir
from app.models.attachment import Attachment, AttachmentLink
from app.services.attachments.files import AttachmentError, copy_into_store
from app.services.attachments.settings import MAX_MB
from app.services.common.settings import get_setting

_OWNER_KIND = re.compile(r"[a-z][a-z0-9_]{0,29}")
# session.info keys: files this transaction created (removed on rollback), files to remove on commit
_CREATED = "attachments.created"
_DOOMED = "attachments.doomed"


def session_data_dir(session: Session) -> Path | None:
    """The data folder of the database a session reads (its attachments/ sit beside the database file),
    asked of SQLite itself, so it works for the application's engine and the read-only one of `export`."""
    for _seq, name, file in session.execute(text("PRAGMA database_list")):
        if name == "main" and file:
            return Path(file).parent
    return None


def max_bytes(session: Session) -> int:
    return int(get_setting(session, MAX_MB)) << 20


def _check_owner(owner_kind: str, owner_id: int) -> None:
    if not _OWNER_KIND.fullmatch(owner_kind or "") or not isinstance(owner_id, int):
        raise ValueError(f"bad attachment owner {owner_kind!r} {owner_id!r}")  # a programming error


def add_attachment(session: Session, data_dir: Path, owner_kind: str, owner_id: int, source: str | Path,
                   *, caption: str = "") -> AttachmentLink:
    """Attach the file at `source` to the record (owner_kind, owner_id), in the caller's transaction.

    The same content attached again to the same record is not added twice (the existing link is returned).
    Raises AttachmentError (Chinese, naming the file) when it cannot be read, is over the size limit,
    vanishes mid-copy or cannot be written.
    """
    _check_owner(owner_kind, owner_id)
    source = Path(source)
    root = attachments_dir(Path(data_dir))
    stored = copy_into_store(root, source, max_bytes(session))
    path = root / stored.stored_name
    if stored.created:
        session.info.setdefault(_CREATED, []).append(path)
    doomed = session.info.get(_DOOMED, [])
    if path in doomed:  # removed earlier in this transaction and attached again: keep the file
        doomed.remove(path)
    attachment = session.scalar(select(Attachment).where(Attachment.sha256 == stored.sha256))
    if attachment is None:
        attachment = Attachment(sha256=stored.sha256, stored_name=stored.stored_name,
                                original_name=source.name[:255], size=stored.size)
        session.add(attachment)
        session.flush()
    existing = session.scalar(select(AttachmentLink).where(
        AttachmentLink.attachment_id == attachment.id, AttachmentLink.owner_kind == owner_kind,
        AttachmentLink.owner_id == owner_id))
    if existing is not None:
        return existing
    last = session.scalar(select(func.max(AttachmentLink.sort_order)).where(
        AttachmentLink.owner_kind == owner_kind, AttachmentLink.owner_id == owner_id))
    link = AttachmentLink(attachment=attachment, owner_kind=owner_kind, owner_id=owner_id,
                          caption=(caption or "").strip()[:200], display_name=source.name[:255],
                          sort_order=(last or 0) + 1)
    session.add(link)
    session.flush()
    return link


def list_attachments(session: Session, owner_kind: str, owner_id: int) -> list[AttachmentLink]:
    """The record's attachments, in the order they were attached."""
    _check_owner(owner_kind, owner_id)
    return list(session.scalars(
        select(AttachmentLink).where(AttachmentLink.owner_kind == owner_kind, AttachmentLink.owner_id == owner_id)
        .order_by(AttachmentLink.sort_order, AttachmentLink.id)))


def attachment_counts(session: Session, owner_kind: str) -> dict[int, int]:
    """owner id -> how many attachments, for every record of one kind (lists show a 附件 column)."""
    rows = session.execute(select(AttachmentLink.owner_id, func.count()).where(
        AttachmentLink.owner_kind == owner_kind).group_by(AttachmentLink.owner_id))
    return {owner: count for owner, count in rows}


def attachment_path(data_dir: Path, link: AttachmentLink) -> Path:
    """The stored file to open with the system's viewer; AttachmentError if it is missing."""
    path = attachments_dir(Path(data_dir)) / link.attachment.stored_name
    if not path.is_file():
        raise AttachmentError(f"附件“{link.display_name or link.attachment.original_name}”的文件不见了"
                              f"（{path}）。可从备份中恢复，或删除此附件后重新附加。")
    return path


def save_copy(data_dir: Path, link: AttachmentLink, folder: Path) -> Path:
    """Copy the attachment out under its own name (for e-mail or a USB stick); returns the new file."""
    source = attachment_path(data_dir, link)
    name = link.display_name or link.attachment.original_name or source.name
    target = Path(folder) / name
    stem, suffix, n = target.stem, target.suffix, 1
    while target.exists():
        n += 1
        target = target.with_name(f"{stem}（{n}）{suffix}")
    try:
        shutil.copyfile(source, target)
    except OSError as exc:
        raise AttachmentError(f"无法把附件“{name}”另存到 {folder}：{exc.strerror or exc}。") from exc
    return target


def remove_link(session: Session, data_dir: Path, link_id: int) -> None:
    """Take one attachment off its record; the file goes (after commit) once no record refers to it."""
    link = session.get(AttachmentLink, link_id)
    if link is None:
        raise AttachmentError(f"找不到编号为 {link_id} 的附件，可能已被删除。")
    attachment = link.attachment
    session.delete(link)
    session.flush()
    _forget_if_unused(session, Path(data_dir), attachment)


def remove_owner(session: Session, data_dir: Path, owner_kind: str, owner_id: int) -> int:
    """Take every attachment off a record that is being deleted; returns how many links went."""
    links = list_attachments(session, owner_kind, owner_id)
    for link in links:
        remove_link(session, data_dir, link.id)
    return len(links)


def _forget_if_unused(session: Session, data_dir: Path, attachment: Attachment) -> None:
    used = session.scalar(select(func.count()).select_from(AttachmentLink).where(
        AttachmentLink.attachment_id == attachment.id))
    if used:
        return
    session.info.setdefault(_DOOMED, []).append(attachments_dir(data_dir) / attachment.stored_name)
    session.delete(attachment)
    session.flush()


@event.listens_for(Session, "after_commit")
def _files_after_commit(session: Session) -> None:
    session.info.pop(_CREATED, None)
    for path in session.info.pop(_DOOMED, []):
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass  # still open in a viewer: the check reports it as a file no record refers to


@event.listens_for(Session, "after_rollback")
def _files_after_rollback(session: Session) -> None:
    session.info.pop(_DOOMED, None)
    for path in session.info.pop(_CREATED, []):
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass
