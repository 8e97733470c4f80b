"""Importing 发展党员 dates kept elsewhere (shaped like owip's 党员发展信息录入样表): people in development and
the dates of their steps so far.

A person is found by 公民身份号码 (or, without one, by 姓名 among the people in development); a new person
needs an ID number and is added through the area's own save_person (its checks apply). Each date goes in
as that step, recorded as imported (备注 says the file and row): such a list holds a few of the 25 steps
only, so the order of steps (须先登记上一步) and the details a step asks for when typed in cannot be required
of it. What the importer still refuses: dates in the future, dates out of order, a date other than the one
recorded already, people who left or were admitted. The 细则 deadlines are checked as for any recorded step
and shown as warnings (the same findings `branch-ledger check` gives later); they never block a date that
happened. People already admitted (入党时间, 预备党员/正式党员) belong in the 花名册 import.

Undo removes the steps the import added, and the people it added, while nothing else was recorded for them.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.kit.dates import format_date
from app.kit.errors import UserError
from app.models import ImportBatch
from app.models.development import DevPerson, DevStep
from app.services.development import rules as R
from app.services.development import steps as S
from app.services.development.people import (
    PERSON_KEYS,
    DevelopmentError,
    check_person,
    person_values,
    save_person,
)
from app.services.development.recording import rule_checks
from app.services.importer.apply import Touched
from app.services.importer.people import normal_id_number
from app.services.importer.preview import UPDATE, PreviewRow
from app.services.importer.spec import CHOICE, DATE, TEXT, ImportField, ImportKind
from app.services.roster.importing import FIELDS as ROSTER_FIELDS

_PERSONAL = {f.key: f for f in ROSTER_FIELDS}

# The dated steps such a list holds, in their order: (field key = step code, header, other headers)
STEP_FIELDS = (
    ImportField(S.APPLICATION, "提交书面申请书时间", DATE,
                ("递交入党申请书时间", "递交入党申请书日期", "提交入党申请书时间", "申请入党时间", "入党申请时间",
                 "递交申请书时间")),
    ImportField(S.ACTIVIST, "确定为入党积极分子时间", DATE,
                ("确定入党积极分子时间", "确定为入党积极分子日期", "列为入党积极分子时间")),
    ImportField(S.CANDIDATE, "确定为发展对象时间", DATE, ("确定发展对象时间", "确定为发展对象日期", "列为发展对象时间")),
    ImportField("training_start", "发展对象培训起始时间", DATE, ("发展对象培训开始时间", "集中培训开始时间")),
    ImportField(S.TRAINING, "发展对象培训结束时间", DATE, ("集中培训结束时间",)),
    ImportField(S.APPLICATION_FORM, "领取志愿书时间", DATE,
                ("填写入党志愿书时间", "填写志愿书时间", "领取入党志愿书时间", "填写入党志愿书日期")),
    ImportField("form_number", "志愿书编号", TEXT, ("入党志愿书编号",)),
)
DATED_STEPS = tuple(f.key for f in STEP_FIELDS if f.kind == DATE and f.key in S.STEPS_BY_CODE)

STAGES = ("入党申请人", "入党积极分子", "发展对象", "列入发展计划", "领取志愿书", "预备党员", "正式党员")
ADMITTED_STAGES = ("预备党员", "正式党员")
_STAGE_STEP = {"入党积极分子": S.ACTIVIST, "发展对象": S.CANDIDATE, "领取志愿书": S.APPLICATION_FORM}

FIELDS = (
    ImportField("name", "姓名", TEXT, ("党员姓名", "发展对象姓名"), required=True),
    ImportField("id_number", "公民身份号码", _PERSONAL["id_number"].kind, _PERSONAL["id_number"].aliases,
                hint="新登记的人须填写；已登记的人可只写姓名"),
    *(_PERSONAL[k] for k in ("gender", "ethnicity", "birth_date", "education", "job_post")),
    ImportField("mobile_phone", "联系电话", _PERSONAL["mobile_phone"].kind, ("手机", "手机号", "手机号码", "联系方式")),
    *STEP_FIELDS,
    ImportField("joined", "入党时间", DATE, ("加入党组织日期", "入党日期", "接收为预备党员时间"),
                hint="已接收为预备党员的人请用“花名册”导入"),
    ImportField("converted", "转正时间", DATE, ("转为正式党员日期", "转正日期")),
    ImportField("stage", "当前发展阶段", CHOICE, ("发展阶段", "所处阶段"), choices=STAGES,
                synonyms={"申请人": "入党申请人", "积极分子": "入党积极分子", "入党申请": "入党申请人"}),
    _PERSONAL["notes"],
)

DEVELOPMENT_IMPORT = ImportKind(
    key="development", title="发展党员信息", fields=FIELDS,
    writer="app.services.development.importing:write_rows", undoer="app.services.development.importing:undo_rows",
    duplicate_key="id_number", unique_key=True, key_of="app.services.development.importing:person_key",
    finder="app.services.development.importing:people_by_id_number",
    validator="app.services.development.importing:validate_row", row_label="名发展党员",
    notes=("每行一人；新登记的人须填写“姓名”和“公民身份号码”，已登记的人可只写姓名以补登日期。",
           "各步骤的日期按“导入”登记（备注中写明来源），须不晚于今天并按先后顺序；不符合《发展党员工作细则》"
           "期限的只作提示，导入后在“发展党员”和“检查”中可见。",
           "已接收为预备党员或已转正的人（填写了入党时间），请用“花名册”导入。",
           "日期可写作 2018-09-15、2018.9.15、2018年9月15日 或 20180915。"),
)

_CURRENT = (S.ACTIVE, S.ADMITTED)


def people_by_id_number(session: Session) -> dict[str, int]:
    """The people in development (or admitted through it) by ID number; one who left may apply again."""
    rows = session.execute(select(DevPerson.id_number, DevPerson.id).where(DevPerson.status.in_(_CURRENT)))
    return {number: person_id for number, person_id in rows}


def _by_name(session: Session, name: str | None) -> DevPerson | None:
    if not name:
        return None
    found = list(session.scalars(select(DevPerson).where(DevPerson.name == name, DevPerson.status.in_(_CURRENT))))
    return found[0] if len(found) == 1 else None


def person_key(session: Session, values: dict) -> str | None:
    """The person's ID number: as written, or, for a row with only a name, that of the one person so named."""
    if values.get("id_number"):
        return normal_id_number(values["id_number"]) or values["id_number"]
    person = _by_name(session, values.get("name"))
    return person.id_number if person is not None else None


