"""The shared attachment store (photos, scans, slides attached to any area's records).

Use: ``add_attachment(session, data_dir, "meeting", meeting.id, path)`` inside ``db.transaction()``;
``list_attachments``, ``attachment_path`` (to open), ``save_copy``, ``remove_link``, ``remove_owner``.
The size limit is the setting ``attachments.max_mb``. ``branch-ledger check`` runs checks.attachment_checks.
"""

from app.services.attachments.files import AttachmentError
from app.services.attachments.store import (
    add_attachment,
    attachment_counts,
    attachment_path,
    list_attachments,
    remove_link,
    remove_owner,
    save_copy,
    session_data_dir,
)

__all__ = ["AttachmentError", "add_attachment", "attachment_counts", "attachment_path", "list_attachments",
           "remove_link", "remove_owner", "save_copy", "session_data_dir"]
