"""The reminder protocol: what is due or overdue, from every area, in one sorted list.

Each area declares functions ``reminders(ctx: Context) -> list[Reminder]`` in the registry. ``branch-ledger
due`` prints the list; the home page shows it. A reminder names where to open it (`target`), so a front
end can take the user to the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.kit import registry
from app.kit.context import Context

# severity codes, most urgent last; the label is what the user reads
SEVERITIES: dict[str, str] = {"info": "提示", "due": "待办", "overdue": "已逾期", "urgent": "紧急"}
SEVERITY_RANK = {code: rank for rank, code in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Reminder:
    due: date  # the date it is due (or was due)
    area: str  # the area's key
    text: str  # one Chinese sentence
    severity: str = "due"  # a key of SEVERITIES
    member_id: int | None = None
    record: str | None = None  # what it is about: "member:12", "meeting:40" …
    # where to open it: an area key, or "area:kind:id" ("roster:member:12", "meetings:meeting:40"); the
    # window shows the area's page and calls its open_record("kind:id"); defaults to the area
    target: str | None = None
    key: str = ""  # stable identity (for snoozing): area + rule + record + due date

    @property
    def severity_label(self) -> str:
        return SEVERITIES[self.severity]

    @property
    def area_title(self) -> str:
        try:
            return registry.area(self.area).title
        except KeyError:
            return self.area

    @property
    def open_target(self) -> str:
        return self.target or self.area


def collect(ctx: Context) -> list[Reminder]:
    """Every area's reminders due within ``ctx.days`` days of ``ctx.today`` (and all overdue ones), by date."""
    found: list[Reminder] = []
    for area in registry.areas():
        for path in area.reminders:
            found.extend(registry.resolve(path)(ctx))
    return sorted(found, key=lambda r: (r.due, -SEVERITY_RANK.get(r.severity, 0), r.area, r.text))
