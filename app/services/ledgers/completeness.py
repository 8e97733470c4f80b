"""The annual binder's completeness check: before printing, what the chosen sections would show empty or
wrong for the year.

Each area declares its own checks in the registry (``Area.binder_checks``: "module:function",
``check(ctx, year) -> list[Finding]``, living in the area's services), so the binder knows no area's rules
and a new area's checks join without code here. A finding names its record and where to fix it
(``Finding.target``: "area:kind:id"), which the 台账与打印 page turns into a 去修改 button.
Read-only: it runs inside ``branch-ledger check --binder`` on a read-only connection too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.kit import registry
from app.kit.context import Context
from app.kit.findings import PROBLEM, Finding


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
    """The area a binder section belongs to: a section is named by an area key ("meetings"), a catalogue
    document key ("meetings.book"), or "area.anything" for a section of the area's own."""
    known = {a.key for a in registry.areas()}
    if key in known:
        return key
    try:
        return next(a.key for a in registry.areas() for d in a.documents if d.key == key)
    except StopIteration:
        head = key.split(".", 1)[0].split(":", 1)[0]
        return head if head in known else None


def areas_of(sections: Iterable[object] | None) -> list[str] | None:
    """The areas of the chosen sections (BinderSection values, or their keys); None: every area."""
    if sections is None:
        return None
    out: list[str] = []
    for section in sections:
        key = section if isinstance(section, str) else getattr(section, "area", None) or section.key
        found = section_area(key)
        if found is not None and found not in out:
            out.append(found)
    return out


def check_binder(session: Session, year: int, *, sections: Iterable[object] | None = None,
                 today: date | None = None, data_dir: Path | None = None) -> CompletenessReport:
    """Run the binder checks of the areas the chosen sections belong to (every area's when None)."""
    chosen = areas_of(sections)
    ctx = Context(session=session, today=today or date.today(), data_dir=data_dir)
    report = CompletenessReport(year)
    found: list[Finding] = []
    for area in registry.areas():
        if not area.binder_checks or (chosen is not None and area.key not in chosen):
            continue
        report.areas.append(area.key)
        for path in area.binder_checks:
            found.extend(registry.resolve(path)(ctx, year))
    report.findings = sorted(found, key=lambda f: f.severity != PROBLEM)  # stable: area order kept
    return report