def _existing(session: Session, values: dict, existing_id: int | None) -> DevPerson | None:
    if existing_id is not None:
        return session.get(DevPerson, existing_id)
    return None


def _problems(session: Session, values: dict, existing_id: int | None, today: date) -> list[tuple[str | None, str, bool]]:
    person = _existing(session, values, existing_id)
    stage = values.get("stage")
    if values.get("joined") or values.get("converted") or stage in ADMITTED_STAGES:
        what = stage if stage in ADMITTED_STAGES else "已有入党时间"
        return [("joined" if values.get("joined") else "stage",
                 f"{values['name']}{'为' if stage in ADMITTED_STAGES else ''}{what}，已是党员，请用“花名册”导入其党员信息",
                 True)]
    problems: list[tuple[str | None, str, bool]] = []
    if person is None:
        if not values.get("id_number"):
            return [("id_number", _unmatched_name(session, values["name"]), True)]
        try:
            check_person(session, _personal(values))
        except DevelopmentError as exc:
            twin = exc.field == "id_number" and "重复" in exc.message
            return [(None if twin else exc.field, exc.message.rstrip("。"), True)]
    else:
        if person.status != S.ACTIVE:
            return [(None, f"{person.name}{S.PERSON_STATUSES[person.status]}，不能再导入发展日期", True)]
        try:
            check_person(session, {**person_values(person), **_personal(values)}, person.id)
        except DevelopmentError as exc:
            return [(exc.field, exc.message.rstrip("。"), True)]
    dates, known = _dates(person, values, problems)
    for code in DATED_STEPS:
        day = values.get(code)
        if day is not None and day > today:
            problems.append((code, f"{format_date(day)} 晚于今天", True))
    ordered = [(S.STEP_ORDER[c], c, d) for c, d in dates.items()]
    ordered.sort()
    for (_n, before, day_before), (_m, code, day) in zip(ordered, ordered[1:], strict=False):
        if day < day_before:
            problems.append((code if code in values else before,
                             f"{S.step(code).title} {format_date(day)} 早于“{S.step(before).title}”"
                             f"的 {format_date(day_before)}", True))
    start = values.get("training_start")
    if values.get(S.TRAINING) and start is None and S.TRAINING not in known:
        problems.append(("training_start", "填写了发展对象培训结束时间的，须同时填写培训起始时间", True))
    if start is not None and values.get(S.TRAINING) and start > values[S.TRAINING]:
        problems.append(("training_start", f"{format_date(start)} 晚于培训结束时间 {format_date(values[S.TRAINING])}",
                         True))
    if values.get("form_number") and not values.get(S.APPLICATION_FORM):
        problems.append(("form_number", "填写了志愿书编号，但没有领取志愿书时间", False))
    if stage in _STAGE_STEP and _STAGE_STEP[stage] not in dates:
        problems.append(("stage", f"当前发展阶段为{stage}，但表中没有“{_field_label(_STAGE_STEP[stage])}”", False))
    if not any(blocking for _k, _m, blocking in problems):
        imported = {c for c in DATED_STEPS if values.get(c) is not None} - known
        problems.extend((code, message, False)
                        for code, message in _rule_warnings(session, person, values, dates, imported))
    return problems


