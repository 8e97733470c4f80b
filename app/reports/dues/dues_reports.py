"""The 党费 ledgers (issue 10): 党费收缴登记表, 党费基数核定表, 需补缴党费统计表, 上缴 summary, and the 公示 sheet.

Each is a register (app.reports.engine.register) written as PDF or XLSX; in the XLSX, money columns hold
numbers (two decimals), so the sheet sums in Excel. Writers are called by the registry as
``write(session, path, fmt, year=..., preparer=..., **options) -> ReportResult``; each prints the Document
its builder (``*_document(session, year=..., preparer=...)``) gives, which is also the annual binder's section.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy.orm import Session

from app.reports.engine.blocks import SignatureLine, Spacer, Table
from app.reports.engine.document import TABLE_FORMATS, Document
from app.reports.engine.output import write_document
from app.reports.engine.register import (
    LEFT,
    RIGHT,
    Column,
    Register,
    ReportError,
    ReportResult,
    check_format,
)
from app.reports.heading import ledger_heading
from app.services.dues import vocab
from app.services.dues.arrears import arrears, last_finished_month
from app.services.dues.collection import GridRow, year_grid
from app.services.dues.money import show
from app.services.dues.months_text import label as month_label
from app.services.dues.months_text import month_of, shift
from app.services.dues.remittance import quarter_summaries, remittances
from app.services.dues.year_check import base_check_rows

MONTH_LABELS = [f"{m}月" for m in range(1, 13)]
REGISTER_LABELS = ["序号", "姓名", "人员类别", "缴费类别", "基数", "比例", "月应缴", *MONTH_LABELS,
                   "全年应缴", "全年实缴", "欠缴", "备注"]
REGISTER_MONEY = {"基数", "月应缴", *MONTH_LABELS, "全年应缴", "全年实缴", "欠缴"}
SIGNATURES = ("收缴人", "支部书记", "日期")


def _year(options: dict) -> int:
    year = options.get("year")
    if not year:
        raise ReportError("请用 --year 指定年度，例如 --year 2026")
    return int(year)


def _through(year: int, today: date) -> str:
    """The last month counted as overdue in a year's ledger: the last finished month, at most December."""
    return min(last_finished_month(today), f"{year}-12")


def _document(register: Register, *, count: int | None = None, signatures: tuple[str, ...] = ()) -> Document:
    """The register as a Document (with a line of places to sign under it); `count` is what the export message
    counts (people, not the totals row)."""
    document = replace(register.document(), count=count)
    if signatures:
        document = replace(document, blocks=[*document.blocks, Spacer(4), SignatureLine(signatures)])
    return document


def _write(document: Document, path: Path, fmt: str, money: set[str]) -> ReportResult:
    """Write a ledger's Document; in an XLSX the columns headed `money` become numbers."""
    result = write_document(document, path, fmt, formats=TABLE_FORMATS)
    if result.fmt == "xlsx":
        table = next(b for b in document.blocks if isinstance(b, Table))
        _numbers_in_money_columns(Path(path), table.all_columns(), money)
    return result


