"""Reading a spreadsheet the user chose: .xlsx, .xls, .ods (python-calamine) or .csv, as rows of cell values.

python-calamine (a maintained Rust reader) is used instead of openpyxl because it reads .xls and .ods too
and is several times faster on large sheets. A file that is not a spreadsheet, is protected by a password
or cannot be read is a UserError in Chinese; nothing else ever escapes.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from app.kit.errors import UserError

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
MAX_ROWS = 200_000  # a roster has hundreds; a bigger sheet is not what the user meant to import


@dataclass(frozen=True)
class SheetData:
    name: str
    rows: list[list[object]]  # cell values as the reader gives them: str, float, int, bool, date, datetime
    hidden: bool = False


def read_workbook(path: str | Path) -> list[SheetData]:
    path = Path(path)
    if not path.is_file():
        raise UserError(f"找不到文件：{path}", "file")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [SheetData(path.stem, _read_csv(path))]
    if suffix not in SPREADSHEET_SUFFIXES:
        raise UserError(f"无法导入“{path.name}”：只能导入 Excel（.xlsx、.xls）、WPS/LibreOffice（.ods）"
                        f"或 CSV 文件。", "file")
    return _read_calamine(path)


def _read_calamine(path: Path) -> list[SheetData]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        head = path.read_bytes()[:8]
    except OSError as exc:
        raise UserError(f"无法读取文件“{path}”：{_os_reason(exc)}", "file") from None
    if head.startswith(b"\xd0\xcf\x11\xe0") and path.suffix.lower() != ".xls":
        raise UserError(f"“{path.name}”设置了打开密码（或是旧版 Excel 文件改了扩展名），无法读取。"
                        f"请在 Excel 或 WPS 中取消密码、另存为 .xlsx 后再导入。", "file")
    try:
        book = CalamineWorkbook.from_path(str(path))
        errors = _xlsx_error_cells(path) if path.suffix.lower() in (".xlsx", ".xlsm") else {}
        sheets = []
        for meta in book.sheets_metadata:
            sheet = book.get_sheet_by_name(meta.name)
            rows = [list(r) for r in sheet.to_python(skip_empty_area=False)]
            for row, column, text in errors.get(meta.name, ()):
                while len(rows) <= row:
                    rows.append([])
                rows[row].extend([""] * (column + 1 - len(rows[row])))
                rows[row][column] = text
            if len(rows) > MAX_ROWS:
                raise UserError(f"工作表“{meta.name}”有 {len(rows)} 行，超过可导入的 {MAX_ROWS} 行。"
                                f"请只保留要导入的表格。", "file")
            sheets.append(SheetData(meta.name, rows, hidden="Visible" not in str(meta.visible)))
        return sheets
    except UserError:
        raise
    except (CalamineError, ValueError, OSError, RuntimeError) as exc:
        raise UserError(f"无法读取“{path.name}”：它不是可以打开的电子表格，或者文件已损坏、设置了密码"
                        f"（{type(exc).__name__}）。请用 Excel 或 WPS 打开确认后另存为 .xlsx 再导入。", "file") from None


def _xlsx_error_cells(path: Path) -> dict[str, list[tuple[int, int, str]]]:
    """Cells holding a formula error (#REF!, #N/A …), which calamine reads as empty: (row, column, text).

    Only when some sheet has an error cell (a quick look at the raw XML) is openpyxl asked where they are,
    so ordinary files pay nothing for it.
    """
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            if not any(b't="e"' in archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")):
                return {}
    except (zipfile.BadZipFile, OSError, KeyError):
        return {}
    from openpyxl import load_workbook

    found: dict[str, list[tuple[int, int, str]]] = {}
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        for sheet in book.worksheets:
            for r, row in enumerate(sheet.iter_rows()):
                for c, cell in enumerate(row):
                    if getattr(cell, "data_type", None) == "e":
                        found.setdefault(sheet.title, []).append((r, c, str(cell.value)))
    finally:
        book.close()
    return found


def _read_csv(path: Path) -> list[list[object]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取文件“{path}”：{_os_reason(exc)}", "file") from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UserError(f"无法识别“{path.name}”的文字编码，请另存为 UTF-8 编码的 CSV 或 Excel 文件。", "file")
    if "\x00" in text:
        raise UserError(f"“{path.name}”不是文本格式的 CSV 文件。", "file")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    if len(rows) > MAX_ROWS:
        raise UserError(f"“{path.name}”有 {len(rows)} 行，超过可导入的 {MAX_ROWS} 行。", "file")
    return rows


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "没有读取权限，或文件正被其他程序占用。"
    return exc.strerror or str(exc)
