"""Salary sheet import (工资表 → 缴费基数): read a real school salary sheet, map its columns, preview, confirm.

Real sheets have merged title rows, totals rows (合计/小计), blank lines, and header names that drift from
year to year (扣养险 / 扣养险(新老合并)). The header row is found by its texts; each column's meaning (name,
ID number, an item added to the base, a deduction, not counted) comes from the aliases of the setting
``dues.salary_aliases`` (组电明字〔2017〕5号 as the default), extended with the user's own mapping when they
confirm one. Rows that match no member are listed, never guessed; text in a number cell is an error naming
row and column; nothing is written before the user confirms the preview, and then all in one transaction.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from app.kit.errors import UserError
from app.services.common.settings import get_setting, set_setting
from app.services.dues import vocab
from app.services.dues.bases import BaseItems, base_for_month, bases_by_member, check_base, set_base
from app.services.dues.money import MAX_MONTHLY_BASE, from_fen, parse_money, show
from app.services.dues.rules import compute_due, rule_for_month
from app.services.dues.settings import SALARY_ALIASES, rate_rules, rounding
from app.services.roster.members import list_members

NAME, ID_NUMBER, ADD, DEDUCT, IGNORE = "name", "id_number", "add", "deduct", "ignore"
ROLES: dict[str, str] = {NAME: "姓名", ID_NUMBER: "身份证号", ADD: "计入基数", DEDUCT: "扣除", IGNORE: "不计入"}
TOTAL_WORDS = ("合计", "小计", "总计", "累计")
ZERO_MARKS = {"-", "—", "－", "--", "/"}
HEADER_SEARCH_ROWS = 15


def normal_header(text: object) -> str:
    """Header text as compared: NFKC (full-width brackets), no spaces or line breaks."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or "")))


def _stem(header: str) -> str:
    """扣养险(新老合并) → 扣养险: a drifted header keeps its stem."""
    return re.sub(r"[(\[【].*?[)\]】]$", "", header)


@dataclass(frozen=True)
class SalarySheet:
    path: str
    sheet_name: str
    header_row: int  # 1-based
    headers: list[str]  # normalised texts, one per column
    rows: list[tuple[int, list[object]]]  # (1-based row number, cell values) below the header


def _aliases(session: Session) -> dict[str, list[str]]:
    return {role: [normal_header(h) for h in heads] for role, heads in dict(get_setting(session, SALARY_ALIASES)).items()}


def role_of(header: str, aliases: dict[str, list[str]]) -> str | None:
    if not header:
        return None
    for candidate in (header, _stem(header)):
        for role in (NAME, ID_NUMBER, DEDUCT, ADD, IGNORE):
            if candidate in aliases.get(role, []):
                return role
    return None


def read_salary_sheet(path: str | Path, aliases: dict[str, list[str]]) -> SalarySheet:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not an xlsx
        raise UserError(f"无法读取工资表“{Path(path).name}”：请确认它是 Excel（.xlsx）文件且没有被加密。（{exc}）",
                        "path") from None
    try:
        for sheet in workbook.worksheets:
            values = [list(row) for row in sheet.iter_rows(values_only=True)]
            for index, row in enumerate(values[:HEADER_SEARCH_ROWS]):
                headers = [normal_header(v) for v in row]
                roles = [role_of(h, aliases) for h in headers]
                if NAME in roles and sum(r in (ADD, DEDUCT) for r in roles) >= 1:
                    width = len(headers)
                    body = [(n, (r + [None] * width)[:width]) for n, r in enumerate(values[index + 1:], index + 2)]
                    return SalarySheet(str(path), sheet.title, index + 1, headers, body)
    finally:
        workbook.close()
    raise UserError(f"在工资表“{Path(path).name}”的前 {HEADER_SEARCH_ROWS} 行中没有找到表头（应有“姓名”和工资项目列，"
                    f"如“岗位工资”“个人所得税”）。", "path")


