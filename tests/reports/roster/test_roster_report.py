"""The printed 党员花名册 (PDF and XLSX) and the register engine under it, read back as a user would see them."""

from __future__ import annotations

import re
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.kit.idcard import make_id_number, mask_id_number
from app.reports import Column, Register, ReportError, write_register
from app.reports.engine.fonts import BUNDLED_FONT_NAME, choose_fonts, covers, report_fonts
from app.reports.engine.text_layout import TextLayout
from app.reports.roster.roster_report import roster_register, write_roster
from app.services.common.branch import list_groups, save_profile
from app.services.common.settings import set_setting
from app.services.common.storage import open_data_folder
from app.services.roster.member_events import record_event
from app.services.roster.members import list_members, save_member

FULL_NAME = "中共测试市实验小学支部委员会"
TITLE = f"{FULL_NAME} 党员花名册"
N_MEMBERS = 62
LONG_ADDRESS = ("北京市海淀区中关村南大街27号院3号楼2单元501室（东侧靠近小区北门、"
                "与实验小学教职工宿舍相邻的那栋六层砖混结构住宅楼）")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏"
GIVEN = ["堃", "玥", "喆", "昇", "祎", "珺", "龑", "建国", "秀英", "晓燕", "志强", "海涛"]
TODAY = date(2026, 5, 20)


def member_values(i: int, group_id: int) -> dict:
    birth = date(1962 + i % 33, 1 + i % 12, 1 + i % 28)
    values = {
        "name": SURNAMES[i] + GIVEN[i % len(GIVEN)],
        "id_number": make_id_number("110105", birth, 100 + 2 * i + (i % 2)),
        "ethnicity": "汉族" if i % 7 else "回族",
        "education": "大学本科" if i % 3 else "研究生",
        "category": "正式党员",
        "joined_date": date(birth.year + 23, 6, 1),
        "full_member_date": date(birth.year + 24, 6, 1),
        "job_post": "语文教师" if i % 2 else "数学教师兼年级组长",
        "mobile_phone": f"139{i:08d}",
        "home_address": "北京市海淀区学院路15号",
        "title": "一级教师",
        "party_group_id": group_id,
    }
    if i == 0:
        values["name"] = "王堃"
    if i == 5:
        values["home_address"] = LONG_ADDRESS
    if i == 9:
        values.update(landline="010-62345678", is_mobile=True, mobile_destination="广东省深圳市南山区")
    if i == 11:
        values.update(category="预备党员", full_member_date=None, joined_date=date(2025, 11, 1))
    return values


@pytest.fixture(scope="module")
def roster_folder(tmp_path_factory) -> Path:
    """A branch with 62 在册 members (3 PDF pages and more) and one transferred out, built once."""
    folder = tmp_path_factory.mktemp("roster") / "data"
    db = open_data_folder(folder)
    try:
        with db.transaction() as s:
            save_profile(s, full_name=FULL_NAME, short_name="实验小学支部",
                         group_names=["第一党小组", "第二党小组", "第三党小组"])
            groups = list_groups(s)
            for i in range(N_MEMBERS + 1):
                save_member(s, member_values(i, groups[i % 3].id))
            set_setting(s, "report.preparer", "李组织")
        with db.transaction() as s:
            leaving = [m for m in list_members(s) if m.name == SURNAMES[N_MEMBERS] + GIVEN[N_MEMBERS % 12]][0]
            record_event(s, leaving.id, "transfer_out", date(2026, 3, 1), {"to_org": "某中学支部"})
    finally:
        db.dispose()
    return folder


