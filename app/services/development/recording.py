"""Recording a step of a person's development: order, details, rules, and the step's effect on the roster.

`record_step` works in the caller's transaction (``with db.transaction() as s:``): the step, and what it
does to the roster, are written together or not at all. 第17步 (the higher committee's approval of an
admission decided at 第15步) makes the person a 预备党员 in the roster, 加入党组织日期 = the branch meeting's
date. 第24步 carries out the decision of 第23步 through the roster's own events: 预备党员转正 (its date the day
the probation ends) or 延长预备期.
"""

from __future__ import annotations

from datetime import date

from app.kit.dates import format_date, parse_date_text
from app.kit.errors import UserError
from app.models import Member, PartyGroup
from app.models.development import DevPerson, DevStep
from app.services.development import rules as R
from app.services.development import steps as S
from app.services.development.files import forget_step_files
from app.services.development.people import DevelopmentError, entries, first, get_person, last, person_values
from app.services.development.taking_in import FIRST_TRACKED, lower_bound, taken_in
from app.services.development.votes import Vote, check_vote, vote_passes, voting_members
from app.services.roster import vocab
from app.services.roster.member_events import BECOME_FULL, EXTEND_PROBATION, EventError, record_event
from app.services.roster.member_validation import MemberValidationError
from app.services.roster.members import member_values, save_member

ROUND_STEPS = (S.CONVERSION_REQUEST, S.BRANCH_CONVERSION, S.CONVERSION_APPROVED)
ADMITTED_STEPS = {s.code for s in S.STEPS if s.number >= 18}  # recorded once the person is in the roster


def record_step(session, person_id: int, code: str, step_date: date | None, details: dict | None = None, *,
                override_reason: str = "", note: str = "", today: date | None = None) -> DevStep:
    """Record one step; refuses (DevelopmentError, Chinese, naming the step and the rule) what cannot be."""
    today = today or date.today()
    person = get_person(session, person_id)
    spec = S.STEPS_BY_CODE.get(code)
    if spec is None:
        raise DevelopmentError(f"未知的发展党员步骤“{code}”。")
    if step_date is None:
        raise DevelopmentError(f"“{spec.title}”须填写{spec.date_label}。", "step_date")
    if step_date > today:
        raise DevelopmentError(f"“{spec.title}”的{spec.date_label} {format_date(step_date)} 不能晚于今天。",
                               "step_date")
    member = _check_status(session, person, spec)
    seq = next_seq(person, spec)
    before = _predecessor(person, spec, seq)
    if before is not None and step_date < before.step_date:
        raise DevelopmentError(
            f"“{spec.title}”的{spec.date_label} {format_date(step_date)} 早于上一步"
            f"“{S.step(before.step).title}”的日期 {format_date(before.step_date)}。", "step_date")
    joined = lower_bound(member) if taken_in(person) else None
    if joined is not None and step_date < joined:
        raise DevelopmentError(
            f"“{spec.title}”的{spec.date_label} {format_date(step_date)} 早于{person.name}的加入党组织日期 "
            f"{format_date(joined)}。", "step_date")
    clean = clean_details(session, spec, details or {})
    rule_values = R.load_rules(session)
    override_reason = (override_reason or "").strip()
    violations = rule_checks(person, member, spec, seq, step_date, clean, rule_values)
    for violation in violations:
        if not violation.overridable:
            raise DevelopmentError(violation.message, "step_date")
        if not override_reason:
            raise DevelopmentError(f"{violation.message}如属规则允许的例外（{violation.rule.exception}），"
                                   f"请填写“例外说明”后再登记。", "override_reason")
    entry = DevStep(person=person, step=code, seq=seq, step_date=step_date, details=clean,
                    override_reason=override_reason[:300] if violations else "", note=(note or "").strip())
    session.add(entry)
    session.flush()
    if code == S.ADMISSION_APPROVED:
        _admit(session, person, first(person, S.BRANCH_ADMISSION), entry, today)
    elif code == S.CONVERSION_APPROVED:
        _carry_out_conversion(session, person, member, seq, entry, rule_values, today)
    elif code == S.PLACED and clean.get("party_group"):
        _place_in_group(session, person, member, clean["party_group"]["id"])
    return entry


