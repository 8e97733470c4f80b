"""组织生活: 三会一课, 主题党日, 组织生活会 and 谈心谈话 records, the branch committee, the compliance calendar.

This area also owns the shared attachment store (app.services.attachments) other areas attach files with.
"""

from app.kit.registry import Area, BinderPart, CountLabel, Document, ImportOffer, Option, register

_YEAR = Option("year", "年度，例如 2026（省略时为今年）", kind="year", metavar="YYYY")
_KIND = Option("kind", "只含这一类会议：general（支部党员大会）、committee（支部委员会）、group（党小组会）、"
                       "lecture（党课）、theme_day（主题党日）、life（组织生活会）、other（其他活动），也可写中文名称",
               kind="text", metavar="K")
_PHOTOS = Option("photos", "在会议记录后附印照片附件")
_MEETING = Option("meeting", "会议记录的编号（--sheet record 时必填）", kind="int", metavar="N")
_LESSONS = ("general", "committee", "group", "lecture")  # 三会一课: app.services.meetings.kinds codes
# the year's records in the annual binder: 三会一课, 主题党日, 其他活动 and 组织生活会 each a section of their own
_BOOK_PARTS = (
    BinderPart(51, "meetings.lessons", "三会一课记录", (("kind_codes", _LESSONS),)),
    BinderPart(52, "meetings.theme-days", "主题党日活动记录", (("kind", "theme_day"),)),
    BinderPart(53, "meetings.other", "其他活动记录", (("kind", "other"),)),
    BinderPart(60, "meetings.life", "组织生活会记录", (("kind", "life"),)),
)

DOCUMENTS = (
    Document(key="meetings.book", title="会议记录本", command="meetings", sheet="book", formats=("pdf",),
             writer="app.reports.meetings.book:write_meeting_book", unit="次", row_noun="次会议",
             builder="app.reports.meetings.book:meeting_book_document", binder_parts=_BOOK_PARTS,
             options=(_YEAR, _KIND, _PHOTOS),
             description="导出组织生活记录：book 年度会议记录本（封面、目录、每次会议一份记录）；stats 三会一课统计表；"
                         "list 年度会议一览表（xlsx 便于再加工）；talks 谈心谈话记录；record 单次会议记录（pdf 或 docx）。"),
    Document(key="meetings.stats", title="三会一课统计表", command="meetings", sheet="stats",
             writer="app.reports.meetings.stats:write_meeting_stats", unit="项", row_noun="项",
             builder="app.reports.meetings.stats:stats_document", binder_parts=(BinderPart(50),),
             options=(_YEAR, _KIND)),
    Document(key="meetings.list", title="会议一览表", command="meetings", sheet="list",
             writer="app.reports.meetings.lists:write_meeting_list", unit="次", row_noun="次会议",
             builder="app.reports.meetings.lists:list_document", binder_parts=(BinderPart(54, default=False),),
             options=(_YEAR, _KIND)),
    Document(key="meetings.talks", title="谈心谈话记录", command="meetings", sheet="talks",
             writer="app.reports.meetings.lists:write_talks", unit="次", row_noun="次谈话",
             builder="app.reports.meetings.lists:talks_document", binder_parts=(BinderPart(70),),
             options=(_YEAR,)),
    Document(key="meetings.record", title="会议记录", command="meetings", sheet="record", formats=("pdf", "docx"),
             writer="app.reports.meetings.record:write_meeting_record", unit="份", row_noun="份会议记录",
             options=(_MEETING, _PHOTOS), binder=False),
)

AREA = register(Area(
    key="meetings",
    title="组织生活",
    order=40,
    page="app.ui.meetings.meetings_page:MeetingsPage",
    documents=DOCUMENTS,
    checks=("app.services.meetings.checks:meeting_checks",
            "app.services.attachments.checks:attachment_checks"),
    reminders=("app.services.meetings.reminders:meeting_reminders",),
    binder_checks=("app.services.meetings.binder_checks:meeting_binder_checks",),
    # attendance rows are not audited one by one (a record has dozens); the meeting's own fields are
    audited=("committee_term", "committee_seat", "meeting", "meeting_template", "talk", "attachment_link"),
    counts=(CountLabel("meeting", "会议记录", "条"), CountLabel("talk", "谈心谈话记录", "条"),
            CountLabel("committee_term", "支部委员会", "届")),
    # the backup summary counts attachment files itself ("附件 8 个（2.1 MB）")
    quiet_tables=("committee_seat", "meeting_attendance", "meeting_template", "attachment", "attachment_link"),
    settings=("app.services.meetings.rules:SETTINGS", "app.services.attachments.settings:SETTINGS"),
    models="app.models.meetings",
    demo="app.services.meetings.demo:create_demo_meetings",
    imports=(ImportOffer("meetings", "三会一课记录", "app.services.meetings.importing:MEETINGS_IMPORT"),
             ImportOffer("theme-days", "主题党日活动记录", "app.services.meetings.importing:THEME_DAYS_IMPORT")),
))