def guess_mapping(sheet: SalarySheet, aliases: dict[str, list[str]]) -> dict[int, str]:
    """Column index → role, for every column whose header the aliases know."""
    return {i: role for i, h in enumerate(sheet.headers) if (role := role_of(h, aliases)) is not None}


def unknown_columns(sheet: SalarySheet, mapping: dict[int, str]) -> list[str]:
    return [h for i, h in enumerate(sheet.headers) if h and i not in mapping]


@dataclass(frozen=True)
class PreviewRow:
    row: int
    name: str
    member_id: int
    category: str
    added: dict[str, Decimal]
    deducted: dict[str, Decimal]
    base: Decimal
    old_base: Decimal | None
    rate: str
    amount: Decimal

    @property
    def change(self) -> Decimal | None:
        return None if self.old_base is None else self.base - self.old_base


@dataclass
class Preview:
    valid_from: str
    rows: list[PreviewRow] = field(default_factory=list)
    unmatched: list[tuple[int, str, str]] = field(default_factory=list)  # (row, name, why)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row, why): totals rows, blank names
    errors: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"可导入 {len(self.rows)} 人"]
        if self.unmatched:
            parts.append(f"未匹配 {len(self.unmatched)} 行")
        if self.skipped:
            parts.append(f"跳过 {len(self.skipped)} 行（合计行等）")
        if self.errors:
            parts.append(f"错误 {len(self.errors)} 处")
        return "，".join(parts) + "。"


def _amount(value: object, row: int, column: int, header: str, errors: list[str]) -> Decimal:
    from openpyxl.utils import get_column_letter

    if isinstance(value, str) and value.strip() in ZERO_MARKS:
        return Decimal("0.00")
    try:
        return parse_money(value, header, row=row, allow_negative=True)
    except UserError:
        errors.append(f"第 {row} 行 {get_column_letter(column + 1)} 列（{header}）的内容“{value}”不是数字，"
                      f"请在工资表中改正后重新导入。")
        return Decimal("0.00")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def preview_import(session: Session, sheet: SalarySheet, mapping: dict[int, str], valid_from: str) -> Preview:
    """What confirming would write, and every row it would not (with why). Writes nothing."""
    roles = set(mapping.values())
    if NAME not in roles and ID_NUMBER not in roles:
        raise UserError("请指定哪一列是“姓名”或“身份证号”，用来对应党员。", "mapping")
    if ADD not in roles:
        raise UserError("请至少指定一列“计入基数”的工资项目（如岗位工资、薪级工资）。", "mapping")
    preview = Preview(valid_from, unknown_columns=unknown_columns(sheet, mapping))
    members = list_members(session)
    by_name: dict[str, list] = {}
    for m in members:
        by_name.setdefault(re.sub(r"\s+", "", m.name), []).append(m)
    by_id = {m.id_number.upper(): m for m in members if m.id_number}
    bases = bases_by_member(session)
    rules, mode = rule_for_month(rate_rules(session), valid_from), rounding(session)
    name_col = next((i for i, r in mapping.items() if r == NAME), None)
    id_col = next((i for i, r in mapping.items() if r == ID_NUMBER), None)
    seen: dict[int, int] = {}
    for row_no, values in sheet.rows:
        if all(v is None or _text(v) == "" for v in values):
            continue  # a blank line
        texts = [_text(v) for v in values]
        if any(word in t for t in texts[:max(4, (name_col or 0) + 2)] for word in TOTAL_WORDS):
            preview.skipped.append((row_no, "合计行"))
            continue
        name = re.sub(r"\s+", "", texts[name_col]) if name_col is not None else ""
        id_number = texts[id_col].upper() if id_col is not None else ""
        if not name and not id_number:
            preview.skipped.append((row_no, "没有姓名"))
            continue
        errors_before = len(preview.errors)
        added = {sheet.headers[i]: _amount(values[i], row_no, i, sheet.headers[i], preview.errors)
                 for i, r in mapping.items() if r == ADD}
        deducted = {sheet.headers[i]: abs(_amount(values[i], row_no, i, sheet.headers[i], preview.errors))
                    for i, r in mapping.items() if r == DEDUCT}
        if id_number:
            member = by_id.get(id_number)
            if member is None:
                preview.unmatched.append((row_no, name or id_number, "花名册中没有这个身份证号"))
                continue
        else:
            found = by_name.get(name, [])
            if not found:
                preview.unmatched.append((row_no, name, "花名册中没有这个姓名（可能不是党员）"))
                continue
            if len(found) > 1:
                preview.unmatched.append((row_no, name, f"花名册中有 {len(found)} 名同名党员，请用身份证号列对应"))
                continue
            member = found[0]
        if member.id in seen:
            preview.unmatched.append((row_no, name, f"与第 {seen[member.id]} 行是同一人，未重复导入"))
            continue
        seen[member.id] = row_no
        if len(preview.errors) > errors_before:
            continue
        items = BaseItems(added, deducted)
        base = items.base
        if base < 0:
            preview.errors.append(f"第 {row_no} 行（{name}）计入项减去扣除项为 {show(base)} 元，为负数，请检查列的对应。")
            continue
        if base > MAX_MONTHLY_BASE:
            preview.errors.append(f"第 {row_no} 行（{name}）算出的基数 {show(base)} 元超过 {show(MAX_MONTHLY_BASE)} 元，"
                                  f"请检查列的对应或单位。")
            continue
        records = bases.get(member.id, [])
        previous = base_for_month(records, valid_from)
        last = base_for_month([r for r in records if r.valid_from < valid_from], valid_from)
        category = previous.category if previous else vocab.EMPLOYED
        fixed = None if previous is None or previous.fixed_fen is None else from_fen(previous.fixed_fen)
        due = compute_due(category, base, rules, mode, fixed=fixed)
        preview.rows.append(PreviewRow(row_no, member.name, member.id, category, added, deducted, base,
                                       from_fen(last.base_fen) if last else None, due.rate_text or "定额", due.amount))
    return preview