# -- where a step may be recorded ----------------------------------------------------------------------------


def _check_status(session, person: DevPerson, spec: S.Step) -> Member | None:
    if spec.code in ADMITTED_STEPS:
        if person.status != S.ADMITTED or person.member_id is None:
            raise DevelopmentError(f"{person.name}尚未被接收为预备党员，不能登记“{spec.title}”。")
        member = session.get(Member, person.member_id)
        if member is None or member.roster_state != vocab.ROSTER_ACTIVE:
            raise DevelopmentError(f"{person.name}已不在花名册中，不能登记“{spec.title}”。")
        return member
    if person.status != S.ACTIVE:
        raise DevelopmentError(f"{person.name}{S.PERSON_STATUSES[person.status]}，不能登记“{spec.title}”。")
    if spec.code == S.ASSESSMENT and first(person, S.BRANCH_ADMISSION):
        raise DevelopmentError(f"{person.name}已经支部大会讨论，考察记录请登记为“{S.step(S.PROBATION_EDUCATION).title}”。")
    return None


def conversion_round(person: DevPerson) -> int:
    """1 for the first 转正 discussion; 2 after an extension of the probation."""
    return 1 + sum(1 for e in entries(person, S.BRANCH_CONVERSION)
                   if e.details.get("decision") == S.DECISION_EXTEND and round_entry(person, S.CONVERSION_APPROVED,
                                                                                     e.seq))


def round_entry(person: DevPerson, code: str, seq: int) -> DevStep | None:
    return next((e for e in entries(person, code) if e.seq == seq), None)


def converted(person: DevPerson) -> bool:
    return any(e.details.get("decision") == S.DECISION_CONVERT and round_entry(person, S.CONVERSION_APPROVED, e.seq)
               for e in entries(person, S.BRANCH_CONVERSION))


def next_seq(person: DevPerson, spec: S.Step) -> int:
    if spec.code in ROUND_STEPS:
        if converted(person):
            raise DevelopmentError(f"{person.name}已转为正式党员，不能再登记“{spec.title}”。")
        seq = conversion_round(person)
        if round_entry(person, spec.code, seq):
            raise DevelopmentError(f"“{spec.title}”已经登记过了（第{seq}次）。")
        return seq
    if spec.repeatable:
        return len(entries(person, spec.code)) + 1
    if first(person, spec.code):
        raise DevelopmentError(f"“{spec.title}”已经登记过了（{format_date(first(person, spec.code).step_date)}）。")
    return 1


def _predecessor(person: DevPerson, spec: S.Step, seq: int) -> DevStep | None:
    """The recorded step this one follows (its date may not be earlier); refused when it is missing."""
    if spec.number == 1:
        return None
    if taken_in(person) and spec.number <= FIRST_TRACKED + 1 and not (spec.repeatable and seq > 1):
        if spec.number < FIRST_TRACKED:
            raise DevelopmentError(f"{person.name}是从花名册接续登记的预备党员，“{spec.title}”在使用本软件前"
                                   f"已办理，不在此登记。")
        return _taken_in_predecessor(person, spec)
    previous_step = S.STEPS[spec.number - 2]
    if spec.repeatable and seq > 1 and spec.code not in ROUND_STEPS:
        return last(person, spec.code)
    if spec.code == S.CONVERSION_REQUEST and seq > 1:
        found = round_entry(person, S.CONVERSION_APPROVED, seq - 1)
        previous_step = S.step(S.CONVERSION_APPROVED)
    elif spec.code in (S.BRANCH_CONVERSION, S.CONVERSION_APPROVED):
        found = round_entry(person, previous_step.code, seq)
    else:
        found = last(person, previous_step.code)
    if found is None:
        raise DevelopmentError(f"须先登记“{previous_step.title}”，才能登记“{spec.title}”。")
    if spec.code == S.ARCHIVED and not converted(person):
        raise DevelopmentError(f"{person.name}尚未转为正式党员，不能登记“{spec.title}”。")
    return found


def _taken_in_predecessor(person: DevPerson, spec: S.Step) -> DevStep | None:
    """A member taken in from the roster: the steps before the ledger are not asked for; the nearest
    earlier step recorded here, if any, is the one the date may not precede."""
    for earlier in reversed(S.STEPS[:spec.number - 1]):
        if earlier.number < FIRST_TRACKED:
            return None
        found = last(person, earlier.code)
        if found is not None:
            return found
    return None