def _unmatched_name(session: Session, name: str) -> str:
    """Why a row with a name and no ID number adds no one."""
    count = len(session.scalars(select(DevPerson.id).where(DevPerson.name == name,
                                                          DevPerson.status.in_(_CURRENT))).all())
    if count > 1:
        return f"发展党员记录中有 {count} 人名叫“{name}”，请填写公民身份号码以区分"
    if count == 1:
        return f"已有名为“{name}”的发展党员记录；要为其补登日期，请选择“用表中的值更新已有记录”"
    return f"发展党员记录中没有“{name}”；新登记的人须填写公民身份号码"


def _field_label(code: str) -> str:
    return next(f.label for f in STEP_FIELDS if f.key == code)


def _personal(values: dict) -> dict:
    return {k: v for k, v in values.items() if k in PERSON_KEYS}


def _dates(person: DevPerson | None, values: dict, problems: list) -> tuple[dict[str, date], set[str]]:
    """Every step date the person will have (recorded ones, then the file's), and the steps recorded already."""
    dates: dict[str, date] = {}
    known: set[str] = set()
    if person is not None:
        for entry in person.steps:
            dates.setdefault(entry.step, entry.step_date)
            known.add(entry.step)
    for code in DATED_STEPS:
        day = values.get(code)
        if day is None:
            continue
        if code in known and dates[code] != day:
            problems.append((code, f"已登记为 {format_date(dates[code])}，与表中的 {format_date(day)} 不同；"
                                   f"请先在“发展党员”中核对", True))
        dates.setdefault(code, day)
    return dates, known


def _rule_warnings(session: Session, person: DevPerson | None, values: dict, dates: dict[str, date],
                   imported: set[str]) -> list[tuple[str, str]]:
    """The 细则 rules the imported dates break, as the timeline would show them: on a stand-in person, so that
    nothing is added to the session while previewing."""
    probe = DevPerson(name=values["name"], birth_date=values.get("birth_date") or (person.birth_date if person else None))
    if probe.birth_date is None and values.get("id_number"):
        from app.kit.idcard import IdNumberError, parse_id_number
        try:
            probe.birth_date = parse_id_number(values["id_number"]).birth_date
        except IdNumberError:
            pass
    probe.steps = [DevStep(step=code, seq=1, step_date=day, details=_details(code, values)) for code, day in
                   sorted(dates.items(), key=lambda item: S.STEP_ORDER[item[0]])]
    rules = R.load_rules(session)
    found = []
    for entry in probe.steps:
        if entry.step not in imported:
            continue  # recorded before: the timeline already shows its problems
        try:
            violations = rule_checks(probe, None, S.step(entry.step), 1, entry.step_date, entry.details, rules)
        except DevelopmentError as exc:
            violations, message = [], exc.message
            found.append((entry.step, message.rstrip("。")))
        found.extend((entry.step, v.message.rstrip("。") + "（按导入登记，可在“检查”中复核）") for v in violations)
    probe.steps = []
    return found


