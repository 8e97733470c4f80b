"""A small branch (6 正式党员, 1 预备党员) and one person walked through the steps, for development tests."""

from __future__ import annotations

from datetime import date

from app.kit.idcard import make_id_number
from app.services.development import steps as S
from app.services.development.people import save_person
from app.services.development.recording import record_step
from app.services.roster.members import save_member

TODAY = date(2026, 12, 1)
FULL_NAMES = ("王建国", "李秀英", "张志强", "刘海燕", "陈立新", "杨丽华")


def add_members(session) -> list[int]:
    """Six 正式党员 and one 预备党员; returns the ids of the 正式党员."""
    ids = []
    for n, name in enumerate(FULL_NAMES):
        member = save_member(session, {
            "name": name, "id_number": make_id_number("320102", date(1975 + n, 5, 3), 11 + 2 * n),
            "category": "正式党员", "joined_date": date(2000 + n, 7, 1), "full_member_date": date(2001 + n, 7, 1)})
        ids.append(member.id)
    save_member(session, {"name": "赵晓雯", "id_number": make_id_number("320102", date(1995, 2, 3), 22),
                          "category": "预备党员", "joined_date": date(2026, 6, 1)})
    return ids


def person_values(**over) -> dict:
    values = {"name": "周子轩", "id_number": make_id_number("320211", date(1996, 4, 12), 31),
              "ethnicity": "汉族", "education": "大学本科", "job_post": "数学教师", "mobile_phone": "13912345678"}
    values.update(over)
    return values


VOTE = {"expected": 6, "present": 6, "yes": 6, "no": 0, "abstain": 0, "probationary_present": 1}

# (step, date, details) from the application to the approval of the admission
ADMISSION_PATH = [
    (S.APPLICATION, date(2024, 1, 10), {}),
    (S.TALK, date(2024, 1, 31), {"talker": "王建国"}),
    (S.ACTIVIST, date(2024, 3, 1), {}),
    (S.ACTIVIST_FILED, date(2024, 3, 5), {}),
    (S.CONTACTS, date(2024, 3, 5), "contacts"),
    (S.ASSESSMENT, date(2024, 9, 1), {"opinion": "表现良好"}),
    (S.ASSESSMENT, date(2025, 2, 20), {"opinion": "表现良好"}),
    (S.CANDIDATE, date(2025, 3, 1), {}),
    (S.CANDIDATE_FILED, date(2025, 3, 5), {}),
    (S.SPONSORS, date(2025, 3, 10), "sponsors"),
    (S.POLITICAL_REVIEW, date(2025, 4, 1), {"result": S.REVIEW_PASSED}),
    (S.TRAINING, date(2025, 4, 9), {"start": "2025-04-07", "hours": 24}),
    (S.COMMITTEE_REVIEW, date(2025, 4, 20), {"publicity_start": "2025-04-21", "publicity_end": "2025-04-27"}),
    (S.PRE_REVIEW, date(2025, 5, 6), {}),
    (S.APPLICATION_FORM, date(2025, 5, 10), {"form_number": "示教党志〔2025〕008号"}),
    (S.BRANCH_ADMISSION, date(2025, 5, 20), VOTE),
    (S.HIGHER_TALK, date(2025, 6, 1), {"talker": "教育工委 吴卫东"}),
    (S.ADMISSION_APPROVED, date(2025, 6, 10), {}),
]
PROBATION_PATH = [
    (S.ADMISSION_FILED, date(2025, 6, 12), {}),
    (S.PLACED, date(2025, 6, 15), {}),
    (S.OATH, date(2025, 7, 1), {}),
    (S.PROBATION_EDUCATION, date(2025, 12, 1), {"opinion": "表现良好"}),
    (S.CONVERSION_REQUEST, date(2026, 5, 1), {}),
]


def walk(session, person_id: int, members: list[int], path, *, until: str | None = None, today=TODAY):
    """Record `path` up to (not including) the step `until`."""
    for code, day, details in path:
        if code == until:
            return
        if details == "contacts":
            details = {"contacts": members[:2]}
        elif details == "sponsors":
            details = {"sponsors": members[2:4]}
        record_step(session, person_id, code, day, dict(details), today=today)


def new_person(session, **over) -> int:
    return save_person(session, person_values(**over)).id


def shifted(path, years: int):
    """The same path `years` later, dates in the details too."""
    def move(value):
        if isinstance(value, str) and len(value) == 10 and value[4] == "-":
            d = date.fromisoformat(value)
            return d.replace(year=d.year + years).isoformat()
        return value

    return [(c, d.replace(year=d.year + years), x if isinstance(x, str) else {k: move(v) for k, v in x.items()})
            for c, d, x in path]
