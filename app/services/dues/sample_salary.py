"""A fictional school salary sheet (工资表) shaped like real ones, for the sample branch, tests and the bench:
merged title rows, a 小计 per department, a 合计 row, a blank line, a non-member on the staff, and headers
that drift by year (扣养险 in one year, 扣养险(新老合并) in the next)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

HEADERS_OLD = ["序号", "姓名", "岗位工资", "薪级工资", "基础性绩效工资", "奖励性绩效工资", "津贴补贴", "改革性补贴",
               "应发合计", "个人所得税", "扣养险", "扣医保", "扣失业", "职业年金", "住房公积金", "扣款合计", "实发工资"]
HEADERS_NEW = [h if h != "扣养险" else "扣养险(新老合并)" for h in HEADERS_OLD]


def salary_line(rng: random.Random) -> dict[str, Decimal]:
    post = Decimal(rng.choice((1680, 1990, 2270, 2590, 2950)))
    grade = Decimal(rng.randrange(400, 2600))
    basic = Decimal(rng.randrange(1500, 2600))
    reward = Decimal(rng.randrange(500, 1500))
    allowance = Decimal(rng.randrange(100, 600))
    reform = Decimal(rng.randrange(300, 900))
    gross = post + grade + basic + reward + allowance + reform
    pension = ((post + grade + basic) * Decimal("0.08")).quantize(Decimal("0.01"))
    medical = ((post + grade + basic) * Decimal("0.02")).quantize(Decimal("0.01"))
    jobless = ((post + grade + basic) * Decimal("0.005")).quantize(Decimal("0.01"))
    annuity = ((post + grade + basic) * Decimal("0.04")).quantize(Decimal("0.01"))
    fund = ((post + grade + basic) * Decimal("0.12")).quantize(Decimal("0.01"))
    tax = Decimal(rng.randrange(0, 300))
    deductions = tax + pension + medical + jobless + annuity + fund
    return {"岗位工资": post, "薪级工资": grade, "基础性绩效工资": basic, "奖励性绩效工资": reward, "津贴补贴": allowance,
            "改革性补贴": reform, "应发合计": gross, "个人所得税": tax, "扣养险": pension, "扣医保": medical,
            "扣失业": jobless, "职业年金": annuity, "住房公积金": fund, "扣款合计": deductions,
            "实发工资": gross - deductions}


def expected_base(line: dict[str, Decimal]) -> Decimal:
    """What the base should come to for one line (组电明字〔2017〕5号): counted items minus deductions."""
    added = line["岗位工资"] + line["薪级工资"] + line["基础性绩效工资"] + line["津贴补贴"]
    return added - (line["个人所得税"] + line["扣养险"] + line["扣医保"] + line["扣失业"] + line["职业年金"]
                    + line["住房公积金"])


def write_salary_sheet(path: str | Path, names: Sequence[str], *, year: int, seed: int = 1, drifted: bool = False,
                       non_members: Sequence[str] = (), departments: int = 2,
                       bad_cell: tuple[str, str, str] | None = None) -> dict[str, dict[str, Decimal]]:
    """Write the sheet; returns each person's line. `bad_cell` = (name, header, text) puts text in a number cell."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    headers = HEADERS_NEW if drifted else HEADERS_OLD
    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年1月"
    width = len(headers)
    ws.append([f"示例市实验小学{year}年1月在职人员工资发放表"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.append([f"单位：元                                 制表：财务室    {year}-01-05"])
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    ws.append(headers)
    people = [*names, *non_members]
    lines: dict[str, dict[str, Decimal]] = {}
    per_department = max(1, -(-len(people) // departments))
    number = 0
    for start in range(0, len(people), per_department):
        chunk = people[start:start + per_department]
        sums = dict.fromkeys(headers[2:], Decimal("0"))
        for name in chunk:
            number += 1
            line = salary_line(rng)
            lines[name] = line
            row: list[object] = [number, name]
            for header in headers[2:]:
                key = "扣养险" if header.startswith("扣养险") else header
                sums[header] += line[key]
                value: object = float(line[key])
                if bad_cell and bad_cell[0] == name and bad_cell[1] == header:
                    value = bad_cell[2]
                row.append(value)
            ws.append(row)
        ws.append(["", "小计", *(float(sums[h]) for h in headers[2:])])
        if start == 0:
            ws.append([])  # a blank line between departments, as real sheets have
    ws.append(["合计", "", *([None] * (width - 2))])
    wb.save(path)
    return lines
