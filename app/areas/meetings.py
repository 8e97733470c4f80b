"""组织生活: 三会一课, 主题党日, 组织生活会 and 谈心谈话 records, the branch committee, the compliance calendar.

This area also owns the shared attachment store (app.services.attachments) other areas attach files with.
"""

from app.kit.registry import Area, CountLabel, register
from app.services.attachments.settings import SETTINGS as ATTACHMENT_SETTINGS

AREA = register(Area(
    key="meetings",
    title="组织生活",
    order=40,
    plans="三会一课、主题党日、组织生活会、谈心谈话的记录与出勤，按规定频次提醒。",
    checks=("app.services.attachments.checks:attachment_checks",),
    audited=("attachment", "attachment_link"),
    counts=(CountLabel("attachment", "附件", "个"),),
    settings=(*ATTACHMENT_SETTINGS,),
    models="app.models.attachment",
))
