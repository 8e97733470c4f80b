"""The annual binder's completeness check: before printing, what the chosen sections would show empty or
wrong for the year.

Each area declares its own checks in the registry (``Area.binder_checks``: "module:function",
``check(ctx, year) -> list[Finding]``, living in the area's services), so the binder knows no area's rules
and a new area's checks join without code here. A finding names its record and where to fix it
(``Finding.target``: "area:kind:id"), which the 台账与打印 page turns into a 去修改 button.
Read-only: it runs inside ``branch-ledger check --binder`` on a read-only connection too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.kit import registry
from app.kit.context import Context
from app.kit.findings import NOTICE, PROBLEM, Finding

CHECK_EMPTY = "binder_empty_section"
BINDER_AREA = "ledgers"  # the binder's own area: its checks (the cover's) run for every binder


@dataclass
class CompletenessReport:
    year: int
    findings: list[Finding] = field(default_factory=list)  # problems first, then notices; each in area order
    areas: list[str] = field(default_factory=list)  # the areas whose checks ran

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == PROBLEM]

    @property
    def notices(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != PROBLEM]

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        text = f"{self.year}年度台账完整性检查："
        text += f"发现 {len(self.problems)} 处缺漏" if self.problems else "未发现缺漏"
        return text + (f"，另有 {len(self.notices)} 条提示" if self.notices else "")

    def lines(self) -> list[str]:
        return [str(f) for f in self.findings] + [self.summary()]


def section_area(key: str) -> str | None:
    """The area a binder section belongs to, from its catalogue document's key ("meetings.book") or an area key."""
    known = {a.key for a in registry.areas()}
    if key in known:
        return key
    try:
        return next(a.key for a in registry.areas() for d in a.documents if d.key == key)
    except StopIteration:
        head = key.split(".", 1)[0]
        return head if head in known else None


def _key(section: object) -> str:
    return section if isinstance(section, str) else section.key


def check_binder(session: Session, year: int, *, sections: Sequence[object] | None = None,
                 today: date | None = None, data_dir: Path | None = None,
                 progress: Callable[[str, int, int], None] | None = None) -> CompletenessReport:
    """Check the `year`'s binder with the chosen sections (their keys or BinderSection values, in order;
    None: the remembered choice, as ``export binder`` would bind): the binder checks of the areas those
    sections belong to, then each section built as the binder would build it — a section with nothing to
    print would be left out of the binder. UserError for an unknown section key."""
    from app.reports.binder.sections import binder_sections, build_section
    from app.reports.engine.errors import ReportError
    from app.services.ledgers.binder_choice import checked_keys, remembered_sections

    keys = remembered_sections(session) if sections is None else checked_keys([_key(s) for s in sections])
    available = {s.key: s for s in binder_sections(session, year)}
    chosen = [available[k] for k in keys]
    areas = {section_area(s.document) for s in chosen} | {BINDER_AREA}  # the cover is in every binder
    ctx = Context(session=session, today=today or date.today(), data_dir=data_dir)
    report = CompletenessReport(year)
    found: list[Finding] = []
    checks = [(a.key, path) for a in registry.areas() if a.key in areas for path in a.binder_checks]
    total = len(checks) + len(chosen)
    for done, (area, path) in enumerate(checks):
        if progress is not None:
            progress(f"正在检查{registry.area(area).title}", done, total)
        if area not in report.areas:
            report.areas.append(area)
        found.extend(registry.resolve(path)(ctx, year))
    empty: dict[tuple[str, str | None], list[str]] = {}  # (reason, area) -> the sections it empties
    for done, section in enumerate(chosen, start=len(checks)):
        if progress is not None:
            progress(f"正在检查“{section.title}”", done, total)
        try:
            build_section(session, section, preparer=None, today=ctx.today, mask_ids=True)
        except ReportError as exc:
            empty.setdefault((exc.message, section_area(section.document)), []).append(section.title)
    for (reason, area), titles in empty.items():
        named = "、".join(f"“{t}”" for t in titles)
        found.append(Finding(CHECK_EMPTY, f"{named}没有可打印的内容，生成时不会编入台账：{reason}",
                             severity=NOTICE, target=area))
    report.findings = sorted(found, key=lambda f: f.severity != PROBLEM)  # stable: area order kept
    return report