# -- details --------------------------------------------------------------------------------------------------


def clean_details(session, spec: S.Step, details: dict) -> dict:
    """The step's details under their keys, typed and checked; dates as ISO text, members with their names."""
    known = {d.key for d in spec.details}
    unknown = sorted(set(details) - known)
    if unknown:
        raise DevelopmentError(f"“{spec.title}”没有这些项目：{'、'.join(unknown)}。")
    clean: dict = {}
    for d in spec.details:
        raw = details.get(d.key)
        value = _typed(session, spec, d, raw)
        if d.required and value in (None, "", []):
            raise DevelopmentError(f"“{spec.title}”须填写“{d.label}”。", d.key)
        if value not in (None, "", []):
            clean[d.key] = value
    if spec.details == S.VOTE_DETAILS or S.VOTE_DETAILS[0] in spec.details:
        vote = Vote.from_details(clean)
        check_vote(vote, spec.title, entitled=voting_members(session))
        clean["passed"] = vote_passes(vote)
    return clean


def _typed(session, spec: S.Step, d: S.DetailSpec, raw):
    where = f"“{spec.title}”的“{d.label}”"
    if d.kind == S.TEXT:
        return (raw or "").strip() if isinstance(raw, str) or raw is None else str(raw)
    if d.kind == S.INT:
        if raw in (None, ""):
            return None
        try:
            number = int(str(raw).strip())
        except ValueError:
            raise DevelopmentError(f"{where}应为整数，现为“{raw}”。", d.key) from None
        if number < 0:
            raise DevelopmentError(f"{where}不能为负数。", d.key)
        return number
    if d.kind == S.DATE:
        if isinstance(raw, date):
            return raw.isoformat()
        try:
            parsed = parse_date_text(raw, d.key)
        except UserError as exc:
            raise DevelopmentError(f"{where}：{exc.message}", d.key) from None
        return parsed.isoformat() if parsed else None
    if d.kind == S.CHOICE:
        if raw in (None, ""):
            return None
        if raw not in dict(d.choices):
            raise DevelopmentError(f"{where}的值“{raw}”不在可选范围内。", d.key)
        return raw
    if d.kind == S.MEMBERS:
        return _members(session, spec, d, raw or [])
    if d.kind == S.GROUP:
        if raw in (None, ""):
            return None
        group = session.get(PartyGroup, int(raw["id"] if isinstance(raw, dict) else raw))
        if group is None:
            raise DevelopmentError(f"{where}不存在（可能已在支部信息中删除），请重新选择。", d.key)
        return {"id": group.id, "name": group.name}
    raise AssertionError(d.kind)


def _members(session, spec: S.Step, d: S.DetailSpec, ids) -> list[dict]:
    """培养联系人 / 入党介绍人: distinct 在册正式党员 with normal standing, as many as the step needs."""
    ids = [int(i["member_id"] if isinstance(i, dict) else i) for i in ids]
    if len(set(ids)) != len(ids):
        raise DevelopmentError(f"“{spec.title}”的“{d.label}”中有同一人重复。", d.key)
    if ids and not d.min_count <= len(ids) <= d.max_count:
        count = f"{d.min_count}名" if d.min_count == d.max_count else f"{d.min_count}至{d.max_count}名"
        raise DevelopmentError(f"“{spec.title}”须有{count}{d.label}（正式党员），现为{len(ids)}名。", d.key)
    chosen = []
    for member_id in ids:
        member = session.get(Member, member_id)
        if member is None:
            raise DevelopmentError(f"“{spec.title}”的“{d.label}”：找不到编号为 {member_id} 的党员。", d.key)
        if (member.roster_state != vocab.ROSTER_ACTIVE or member.category != vocab.CATEGORY_FULL
                or member.standing != vocab.STANDING_NORMAL):
            state = member.category if member.roster_state == vocab.ROSTER_ACTIVE else member.roster_state
            if member.standing != vocab.STANDING_NORMAL:
                state = member.standing
            raise DevelopmentError(f"“{spec.title}”的“{d.label}”须为在册正式党员，{member.name}是{state}。", d.key)
        chosen.append({"member_id": member.id, "name": member.name})
    return chosen


