"""The files of a person's development (scans of the 申请书, the 志愿书 pages, a 政审 report …), attached
to the step they belong to through the shared attachment store (app.services.attachments).

A file belongs to one recorded step of one person: owner kind "dev_step", owner id the DevStep's id. The
store keeps a file while any record (of any area) still refers to it, so removing it from a step here
never takes it from another record. Every function works in the caller's transaction.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from app.models.attachment import AttachmentLink
from app.models.development import DevPerson, DevStep
from app.services.attachments import (
    add_attachment,
    list_attachments,
    remove_link,
    remove_owner,
    session_data_dir,
)
from app.services.development import steps as S
from app.services.development.people import DevelopmentError, get_person

OWNER_KIND = "dev_step"  # a step record of a person (DevStep.id)


def step_title(entry: DevStep) -> str:
    """The step as a user names it: 第14步 填写入党志愿书, with the round of a repeated step."""
    spec = S.step(entry.step)
    return spec.title + (f"（第{entry.seq}次）" if spec.repeatable and entry.seq > 1 else "")


def _step_of(session: Session, person: DevPerson, step_id: int) -> DevStep:
    entry = session.get(DevStep, step_id)
    if entry is None or entry.person_id != person.id:
        raise DevelopmentError(f"{person.name}没有编号为 {step_id} 的已登记步骤，请先登记该步骤再附加文件。", "step")
    return entry


def attach_file(session: Session, data_dir: Path, person_id: int, step_id: int, source: str | Path,
                *, caption: str = "") -> AttachmentLink:
    """Attach a file (a scan, a photo, a document) to one recorded step of the person."""
    person = get_person(session, person_id)
    entry = _step_of(session, person, step_id)
    return add_attachment(session, data_dir, OWNER_KIND, entry.id, source, caption=caption)


def step_files(session: Session, step_id: int) -> list[AttachmentLink]:
    """One step's files, in the order they were attached."""
    return list_attachments(session, OWNER_KIND, step_id)


def person_files(session: Session, person: DevPerson) -> list[tuple[DevStep, list[AttachmentLink]]]:
    """Each recorded step of the person that has files, in the steps' order, with its files."""
    out = []
    for entry in sorted(person.steps, key=lambda e: (S.STEP_ORDER[e.step], e.seq, e.id)):
        links = step_files(session, entry.id)
        if links:
            out.append((entry, links))
    return out


def file_label(link: AttachmentLink) -> str:
    """A file as lists and the 纪实表 show it: its name, and its 说明 when one was given."""
    name = link.display_name or link.attachment.original_name
    return name + (f"（{link.caption}）" if link.caption else "")


def remove_file(session: Session, data_dir: Path, person_id: int, link_id: int) -> str:
    """Take one file off the person's step; the stored file stays while another record refers to it.
    Returns the file's name."""
    person = get_person(session, person_id)
    link = session.get(AttachmentLink, link_id)
    step_ids = {e.id for e in person.steps}
    if link is None or link.owner_kind != OWNER_KIND or link.owner_id not in step_ids:
        raise DevelopmentError(f"{person.name}的材料中没有这个附件，可能已被移除。", "attachment")
    name = link.display_name or link.attachment.original_name
    remove_link(session, data_dir, link.id)
    return name


def forget_step_files(session: Session, entry: DevStep) -> int:
    """A step removed as entered by mistake takes its file links with it (files other records use stay)."""
    folder = session_data_dir(session)
    if folder is None:
        return 0
    return remove_owner(session, folder, OWNER_KIND, entry.id)