@pytest.fixture
def roster_db(roster_folder, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(roster_folder, folder)
    db = open_data_folder(folder)
    yield db
    db.dispose()


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def expected_members(db, include_former=False):
    with db.session() as s:
        return [(m.name, m.id_number, m.home_address) for m in list_members(s, include_former=include_former)]


def test_pdf_lists_every_member_in_roster_order_on_numbered_pages(roster_db, tmp_path):
    target = tmp_path / "花名册.pdf"
    with roster_db.session() as s:
        result = write_roster(s, target, "pdf", today=TODAY)
    members = expected_members(roster_db)
    assert (result.path, result.rows) == (target, N_MEMBERS)
    pages = pdf_pages(target)
    assert len(pages) == result.pages >= 3
    assert TITLE in pages[0]
    assert "制表单位：" + FULL_NAME in pages[0] and "制表日期：2026-05-20" in pages[0]
    assert "制表人：李组织" in pages[0]
    for number, text in enumerate(pages, start=1):
        assert f"第 {number} 页 共 {len(pages)} 页" in text
        for label in ("序号", "姓名", "公民身份号码", "出生日期", "联系电话", "家庭住址"):
            assert label in text, f"header label {label} missing on page {number}"
    text = "\n".join(pages)
    cursor = 0
    for name, id_number, _ in members:  # every name, in the roster's order, each with its ID number
        found = text.find(name, cursor)
        assert found >= 0, f"{name} missing or out of order"
        assert text.find(id_number, found) == text.find(id_number) > found
        cursor = found + len(name)
    assert "王堃" in text
    assert "在册党员共 62 人，正式党员 61，预备党员 1。" in pages[-1].replace("\n", "")


def test_pdf_wraps_a_long_address_without_cutting_it(roster_db, tmp_path):
    target = tmp_path / "花名册.pdf"
    with roster_db.session() as s:
        write_roster(s, target, "pdf")
    text = "\n".join(pdf_pages(target))
    lines = text.splitlines()
    assert not any(LONG_ADDRESS in line for line in lines), "the address should wrap onto several lines"
    assert sum(1 for line in lines if line.strip() in LONG_ADDRESS and len(line.strip()) > 3) >= 3
    assert LONG_ADDRESS in "".join(text.split())  # every character is there, in order


def test_pdf_embeds_its_fonts(roster_db, tmp_path):
    target = tmp_path / "花名册.pdf"
    with roster_db.session() as s:
        write_roster(s, target, "pdf")
    fonts = {}
    for page in PdfReader(target).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        descriptor = font.get("/FontDescriptor")
        assert descriptor is not None and "/FontFile2" in descriptor.get_object(), f"{name} is not embedded"
    if report_fonts().body == BUNDLED_FONT_NAME:  # no Windows fonts here: the bundled font it must be
        assert any("WenQuanYiMicroHei" in name for name in fonts)


def test_masked_ids_in_pdf_and_xlsx(roster_db, tmp_path):
    members = expected_members(roster_db)
    with roster_db.session() as s:
        write_roster(s, tmp_path / "m.pdf", "pdf", mask_ids=True)
        write_roster(s, tmp_path / "m.xlsx", "xlsx", mask_ids=True)
    text = "\n".join(pdf_pages(tmp_path / "m.pdf"))
    cells = {str(c.value) for ws in load_workbook(tmp_path / "m.xlsx").worksheets
             for row in ws.iter_rows() for c in row if c.value is not None}
    for _, id_number, _ in members:
        masked = mask_id_number(id_number)
        assert re.fullmatch(r"110105\*{8}\d{3}[\dX]", masked)
        assert id_number not in text and masked in text
        assert id_number not in cells and masked in cells
    assert "注：公民身份号码已部分隐藏。" in text


def read_sheet(ws, n_rows: int) -> tuple[list, list[list]]:
    header = [c.value for c in ws[3]]
    data = [[c.value for c in row] for row in ws.iter_rows(min_row=4, max_row=3 + n_rows)]
    return header, data


def check_text_cells(ws, header, labels):
    for label in labels:
        index = header.index(label) + 1
        filled = [ws.cell(r, index) for r in range(4, 4 + N_MEMBERS) if ws.cell(r, index).value is not None]
        assert filled, label
        for cell in filled:
            assert cell.number_format == "@" and isinstance(cell.value, str), (label, cell.coordinate)


def test_xlsx_has_the_pdfs_columns_then_every_field(roster_db, tmp_path):
    target = tmp_path / "花名册.xlsx"
    with roster_db.session() as s:
        result = write_roster(s, target, "xlsx", today=TODAY, preparer="王书记")
        printed = roster_register(s, today=TODAY, preparer="王书记")
        full = roster_register(s, all_fields=True, today=TODAY, preparer="王书记")
    assert (result.rows, result.pages) == (N_MEMBERS, None)
    book = load_workbook(target)
    assert book.sheetnames == ["党员花名册", "全部信息"]
    names = [m[0] for m in expected_members(roster_db)]
    for ws, register in zip(book.worksheets, (printed, full), strict=True):
        assert ws["A1"].value == TITLE
        assert ws["A2"].value.split() == ["制表单位：" + FULL_NAME, "制表日期：2026-05-20", "制表人：王书记"]
        header, data = read_sheet(ws, N_MEMBERS)
        assert header == ["序号", *[c.plain_label for c in register.columns]]
        assert [row[0] for row in data] == list(range(1, N_MEMBERS + 1))
        shown = [[("" if v is None else v.strftime("%Y-%m-%d") if isinstance(v, datetime) else v) for v in row[1:]]
                 for row in data]
        assert shown == [list(r) for r in register.rows]
        assert [row[1] for row in data] == names
        ids = [row[header.index("公民身份号码")] for row in data]
        assert all(isinstance(v, str) and len(v) == 18 for v in ids)
        assert ws.freeze_panes == "C4"
        assert ws.print_title_rows == "$3:$3"
        assert ws.page_setup.orientation == "landscape"
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 == "9"
        assert "第 &P 页 共 &N 页" in ws.oddFooter.center.text
        assert ws.cell(4, 1).alignment.wrap_text
        assert 18 <= ws.column_dimensions["E"].width <= 40  # the ID column shows 18 digits
        assert ws.cell(4 + N_MEMBERS, 1).value == "在册党员共 62 人，正式党员 61，预备党员 1。"
    printed_ws, full_ws = book.worksheets
    # the first sheet is the printed register: same columns as the PDF, one page wide
    assert [c.value for c in printed_ws[3]] == ["序号", *[c.plain_label for c in printed.columns]]
    assert printed_ws.page_setup.fitToWidth == 1 and printed_ws.page_setup.fitToHeight == 0
    assert printed_ws.sheet_properties.pageSetUpPr.fitToPage
    check_text_cells(printed_ws, [c.value for c in printed_ws[3]], ["公民身份号码", "联系电话"])
    assert printed_ws.cell(4, 1).border.left.style == "thin" and not printed_ws.print_options.gridLines
    # the second sheet has every field, one column each, 所在党支部 after 人员类别
    header = [c.value for c in full_ws[3]]
    assert header[1:10] == ["姓名", "性别", "民族", "公民身份号码", "出生日期", "学历", "人员类别",
                            "所在党支部", "加入党组织日期"]
    for label in ("手机", "固定电话", "籍贯", "毕业院校及专业", "职称", "党内职务", "所在党小组", "备注"):
        assert label in header
    check_text_cells(full_ws, header, ["公民身份号码", "手机", "固定电话"])
    assert not full_ws.sheet_properties.pageSetUpPr.fitToPage  # too wide to read one page wide
    assert full_ws.print_options.gridLines  # a data sheet: printed grid lines, no cell borders
    # dates are real Excel dates shown yyyy-mm-dd (Excel and WPS sort and filter them as dates)
    for ws in (printed_ws, full_ws):
        labels = [c.value for c in ws[3]]
        for label in ("出生日期", "加入党组织日期"):
            cell = ws.cell(4, labels.index(label) + 1)
            assert isinstance(cell.value, datetime) and cell.is_date and cell.number_format == "yyyy-mm-dd"
        assert ws.cell(4, labels.index("公民身份号码") + 1).data_type == "s"


def test_former_members_only_on_request(roster_db, tmp_path):
    with roster_db.session() as s:
        current = roster_register(s)
        everyone = roster_register(s, include_former=True)
        write_roster(s, tmp_path / "all.pdf", "pdf", include_former=True)
    assert len(current.rows) == N_MEMBERS and len(everyone.rows) == N_MEMBERS + 1
    former = [row for row in everyone.rows if row[-1].startswith("已转出")]
    assert len(former) == 1 and former[0][-1] == "已转出\n2026-03-01"
    text = "\n".join(pdf_pages(tmp_path / "all.pdf"))
    assert "在册情况" in text and former[0][0] in text


def test_print_layout_joins_the_parts_of_national_items(roster_db):
    with roster_db.session() as s:
        register = roster_register(s)
    labels = [c.plain_label for c in register.columns]
    # 所在党支部 is the same for every row and in the title: not printed (it is in the 全部信息 sheet)
    assert labels[:7] == ["姓名", "性别", "民族", "公民身份号码", "出生日期", "学历", "人员类别"]
    assert labels[7:15] == ["加入党组织日期", "转为正式党员日期", "工作岗位", "联系电话", "家庭住址", "党籍状态",
                            "是否为失联党员", "是否为流动党员"]
    assert "所在党支部" not in labels and labels[-1] == "备注"
    row = next(r for r in register.rows if r[0] == SURNAMES[9] + GIVEN[9])
    assert row[labels.index("联系电话")] == "13900000009\n010-62345678"
    assert row[labels.index("是否为流动党员")] == "是\n广东省深圳市南山区"
    assert row[labels.index("是否为失联党员")] == "否"
    probationary = next(r for r in register.rows if r[0] == SURNAMES[11] + GIVEN[11])
    assert probationary[labels.index("转为正式党员日期")] == ""


def test_preparer_comes_from_settings_unless_given(roster_db):
    with roster_db.session() as s:
        assert ("制表人", "李组织") in roster_register(s).meta
        assert ("制表人", "王书记") in roster_register(s, preparer="王书记").meta


def test_no_branch_profile_is_a_clear_error(db, tmp_path):
    with db.session() as s, pytest.raises(ReportError, match="尚未设置支部信息"):
        write_roster(s, tmp_path / "x.pdf", "pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_bad_target_or_format_writes_nothing(roster_db, tmp_path):
    with roster_db.session() as s:
        with pytest.raises(ReportError, match="不支持的导出格式"):
            write_roster(s, tmp_path / "x.doc", "doc")
        with pytest.raises(ReportError, match="保存位置不存在"):
            write_roster(s, tmp_path / "missing" / "x.pdf", "pdf")
        with pytest.raises(ReportError, match="文件夹"):
            write_roster(s, tmp_path, "pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


# --- the engine, as later ledgers will use it ---------------------------------------------------------


def test_grouped_header_spans_in_xlsx_and_pdf(tmp_path):
    months = [Column(f"{m}月", 1, "right", group="实缴金额（元）") for m in range(1, 13)]
    register = Register(
        title="中共测试小学支部委员会 2026年度党费收缴登记表",
        columns=[Column("姓名", 3), Column("月应缴", 2, "right"), *months, Column("备注", 4, "left")],
        rows=[["王堃", "45.00", *["45.00"] * 12, ""], ["李玥", "30.00", *["30.00"] * 6, *[""] * 6, "补交"]],
        meta=[("制表单位", "测试小学支部"), ("制表人", "")],
    )
    pdf = write_register(register, tmp_path / "dues.pdf", "pdf")
    xlsx = write_register(register, tmp_path / "dues.xlsx", "xlsx")
    text = pdf_pages(pdf.path)[0]
    assert "实缴金额（元）" in text and "12月" in text and "制表人：__________" in text
    assert text.count("实缴金额（元）") == 1  # one spanning cell, not one per month
    ws = load_workbook(xlsx.path).active
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:P1", "A2:P2", "A3:A4", "B3:B4", "C3:C4", "D3:O3", "P3:P4"} <= merged
    assert ws["D3"].value == "实缴金额（元）" and ws["D4"].value == "1月" and ws["O4"].value == "12月"
    assert ws.print_title_rows == "$3:$4" and ws.freeze_panes == "A5"


def test_a_cell_taller_than_a_page_continues_and_loses_nothing(tmp_path):
    long_text = "".join(f"第{i}条记录内容，" for i in range(1, 700))
    register = Register(title="长内容测试", columns=[Column("事项", 2), Column("内容", 10, "left")],
                        rows=[["甲", "短"], ["乙", long_text], ["丙", "短"]])
    result = write_register(register, tmp_path / "long.pdf", "pdf")
    pages = pdf_pages(result.path)
    assert result.pages == len(pages) >= 2
    body = [line for page in pages for line in page.splitlines()
            if not re.fullmatch(r"第 \d+ 页 共 \d+ 页|序号 事项 内容", line.strip())]
    joined = "".join(body).replace(" ", "")
    assert "第1条记录内容" in joined and "第699条记录内容，" in joined
    assert all(f"第{i}条" in joined for i in range(1, 700))


def test_row_length_mismatch_is_reported_with_the_row(tmp_path):
    register = Register(title="t", columns=[Column("a"), Column("b")], rows=[["1", "2"], ["3"]])
    with pytest.raises(ReportError, match="第 2 行"):
        write_register(register, tmp_path / "t.pdf", "pdf")


def test_line_breaking_keeps_numbers_whole_and_punctuation_attached():
    fonts = choose_fonts()
    layout = TextLayout(fonts.body, fonts.latin, 9)
    width = layout.width("北京市海淀区")
    lines = layout.break_lines("北京市海淀区中关村南大街27号院，3号楼", width)
    assert "".join(lines) == "北京市海淀区中关村南大街27号院，3号楼"
    assert all(layout.width(line) <= width + 1e-6 for line in lines)
    assert not any(line.startswith("，") for line in lines)
    assert any("27" in line for line in lines)  # a number is not split across lines
    id_number = "11010519800301001X"
    assert layout.break_lines(id_number, layout.width(id_number) / 2)[0] != id_number  # too wide: hard break
    assert layout.break_lines("甲\n乙", 100) == ["甲", "乙"]
    assert layout.balanced_lines("转为正式党员日期", layout.width("转为正式党员日")) == ["转为正式", "党员日期"]


def test_bundled_font_draws_latin_too_and_windows_fonts_are_preferred(tmp_path):
    bundled = choose_fonts([])
    assert bundled.body == BUNDLED_FONT_NAME
    assert covers(bundled.body, "0123456789X-A4PDF")  # one face for Chinese and Latin
    assert bundled.latin == "BL-DroidSansFallback"  # the rare characters it lacks
    fonts_dir = tmp_path / "Fonts"
    fonts_dir.mkdir()
    (fonts_dir / "simsun.ttc").write_bytes(b"not a font")  # a damaged file is skipped
    shutil.copy(bundled.files[0], fonts_dir / "simfang.ttf")
    chosen = choose_fonts([fonts_dir])
    assert chosen.body == "BL-FangSong" and chosen.heading == "BL-FangSong"
    assert chosen.files[0] == str(fonts_dir / "simfang.ttf")


def test_control_characters_pasted_into_a_field_do_not_break_the_files(tmp_path):
    register = Register(title="中共测试小学支部委员会\t党员花名册", columns=[Column("姓名"), Column("备注", 4, "left")],
                        rows=[["王堃", "从旧表格粘贴\x07的内容\r\n第二行\x1b"]])
    pdf = write_register(register, tmp_path / "c.pdf", "pdf")
    xlsx = write_register(register, tmp_path / "c.xlsx", "xlsx")
    ws = load_workbook(xlsx.path).active
    assert ws["A1"].value == "中共测试小学支部委员会 党员花名册"
    assert ws["C3"].value == "从旧表格粘贴的内容\n第二行"
    assert "从旧表格粘贴的内容" in pdf_pages(pdf.path)[0]


def test_characters_no_font_can_draw_are_reported_not_silently_dropped(branch_db, tmp_path):
    """An emoji or a CJK Extension B character (𠀀) has no glyph in the fonts: the user is told which."""
    from datetime import date as _date

    from app.kit.idcard import make_id_number
    from app.reports.roster.roster_report import write_roster
    from app.services.roster.members import save_member

    with branch_db.transaction() as s:
        save_member(s, {"name": "张𠀀", "id_number": make_id_number("110105", _date(1980, 1, 1), 11),
                        "category": "正式党员", "joined_date": _date(2000, 1, 1),
                        "full_member_date": _date(2001, 1, 1), "notes": "😀"})
    with branch_db.session() as s:
        pdf = write_roster(s, tmp_path / "r.pdf", "pdf")
        xlsx = write_roster(s, tmp_path / "r.xlsx", "xlsx")
    assert pdf.missing_glyphs == "😀𠀀"  # the printed roster's 备注 column has the emoji
    assert "𠀀" in pdf.missing_glyphs_warning() and "手写补上" in pdf.missing_glyphs_warning()
    assert xlsx.missing_glyphs == ""