def detail_date(entry: DevStep | None, key: str) -> date | None:
    if entry is None or not entry.details.get(key):
        return None
    return date.fromisoformat(entry.details[key])


# -- rules -----------------------------------------------------------------------------------------------------


def rule_checks(person: DevPerson, member: Member | None, spec: S.Step, seq: int, day: date, details: dict,
                rules: R.RuleValues) -> list[R.Violation]:
    """Every rule a step's date (and details) would break; also used on recorded steps by the timeline."""
    found: list[R.Violation | None] = []
    code = spec.code
    if code == S.APPLICATION:
        found.append(R.check_application_age(rules, person.birth_date, day))
    elif code == S.TALK and (applied := _date(person, S.APPLICATION)):
        found.append(R.check_talk(rules, applied, day))
    elif code == S.ASSESSMENT:
        earlier = [e.step_date for e in entries(person, S.ASSESSMENT) if e.seq < seq]
        baseline = max(earlier) if earlier else _date(person, S.ACTIVIST)
        if baseline:
            found.append(R.check_assessment(rules, baseline, day))
    elif code == S.CANDIDATE and (named := _date(person, S.ACTIVIST)):
        found.append(R.check_activist_year(rules, named, day))
    elif code == S.TRAINING:
        start = date.fromisoformat(details["start"])
        if start > day:
            raise DevelopmentError(f"“{spec.title}”的培训开始日期 {format_date(start)} 晚于结束日期 {format_date(day)}。",
                                   "start")
        found.append(R.check_training(rules, start, day, details.get("hours")))
    elif code in (S.COMMITTEE_REVIEW, S.CONVERSION_REQUEST) and details.get("publicity_start"):
        start, end = date.fromisoformat(details["publicity_start"]), details.get("publicity_end")
        if not end:
            raise DevelopmentError(f"“{spec.title}”须同时填写公示开始和结束日期。", "publicity_end")
        end = date.fromisoformat(end)
        if end < start:
            raise DevelopmentError(f"“{spec.title}”的公示结束日期 {format_date(end)} 早于开始日期 {format_date(start)}。",
                                   "publicity_end")
        if start < day:
            raise DevelopmentError(f"“{spec.title}”的公示开始日期 {format_date(start)} 早于{spec.date_label} "
                                   f"{format_date(day)}。", "publicity_start")
        found.append(R.check_publicity(rules, start, end, code))
    elif code == S.PRE_REVIEW:
        end = detail_date(first(person, S.COMMITTEE_REVIEW), "publicity_end")
        if end and day <= end:
            raise DevelopmentError(f"“{spec.title}”的日期 {format_date(day)} 须在发展对象公示结束（{format_date(end)}）之后。",
                                   "step_date")
    elif code in (S.HIGHER_TALK, S.ADMISSION_APPROVED):
        meeting = first(person, S.BRANCH_ADMISSION)
        if meeting is not None and not meeting.details.get("passed"):
            raise DevelopmentError(f"“{S.step(S.BRANCH_ADMISSION).title}”的表决未获通过（赞成票未超过应到会有表决权党员的半数），"
                                   f"不能登记“{spec.title}”。")
        if code == S.ADMISSION_APPROVED and meeting is not None:
            found.append(R.check_approval(rules, meeting.step_date, day, special=False))
    elif code == S.BRANCH_CONVERSION and details.get("decision") == S.DECISION_EXTEND:
        months = details.get("extension_months")
        if not months:
            raise DevelopmentError(f"“{spec.title}”决议延长预备期的，须填写延长几个月。", "extension_months")
        found.append(R.check_extension(rules, months, times_before=seq - 1))
    elif code == S.CONVERSION_APPROVED and member is not None and member.joined_date:
        meeting = round_entry(person, S.BRANCH_CONVERSION, seq)
        if meeting is not None and not meeting.details.get("passed"):
            raise DevelopmentError(f"“{S.step(S.BRANCH_CONVERSION).title}”的表决未获通过，不能登记“{spec.title}”。")
        end = R.probation_end(rules, member.joined_date, member.probation_extended_months)
        if day < end:
            raise DevelopmentError(f"“{spec.title}”的审批日期 {format_date(day)} 早于预备期满之日 {format_date(end)}，"
                                   f"预备期未满不能审批。", "step_date")
        found.append(R.check_conversion_approval(rules, end, day))
    return [v for v in found if v is not None]


