"""The printed 花名册 read back as a user sees it (issue 8 §11–12): no word, number or date broken over
lines, 备注 and the signature and seal block on the last page, the branch and page number on later pages."""

from __future__ import annotations

import re
from datetime import date

from pypdf import PdfReader

from app.kit.idcard import make_id_number
from app.reports.engine.text_layout import TextLayout
from app.reports.roster.roster_report import write_roster
from app.services.common.branch import list_groups, save_profile
from app.services.roster.members import save_member

FULL_NAME = "中共测试市实验小学支部委员会"
N_MEMBERS = 40
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def seed(db) -> None:
    with db.transaction() as s:
        save_profile(s, full_name=FULL_NAME, short_name="实验小学支部", group_names=["第三党小组（综合组）"])
    with db.session() as s:
        group = list_groups(s)[0].id
    for i in range(N_MEMBERS):
        birth = date(1965 + i % 30, 1 + i % 12, 1 + i % 27)
        values = {
            "name": "测试" + "甲乙丙丁戊己庚辛壬癸"[i % 10] + "一二三四"[i // 10],
            "id_number": make_id_number("320102", birth, 100 + 2 * i + (i % 2)),
            "category": "正式党员", "joined_date": date(birth.year + 24, 6, 1),
            "full_member_date": date(birth.year + 25, 6, 1), "education": "大学本科",
            "job_post": "道德与法治教师" if i == 3 else "语文教师", "title": "一级教师",
            "mobile_phone": f"139{i:08d}", "home_address": f"测试市城东区解放路{100 + i}号锦绣华庭{i % 20}幢",
            "party_group_id": group, "ethnicity": "汉族",
        }
        if i == 5:
            values.update(is_lost_contact=True, lost_contact_date=date(2026, 2, 14))
        if i == 7:
            values.update(is_mobile=True, mobile_destination="新疆测试县第一小学（对口支教）")
        with db.transaction() as s:
            save_member(s, values)


def test_words_mode_breaks_only_between_words(db):
    from app.reports.engine.fonts import report_fonts

    fonts = report_fonts()
    layout = TextLayout(fonts.body, fonts.latin, 9)
    one = layout.width("国")
    assert layout.break_lines("第三党小组（综合组）", one * 6, words=True) == ["第三党小组", "（综合组）"]
    assert layout.balanced_lines("是否为\u200b失联党员", one * 4.5, words=True) == ["是否为", "失联党员"]
    # a word wider than the cell breaks evenly between characters, never leaving one character alone
    assert layout.break_lines("道德与法治教师", one * 4.2, words=True) == ["道德与", "法治教师"]


def test_printed_roster_breaks_no_word_and_no_date(db, tmp_path):
    seed(db)
    target = tmp_path / "花名册.pdf"
    with db.session() as s:
        result = write_roster(s, target, "pdf", today=date(2026, 5, 20), preparer="李组织")
    pages = [p.extract_text() for p in PdfReader(target).pages]
    assert result.pages == len(pages) >= 2
    lines = [line.strip() for page in pages for line in page.split("\n")]
    header = next(line for line in lines if line.startswith("序号"))
    words = header.split()
    # long headers break between words: 是否为 / 失联党员, never 失联党 / 员; 所在党支部 is not printed
    for word in ("失联党员", "流动党员", "党组织日期", "正式党员", "党小组", "备注"):
        assert any(word in w for w in words), (word, header)
    assert "所在党支部" not in header and "员" not in words and "号" not in words
    # every date and ID number is whole on one line
    text = "\n".join(pages)
    assert len(DATE.findall(text)) >= 3 * N_MEMBERS
    assert not re.search(r"\d{4}-\n|\n-\d{2}", text)
    assert len(re.findall(r"^320102\d{11}[\dX]$", text, re.M)) == N_MEMBERS
    assert len(re.findall(r"^139\d{8}$", text, re.M)) == N_MEMBERS
    assert "第三党小组" in lines and "（综合组）" in lines  # the group name breaks at its bracket
    assert "2026-02-14" in text
    # a long destination takes at most five lines, no character alone
    at = lines.index("新疆测试县")
    cell = lines[at - 1:lines.index("第三党小组", at)]
    assert cell[:3] == ["是", "新疆测试县", "第一小学"] and len(cell) <= 5 and all(len(x) > 1 for x in cell[1:])
    # the last page ends with the signature and seal block; later pages carry the branch and page number
    last = pages[-1]
    for label in ("制表人：", "审核人（支部书记）：", "盖章：", "日期："):
        assert label in last
    assert FULL_NAME not in pages[0].split("\n")[-1]
    for number, page in enumerate(pages[1:], start=2):
        assert f"{FULL_NAME} 党员花名册　第 {number} 页" in page
        assert f"第 {number} 页 共 {len(pages)} 页" in page


def test_an_empty_remarks_column_keeps_room_to_write_in(db):
    from app.reports.engine.blocks import Column, Table
    from app.reports.engine.fonts import report_fonts
    from app.reports.engine.pdf_table import build_table

    fonts = report_fonts()
    table = Table([Column("姓名", 4), Column("家庭住址", 9), Column("备注", 6, room_chars=4)],
                  [["王堃", "北京市海淀区学院路15号" * 8, ""] for _ in range(5)])
    widths = build_table(table, fonts, 500, 400).widths
    assert widths[-1] >= 4 * TextLayout(fonts.body, fonts.latin, 9).width("国")
