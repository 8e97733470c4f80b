"""The appraisal's entry forms as field specs for the shared RecordDialog: a member's 自评 and 互评, and the
follow-up of a 基本合格 / 不合格 member (keys are the services' keyword names, so a UserError's field
is shown beside its widget)."""

from __future__ import annotations

from app.services.appraisal import vocab
from app.services.appraisal.notes import NOTE_SLOTS
from app.ui.widgets.record_form import CHOICE, DATE, LONG_TEXT, TEXT, FormField

ASSESSMENT_FIELDS = (
    FormField("self_summary", "个人自评", LONG_TEXT, group="个人自评", show_label=False, min_height=140),
    FormField("peer_opinion", "党员互评意见", LONG_TEXT, group="党员互评意见", show_label=False, min_height=80),
    FormField("notes", "备注", TEXT, group="备注", show_label=False),
)

FOLLOW_UP_FIELDS = (
    FormField("action", "处理方式", CHOICE, items=tuple((k.label, k.code) for k in vocab.FOLLOW_UPS), required=True),
    FormField("decided_on", "决定日期", DATE),
    FormField("deadline", "改正期限", DATE, placeholder="限期改正须填写"),
    FormField("outcome", "处理结果", TEXT, placeholder="例如：经考察已按期改正"),
    FormField("outcome_date", "结果日期", DATE),
    FormField("note", "备注", TEXT),
)
ASSESSMENT_COLUMNS = (("个人自评", "党员互评意见", "备注"),)  # one column of boxes: the texts read top to bottom

# 季度自查与半年初评: one line each, keyed "quarter_1" … "half_year_1"
NOTE_FIELDS = tuple(FormField(f"{kind}_{period}", label, TEXT, max_length=500, min_width=360)
                    for kind, period, label in NOTE_SLOTS)
