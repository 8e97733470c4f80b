"""A person's files (scans of the 申请书, the 志愿书 pages) attached to their steps through the shared store:
attach, list, remove the link (the file stays while another record refers to it), and the 纪实表 names them."""

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.config import attachments_dir
from app.kit.idcard import make_id_number
from app.models.attachment import Attachment, AttachmentLink
from app.models.development import DevStep
from app.reports.development.record_sheet import write_record
from app.services.attachments import add_attachment
from app.services.common.storage import data_folder_of
from app.services.development import steps as S
from app.services.development.files import (
    OWNER_KIND,
    attach_file,
    person_files,
    remove_file,
    step_files,
)
from app.services.development.people import DevelopmentError, get_person
from app.services.development.recording import remove_latest_step
from tests.services.development.dev_helpers import ADMISSION_PATH, TODAY, add_members, new_person, walk


@pytest.fixture
def person(branch_db, tmp_path):
    with branch_db.transaction() as s:
        members = add_members(s)
        person_id = new_person(s)
        walk(s, person_id, members, ADMISSION_PATH, until=S.BRANCH_ADMISSION)
    scans = tmp_path / "scans"
    scans.mkdir()
    (scans / "入党申请书.jpg").write_bytes(b"\xff\xd8 application scan")
    (scans / "志愿书第1页.pdf").write_bytes(b"%PDF-1.4 form page 1")
    return branch_db, person_id, scans


def _step_id(s, person_id, code):
    return s.scalars(select(DevStep).where(DevStep.person_id == person_id, DevStep.step == code)).first().id


def test_attach_list_and_print_on_the_record_sheet(person, tmp_path):
    db, person_id, scans = person
    folder = data_folder_of(db)
    with db.transaction() as s:
        attach_file(s, folder, person_id, _step_id(s, person_id, S.APPLICATION), scans / "入党申请书.jpg")
        attach_file(s, folder, person_id, _step_id(s, person_id, S.APPLICATION_FORM), scans / "志愿书第1页.pdf",
                    caption="志愿书扫描件")
    with db.session() as s:
        listed = [(e.step, [link.display_name for link in links]) for e, links in person_files(s, get_person(s, person_id))]
        assert listed == [(S.APPLICATION, ["入党申请书.jpg"]), (S.APPLICATION_FORM, ["志愿书第1页.pdf"])]
        stored = s.scalars(select(Attachment)).all()
        assert all((attachments_dir(folder) / a.stored_name).is_file() for a in stored)
        out = tmp_path / "record.pdf"
        write_record(s, out, "pdf", person="周子轩", today=TODAY)
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "规则与例外 附件" in text
    lines = text.split("\n")
    application = lines.index("第1步 递交入党申请书")
    assert "入党申请书.jpg" in lines[application:application + 4]  # on its step's line, after the date
    flat = text.replace("\n", "")
    assert "志愿书第1页.pdf（志愿书扫描件）" in flat


def test_removing_the_link_keeps_a_file_another_record_uses(person):
    db, person_id, scans = person
    folder = data_folder_of(db)
    with db.transaction() as s:
        link = attach_file(s, folder, person_id, _step_id(s, person_id, S.APPLICATION), scans / "入党申请书.jpg")
        link_id, stored = link.id, attachments_dir(folder) / link.attachment.stored_name
        add_attachment(s, folder, "meeting", 99, scans / "入党申请书.jpg")  # the same scan on another record
    with db.transaction() as s:
        assert remove_file(s, folder, person_id, link_id) == "入党申请书.jpg"
    with db.session() as s:
        assert step_files(s, _step_id(s, person_id, S.APPLICATION)) == []
    assert stored.is_file()  # still a meeting's attachment
    with db.transaction() as s:
        other = s.scalars(select(AttachmentLink).where(AttachmentLink.owner_kind == "meeting")).one()
        s.delete(other)
    with db.transaction() as s:
        link = attach_file(s, folder, person_id, _step_id(s, person_id, S.APPLICATION), scans / "入党申请书.jpg")
        link_id = link.id
    with db.transaction() as s:
        remove_file(s, folder, person_id, link_id)
    assert not stored.is_file()  # no record refers to it any more


def test_files_only_on_the_persons_own_recorded_steps(person, branch_db):
    db, person_id, scans = person
    folder = data_folder_of(db)
    with db.transaction() as s:
        other = new_person(s, name="王小明", id_number=make_id_number("320211", date(1990, 1, 1), 13))
    with pytest.raises(DevelopmentError, match="王小明没有编号为"):
        with db.transaction() as s:
            attach_file(s, folder, other, _step_id(s, person_id, S.APPLICATION), scans / "入党申请书.jpg")
    with db.session() as s:
        assert s.scalars(select(AttachmentLink)).all() == []


def test_a_step_removed_as_a_mistake_takes_its_files_off(person):
    db, person_id, scans = person
    folder = data_folder_of(db)
    with db.transaction() as s:
        latest = _step_id(s, person_id, S.APPLICATION_FORM)
        attach_file(s, folder, person_id, latest, scans / "志愿书第1页.pdf")
    with db.transaction() as s:
        remove_latest_step(s, person_id, today=TODAY)
    with db.session() as s:
        assert s.scalars(select(AttachmentLink).where(AttachmentLink.owner_kind == OWNER_KIND)).all() == []
        assert s.scalars(select(Attachment)).all() == []
    assert not any(Path(attachments_dir(folder)).rglob("*.pdf"))


def test_a_file_of_a_step_no_longer_recorded_is_noticed(person):
    from datetime import date as day

    from app.kit.context import Context
    from app.services.development.checks import development_checks

    db, person_id, scans = person
    with db.transaction() as s:
        add_attachment(s, data_folder_of(db), OWNER_KIND, 9999, scans / "入党申请书.jpg")
    with db.session() as s:
        found = [f for f in development_checks(Context(s, day(2026, 12, 1))) if f.check == "development_files"]
    assert [f.message for f in found] == ["附件“入党申请书.jpg”所属的发展党员步骤记录（编号 9999）已不存在，该附件在程序中无处显示。"]
