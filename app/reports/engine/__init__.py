r"""The document engine: a document is described once as blocks, and written as PDF, XLSX or DOCX.

Documents
=========
A ledger module builds a `Document` (page setup + a list of blocks) from its data and hands it to
`write_document(document, path, fmt)`, which returns a `ReportResult` (or raises a Chinese `ReportError`,
a UserError). Keep the building in a function of its own, so the annual binder can take the same Document
as a section (`pdf_binder.write_binder`), and let the catalogue's writer be a thin call::

    from app.reports.engine import (TEXT_FORMATS, Document, Field, Heading, KeyValueTable, Paragraph,
                                    SignatureLine, Title, write_document)

    def meeting_record_document(meeting) -> Document:
        return Document(title="支部委员会会议记录", running_header=meeting.branch_name, blocks=[
            Title(f"{meeting.branch_name}会议记录", subtitle="2026年第5次支部委员会"),
            KeyValueTable(pairs=2, rows=[
                [Field("会议名称", meeting.name, span=2)],
                [Field("时间", "2026-05-12 15:30"), Field("地点", meeting.place)],
                [Field("议题", "一、传达上级通知精神\n二、研究发展党员工作", span=2, min_lines=3)]]),
            Heading("会议内容"), Paragraph(meeting.content),  # pasted text: one paragraph per line
            SignatureLine(["主持人签字", "记录人签字"])])

    def write_meeting_record(session, path, fmt, *, meeting, **_options):  # Document(writer=…) in the Area
        return write_document(meeting_record_document(meeting), path, fmt, formats=TEXT_FORMATS)  # pdf, docx

The blocks (app.reports.engine.blocks):
- `Title(text, subtitle="")`, `Heading(text, level=1)`;
- `Paragraph(text, indent=True)`: pasted text, one paragraph per line, blank lines as gaps, flowing over pages;
- `MetaLine([("制表单位", …), ("制表日期", …), ("制表人", "")])`: spread on one line, "" leaves a blank;
- `KeyValueTable(rows=[[Field(label, value, span=1, min_lines=1), …], …], pairs=2, size=None)`: a bordered
  form (`size` smaller to keep a form to its page: `pdf_writer.fits_one_page(document)` says whether it does);
- `Table(columns=[Column(label, width, align, nowrap=, text=, group=, number=)], rows=[[str, …]], numbered=True,
  fixed_widths=False)`: a register with the header on every page; a cell `CHECKBOX` ("□") or `CHECKED` prints
  as a tick box; `number` columns hold numbers in XLSX ("25.0%" as 0.25 shown as a percentage); with
  `fixed_widths` the columns share the width by Column.width (small tables lined up, as a 统计表);
- `SignatureLine(["主持人签字", ("日期", "2026年5月20日")])`; `Image(path, caption="", max_height_mm=None)`;
  `Bookmark(title, level=0)` (a PDF outline entry, e.g. one per meeting of a year's book); `Spacer(height_mm)`;
  `PageBreak()`.
`Document(orientation=LANDSCAPE)` for wide tables (PORTRAIT is the default); `running_header` prints on
pages 2 on; every PDF page has 第 X 页 共 Y 页 and embeds its fonts. A `Register` (register.py) is the short
form of a titled table with its 制表 line and notes; `Register.document()` gives its Document.

The binder: `pdf_binder.write_binder([Section("二、党员花名册", roster_document), …], path, title=…,
cover=cover_document, running_header=branch_name, progress=callback)` writes one PDF: cover, 目录 with each
section's first page, each section on new pages in its own orientation, 第 X 页 共 Y 页 over the whole, and
bookmarks mirroring the contents (a section's own Bookmarks nested under it).

Layering: blocks / document / errors are plain data; pdf_writer, xlsx_writer and docx_writer import them
(and never output.py or register.py); output.py picks the writer; register.py and pdf_binder build on both.
"""

from app.reports.engine.blocks import (
    BLANK,
    CENTER,
    CHECKBOX,
    CHECKED,
    LEFT,
    RIGHT,
    Block,
    Bookmark,
    Column,
    Field,
    Heading,
    Image,
    KeyValueTable,
    MetaLine,
    PageBreak,
    Paragraph,
    SignatureLine,
    Spacer,
    Table,
    Title,
)
from app.reports.engine.document import (
    FORMATS,
    LANDSCAPE,
    PORTRAIT,
    TABLE_FORMATS,
    TEXT_FORMATS,
    Document,
    ReportResult,
    check_format,
    yes_no,
)
from app.reports.engine.errors import ReportError
from app.reports.engine.output import write_document

__all__ = [
    "BLANK", "CENTER", "CHECKBOX", "CHECKED", "FORMATS", "LANDSCAPE", "LEFT", "PORTRAIT", "RIGHT", "TABLE_FORMATS",
    "TEXT_FORMATS", "Block", "Bookmark", "Column", "Document", "Field", "Heading", "Image", "KeyValueTable", "MetaLine",
    "PageBreak", "Paragraph", "ReportError", "ReportResult", "SignatureLine", "Spacer", "Table", "Title",
    "check_format", "write_document", "yes_no",
]
