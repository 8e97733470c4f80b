"""花名册: the members, their change events, the printed 花名册 and 党员情况变更记录."""

from app.kit.registry import Area, BinderPart, CountLabel, Document, ImportOffer, Option, register

AREA = register(Area(
    key="roster",
    title="花名册",
    order=10,
    page="app.ui.roster.roster_page:RosterPage",
    documents=(
        Document(
            key="roster.roster", title="党员花名册", command="roster", unit="人", row_noun="名党员", has_ids=True,
            writer="app.reports.roster.roster_report:write_roster",
            builder="app.reports.roster.roster_report:roster_document", binder_parts=(BinderPart(20),),
            description="导出党员花名册：PDF（A4 横向，可直接打印）或 Excel（xlsx）。默认只含在册党员。",
            options=(Option("include_former", "同时列出已转出、出党、去世的党员"),)),
        Document(
            key="roster.changes", title="党员情况变更记录", command="changes", unit="条", row_noun="条记录", has_ids=True,
            writer="app.reports.roster.change_record_report:write_change_records",
            builder="app.reports.roster.change_record_report:change_record_document",
            binder_parts=(BinderPart(30),),
            description="导出党员情况变更记录（转入、转出、转正、出党等），可只导出某一年。",
            options=(Option("year", "年度（只导出这一年的变更）", kind="year", metavar="YYYY",
                                  choices_from="app.services.roster.member_events:event_years"),)),
        Document(
            key="roster.structure", title="党员队伍结构统计表", command="structure", unit="人", row_noun="名在册党员",
            writer="app.reports.roster.structure_report:write_structure",
            description="导出党员队伍结构统计表：在册党员按人员类别、性别、民族、年龄、学历、党龄和党小组统计的人数和占比。",
            options=(Option("date", "统计日期（默认今天），例如 2026-06-30", kind="text", metavar="YYYY-MM-DD"),)),
        Document(
            key="roster.member_info", title="党员基本信息采集表", command="member-info", unit="人", row_noun="名党员",
            has_ids=True, formats=("pdf", "docx"), binder=False,
            writer="app.reports.roster.member_info_form:write_member_info",
            description="导出党员基本信息采集表：每名党员一页 A4，含 16 项基本信息和学校补充信息，附本人签字和党支部审核栏，"
                        "用于存入党员档案。不指定党员时导出全部在册党员，每人一页。",
            options=(Option("member", "只导出这名党员（姓名或编号）", kind="text", metavar="NAME_OR_ID"),)),
    ),
    checks=("app.services.roster.checks:roster_checks",),
    reminders=("app.services.roster.reminders:roster_reminders",
               "app.services.roster.political_birthdays:political_birthdays"),
    binder_checks=("app.services.roster.binder_checks:roster_binder_checks",),
    audited=("member", "member_event", "party_group", "branch_profile"),
    counts=(CountLabel("member", "党员", "人"), CountLabel("member_event", "党员变更记录", "条"),
            CountLabel("party_group", "党小组", "个"), CountLabel("audit_entry", "修改记录", "条")),
    quiet_tables=("setting", "branch_profile"),
    settings=("app.services.roster.structure_settings:SETTINGS",),  # the statistics' age and 党龄 bands
    models="app.models.member",
    imports=(ImportOffer("roster", "党员花名册", "app.services.roster.importing:ROSTER_IMPORT"),),
))
