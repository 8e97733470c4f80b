"""Spreadsheets shaped like the ones branches really have: title rows, instructions, mixed dates, bad IDs."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from app.kit.idcard import make_id_number

HEADERS = ["序号", "姓 名", "性别", "民族", "身份证号码", "出生年月", "文化程度", "党员类别", "入党时间", "转正时间",
           "工作岗位", "联系电话", "学工号"]


def person(i: int, year: int = 1980, sex_odd: bool = True) -> str:
    return make_id_number("320102", date(year, 1 + i % 12, 1 + i % 27), 10 + (i % 40) * 2 + (1 if sex_odd else 0))


def messy_rows() -> list[list[object]]:
    """Rows 1-4 title and instructions, 5 headers, 6 必填 markers, then people and the usual trouble."""
    rows: list[list[object]] = [
        ["中共示例市第一中学支部委员会党员花名册"],
        ["填报单位：第一中学党支部", None, None, None, None, None, "填报日期：2025年3月"],
        [],
        ["说明：本表由组织委员填写，日期请写到日。"],
        HEADERS,
        ["", "必填", "", "", "必填", "", "", "必填"],
        [1, "张　三", "男", "汉", person(1), "1980.2.2", "本科", "正式党员", "2005年7月1日", "2006-07-01", "语文教师",
         "13800000001", 1001],
        [2, "李四", "女性", "汉 族", person(2, sex_odd=False), 19800303, "大专", "正式", datetime(2006, 6, 30),
         "2007/6/30", "数学教师", 13800000002, 1002],
        [3, "王五", "男", "回族", person(3), "", "研究生", "预备党员", "2025-01", None, "英语教师", "", 1003],
        [],
        [4, "赵六", "男", "汉族", person(4)[:-1] + ("0" if person(4)[-1] != "0" else "1"), "", "本科", "正式党员",
         "2010-07-01", "2011-07-01", "体育教师", "", 1004],
        [5, "钱七", "女", "汉族", float(person(5, sex_odd=False)[:17] + "0"), "", "本科", "正式党员", "2012-07-01",
         "2013-07-01", "音乐教师", "", 1005],
        [6, "孙八", "男", "汉族", person(1), "", "本科", "正式党员", "2008-07-01", "2009-07-01", "美术教师", "", 1006],
        [7, "周九", "男", "汉族", person(7), "", "本科", "正式党员", "2099-07-01", None, "物理教师", "", 1007],
        [8, "吴十", "女", "汉族", person(8, sex_odd=False), "", "本科", "正式党员", "#REF!", None, "化学教师", "", 1008],
        ["合计", "8人"],
        ["注：1. 身份证号请使用文本格式。"],
    ]
    return rows


def write_xlsx(path: Path, rows: list[list[object]], sheet: str = "花名册", extra_sheets: dict | None = None,
               merged_title: bool = False) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    first.title = "封面"
    first.append(["党员花名册（2025年）"])
    ws = book.create_sheet(sheet)
    for row in rows:
        ws.append(row)
    if merged_title:
        ws.merge_cells("A1:M1")
    for name, extra in (extra_sheets or {}).items():
        other = book.create_sheet(name)
        for row in extra:
            other.append(row)
    book.save(path)
    return path
