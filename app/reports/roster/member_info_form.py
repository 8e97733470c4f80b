"""The 党员基本信息采集表, one A4 page per member, for the member's file: the 16 items of the national form in
their order (domain.md §1, app.services.roster.fields.STANDARD), then the school's extra items, as a bordered
label/value form; the member confirms and signs, the branch checks and signs and seals.

Each member's form keeps to one page: a form with long texts (an address, 备注) is set in a smaller size,
the largest at which it fits (app.reports.engine.pdf_writer.fits_one_page). PDF, and DOCX for a branch that
edits the form before printing. `--mask-id` hides the middle of the 公民身份号码 as the house does.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.kit.dates import format_date
from app.kit.idcard import mask_id_number
from app.models import Member
from app.reports.engine.blocks import (
    Field,
    Heading,
    KeyValueTable,
    MetaLine,
    PageBreak,
    Paragraph,
    SignatureLine,
    Spacer,
    Title,
)
from app.reports.engine.document import TEXT_FORMATS, Document, ReportResult, check_format, yes_no
from app.reports.engine.errors import ReportError
from app.reports.engine.output import write_document
from app.reports.heading import MASKED_IDS_NOTE, ledger_heading
from app.services.roster.fields import FIELDS_BY_KEY
from app.services.roster.lookup import find_member
from app.services.roster.members import list_members

TITLE_SUFFIX = "党员基本信息采集表"
BRANCH_LABEL = "所在党支部"
PHONE_LABEL = "联系电话"
STANDARD_HEADING = "一、基本信息"
EXTRA_HEADING = "二、其他信息"
REVIEW_LABEL = "党支部审核意见"
CONFIRMATION = "本人确认以上信息真实、准确。信息如有变化，及时向党支部报告。"
DATE_BLANK = "　　年　　月　　日"
SIZES = (12.0, 11.0, 10.5, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5)  # the form's text, largest first, until it keeps to its page
LABEL_CHARS = 8  # 转为正式党员日期 on one line


def _label(key: str) -> str:
    return FIELDS_BY_KEY[key].label


def _phones(m: Member) -> str:
    parts = [f"手机：{m.mobile_phone}" if m.mobile_phone else "", f"固定电话：{m.landline}" if m.landline else ""]
    return "　　".join(p for p in parts if p)


def values_of(m: Member, branch: str, *, mask_ids: bool) -> dict[str, str]:
    """Every item's printed value by its label (the 16 standard items' labels as the national form has them)."""
    v: dict[str, str] = {}
    for key in ("name", "gender", "ethnicity", "education", "category", "job_post", "home_address", "standing",
                "mobile_destination", "native_place", "degree", "school_and_major", "position", "title",
                "party_post", "notes"):
        v[_label(key)] = getattr(m, key) or ""
    for key in ("birth_date", "joined_date", "full_member_date", "lost_contact_date", "work_start_date"):
        v[_label(key)] = format_date(getattr(m, key))
    v[_label("id_number")] = mask_id_number(m.id_number or "") if mask_ids else (m.id_number or "")
    v[BRANCH_LABEL] = branch
    v[PHONE_LABEL] = _phones(m)
    v["是否为失联党员"] = yes_no(m.is_lost_contact)
    v["是否为流动党员"] = yes_no(m.is_mobile)
    v[_label("party_group_id")] = m.party_group.name if m.party_group else ""
    return v


# The 16 standard items in their order (two pairs a row; a long value takes the row), then the extras.
STANDARD_ROWS: tuple[tuple[tuple[str, int], ...], ...] = (
    (("姓名", 1), ("性别", 1)),
    (("民族", 1), ("公民身份号码", 1)),
    (("出生日期", 1), ("学历", 1)),
    (("人员类别", 1), (BRANCH_LABEL, 1)),
    (("加入党组织日期", 1), ("转为正式党员日期", 1)),
    (("工作岗位", 2),),
    ((PHONE_LABEL, 2),),
    (("家庭住址", 2),),
    (("党籍状态", 2),),
    (("是否为失联党员", 1), ("失去联系日期", 1)),
    (("是否为流动党员", 1), ("外出流向", 1)),
)
EXTRA_ROWS: tuple[tuple[tuple[str, int], ...], ...] = (
    (("籍贯", 1), ("学位", 1)),
    (("毕业院校及专业", 2),),
    (("参加工作日期", 1), ("职务", 1)),
    (("职称", 1), ("党内职务", 1)),
    (("所在党小组", 2),),
    (("备注", 2),),
)
STANDARD_ITEMS = ("姓名", "性别", "民族", "公民身份号码", "出生日期", "学历", "人员类别", BRANCH_LABEL, "加入党组织日期",
                  "转为正式党员日期", "工作岗位", PHONE_LABEL, "家庭住址", "党籍状态", "是否为失联党员", "是否为流动党员")
MIN_LINES = {"家庭住址": 2, "备注": 2}


def _form(rows, values: dict[str, str], size: float) -> KeyValueTable:
    table = [[Field(label, values.get(label, ""), span=span, min_lines=MIN_LINES.get(label, 1)) for label, span in row]
             for row in rows]
    return KeyValueTable(table, pairs=2, label_chars=LABEL_CHARS, size=size)


def form_blocks(title: str, meta, values: dict[str, str], *, size: float, masked: bool) -> list:
    """One member's page: title, 制表 line, the two parts of the form, the member's confirmation and signature,
    then the branch's review with the secretary's signature and the seal."""
    blocks: list = [Title(title), MetaLine(meta), Heading(STANDARD_HEADING, level=2),
                    _form(STANDARD_ROWS, values, size), Heading(EXTRA_HEADING, level=2), _form(EXTRA_ROWS, values, size)]
    if masked:
        blocks.append(Paragraph(MASKED_IDS_NOTE, indent=False, size=size - 1, line_spacing=1.3))
    blocks += [Paragraph(CONFIRMATION, indent=True, size=size, line_spacing=1.4),
               SignatureLine(["本人签字", ("日期", DATE_BLANK)], line_mm=40),
               Spacer(4),
               KeyValueTable([[Field(REVIEW_LABEL, "", min_lines=3)]], pairs=1, label_chars=LABEL_CHARS, size=size),
               SignatureLine(["支部书记签字", "党支部（盖章）", ("日期", DATE_BLANK)], line_mm=28)]
    return blocks


def fitted_blocks(title: str, meta, values: dict[str, str], *, masked: bool) -> list:
    """The form at the largest size at which it keeps to one page (the smallest if none does)."""
    from app.reports.engine.pdf_writer import fits_one_page  # on use: reportlab loads slowly

    for size in SIZES:
        blocks = form_blocks(title, meta, values, size=size, masked=masked)
        if fits_one_page(Document(title=title, blocks=blocks)):
            return blocks
    return blocks


def chosen_members(session: Session, member: str | None) -> list[Member]:
    """The member asked for (by name, 编号 or ID number), or every 在册 member in roster order."""
    if member is not None and str(member).strip():
        return [find_member(session, str(member))]
    members = list_members(session)
    if not members:
        raise ReportError(f"花名册中没有在册党员，无法生成{TITLE_SUFFIX}。")
    return members


def member_info_document(session: Session, members: list[Member], *, mask_ids: bool = False,
                         preparer: str | None = None, today: date | None = None, fit: bool = True) -> Document:
    profile, meta = ledger_heading(session, TITLE_SUFFIX, preparer=preparer, today=today)
    title = f"{profile.full_name}{TITLE_SUFFIX}"
    meta = [(label, value) for label, value in meta if label != "制表单位"]  # the title names the branch
    blocks: list = []
    for index, m in enumerate(members):
        if index:
            blocks.append(PageBreak())
        values = values_of(m, profile.full_name, mask_ids=mask_ids)
        if fit:
            blocks += fitted_blocks(title, meta, values, masked=mask_ids)
        else:
            blocks += form_blocks(title, meta, values, size=SIZES[0], masked=mask_ids)
    return Document(title=title, blocks=blocks, count=len(members))


def write_member_info(session: Session, path: Path, fmt: str, *, member: str | None = None, mask_ids: bool = False,
                      preparer: str | None = None, today: date | None = None, **_options: object) -> ReportResult:
    """`branch-ledger export member-info [--member NAME_OR_ID] [--mask-id] -o FILE.pdf|.docx`."""
    fmt = check_format(fmt, TEXT_FORMATS)
    members = chosen_members(session, member)
    document = member_info_document(session, members, mask_ids=mask_ids, preparer=preparer, today=today,
                                    fit=fmt == "pdf")
    return write_document(document, path, fmt, formats=TEXT_FORMATS)
