"""The 5 stages and 25 steps of 发展党员 as data: the one table of their codes, labels, order and details.

What is stored is a step's ASCII `code` and its details under ASCII keys; the Chinese labels live only
here. The order of STEPS is the order the 细则 prescribes; `number` is the circled number users know.
"""

from __future__ import annotations

from dataclasses import dataclass

# -- detail kinds
TEXT, DATE, INT, MEMBERS, CHOICE, GROUP = "text", "date", "int", "members", "choice", "group"


@dataclass(frozen=True)
class Stage:
    code: str
    label: str


STAGES: tuple[Stage, ...] = (
    Stage("apply", "申请入党"),
    Stage("activist", "入党积极分子的确定和培养教育"),
    Stage("candidate", "发展对象的确定和考察"),
    Stage("admission", "预备党员的接收"),
    Stage("probation", "预备党员的教育考察和转正"),
)
STAGE_LABELS = {s.code: s.label for s in STAGES}


@dataclass(frozen=True)
class DetailSpec:
    key: str  # the key in DevStep.details
    label: str
    kind: str = TEXT
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (code, label) for CHOICE
    min_count: int = 0  # MEMBERS: how many members at least / at most
    max_count: int = 0


@dataclass(frozen=True)
class Step:
    code: str
    number: int  # 1 … 25
    label: str
    stage: str
    details: tuple[DetailSpec, ...] = ()
    repeatable: bool = False  # recorded more than once (half-yearly 考察; a second 转正 round after an extension)
    date_label: str = "日期"

    @property
    def mark(self) -> str:
        # "第7步", not ⑦: the print fonts and the bundled screen font lack the circled numbers above ⑩
        return f"第{self.number}步"

    @property
    def title(self) -> str:
        return f"{self.mark} {self.label}"


# The vote at a 支部大会 (⑮, ㉓): counts of members with a vote; 预备党员 present are counted apart.
VOTE_DETAILS = (
    DetailSpec("expected", "应到会有表决权党员（人）", INT, required=True),
    DetailSpec("present", "实到会有表决权党员（人）", INT, required=True),
    DetailSpec("yes", "赞成（票）", INT, required=True),
    DetailSpec("no", "反对（票）", INT, required=True),
    DetailSpec("abstain", "弃权（票）", INT, required=True),
    DetailSpec("probationary_present", "列席的预备党员（人，无表决权）", INT),
)

REVIEW_PASSED, REVIEW_FAILED = "passed", "failed"
REVIEW_RESULTS = ((REVIEW_PASSED, "合格"), (REVIEW_FAILED, "不合格"))

DECISION_CONVERT, DECISION_EXTEND = "convert", "extend"
CONVERSION_DECISIONS = ((DECISION_CONVERT, "按期转为正式党员"), (DECISION_EXTEND, "延长预备期"))

APPLICATION = "application"
TALK = "talk"
ACTIVIST = "activist_named"
ACTIVIST_FILED = "activist_filed"
CONTACTS = "contacts_assigned"
ASSESSMENT = "assessment"
CANDIDATE = "candidate_named"
CANDIDATE_FILED = "candidate_filed"
SPONSORS = "sponsors_named"
POLITICAL_REVIEW = "political_review"
TRAINING = "training"
COMMITTEE_REVIEW = "committee_review"
PRE_REVIEW = "pre_review"
APPLICATION_FORM = "application_form"
BRANCH_ADMISSION = "branch_admission"
HIGHER_TALK = "higher_talk"
ADMISSION_APPROVED = "admission_approved"
ADMISSION_FILED = "admission_filed"
PLACED = "placed"
OATH = "oath"
PROBATION_EDUCATION = "probation_education"
CONVERSION_REQUEST = "conversion_request"
BRANCH_CONVERSION = "branch_conversion"
CONVERSION_APPROVED = "conversion_approved"
ARCHIVED = "archived"

_PUBLICITY = (DetailSpec("publicity_start", "公示开始日期", DATE), DetailSpec("publicity_end", "公示结束日期", DATE))