def _date(person: DevPerson, code: str) -> date | None:
    entry = first(person, code)
    return entry.step_date if entry else None


# -- effects on the roster --------------------------------------------------------------------------------------


def _admit(session, person: DevPerson, meeting: DevStep, approval: DevStep, today: date) -> Member:
    """第17步: the person becomes a 预备党员 in the roster, 加入党组织日期 = the branch meeting's date."""
    values = {**person_values(person), "category": vocab.CATEGORY_PROBATIONARY, "joined_date": meeting.step_date,
              "full_member_date": None, "standing": vocab.STANDING_NORMAL, "notes": person.notes}
    try:
        member = save_member(session, values)
    except MemberValidationError as exc:
        raise DevelopmentError(f"无法将{person.name}接收为预备党员、登入花名册：{exc}。") from exc
    person.member_id = member.id
    person.status = S.ADMITTED
    session.flush()
    return member


def _place_in_group(session, person: DevPerson, member: Member, group_id: int) -> None:
    """⑲: the new member's 所在党小组 in the roster, through the roster's own save."""
    try:
        save_member(session, {**member_values(member), "party_group_id": group_id}, member.id)
    except MemberValidationError as exc:
        raise DevelopmentError(f"无法在花名册中登记{person.name}的党小组：{exc}。") from exc


def _carry_out_conversion(session, person: DevPerson, member: Member, seq: int, approval: DevStep,
                          rules: R.RuleValues, today: date) -> None:
    """第24步: the decision of 第23步 goes into the roster through its own 转正 or 延长预备期 event."""
    meeting = round_entry(person, S.BRANCH_CONVERSION, seq)
    decision = meeting.details.get("decision")
    try:
        if decision == S.DECISION_CONVERT:
            end = R.probation_end(rules, member.joined_date, member.probation_extended_months)
            record_event(session, member.id, BECOME_FULL, end,
                         {"branch_meeting_date": meeting.step_date, "approval_date": approval.step_date},
                         note="经支部大会讨论、上级党委审批转为正式党员（发展党员记录）", today=today)
        else:
            record_event(session, member.id, EXTEND_PROBATION, approval.step_date,
                         {"extension_months": str(meeting.details.get("extension_months")),
                          "reason": meeting.note or "支部大会决议延长预备期"},
                         note="经支部大会讨论、上级党委批准（发展党员记录）", today=today)
    except EventError as exc:
        raise DevelopmentError(f"无法在花名册中登记{person.name}的{S.choice_label(S.BRANCH_CONVERSION, 'decision', decision)}："
                               f"{exc}") from exc


# -- correcting a mistake ---------------------------------------------------------------------------------------


def remove_latest_step(session, person_id: int, today: date | None = None) -> str:
    """Remove the step recorded last for a person, entered by mistake (the audit trail keeps what it held).

    Only the latest entry, so that no later step loses the step it followed; never ⑰ or ㉔, whose effect
    on the roster (the new member, the 转正 or 延长预备期 event) is corrected in the 花名册 first. The
    step's attached files go off it too (a file another record refers to stays in the store).
    Returns the removed step's title.
    """
    person = get_person(session, person_id)
    if not person.steps:
        raise DevelopmentError(f"{person.name}还没有登记任何步骤。")
    latest = max(person.steps, key=lambda e: e.id)
    spec = S.step(latest.step)
    if latest.step in (S.ADMISSION_APPROVED, S.CONVERSION_APPROVED):
        raise DevelopmentError(f"“{spec.title}”已在花名册中生效，不能在这里删除；请先在花名册中更正"
                               f"{person.name}的记录（撤销相应的变更），再联系管理员处理。")
    if person.status in (S.WITHDRAWN, S.NOT_ADMITTED):
        raise DevelopmentError(f"{person.name}已退出培养，不能删除步骤。")
    forget_step_files(session, latest)
    person.steps.remove(latest)
    session.delete(latest)
    session.flush()
    return spec.title
