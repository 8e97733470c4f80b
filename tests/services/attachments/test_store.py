"""The shared attachment store: copies with a hash, shared files, and no half file or dangling row."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from sqlalchemy import func, select

from app.kit.context import Context
from app.kit.errors import UserError
from app.models.attachment import Attachment, AttachmentLink
from app.services.attachments import (
    AttachmentError,
    add_attachment,
    attachment_counts,
    attachment_path,
    list_attachments,
    remove_link,
    remove_owner,
    save_copy,
)
from app.services.attachments import files as store_files
from app.services.attachments.checks import attachment_checks
from app.services.common.settings import set_setting

PHOTO = bytes(range(256)) * 4000  # ~1 MB


def _stored_files(data_dir):
    return sorted(p.relative_to(data_dir).as_posix() for p in (data_dir / "attachments").rglob("*") if p.is_file())


def _leftovers(data_dir):
    staging = data_dir / store_files.STAGING_DIR
    return sorted(p.name for p in staging.iterdir()) if staging.exists() else []


def _rows(db):
    with db.session() as s:
        return (s.scalar(select(func.count()).select_from(Attachment)),
                s.scalar(select(func.count()).select_from(AttachmentLink)))


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "签到表 第1页.JPG"
    path.write_bytes(PHOTO)
    return path


def test_a_file_is_copied_under_its_hash_and_listed_on_its_record(db, data_dir, photo):
    with db.transaction() as s:
        link = add_attachment(s, data_dir, "meeting", 7, photo, caption="签到表")
    sha = hashlib.sha256(PHOTO).hexdigest()
    assert _stored_files(data_dir) == [f"attachments/{sha[:2]}/{sha}.jpg"]
    with db.session() as s:
        (listed,) = list_attachments(s, "meeting", 7)
        assert (listed.display_name, listed.caption, listed.attachment.size) == ("签到表 第1页.JPG", "签到表", len(PHOTO))
        assert listed.attachment.sha256 == sha and listed.id == link.id
        assert attachment_path(data_dir, listed).read_bytes() == PHOTO
        assert list_attachments(s, "meeting", 8) == [] and attachment_counts(s, "meeting") == {7: 1}
    assert _leftovers(data_dir) == []


def test_an_unsafe_name_is_stored_under_a_safe_one_and_copied_out_under_its_own(db, data_dir, tmp_path):
    odd = tmp_path / "会议 PPT（终稿）..$#.pptx;rm"
    odd.write_bytes(b"slides")
    with db.transaction() as s:
        link = add_attachment(s, data_dir, "meeting", 1, odd)
        stored = link.attachment.stored_name
    assert store_files.STORED_NAME.fullmatch(stored) and stored.isascii() and "." not in stored
    out = tmp_path / "out"
    out.mkdir()
    with db.session() as s:
        (link,) = list_attachments(s, "meeting", 1)
        first, second = save_copy(data_dir, link, out), save_copy(data_dir, link, out)
    assert first.name == odd.name and second.name != odd.name and second.read_bytes() == b"slides"


def test_a_file_shared_by_two_records_stays_until_the_last_link_goes(db, data_dir, photo):
    with db.transaction() as s:
        first = add_attachment(s, data_dir, "meeting", 1, photo)
        add_attachment(s, data_dir, "dues_receipt", 3, photo)
        again = add_attachment(s, data_dir, "meeting", 1, photo)  # the same file twice on one record: once
    assert again.id == first.id and _rows(db) == (1, 2) and len(_stored_files(data_dir)) == 1
    with db.transaction() as s:
        remove_link(s, data_dir, first.id)
    assert _rows(db) == (1, 1) and len(_stored_files(data_dir)) == 1
    with db.transaction() as s:
        assert remove_owner(s, data_dir, "dues_receipt", 3) == 1
    assert _rows(db) == (0, 0) and _stored_files(data_dir) == []


def test_removing_the_last_link_keeps_the_file_if_the_transaction_fails(db, data_dir, photo):
    with db.transaction() as s:
        link = add_attachment(s, data_dir, "meeting", 1, photo)
    with pytest.raises(RuntimeError), db.transaction() as s:
        remove_link(s, data_dir, link.id)
        raise RuntimeError("the rest of the user's action failed")
    assert _rows(db) == (1, 1) and len(_stored_files(data_dir)) == 1


def test_a_rolled_back_attach_leaves_no_file_and_no_row(db, data_dir, photo):
    with pytest.raises(UserError), db.transaction() as s:
        add_attachment(s, data_dir, "meeting", 1, photo)
        raise UserError("“实到人数”不能多于“应到人数”。", field="present_count")
    assert _rows(db) == (0, 0) and _stored_files(data_dir) == [] and _leftovers(data_dir) == []


def test_a_missing_file_is_refused_naming_it(db, data_dir, tmp_path):
    with pytest.raises(AttachmentError, match="无法读取附件“不存在.jpg”：文件不存在") as caught, \
            db.transaction() as s:
        add_attachment(s, data_dir, "meeting", 1, tmp_path / "不存在.jpg")
    assert caught.value.field == "attachment"
    with pytest.raises(AttachmentError, match="不是一个文件"), db.transaction() as s:
        add_attachment(s, data_dir, "meeting", 1, tmp_path)
    assert _rows(db) == (0, 0)


def test_a_file_over_the_limit_setting_is_refused_naming_it_and_its_size(db, data_dir, tmp_path):
    big = tmp_path / "党课课件.pptx"
    big.write_bytes(b"x" * (3 << 20))
    with db.transaction() as s:
        set_setting(s, "attachments.max_mb", 2)
    with pytest.raises(AttachmentError, match=r"附件“党课课件.pptx”有 3.0 MB，超过每个附件 2.0 MB 的上限"), \
            db.transaction() as s:
        add_attachment(s, data_dir, "meeting", 1, big)
    assert _rows(db) == (0, 0) and _stored_files(data_dir) == [] and _leftovers(data_dir) == []
    with db.transaction() as s:
        set_setting(s, "attachments.max_mb", 20)
        add_attachment(s, data_dir, "meeting", 1, big)
    assert _rows(db) == (1, 1)


def test_a_file_that_vanishes_mid_copy_leaves_no_half_file_and_no_row(db, data_dir, photo, monkeypatch):
    real_chunks = store_files._chunks
    monkeypatch.setattr(store_files, "CHUNK", 4096)

    def vanishing(source):
        for n, chunk in enumerate(real_chunks(source)):
            if n == 1:
                photo.unlink()  # the USB stick is pulled out: the rest of the open file still reads here
            yield chunk

    monkeypatch.setattr(store_files, "_chunks", vanishing)
    with pytest.raises(AttachmentError, match="附件“签到表 第1页.JPG”在复制过程中被移走或改动，未能保存"), \
            db.transaction() as s:
        add_attachment(s, data_dir, "meeting", 1, photo)
    assert _rows(db) == (0, 0) and _stored_files(data_dir) == [] and _leftovers(data_dir) == []


def test_a_read_error_mid_copy_leaves_no_half_file(db, data_dir, photo, monkeypatch):
    def failing(source):
        yield source.read(100)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(store_files, "_chunks", failing)
    with pytest.raises(AttachmentError, match="读取附件“签到表 第1页.JPG”时出错"), db.transaction() as s:
        add_attachment(s, data_dir, "meeting", 1, photo)
    assert _rows(db) == (0, 0) and _stored_files(data_dir) == [] and _leftovers(data_dir) == []


def test_check_reports_a_missing_file_and_a_file_no_record_refers_to(db, data_dir, photo, tmp_path):
    other = tmp_path / "照片.png"
    other.write_bytes(b"png")
    with db.transaction() as s:
        link = add_attachment(s, data_dir, "meeting", 1, photo)
        add_attachment(s, data_dir, "meeting", 2, other)
    with db.session() as s:
        assert attachment_checks(Context(s, date(2026, 12, 1), data_dir=data_dir)) == []
        path = attachment_path(data_dir, link)
    path.unlink()
    orphan = data_dir / "attachments" / "ab" / ("ab" * 32 + ".jpg")
    orphan.parent.mkdir(exist_ok=True)
    orphan.write_bytes(b"left by a crash")
    (data_dir / "attachments" / "会议记录.pdf").write_bytes(b"put there by hand: not the store's")
    with db.session() as s:
        messages = [str(f) for f in attachment_checks(Context(s, date(2026, 12, 1), data_dir=data_dir))]
        with pytest.raises(AttachmentError, match="附件“签到表 第1页.JPG”的文件不见了"):
            attachment_path(data_dir, list_attachments(s, "meeting", 1)[0])
    assert len(messages) == 2
    assert messages[0].startswith("问题：附件“签到表 第1页.JPG”的文件不见了")
    assert messages[1].startswith(f"提示：附件文件夹中的文件 ab/{'ab' * 32}.jpg 不属于任何记录")
