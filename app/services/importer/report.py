"""The import report (XLSX): every row that was not imported and why, with its row number in the source."""

from __future__ import annotations

from pathlib import Path

from app.kit.errors import UserError
from app.services.importer.preview import ACTION_LABELS, Preview
from app.services.importer.values import text_of


def write_report(preview: Preview, path: str | Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    kind = preview.kind
    book = Workbook()
    sheet = book.active
    sheet.title = "未导入的行"
    columns = [kind.field(k).label for k in preview.mapping.by_column.values()]
    sheet.append(["源文件行号", "处理", "原因", *columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in preview.rejected:
        source = next(r for r in preview.table.rows if r.number == row.number)
        cells = [text_of(source.cells[c]) for c in preview.mapping.by_column]
        sheet.append([row.number, ACTION_LABELS[row.action], row.reasons(kind), *cells])
    for number, why in preview.table.skipped:
        sheet.append([number, "非数据行", why])
    sheet.column_dimensions["C"].width = 60
    for line in sheet.iter_rows(min_row=2):
        line[2].alignment = Alignment(wrap_text=True, vertical="top")
    warned = book.create_sheet("有提示的行")
    warned.append(["源文件行号", "处理", "提示"])
    for row in preview.accepted:
        if row.warnings:
            warned.append([row.number, ACTION_LABELS[row.action], row.warnings_text(kind)])
    summary = book.create_sheet("汇总")
    summary.append(["文件", preview.file_name])
    summary.append(["工作表", preview.table.sheet])
    summary.append(["表头所在行", preview.table.header_row])
    summary.append(["结果", preview.summary()])
    ignored = "、".join(h for _, h in preview.mapping.ignored if h) or "无"
    summary.append(["未导入的列", ignored])
    target = Path(path)
    try:
        book.save(target)
    except OSError as exc:
        raise UserError(f"无法保存导入报告“{target}”：请确认文件没有在 Excel 或 WPS 中打开，且文件夹可以写入。"
                        f"（{exc.strerror or exc}）", "report") from None
    return target
