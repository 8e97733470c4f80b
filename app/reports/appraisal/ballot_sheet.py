"""The 民主测评表: printed and handed out, one per voter. Each graded member's name with four tick boxes
(优秀, 合格, 基本合格, 不合格); no ID numbers, no voter's name. 预备党员 not graded are not on it.
The boxes are the engine's tick boxes (a "□" cell is drawn as a box, whatever the font has)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.reports.appraisal.common import round_of
from app.reports.engine.blocks import CHECKBOX
from app.reports.engine.register import Column, Register, ReportResult, check_format, write_register
from app.reports.heading import ledger_heading
from app.services.appraisal import vocab
from app.services.appraisal.queries import graded_participants
from app.services.appraisal.rules import excellent_share, share_text

DOCUMENT = "民主评议党员民主测评表"
BOX = CHECKBOX


def ballot_register(session: Session, *, year: object, today: date | None = None) -> Register:
    rnd = round_of(session, year, DOCUMENT)
    profile, _meta = ledger_heading(session, DOCUMENT, today=today)
    graded = graded_participants(rnd)
    rows = [[p.member.name, *(BOX for _ in vocab.GRADES)] for p in graded]
    not_graded = [p.member.name for p in rnd.participants if not p.graded]
    notes = [
        "填票说明：请在每名党员姓名后相应等次的方框内划“√”，每名党员只能选一个等次；不划视为弃权。本表不记名。",
        f"评为“优秀”的一般不超过被评定党员的{share_text(excellent_share(session))}。",
    ]
    if not_graded:
        notes.append(f"预备党员{'、'.join(not_graded)}参加评议，不评定等次，不列入本表。")
    return Register(
        title=f"{profile.full_name} {rnd.year}年度{DOCUMENT}",
        columns=[Column("姓名", 3), *(Column(g.label, 2) for g in vocab.GRADES)],
        rows=rows,
        meta=[("测评日期", rnd.held_on.strftime("%Y年%m月%d日").replace("年0", "年").replace("月0", "月"))],
        notes=notes, sheet_name="民主测评表", font_size=12.0, min_font_size=12.0,
    )


def write_ballot(session: Session, path: Path, fmt: str, *, year: object = None, today: date | None = None,
                 **_common: object) -> ReportResult:
    """`export appraisal --sheet ballot`; the 制表人 and ID options of other documents do not apply."""
    return write_register(ballot_register(session, year=year, today=today), path, check_format(fmt))