def _numbers_in_money_columns(path: Path, columns: Sequence[Column], money: set[str]) -> None:
    """The shared writer stores text; money columns become numbers (Decimal, two decimals) so Excel sums."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb.worksheets[0]
    indexes = [i + 1 for i, c in enumerate(columns) if c.label in money]
    header_row = next(r for r in range(1, 6) if ws.cell(r, 1).value == columns[0].label)
    for r in range(header_row + 1, ws.max_row + 1):
        for c in indexes:
            cell = ws.cell(r, c)
            if isinstance(cell.value, str) and cell.value:
                try:
                    cell.value = Decimal(cell.value)
                except InvalidOperation:
                    continue
                cell.number_format = "0.00"
    wb.save(path)


def _member_note(row: GridRow, through: str) -> str:
    """备注: the override, when the member started or stopped owing, and each month's exception, months that
    share a remark grouped ("7-9月于7月预缴（由同事代缴）")."""
    notes = [row.override] if row.override else []
    owed = [c for c in row.cells if c.owes]
    if owed and owed[0].month > row.cells[0].month:
        notes.append(f"{int(owed[0].month[5:])}月起交纳")
    if owed and owed[-1].month < row.cells[-1].month:
        notes.append(f"交纳至{int(owed[-1].month[5:])}月")
    grouped: dict[str, list[int]] = {}
    for c in row.cells:
        remark = ""
        if c.pay_kind == vocab.PAY_BACK and c.paid_date:
            remark = f"于{c.paid_date.month}月补交"
        elif c.pay_kind == vocab.PAY_ADVANCE and c.paid_date:
            remark = f"于{c.paid_date.month}月预缴"
        if c.payer:
            remark += f"（由{c.payer}代缴）" if remark else f"由{c.payer}代缴"
        if c.state == vocab.DEFERRED:
            remark = f"延迟：{c.reason}"
        elif c.state == vocab.EXEMPT and c.basis != vocab.BASIS_EXEMPT:
            remark = f"免缴：{c.reason}"
        if remark:
            grouped.setdefault(remark, []).append(int(c.month[5:]))
    notes.extend(f"{_month_numbers(months)}月{remark}" for remark, months in grouped.items())
    return "；".join(notes)


def _month_numbers(months: list[int]) -> str:
    """[1, 2, 3, 5] → "1-3、5"."""
    parts, start = [], months[0]
    for prev, cur in zip(months, [*months[1:], None], strict=True):
        if cur is not None and cur == prev + 1:
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        start = cur
    return "、".join(parts)


def _cell_text(cell, through: str) -> str:
    if not cell.owes:
        return ""
    if cell.state in (vocab.PAID, vocab.PARTIAL):
        return show(cell.paid)
    if cell.state == vocab.DUE:
        return "未缴" if cell.month <= through else ""
    return vocab.MONTH_STATES[cell.state]


def register_sheet(session: Session, year: int, *, preparer: str | None = None,
                   today: date | None = None) -> Register:
    today = today or date.today()
    profile, meta = ledger_heading(session, "党费收缴登记表", preparer=preparer, today=today)
    through = _through(year, today)
    grid = year_grid(session, year)
    rows, totals = [], {"due": Decimal("0.00"), "paid": Decimal("0.00"), "owed": Decimal("0.00")}
    month_totals = [Decimal("0.00")] * 12
    for n, r in enumerate(grid, start=1):
        owed = sum((c.shortfall for c in r.cells if c.month <= through), Decimal("0.00"))
        totals["due"] += r.year_due
        totals["paid"] += r.year_paid
        totals["owed"] += owed
        for i, c in enumerate(r.cells):
            month_totals[i] += c.paid
        rows.append([str(n), r.name, r.roster_category, vocab.category_label(r.dues_category) if r.dues_category else "",
                     show(r.base), f"{r.rate}%" if r.rate else ("定额" if r.monthly is not None else ""),
                     show(r.monthly), *(_cell_text(c, through) for c in r.cells),
                     show(r.year_due), show(r.year_paid), show(owed), _member_note(r, through)])
    rows.append(["合计", f"{len(grid)}人", "", "", "", "", "", *(show(t) for t in month_totals),
                 show(totals["due"]), show(totals["paid"]), show(totals["owed"]), ""])
    money = Column("", nowrap=True, align=RIGHT)
    columns = [Column("序号", nowrap=True), Column("姓名", nowrap=True), Column("人员类别", 2), Column("缴费类别", 2),
               Column("基数", nowrap=True, align=RIGHT), Column("比例", nowrap=True),
               Column("月应缴", nowrap=True, align=RIGHT),
               *(Column(m, nowrap=True, align=RIGHT, group="实缴") for m in MONTH_LABELS),
               *(Column(label, money.width, money.align, nowrap=True) for label in ("全年应缴", "全年实缴", "欠缴")),
               Column("备注", 6, align=LEFT)]
    notes = [f"欠缴计至{month_label(through)}；“未缴”为已到期未交的月份，空白为未到期或不需交纳的月份。",
             f"比例依据：{_rule_sources(session)}。"]
    return Register(title=f"{profile.full_name} {year}年度党费收缴登记表", columns=columns, rows=rows, meta=meta,
                    notes=notes, numbered=False, sheet_name="党费收缴登记表", freeze_columns=2, font_size=8,
                    min_font_size=6.5)


def _rule_sources(session: Session) -> str:
    from app.services.dues.settings import rate_rules

    return "；".join(f"{v['source']}（{v['from']}起）" for v in rate_rules(session))


def register_document(session: Session, *, year: int | None = None, preparer: str | None = None,
                      today: date | None = None, **_: object) -> Document:
    register = register_sheet(session, _year({"year": year}), preparer=preparer, today=today)
    return _document(register, count=len(register.rows) - 1, signatures=SIGNATURES)


def write_register_sheet(session: Session, path: Path, fmt: str, *, year: int | None = None,
                         preparer: str | None = None, today: date | None = None, **_: object) -> ReportResult:
    check_format(fmt)
    return _write(register_document(session, year=year, preparer=preparer, today=today), path, fmt, REGISTER_MONEY)


# -- 党费基数核定表 ----------------------------------------------------------------------------------------

BASES_MONEY = {"上年基数", "本年基数", "月应缴", "变化"}


def _items_text(items: dict[str, Decimal]) -> str:
    return "；".join(f"{k} {show(v)}" for k, v in items.items())


def write_bases_sheet(session: Session, path: Path, fmt: str, *, year: int | None = None,
                      preparer: str | None = None, today: date | None = None, **_: object) -> ReportResult:
    check_format(fmt)
    return _write(bases_document(session, year=year, preparer=preparer, today=today), path, fmt, BASES_MONEY)


def bases_document(session: Session, *, year: int | None = None, preparer: str | None = None,
                   today: date | None = None, **_: object) -> Document:
    year = _year({"year": year})
    profile, meta = ledger_heading(session, "党费基数核定表", preparer=preparer, today=today)
    rows = []
    for r in base_check_rows(session, year):
        change = r.change
        rows.append([r.name, r.roster_category, r.category_label, show(r.last_base), show(r.base), r.rate,
                     show(r.amount), "" if change is None else (f"+{show(change)}" if change > 0 else show(change)),
                     _items_text(r.items.added), _items_text(r.items.deducted),
                     vocab.BASE_SOURCES.get(r.source, "") + (f"（{r.valid_from}起）" if r.valid_from else "")])
    columns = [Column("姓名", nowrap=True), Column("人员类别", 2), Column("缴费类别", 2),
               Column("上年基数", nowrap=True, align=RIGHT), Column("本年基数", nowrap=True, align=RIGHT),
               Column("比例", nowrap=True), Column("月应缴", nowrap=True, align=RIGHT),
               Column("变化", nowrap=True, align=RIGHT), Column("计入项目", 8, align=LEFT),
               Column("扣除项目", 8, align=LEFT), Column("来源", 3)]
    notes = ["基数口径（组电明字〔2017〕5号）：岗位工资、薪级工资、基础性绩效工资和规范津贴补贴，扣除个人所得税及个人缴纳的"
             "养老、医疗、失业保险、职业年金和住房公积金；奖励性绩效、改革性补贴不计入。离退休党员按基本离退休费计算。"]
    register = Register(title=f"{profile.full_name} {year}年度党费基数核定表", columns=columns, rows=rows, meta=meta,
                        notes=notes, sheet_name="党费基数核定表", freeze_columns=2)
    return _document(register, signatures=("核定人", "支部书记", "日期"))


# -- 需补缴党费统计表 --------------------------------------------------------------------------------------


def _months_text(months: list[str]) -> str:
    """2026-03, 2026-04, 2026-05, 2026-07 → 2026年3月至5月、7月"""
    if not months:
        return ""
    parts, start, prev = [], months[0], months[0]
    for m in [*months[1:], None]:
        if m is not None and m == shift(prev, 1):
            prev = m
            continue
        if start == prev:
            parts.append(month_label(start))
        else:
            parts.append(f"{month_label(start)}至{month_label(prev) if prev[:4] != start[:4] else f'{int(prev[5:])}月'}")
        if m is not None:
            start = prev = m
    return "、".join(parts)


def write_arrears_sheet(session: Session, path: Path, fmt: str, *, year: int | None = None,
                        preparer: str | None = None, today: date | None = None, **_: object) -> ReportResult:
    check_format(fmt)
    return _write(arrears_document(session, year=year, preparer=preparer, today=today), path, fmt, {"欠缴金额"})


def arrears_document(session: Session, *, year: int | None = None, preparer: str | None = None,
                     today: date | None = None, **_: object) -> Document:
    year = _year({"year": year})
    today = today or date.today()
    profile, meta = ledger_heading(session, "需补缴党费统计表", preparer=preparer, today=today)
    through = _through(year, today)
    rows = []
    found = arrears(session, through, first=f"{year}-01") if through >= f"{year}-01" else []
    for item in found:
        note = "金额未定（缺缴费基数）" if item.unknown else ""
        rows.append([item.name, _months_text(item.months), str(len(item.months)), str(item.run_length),
                     show(item.owed), note])
    total = sum((i.owed for i in found), Decimal("0.00"))
    columns = [Column("姓名", nowrap=True), Column("欠缴月份", 8, align=LEFT), Column("欠缴月数", nowrap=True),
               Column("连续未交月数", nowrap=True), Column("欠缴金额", nowrap=True, align=RIGHT), Column("备注", 4)]
    notes = [f"统计至{month_label(through)}，共 {len(found)} 人，欠缴合计 {show(total)} 元。"
             "延迟交纳（有正当理由）和免缴的月份不计入。",
             "按《中国共产党章程》第三十八条，党员连续六个月不交纳党费且没有正当理由的，视为自动脱党。"]
    register = Register(title=f"{profile.full_name} {year}年度需补缴党费统计表", columns=columns, rows=rows, meta=meta,
                        notes=notes, sheet_name="需补缴党费统计表", freeze_columns=2)
    return _document(register)


# -- 上缴 ------------------------------------------------------------------------------------------------


REMITTANCE_MONEY = {"收缴金额", "上缴金额", "差额"}


def write_remittance_sheet(session: Session, path: Path, fmt: str, *, year: int | None = None,
                           preparer: str | None = None, today: date | None = None, **_: object) -> ReportResult:
    check_format(fmt)
    return _write(remittance_document(session, year=year, preparer=preparer, today=today), path, fmt,
                  REMITTANCE_MONEY)


def remittance_document(session: Session, *, year: int | None = None, preparer: str | None = None,
                        today: date | None = None, **_: object) -> Document:
    year = _year({"year": year})
    profile, meta = ledger_heading(session, "党费上缴情况汇总表", preparer=preparer, today=today)
    handed = remittances(session, year)
    rows = []
    for q in quarter_summaries(session, year):
        mine = [r for r in handed if q.months[0] <= r.to_month <= q.months[-1]]
        rows.append([q.label, show(q.collected), show(q.handed),
                     "\n".join(f"{r.handed_date:%Y-%m-%d}" for r in mine),
                     "\n".join(f"{r.from_month}至{r.to_month}" for r in mine),
                     "\n".join(r.receipt_no for r in mine), show(q.collected - q.handed),
                     "已上缴" if q.covered else "未上缴"])
    collected = sum((Decimal(r[1]) for r in rows), Decimal("0.00"))
    given = sum((Decimal(r[2]) for r in rows), Decimal("0.00"))
    rows.append(["全年合计", show(collected), show(given), "", "", "", show(collected - given), ""])
    columns = [Column("季度", nowrap=True), Column("收缴金额", nowrap=True, align=RIGHT),
               Column("上缴金额", nowrap=True, align=RIGHT), Column("上缴日期", nowrap=True),
               Column("所属月份", nowrap=True), Column("收据号", 4), Column("差额", nowrap=True, align=RIGHT),
               Column("状态", nowrap=True)]
    register = Register(title=f"{profile.full_name} {year}年度党费上缴情况汇总表", columns=columns, rows=rows,
                        meta=meta, numbered=False, sheet_name="党费上缴汇总")
    return _document(register, count=len(handed), signatures=("经手人", "支部书记"))


# -- 公示 ------------------------------------------------------------------------------------------------


def write_notice_sheet(session: Session, path: Path, fmt: str, *, year: int | None = None,
                       preparer: str | None = None, today: date | None = None, **_: object) -> ReportResult:
    check_format(fmt)
    return _write(notice_document(session, year=year, preparer=preparer, today=today), path, fmt,
                  {"月应缴", "已交金额"})


def notice_document(session: Session, *, year: int | None = None, preparer: str | None = None,
                    today: date | None = None, **_: object) -> Document:
    """党务公开: names, months, amounts. No ID numbers, no bases (a member's pay is not for the notice board)."""
    year = _year({"year": year})
    today = today or date.today()
    profile, meta = ledger_heading(session, "党费收缴情况公示", preparer=preparer, today=today)
    through = min(month_of(today), f"{year}-12")
    rows = []
    paid_total = Decimal("0.00")
    for r in year_grid(session, year):
        paid = [c.month for c in r.cells if c.state in (vocab.PAID, vocab.PARTIAL)]
        unpaid = [c.month for c in r.cells if c.owes and c.state == vocab.DUE and c.month <= shift(through, -1)]
        paid_total += r.year_paid
        rows.append([r.name, show(r.monthly), _months_text(paid).replace(f"{year}年", "") or "—", show(r.year_paid),
                     _months_text(unpaid).replace(f"{year}年", "") or "—"])
    columns = [Column("姓名", nowrap=True), Column("月应缴", nowrap=True, align=RIGHT), Column("已交月份", 6, align=LEFT),
               Column("已交金额", nowrap=True, align=RIGHT), Column("未交月份", 6, align=LEFT)]
    notes = [f"截至{today.year}年{today.month}月{today.day}日，共 {len(rows)} 名党员，已交党费合计 {show(paid_total)} 元。",
             "公示期 7 天。如有疑问，请向支部组织委员反映。", f"{profile.full_name}"]
    register = Register(title=f"{profile.full_name} {year}年度党费收缴情况公示", columns=columns, rows=rows,
                        meta=[m for m in meta if m[0] != "制表人"], notes=notes, sheet_name="党费收缴公示")
    return _document(register)
