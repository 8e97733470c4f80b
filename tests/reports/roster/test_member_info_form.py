"""The 党员基本信息采集表: every standard item and the school's extras on one A4 page per member, as printed."""

from __future__ import annotations

from datetime import date

import docx
import pytest
from pypdf import PdfReader

from app.kit.errors import UserError
from app.kit.idcard import make_id_number, mask_id_number
from app.models import Member
from app.reports.roster.member_info_form import STANDARD_ITEMS, write_member_info
from app.services.roster.members import list_members, save_member
from tests.reports.roster.pdf_checks import assert_fonts_embedded
from tests.services.roster.small_roster import add, build_small_roster

TODAY = date(2026, 12, 1)
BRANCH = "中共测试市实验小学支部委员会"
SIXTEEN = ["姓名", "性别", "民族", "公民身份号码", "出生日期", "学历", "人员类别", "所在党支部", "加入党组织日期",
           "转为正式党员日期", "工作岗位", "联系电话", "家庭住址", "党籍状态", "是否为失联党员", "是否为流动党员"]
EXTRAS = ["籍贯", "学位", "毕业院校及专业", "参加工作日期", "职务", "职称", "党内职务", "所在党小组", "备注"]
LONG = "示例市城东区长江路215号书香苑8幢104室（东侧靠近小区北门、与实验小学教职工宿舍相邻的那栋六层砖混结构住宅楼）"


@pytest.fixture
def roster(branch_db):
    build_small_roster(branch_db)
    with branch_db.transaction() as s:
        add(s, "王建国", date(1978, 4, 12), "男", education="大学本科", joined=date(2003, 6, 20),
            full=date(2004, 6, 20), group="第一党小组", native_place="江苏南京", degree="学士",
            school_and_major="南京师范大学 汉语言文学", work_start_date=date(2000, 8, 1), position="副校长",
            title="高级教师", party_post="书记", job_post="语文教师", mobile_phone="13812345678",
            landline="025-83456789", home_address="南京市玄武区北京东路39号", is_mobile=True,
            mobile_destination="广东省深圳市", notes="2025年起兼任工会主席")
    return branch_db


def pdf_pages(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def test_one_member_shows_all_sixteen_items_and_the_extras_on_one_page(roster, tmp_path):
    target = tmp_path / "采集表.pdf"
    with roster.session() as s:
        result = write_member_info(s, target, "pdf", member="王建国", preparer="李晓珺", today=TODAY)
        member = s.query(Member).filter_by(name="王建国").one()
        id_number = member.id_number
    assert (result.rows, result.pages) == (1, 1)
    [text] = pdf_pages(target)
    assert STANDARD_ITEMS == tuple(SIXTEEN)
    assert f"{BRANCH}党员基本信息采集表" in text
    for label in SIXTEEN + EXTRAS:
        assert label in text, label
    positions = [text.index(label) for label in ("姓名", "民族", "出生日期", "人员类别", "加入党组织日期", "工作岗位",
                                                 "联系电话", "家庭住址", "党籍状态", "是否为失联党员", "是否为流动党员")]
    assert positions == sorted(positions)  # the national form's order
    for value in ("王建国", "男", "汉族", id_number, "1978-04-12", "大学本科", "正式党员", BRANCH, "2003-06-20",
                  "2004-06-20", "语文教师", "手机：13812345678", "固定电话：025-83456789", "南京市玄武区北京东路39号",
                  "正常", "广东省深圳市", "江苏南京", "学士", "南京师范大学 汉语言文学", "2000-08-01", "副校长",
                  "高级教师", "书记", "第一党小组", "2025年起兼任工会主席"):
        assert value in text, value
    assert "本人签字" in text and "党支部审核意见" in text and "支部书记签字" in text and "党支部（盖章）" in text
    assert "制表人：李晓珺" in text and "制表日期：2026-12-01" in text and "第 1 页 共 1 页" in text
    assert_fonts_embedded(target)


def test_every_member_on_the_roster_gets_a_page_of_their_own(roster, tmp_path):
    target = tmp_path / "全部.pdf"
    with roster.session() as s:
        members = [m.name for m in list_members(s)]
        result = write_member_info(s, target, "pdf", today=TODAY)
    pages = pdf_pages(target)
    assert result.rows == len(members) == len(pages) == result.pages == 10  # 周七 is gone
    for name, text in zip(members, pages, strict=True):
        assert f"姓名 {name}" in text or f"姓名\n{name}" in text
        assert "周七" not in text


def test_masked_id_numbers(roster, tmp_path):
    target = tmp_path / "采集表.pdf"
    with roster.session() as s:
        id_number = s.query(Member).filter_by(name="张三").one().id_number
        write_member_info(s, target, "pdf", member="张三", mask_ids=True, today=TODAY)
    [text] = pdf_pages(target)
    assert mask_id_number(id_number) in text and id_number not in text and "已部分隐藏" in text


def test_long_texts_still_keep_to_one_page(roster, tmp_path):
    with roster.transaction() as s:
        m = s.query(Member).filter_by(name="王建国").one()
        m.home_address = m.notes = LONG * 2
        m.job_post = m.school_and_major = LONG
        member_id = m.id
    target = tmp_path / "采集表.pdf"
    with roster.session() as s:
        result = write_member_info(s, target, "pdf", member=str(member_id), today=TODAY)
    assert result.pages == 1
    assert "六层砖混结构住宅楼" in pdf_pages(target)[0]


def test_a_name_two_members_share_is_a_chinese_message_naming_both(roster, tmp_path):
    with roster.transaction() as s:
        twin = save_member(s, {"name": "张三", "id_number": make_id_number("110105", date(1988, 8, 8), 777),
                               "category": "预备党员", "joined_date": date(2026, 3, 1)})
        first = s.query(Member).filter_by(name="张三").order_by(Member.id).first().id
        twin_id = twin.id
    with roster.session() as s:
        with pytest.raises(UserError) as caught:
            write_member_info(s, tmp_path / "x.pdf", "pdf", member="张三", today=TODAY)
        message = str(caught.value)
        assert "有 2 名党员都叫“张三”" in message
        assert f"编号 {first}" in message and f"编号 {twin_id}" in message and "1988-08-08 出生" in message
        assert "第二党小组" in message  # what tells them apart
        write_member_info(s, tmp_path / "x.pdf", "pdf", member=str(twin_id), today=TODAY)
        with pytest.raises(UserError, match="没有找到姓名为“李四”的党员"):
            write_member_info(s, tmp_path / "y.pdf", "pdf", member="李四", today=TODAY)
        with pytest.raises(UserError, match="没有编号为 9999 的党员"):
            write_member_info(s, tmp_path / "y.pdf", "pdf", member="9999", today=TODAY)
    assert "1988-08-08" in pdf_pages(tmp_path / "x.pdf")[0]
    assert not (tmp_path / "y.pdf").exists()


def test_docx_for_editing(roster, tmp_path):
    target = tmp_path / "采集表.docx"
    with roster.session() as s:
        write_member_info(s, target, "docx", member="王建国", today=TODAY)
    word = docx.Document(str(target))
    cells = {c.text for t in word.tables for row in t.rows for c in row.cells}
    assert set(SIXTEEN + EXTRAS) <= cells and "王建国" in cells
