"""Blank import templates: the expected headers, dropdowns for the vocabularies, an instruction sheet."""

from __future__ import annotations

from pathlib import Path

from app.kit.errors import UserError
from app.services.importer.kinds import import_kind
from app.services.importer.spec import CHOICE, DATE, ID_NUMBER, PHONE


def write_template(kind_key: str, path: str | Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    kind = import_kind(kind_key)
    book = Workbook()
    sheet = book.active
    sheet.title = kind.title[:31]
    lists = book.create_sheet("可选值")
    sheet.append([f.label for f in kind.fields])
    for index, spec in enumerate(kind.fields, start=1):
        letter = get_column_letter(index)
        head = sheet.cell(row=1, column=index)
        head.font = Font(bold=True, color="C00000" if spec.required else "000000")
        head.fill = PatternFill("solid", fgColor="F2F2F2")
        sheet.column_dimensions[letter].width = max(10, len(spec.label) * 2 + 2)
        if spec.kind in (ID_NUMBER, PHONE):
            for row in range(2, 1002):
                sheet.cell(row=row, column=index).number_format = "@"  # text: IDs never become numbers
            sheet.column_dimensions[letter].width = 22
        elif spec.kind == DATE:
            for row in range(2, 1002):
                sheet.cell(row=row, column=index).number_format = "yyyy-mm-dd"
        elif spec.kind == CHOICE and spec.choices:
            lists.cell(row=1, column=index, value=spec.label)
            for n, value in enumerate(spec.choices, start=2):
                lists.cell(row=n, column=index, value=value)
            rule = DataValidation(type="list", allow_blank=True,
                                  formula1=f"=可选值!${letter}$2:${letter}${len(spec.choices) + 1}")
            rule.error, rule.errorTitle = f"请从下拉列表中选择{spec.label}", "输入有误"
            sheet.add_data_validation(rule)
            rule.add(f"{letter}2:{letter}1001")
    sheet.freeze_panes = "B2"
    lists.sheet_state = "hidden"
    notes = book.create_sheet("填写说明")
    notes.column_dimensions["A"].width = 100
    notes.append([f"{kind.title}导入模板 填写说明"])
    notes["A1"].font = Font(bold=True, size=14)
    for line in kind.notes:
        notes.append([line])
    notes.append(["红色表头为必填项。"])
    for spec in kind.fields:
        if spec.hint:
            notes.append([f"{spec.label}：{spec.hint}"])
    target = Path(path)
    try:
        book.save(target)
    except OSError as exc:
        raise UserError(f"无法保存模板“{target}”：{exc.strerror or exc}", "output") from None
    return target
