"""The annual binder (年度台账): one PDF with a cover, a contents page, and the year's documents as
sections in the user's order, each on new pages, page numbers through the whole, bookmarks mirroring
the contents (the engine's pdf_binder does the binding).

A chosen section with nothing to print that year (no 民主评议 held, no meetings of a kind) is left out of
the contents and said in the result (`skipped`), so the contents list exactly the sections present.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.kit.errors import UserError
from app.reports.binder.cover import binder_title, cover_document
from app.reports.binder.sections import BinderSection, binder_sections, build_section
from app.reports.engine.document import Document, check_format
from app.reports.engine.errors import ReportError
from app.reports.engine.pdf_binder import BinderResult, Section, write_binder
from app.reports.heading import ledger_heading
from app.services.ledgers.binder_choice import checked_keys, remembered_sections

Progress = Callable[[int, int, str], None]  # (done, total, the section being worked on)
CHINESE_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class AnnualBinderResult(BinderResult):
    sections: tuple[BinderSection, ...] = ()  # as bound; section_pages[i] is where sections[i] starts
    skipped: tuple[tuple[BinderSection, str], ...] = ()  # chosen but with nothing to print, and why

    def notices(self) -> list[str]:
        """What the user should be told besides "written": the sections left out, the undrawable characters."""
        lines = [f"未编入“{s.title}”：{reason}" for s, reason in self.skipped]
        if self.missing_glyphs:
            lines.append(self.missing_glyphs_warning())
        return lines


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五 (the contents' 一、二、…)."""
    if n < 10:
        return CHINESE_DIGITS[n]
    tens, ones = divmod(n, 10)
    return f"{CHINESE_DIGITS[tens] if tens > 1 else ''}十{CHINESE_DIGITS[ones] if ones else ''}"


def chosen_sections(session: Session, year: int, keys: Sequence[str] | None) -> list[BinderSection]:
    """The sections in the order given; None: the remembered choice (or the default)."""
    available = {s.key: s for s in binder_sections(session, year)}
    keys = remembered_sections(session) if keys is None else checked_keys(keys)
    return [available[k] for k in keys]


def write_annual_binder(session: Session, path: str | os.PathLike[str], *, year: int,
                        sections: Sequence[str] | None = None, preparer: str | None = None,
                        progress: Progress | None = None, today: date | None = None,
                        mask_ids: bool = False) -> AnnualBinderResult:
    """Write the `year`'s binder to `path` (PDF) with the sections `sections` (keys, in this order; None:
    the remembered choice or the default). `progress(done, total, title)` as each section is built and laid
    out. Raises ReportError (Chinese) for an unknown key, no branch profile, or nothing at all to print."""
    today = today or date.today()
    profile, meta = ledger_heading(session, "年度台账", preparer=preparer, today=today)
    preparer = dict(meta)["制表人"] or None  # given, or the 制表人 setting: the same on every section
    try:
        chosen = chosen_sections(session, int(year), sections)
    except UserError as exc:
        raise ReportError(exc.message) from exc
    total = 3 * len(chosen)  # building each, then the engine's two layouts
    built: list[tuple[BinderSection, Document]] = []
    skipped: list[tuple[BinderSection, str]] = []
    for index, section in enumerate(chosen):
        if progress:
            progress(index, total, section.title)
        try:
            built.append((section, build_section(session, section, preparer=preparer, today=today,
                                                 mask_ids=mask_ids)))
        except ReportError as exc:
            skipped.append((section, exc.message))
    if not built:
        reasons = "；".join(f"{s.title}：{reason}" for s, reason in skipped)
        raise ReportError(f"{year}年度台账所选的部分都没有可打印的内容（{reasons}），未生成文件。")
    bound = [Section(f"{chinese_number(i)}、{s.title}", document) for i, (s, document) in enumerate(built, start=1)]
    layout_titles = [s.title for s, _document in built]
    start = len(chosen)

    def laid_out(done: int, steps: int) -> None:
        if progress:
            progress(start + done * (total - start) // steps, total, layout_titles[(done - 1) % len(built)])

    result = write_binder(bound, path, title=binder_title(profile, int(year)),
                          cover=cover_document(session, profile, int(year), made_on=today, preparer=preparer),
                          running_header=binder_title(profile, int(year)), progress=laid_out)
    if progress:
        progress(total, total, "")
    return AnnualBinderResult(path=result.path, rows=len(built), pages=result.pages, fmt="pdf",
                              missing_glyphs=result.missing_glyphs, section_pages=result.section_pages,
                              sections=tuple(s for s, _document in built), skipped=tuple(skipped))


def write_binder_export(session: Session, path: Path, fmt: str, *, year: int | None = None,
                        sections: Sequence[str] | str | None = None, preparer: str | None = None,
                        mask_ids: bool = False, today: date | None = None, **_options) -> AnnualBinderResult:
    """The catalogue's writer: `branch-ledger export binder --year Y -o FILE.pdf [--sections KEY ...]`."""
    check_format(fmt, ("pdf",))
    if isinstance(sections, str):  # typed into a text box: keys separated by spaces or commas
        sections = sections.replace("，", ",").replace(",", " ").split() or None
    year = year if year is not None else (today or date.today()).year
    return write_annual_binder(session, path, year=year, sections=sections, preparer=preparer, today=today,
                               mask_ids=mask_ids)
