"""The single 会议记录 in the standard layout: the header fields in a bordered form, 议题, 内容, 决议, 表决,
主持人签字 and 记录人签字; the record's photos optionally printed after it. PDF and DOCX (many branches
finish minutes in Word or WPS); the same Document is a section of the year's book."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from app.reports.engine import (
    Document,
    Field,
    Heading,
    Image,
    KeyValueTable,
    PageBreak,
    Paragraph,
    SignatureLine,
    Title,
    write_document,
)
from app.reports.engine.document import TEXT_FORMATS, ReportResult
from app.reports.engine.errors import ReportError
from app.reports.meetings.common import data_folder, numbered, when_text
from app.services.attachments import list_attachments
from app.services.common.branch import get_profile
from app.services.meetings import kinds
from app.services.meetings.attendance import meeting_flags
from app.services.meetings.records import OWNER_KIND, counts, describe_absentees, get_meeting
from app.services.meetings.rules import resolution_passes

PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff"}
EMPTY = "（无）"


def _photos(session: Session, meeting, folder: Path | None) -> list[Image]:
    if folder is None:
        return []
    out = []
    for link in list_attachments(session, OWNER_KIND, meeting.id):
        if Path(link.attachment.stored_name).suffix.lower() in PHOTO_SUFFIXES:
            path = folder / "attachments" / link.attachment.stored_name
            out.append(Image(path, caption=link.caption or link.display_name, max_height_mm=200))
    return out


def record_blocks(session: Session, meeting, *, photos: bool = False, folder: Path | None = None) -> list:
    """The record's blocks (without a page break before: the book adds its own)."""
    spec = kinds.kind(meeting.kind)
    profile = get_profile(session)
    c = counts(meeting)
    when = meeting.held_at or meeting.planned_at
    rows: list[list[Field]] = [
        [Field("会议名称", meeting.title, span=2)],
        [Field("会议类型", spec.label), Field("次数", f"{when.year if when else ''}年第{meeting.sequence}次")],
        [Field("时间", when_text(when) + ("" if meeting.status == kinds.HELD else "（计划）")),
         Field("地点", meeting.place)],
        [Field("主持人", meeting.host.name if meeting.host else ""),
         Field("记录人", meeting.recorder.name if meeting.recorder else "")],
    ]
    if meeting.party_group is not None:
        rows.append([Field("党小组", meeting.party_group.name, span=2)])
    if spec.lecturer or meeting.lecturer:
        rows.append([Field("主讲人", meeting.lecturer), Field(spec.theme_label or "主题", meeting.theme)])
    elif spec.theme_label and meeting.theme:
        rows.append([Field(spec.theme_label, meeting.theme, span=2)])
    rows.append([Field("应到人数", f"{c.expected} 人"), Field("实到人数", f"{c.present} 人")])
    if spec.quorum == kinds.QUORUM_GENERAL or meeting.has_vote:
        rows.append([Field("有表决权应到", f"{c.voting_expected} 人"), Field("有表决权实到", f"{c.voting_present} 人")])
    rows.append([Field("缺席人员及原因", describe_absentees(meeting) or EMPTY, span=2)])
    rows.append([Field("列席人员", meeting.observers or EMPTY, span=2)])
    flags = meeting_flags(session, meeting)
    if flags:
        rows.append([Field("注意", "；".join(flags) + "。", span=2)])
    blocks: list = [
        Title(profile.full_name if profile else "",
              subtitle=f"{spec.record_heading}（{when.year if when else ''}年第{meeting.sequence}次）"),
        KeyValueTable(rows=rows, pairs=2, label_chars=7),
        Heading("一、议题"),
        Paragraph(numbered(list(meeting.topics or [])) or EMPTY, indent=False),
        Heading("二、会议内容"),
        Paragraph(meeting.content or EMPTY),
        Heading("三、决议"),
        Paragraph(meeting.resolution or EMPTY),
    ]
    if meeting.has_vote:
        passed = resolution_passes(session, c.voting_expected, meeting.votes_for or 0)
        blocks += [Heading("四、表决情况"), KeyValueTable(pairs=2, label_chars=7, rows=[
            [Field("应到会有表决权", f"{c.voting_expected} 人"), Field("实到有表决权", f"{c.voting_present} 人")],
            [Field("赞成", f"{meeting.votes_for or 0} 票"), Field("反对", f"{meeting.votes_against or 0} 票")],
            [Field("弃权", f"{meeting.votes_abstain or 0} 票"), Field("表决结果", "通过" if passed else "未通过")],
        ])]
    blocks.append(SignatureLine(["主持人签字", "记录人签字"]))
    if photos:
        images = _photos(session, meeting, folder)
        if images:
            blocks += [PageBreak(), Heading("附：会议照片")] + images
    return blocks


def meeting_record_document(session: Session, meeting, *, photos: bool = False,
                            folder: Path | None = None) -> Document:
    profile = get_profile(session)
    return Document(title=meeting.title, blocks=record_blocks(session, meeting, photos=photos, folder=folder),
                    running_header=profile.full_name if profile else "", count=1)


def write_meeting_record(session: Session, path: Path, fmt: str, *, meeting: int | None = None,
                         photos: bool = False, preparer: str | None = None, **_options) -> ReportResult:
    """Write one 会议记录 as "pdf" or "docx". Raises ReportError (Chinese) on failure."""
    if get_profile(session) is None:
        raise ReportError("尚未设置支部信息（支部全称等），无法生成会议记录。请先在“支部信息”中填写。")
    if meeting is None:
        raise ReportError("请用 --meeting 指定会议记录的编号（在“组织生活”页面的列表中可以看到）。")
    record = get_meeting(session, meeting)
    document = meeting_record_document(session, record, photos=photos, folder=data_folder(session))
    return write_document(document, path, fmt, formats=TEXT_FORMATS)
