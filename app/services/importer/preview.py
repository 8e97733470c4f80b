"""The preview: every data row as it will be stored, with its problems, duplicates and the totals.

Errors block their row (it is not imported and the report says why); warnings do not. Nothing is written
here: the preview is shown, the user decides, then apply.py writes the accepted rows in one transaction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.kit import registry
from app.services.importer.matching import ColumnMapping
from app.services.importer.spec import ImportKind
from app.services.importer.table import FoundTable
from app.services.importer.values import CellError, parse_cell

ADD, UPDATE, SKIP, REJECT = "add", "update", "skip", "reject"
ACTION_LABELS = {ADD: "新增", UPDATE: "更新", SKIP: "跳过", REJECT: "不导入"}
ON_DUPLICATE = {"skip": "跳过重复的行", "update": "用表中的值更新已有记录", "keep": "两条都保留"}


@dataclass
class PreviewRow:
    number: int  # row number in the source sheet
    values: dict[str, object]
    errors: list[tuple[str | None, str]] = field(default_factory=list)  # (field key, Chinese message)
    warnings: list[tuple[str | None, str]] = field(default_factory=list)
    existing_id: int | None = None  # a record in the database with the same key
    duplicate_of_row: int | None = None  # an earlier row of the file with the same key
    action: str = ADD

    def reasons(self, kind: ImportKind) -> str:
        def said(key: str | None, message: str) -> str:
            return f"{kind.field(key).label}：{message}" if key and key in _keys(kind) else message
        return "；".join(said(k, m) for k, m in self.errors)

    def warnings_text(self, kind: ImportKind) -> str:
        return "；".join(f"{kind.field(k).label}：{m}" if k and k in _keys(kind) else m for k, m in self.warnings)


def _keys(kind: ImportKind) -> set[str]:
    return {f.key for f in kind.fields}


@dataclass
class Preview:
    kind: ImportKind
    table: FoundTable
    mapping: ColumnMapping
    on_duplicate: str
    rows: list[PreviewRow]
    file_name: str = ""

    @property
    def totals(self) -> Counter:
        return Counter(r.action for r in self.rows)

    @property
    def accepted(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.action in (ADD, UPDATE)]

    @property
    def rejected(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.action in (REJECT, SKIP)]

    def summary(self) -> str:
        t = self.totals
        parts = [f"共 {len(self.rows)} 行数据", f"新增 {t[ADD]} 行"]
        if t[UPDATE]:
            parts.append(f"更新 {t[UPDATE]} 行")
        if t[SKIP]:
            parts.append(f"跳过重复 {t[SKIP]} 行")
        parts.append(f"有错误不导入 {t[REJECT]} 行")
        warned = sum(1 for r in self.rows if r.warnings and r.action in (ADD, UPDATE))
        if warned:
            parts.append(f"其中 {warned} 行有提示")
        if self.table.skipped:
            parts.append(f"非数据行 {len(self.table.skipped)} 行（说明、标记、合计）")
        return "，".join(parts) + "。"


def build_preview(session: Session, kind: ImportKind, table: FoundTable, mapping: ColumnMapping,
                  on_duplicate: str = "skip", file_name: str = "") -> Preview:
    if on_duplicate not in ON_DUPLICATE:
        raise ValueError(on_duplicate)
    existing = registry.resolve(kind.finder)(session) if kind.finder else {}
    validator = registry.resolve(kind.validator) if kind.validator else None
    key_of = registry.resolve(kind.key_of) if kind.key_of else None
    first_row_of: dict[object, int] = {}
    rows: list[PreviewRow] = []
    for source in table.rows:
        row = PreviewRow(source.number, {})
        for column, key in mapping.by_column.items():
            spec = kind.field(key)
            try:
                parsed = parse_cell(spec, source.cells[column])
            except CellError as exc:
                row.errors.append((key, str(exc)))
                continue
            except (ValueError, TypeError, OverflowError, RecursionError):
                row.errors.append((key, "无法识别这个单元格的内容"))
                continue
            if parsed.value is not None:
                row.values[key] = parsed.value
            if parsed.warning:
                row.warnings.append((key, parsed.warning))
        for spec in kind.fields:
            if spec.required and spec.key not in row.values and not any(k == spec.key for k, _ in row.errors):
                row.errors.append((spec.key, "不能为空" if mapping.column_of(spec.key) is not None
                                   else "表中没有这一列"))
        if key_of is not None:  # a key worked out from the row (its person found by name …): not for a bad row
            key = None if row.errors else key_of(session, row.values)
        else:
            key = row.values.get(kind.duplicate_key) if kind.duplicate_key else None
        _mark_duplicates(row, kind, key, existing, first_row_of, on_duplicate)
        if validator is not None and not row.errors and row.action != SKIP:
            for key, message, blocking in validator(session, dict(row.values), row.existing_id
                                                    if row.action == UPDATE else None):
                if blocking and not (row.action == ADD and on_duplicate == "keep" and key == kind.duplicate_key):
                    row.errors.append((key, message))
                else:
                    row.warnings.append((key, message))
        if row.errors and row.action != SKIP:
            row.action = REJECT
        rows.append(row)
    return Preview(kind, table, mapping, on_duplicate, rows, file_name)


def _mark_duplicates(row: PreviewRow, kind: ImportKind, key: object, existing: dict,
                     first_row_of: dict[object, int], on_duplicate: str) -> None:
    if kind.duplicate_key is None or key is None:
        return
    label = kind.field(kind.duplicate_key).label
    if key in first_row_of:
        row.duplicate_of_row = first_row_of[key]
        if on_duplicate != "keep":
            row.action = SKIP
            row.errors.append((kind.duplicate_key, f"与第 {first_row_of[key]} 行的{label}相同（文件中重复）"))
            return
        if kind.unique_key:
            row.errors.append((kind.duplicate_key, f"与第 {first_row_of[key]} 行的{label}相同；{label}不能重复，"
                                                   f"两条不能都保留"))
            return
    else:
        first_row_of[key] = row.number
    if (found := existing.get(key)) is not None:
        row.existing_id = found
        if on_duplicate == "skip":
            row.action = SKIP
            row.errors.append((kind.duplicate_key, f"{label}与已有记录相同，按“跳过重复”未导入"))
        elif on_duplicate == "update":
            row.action = UPDATE
            row.warnings.append((kind.duplicate_key, f"{label}与已有记录相同，将更新该记录"))
