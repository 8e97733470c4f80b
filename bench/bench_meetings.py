"""组织生活 for a 60-member branch with ~80 records in a year: the compliance calendar and the year's book.

    python bench/bench_meetings.py [--members 60] [--repeat 7]

Targets (issue 9): the year's calendar opens under 200 ms; the year's book renders under 3 s. Each figure
is printed next to a bare baseline measured in the same run on the same data:
- calendar: compliance_calendar (rows, cells, 规范执行率, attendance rates, talk coverage) against a bare
  SQL read of the year's meetings and attendance rows (what any calendar must at least read);
- book: write_meeting_book (cover, contents, one record per meeting, laid out twice for the page numbers)
  against the one-table PDF of the same meetings (the 会议一览表).
Best and median of R runs after a warm-up. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from datetime import time as clock
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from sqlalchemy import extract, select, text  # noqa: E402

from app.models import Member  # noqa: E402
from app.models.meetings import Meeting  # noqa: E402
from app.reports.meetings.book import write_meeting_book  # noqa: E402
from app.reports.meetings.lists import write_meeting_list  # noqa: E402
from app.services.common.branch import list_groups  # noqa: E402
from app.services.common.storage import open_data_folder  # noqa: E402
from app.services.meetings import kinds  # noqa: E402
from app.services.meetings.calendar import compliance_calendar  # noqa: E402
from app.services.meetings.committee import SeatInput, elect_term  # noqa: E402
from app.services.meetings.records import MeetingInput, expected_members, save_meeting  # noqa: E402
from app.services.meetings.roster_on import member_on  # noqa: E402
from app.services.meetings.talks import TalkInput, save_talk  # noqa: E402
from bench.generate import make_data_dir  # noqa: E402

YEAR = date.today().year - 1  # a whole past year: every period is due
TODAY = date(YEAR + 1, 1, 10)
CONTENT = ("书记传达了上级党组织近期工作部署和会议精神。\n与会同志围绕议题逐项讨论，发表了意见和建议。\n"
           "会议要求各位党员结合教育教学工作，抓好落实，发挥先锋模范作用。\n") * 3


def fill(folder: Path) -> int:
    """A committee, ~80 records of the year with a few absences each, a dozen talks; returns the records."""
    db = open_data_folder(folder)
    try:
        with db.transaction() as s:
            elected = date(YEAR - 1, 6, 1)
            members = [m for m in s.scalars(select(Member).order_by(Member.id)) if member_on(m, elected)]
            posts = ("secretary", "organization", "propaganda", "discipline", "youth")
            elect_term(s, elected, [SeatInput(m.id, p) for m, p in zip(members, posts, strict=False)],
                       today=TODAY)
            host, recorder = members[0].id, members[1].id
            groups = [g.id for g in list_groups(s)]
            plan = []
            for month in range(1, 13):
                plan += [(kinds.COMMITTEE, month, 8, None), (kinds.THEME_DAY, month, 18, None)]
                plan += [(kinds.GROUP, month, 12 + i, g) for i, g in enumerate(groups)]
                if month % 3 == 0:
                    plan += [(kinds.GENERAL, month, 22, None), (kinds.LECTURE, month, 25, None)]
                if month not in (1, 7):  # no 其他活动 in the holidays' months
                    plan.append((kinds.OTHER, month, 27, None))
            plan.append((kinds.LIFE, 12, 28, None))
            for n, (kind, month, day, group) in enumerate(plan):
                when = datetime.combine(date(YEAR, month, day), clock(15, 30))
                expected = expected_members(s, kind, when.date(), group)
                absent = {m.id: (kinds.LEAVE, "外出培训") for m in expected[2 + n % 5: 4 + n % 5]}
                group_people = [m.id for m in expected] or [host, recorder]
                save_meeting(s, MeetingInput(
                    kind=kind, held_at=when, party_group_id=group, place="学校会议室",
                    host_id=host if group is None else group_people[0],
                    recorder_id=recorder if group is None else group_people[-1],
                    topics=("学习上级文件精神", "研究本月工作"), content=CONTENT, resolution="按讨论意见落实。",
                    absentees=absent), today=TODAY)
            for n in range(12):
                save_talk(s, TalkInput(date(YEAR, 1 + n, 10), members[n % 3].id, members[10 + n].id,
                                       topics="工作和思想", summary="谈心了解情况。"), today=TODAY)
            return len(plan)
    finally:
        db.dispose()


def timed(repeat: int, run) -> tuple[float, float]:
    run()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        folder = make_data_dir(Path(tmp) / "data", args.members)
        records = fill(folder)
        print(f"generated {args.members} members and {records} records of {YEAR} in "
              f"{time.perf_counter() - started:.1f} s")
        db = open_data_folder(folder)
        try:
            with db.session() as s:
                def bare_read() -> None:
                    s.execute(select(Meeting.id, Meeting.kind, Meeting.held_at)
                              .where(extract("year", Meeting.held_at) == YEAR)).all()
                    s.execute(text("SELECT member_id, status FROM meeting_attendance")).all()

                def calendar() -> None:
                    s.expire_all()
                    compliance_calendar(s, YEAR, TODAY)

                base = timed(args.repeat, bare_read)
                best, median = timed(args.repeat, calendar)
                cal = compliance_calendar(s, YEAR, TODAY)
                verdict = "OK" if median < 0.2 else "SLOW"
                print(f"calendar {YEAR}: {len(cal.rows)} rows, rate {cal.rate:.0%}: best {best * 1000:.0f} ms, "
                      f"median {median * 1000:.0f} ms (target < 200 ms) {verdict}; "
                      f"bare SQL read: median {base[1] * 1000:.1f} ms")
                book_target, list_target = Path(tmp) / "book.pdf", Path(tmp) / "list.pdf"
                base = timed(max(1, args.repeat // 3), lambda: write_meeting_list(s, list_target, "pdf", year=YEAR))
                best, median = timed(max(1, args.repeat // 3), lambda: write_meeting_book(
                    s, book_target, "pdf", year=YEAR, progress=lambda done, total: None))
                steps: list[tuple[int, int]] = []
                result = write_meeting_book(s, book_target, "pdf", year=YEAR,
                                            progress=lambda done, total: steps.append((done, total)))
                verdict = "OK" if median < 3.0 else "SLOW"
                print(f"book {YEAR}: {result.rows} records, {result.pages} pages: best {best:.2f} s, median "
                      f"{median:.2f} s (target < 3 s) {verdict}; progress reported {len(steps)} times up to {steps[-1][0]}/{steps[-1][1]}; "
                      f"one-table list PDF of the same meetings: median {base[1]:.2f} s")
        finally:
            db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


# -- run_all's interface (bench/common.py): size is the branch's members; ~80 records of the year each time
SIZES = (40, 80, 160)
QUICK_SIZES = (40,)  # fill() needs 22 who were members a year and a half ago


def bare_read(s) -> None:
    """Baseline of the calendar: a bare SQL read of the year's meetings and attendance rows (what any
    calendar must at least read)."""
    s.execute(select(Meeting.id, Meeting.kind, Meeting.held_at)
              .where(extract("year", Meeting.held_at) == YEAR)).all()
    s.execute(text("SELECT member_id, status FROM meeting_attendance")).all()


def bare_reportlab_book(s, path: Path) -> None:
    """Baseline of the book: bare reportlab setting the same records' texts (title, time and place, topics,
    content, resolution) in the same font, one record a page."""
    import json

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    from app.reports.engine.fonts import report_fonts

    style = ParagraphStyle("body", fontName=report_fonts().body, fontSize=10.5, leading=15)
    story = []
    for title, held, place, topics, content, resolution in s.execute(text(
            "SELECT title, held_at, place, topics, content, resolution FROM meeting "
            "WHERE strftime('%Y', held_at) = :y ORDER BY held_at"), {"y": str(YEAR)}):
        story += [Paragraph(title, style), Paragraph(f"{held}　{place}", style),
                  *(Paragraph(t, style) for t in json.loads(topics or "[]")),
                  *(Paragraph(line, style) for line in content.split("\n") if line),
                  Paragraph(resolution, style), PageBreak()]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


def measure(size: int, rounds: int = 5) -> dict[str, dict]:
    """The year's compliance calendar against bare_read, the year's book against bare_reportlab_book; CPU
    seconds, alternating rounds."""
    from bench.common import alternate, figure, scratch_dir

    root = Path(tempfile.mkdtemp(prefix=f"meetings{size}_", dir=scratch_dir()))
    folder = make_data_dir(root / "data", size)
    fill(folder)
    db = open_data_folder(folder)
    try:
        with db.session() as s:
            def calendar() -> None:
                s.expire_all()
                compliance_calendar(s, YEAR, TODAY)

            def book() -> None:
                write_meeting_book(s, root / "book.pdf", "pdf", year=YEAR, progress=lambda done, total: None)

            cal = alternate(calendar, lambda: bare_read(s), rounds)
            book_s = alternate(book, lambda: bare_reportlab_book(s, root / "bare.pdf"), max(1, rounds // 2))
        return {f"meetings_calendar_{size}": figure(*cal, size), f"meetings_book_{size}": figure(*book_s, size)}
    finally:
        db.dispose()