def _details(code: str, values: dict) -> dict:
    if code == S.TRAINING and values.get("training_start"):
        return {"start": values["training_start"].isoformat()}
    if code == S.APPLICATION_FORM and values.get("form_number"):
        return {"form_number": str(values["form_number"])[:50]}
    return {}


def validate_row(session: Session, values: dict, existing_id: int | None) -> list[tuple[str | None, str, bool]]:
    with session.no_autoflush:
        return _problems(session, values, existing_id, date.today())


def write_rows(session: Session, rows: list[PreviewRow], batch: ImportBatch) -> list[tuple[PreviewRow, Touched]]:
    done: list[tuple[PreviewRow, Touched]] = []
    for row in rows:
        existing = row.existing_id if row.action == UPDATE else None
        blocking = [m for _k, m, b in _problems(session, row.values, existing, date.today()) if b]
        if blocking:
            raise UserError(f"源文件第 {row.number} 行：{blocking[0]}", row=row.number)
        try:
            if existing is None:
                person = save_person(session, _personal(row.values))
                done.append((row, Touched("dev_person", person.id)))
            else:
                person = session.get(DevPerson, existing)
                before = _json_ready(person_values(person))
                if _personal(row.values).keys() - {"name"}:
                    save_person(session, {**person_values(person), **_personal(row.values)}, person.id)
                done.append((row, Touched("dev_person", person.id, before)))
        except UserError as exc:
            raise UserError(f"源文件第 {row.number} 行：{exc.message}", exc.field, row=row.number) from exc
        recorded = {e.step for e in person.steps}
        note = f"导入：{batch.file_name} 第 {row.number} 行"[:300]
        for code in DATED_STEPS:
            day = row.values.get(code)
            if day is None or code in recorded:
                continue
            entry = DevStep(person=person, step=code, seq=1, step_date=day, details=_details(code, row.values),
                            note=note)
            session.add(entry)
            session.flush()
            done.append((row, Touched("dev_step", entry.id, note=S.step(code).title)))
    return done


def undo_rows(session: Session, batch: ImportBatch, *, check_only: bool) -> str | None:
    steps = {r.row_id for r in batch.rows if r.table_name == "dev_step"}
    top = max(steps, default=2**62)
    for row in batch.rows:
        if row.table_name != "dev_person":
            continue
        person = session.get(DevPerson, row.row_id)
        if person is None:
            continue
        # a step recorded since (its id is above every step the import added) may follow an imported one
        later = [e for e in person.steps if e.id not in steps and (row.action == "add" or e.id > top)]
        if later or person.status != S.ACTIVE:
            what = (f"之后又登记了“{S.step(later[0].step).title}”" if later
                    else f"已{S.PERSON_STATUSES[person.status]}")
            return f"导入的发展党员{person.name}（源文件第 {row.source_row} 行）{what}，不能整批撤销。"
    if check_only:
        return None
    for row in batch.rows:
        if row.table_name == "dev_step" and (entry := session.get(DevStep, row.row_id)) is not None:
            entry.person.steps.remove(entry)
            session.delete(entry)
    session.flush()
    for row in batch.rows:
        if row.table_name != "dev_person" or (person := session.get(DevPerson, row.row_id)) is None:
            continue
        if row.action == "add":
            session.delete(person)
        else:
            for key, value in (row.before or {}).items():
                setattr(person, key, date.fromisoformat(value) if key == "birth_date" and value else value)
    session.flush()
    return None


def _json_ready(values: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in values.items()}