def confirm_import(session: Session, sheet: SalarySheet, mapping: dict[int, str], preview: Preview) -> int:
    """Write the previewed bases (one transaction: the caller's) and remember the mapping by header text."""
    if preview.errors:
        shown = "\n".join(preview.errors[:5])
        more = f"\n（另有 {len(preview.errors) - 5} 处）" if len(preview.errors) > 5 else ""
        raise UserError(f"工资表中有 {len(preview.errors)} 处错误，未导入任何数据：\n{shown}{more}")
    for row in preview.rows:
        check_base(row.base, row=row.row)
        set_base(session, row.member_id, preview.valid_from, row.category, row.base,
                 items=BaseItems(row.added, row.deducted), source=vocab.SOURCE_IMPORT,
                 note=f"由工资表“{Path(sheet.path).name}”第 {row.row} 行导入")
    remember_mapping(session, sheet, mapping)
    return len(preview.rows)


def remember_mapping(session: Session, sheet: SalarySheet, mapping: dict[int, str]) -> None:
    """The confirmed columns become aliases of their roles, so next year's sheet maps itself."""
    aliases = {role: list(heads) for role, heads in dict(get_setting(session, SALARY_ALIASES)).items()}
    for index, role in mapping.items():
        header = sheet.headers[index]
        if not header:
            continue
        for other, heads in aliases.items():
            if other != role and header in heads:
                heads.remove(header)
        if header not in aliases.setdefault(role, []):
            aliases[role].append(header)
    set_setting(session, SALARY_ALIASES, aliases)


def load_for_import(session: Session, path: str | Path) -> tuple[SalarySheet, dict[int, str]]:
    aliases = _aliases(session)
    sheet = read_salary_sheet(path, aliases)
    return sheet, guess_mapping(sheet, aliases)
