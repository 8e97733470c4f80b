"""Finding the table in a sheet: the header row (not always row 1), the data rows, and what is not data.

Real files put title rows, 填报单位 lines, merged instruction cells, `必填` marker rows, blank lines, a 合计
row and 注 lines around the data. The header row is the row whose cells match the most known field
headers; the sheet is the one with the best such row (or the one the user named).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.kit.errors import UserError
from app.services.importer.reading import SheetData
from app.services.importer.spec import ImportKind, header_key
from app.services.importer.values import is_blank, text_of

HEADER_SEARCH_ROWS = 40
_NOTE = re.compile(r"^(注[:：意]|注\d|说明|备注[:：]|填表|填写|注意事项|合计|总计|小计|制表|填报|审核|单位[:：])")
_TOTAL = re.compile(r"^(合计|总计|小计|共计)")
_MARKERS = {"必填", "选填", "非必填", "可选", "必填项"}


@dataclass(frozen=True)
class SourceRow:
    number: int  # 1-based row number in the sheet, as Excel shows it
    cells: list[object]


@dataclass
class FoundTable:
    sheet: str
    header_row: int  # 1-based
    headers: list[str]  # the header texts as written
    rows: list[SourceRow]  # the data rows
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row number, why it is not data)
    blank_rows: int = 0


def match_score(kind: ImportKind, cells: list[object], remembered: dict[str, str]) -> int:
    known = {k for f in kind.fields for k in f.header_keys()} | set(remembered)
    return len({header_key(c) for c in cells if not is_blank(c)} & known)


def choose_sheet(sheets: list[SheetData], kind: ImportKind, remembered: dict[str, str],
                 name: str | None = None) -> SheetData:
    if name is not None:
        for sheet in sheets:
            if sheet.name == name:
                return sheet
        listed = "、".join(f"“{s.name}”" for s in sheets)
        raise UserError(f"文件中没有名为“{name}”的工作表（有：{listed}）。", "sheet")
    visible = [s for s in sheets if not s.hidden and s.rows] or [s for s in sheets if s.rows]
    if not visible:
        raise UserError("文件中没有任何数据（所有工作表都是空的）。", "file")
    return max(visible, key=lambda s: max((match_score(kind, r, remembered) for r in s.rows[:HEADER_SEARCH_ROWS]),
                                          default=0))


def find_table(sheet: SheetData, kind: ImportKind, remembered: dict[str, str]) -> FoundTable:
    scored = [(match_score(kind, row, remembered), i) for i, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS])]
    best, index = max(scored, default=(0, 0), key=lambda s: (s[0], -s[1]))
    if best < 2:
        raise UserError(f"在工作表“{sheet.name}”的前 {HEADER_SEARCH_ROWS} 行中没有找到{kind.title}的表头"
                        f"（例如“姓名”“公民身份号码”）。请确认选对了文件和工作表，或先下载导入模板。", "sheet")
    header_cells = sheet.rows[index]
    width = max(len(r) for r in sheet.rows)
    headers = [c.strip() if isinstance(c, str) else text_of(c) for c in header_cells]  # as written
    headers += [""] * (width - len(header_cells))
    table = FoundTable(sheet.name, index + 1, headers, [])
    for offset, cells in enumerate(sheet.rows[index + 1:], start=index + 2):
        texts = [text_of(c) for c in cells]
        filled = [t for t in texts if t]
        if not filled:
            table.blank_rows += 1
        elif all(t in _MARKERS or t.startswith(("必填", "选填")) for t in filled):
            table.skipped.append((offset, "填写要求行（必填/选填标记），不是数据"))
        elif _TOTAL.match(filled[0]) or (len(filled) <= 2 and _is_note(filled[0])
                                          and not _looks_like_person(texts, headers)):
            table.skipped.append((offset, f"说明或合计行（{' '.join(filled[0].split())[:20]}…），不是数据"))
        else:
            table.rows.append(SourceRow(offset, list(cells) + [None] * (width - len(cells))))
    return table


def _is_note(text: str) -> bool:
    """An instruction, total or footnote line: a known opening word, or one long text (a merged cell)."""
    return bool(_NOTE.match(text)) or len(text) > 40 or "\n" in text


def _looks_like_person(texts: list[str], headers: list[str]) -> bool:
    """A row with a name under the 姓名 header is data even if it starts with 注 (a surname? no: a note)."""
    for text, header in zip(texts, headers, strict=False):
        if header_key(header) in ("姓名", "name") and text and len(text) <= 6 and not _NOTE.match(text):
            return True
    return False
