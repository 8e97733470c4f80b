"""`branch-ledger check` for the attachment store: files rows point at, and files no row points at."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app.config import attachments_dir
from app.kit.context import Context
from app.kit.findings import NOTICE, Finding
from app.models.attachment import Attachment, AttachmentLink
from app.services.attachments.files import STORED_NAME


def attachment_checks(ctx: Context) -> list[Finding]:
    if ctx.data_dir is None:
        return []
    root = attachments_dir(Path(ctx.data_dir))
    findings: list[Finding] = []
    attachments = list(ctx.session.scalars(select(Attachment)))
    linked = set(ctx.session.scalars(select(AttachmentLink.attachment_id).distinct()))
    known = set()
    for attachment in attachments:
        known.add(attachment.stored_name)
        path = root / attachment.stored_name
        if not path.is_file():
            findings.append(Finding("attachments", f"附件“{attachment.original_name}”的文件不见了（{path}），"
                                                   f"可从备份中恢复"))
        elif path.stat().st_size != attachment.size:
            findings.append(Finding("attachments", f"附件“{attachment.original_name}”的文件大小与登记时不同"
                                                   f"（{path}），文件可能已损坏"))
        if attachment.id not in linked:
            findings.append(Finding("attachments", f"附件“{attachment.original_name}”已不属于任何记录",
                                    severity=NOTICE))
    if root.is_dir():
        for path in sorted(root.glob("??/*")):
            rel = path.relative_to(root).as_posix()
            if path.is_file() and STORED_NAME.fullmatch(rel) and rel not in known:
                findings.append(Finding("attachments", f"附件文件夹中的文件 {rel} 不属于任何记录（可能是中断的"
                                                       f"操作留下的），可以删除", severity=NOTICE))
    return findings

