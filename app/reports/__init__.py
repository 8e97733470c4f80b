"""Reports: data in, file out — PDF (reportlab) and XLSX (openpyxl). No Qt here.

`register_table` describes a printed register (title, 制表 line, columns, rows); `pdf_writer` and
`xlsx_writer` render it; each ledger (花名册, 党费收缴登记表 …) builds its description in its own module.
"""

from app.reports.engine.register import Column, Register, ReportError, ReportResult, write_register

__all__ = ["Column", "Register", "ReportError", "ReportResult", "write_register"]