STEPS: tuple[Step, ...] = (
    Step(APPLICATION, 1, "递交入党申请书", "apply", date_label="递交日期"),
    Step(TALK, 2, "党组织派人谈话", "apply", (DetailSpec("talker", "谈话人", required=True),), date_label="谈话日期"),
    Step(ACTIVIST, 3, "推荐和确定入党积极分子", "activist", date_label="确定日期"),
    Step(ACTIVIST_FILED, 4, "报上级党委备案（积极分子）", "activist", date_label="备案日期"),
    Step(CONTACTS, 5, "指定培养联系人", "activist",
         (DetailSpec("contacts", "培养联系人", MEMBERS, required=True, min_count=1, max_count=2),),
         date_label="指定日期"),
    Step(ASSESSMENT, 6, "培养教育考察", "activist",
         (DetailSpec("opinion", "考察意见", required=True),), repeatable=True, date_label="考察日期"),
    Step(CANDIDATE, 7, "确定发展对象", "candidate", date_label="确定日期"),
    Step(CANDIDATE_FILED, 8, "报上级党委备案（发展对象）", "candidate", date_label="备案日期"),
    Step(SPONSORS, 9, "确定入党介绍人", "candidate",
         (DetailSpec("sponsors", "入党介绍人", MEMBERS, required=True, min_count=2, max_count=2),),
         date_label="确定日期"),
    Step(POLITICAL_REVIEW, 10, "政治审查", "candidate",
         (DetailSpec("result", "政审结论", CHOICE, required=True, choices=REVIEW_RESULTS),
          DetailSpec("summary", "政审情况")), date_label="政审结论日期"),
    Step(TRAINING, 11, "集中培训", "candidate",
         (DetailSpec("start", "培训开始日期", DATE, required=True), DetailSpec("hours", "学时", INT),
          DetailSpec("organiser", "培训单位")), date_label="培训结束日期"),
    Step(COMMITTEE_REVIEW, 12, "支委会审查", "admission",
         (DetailSpec("publicity_start", "公示开始日期", DATE, required=True),
          DetailSpec("publicity_end", "公示结束日期", DATE, required=True)), date_label="审查日期"),
    Step(PRE_REVIEW, 13, "上级党委预审", "admission", date_label="预审日期"),
    Step(APPLICATION_FORM, 14, "填写入党志愿书", "admission",
         (DetailSpec("form_number", "志愿书编号", required=True),), date_label="填写日期"),
    Step(BRANCH_ADMISSION, 15, "支部大会讨论（接收预备党员）", "admission", VOTE_DETAILS, date_label="支部大会日期"),
    Step(HIGHER_TALK, 16, "上级党委派人谈话", "admission", (DetailSpec("talker", "谈话人", required=True),),
         date_label="谈话日期"),
    Step(ADMISSION_APPROVED, 17, "上级党委审批（接收预备党员）", "admission", date_label="审批日期"),
    Step(ADMISSION_FILED, 18, "报备案", "admission", date_label="备案日期"),
    Step(PLACED, 19, "编入党支部和党小组", "probation", (DetailSpec("party_group", "党小组", GROUP),),
         date_label="编入日期"),
    Step(OATH, 20, "入党宣誓", "probation", date_label="宣誓日期"),
    Step(PROBATION_EDUCATION, 21, "继续教育考察", "probation", (DetailSpec("opinion", "考察意见", required=True),),
         repeatable=True, date_label="考察日期"),
    Step(CONVERSION_REQUEST, 22, "提出转正申请", "probation", _PUBLICITY, repeatable=True, date_label="申请日期"),
    Step(BRANCH_CONVERSION, 23, "支部大会讨论（转正）", "probation",
         (*VOTE_DETAILS,
          DetailSpec("decision", "决议", CHOICE, required=True, choices=CONVERSION_DECISIONS),
          DetailSpec("extension_months", "延长预备期（月）", INT)),
         repeatable=True, date_label="支部大会日期"),
    Step(CONVERSION_APPROVED, 24, "上级党委审批（转正）", "probation", repeatable=True, date_label="审批日期"),
    Step(ARCHIVED, 25, "材料归档", "probation", date_label="归档日期"),
)

STEPS_BY_CODE: dict[str, Step] = {s.code: s for s in STEPS}
STEP_ORDER: dict[str, int] = {s.code: s.number for s in STEPS}


def step(code: str) -> Step:
    return STEPS_BY_CODE[code]


def detail_spec(step_code: str, key: str) -> DetailSpec | None:
    for spec in STEPS_BY_CODE[step_code].details:
        if spec.key == key:
            return spec
    return None


def choice_label(step_code: str, key: str, code: str) -> str:
    spec = detail_spec(step_code, key)
    return dict(spec.choices).get(code, code) if spec else code


# Where a person stands in the pipeline (DevPerson.status)
ACTIVE, ADMITTED, WITHDRAWN, NOT_ADMITTED = "active", "admitted", "withdrawn", "not_admitted"
PERSON_STATUSES = {ACTIVE: "培养中", ADMITTED: "已接收为预备党员", WITHDRAWN: "本人撤回申请（已退出）",
                   NOT_ADMITTED: "未被接收（已退出）"}
LEAVING_STATUSES = ((WITHDRAWN, PERSON_STATUSES[WITHDRAWN]), (NOT_ADMITTED, PERSON_STATUSES[NOT_ADMITTED]))

# What people in development are called at each stage (the registers' names)
PHASE_APPLICANT, PHASE_ACTIVIST, PHASE_CANDIDATE, PHASE_PROBATIONARY, PHASE_FULL = (
    "applicant", "activist", "candidate", "probationary", "full")
PHASE_LABELS = {PHASE_APPLICANT: "入党申请人", PHASE_ACTIVIST: "入党积极分子", PHASE_CANDIDATE: "发展对象",
                PHASE_PROBATIONARY: "预备党员", PHASE_FULL: "已转为正式党员"}
