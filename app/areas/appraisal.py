"""民主评议: the yearly 民主评议党员 round, its tally and grades, the follow-up, and its four documents."""

from app.kit.registry import Area, BinderPart, CountLabel, Document, ImportOffer, Option, register

_YEAR = Option("year", "评议年度，例如 2026", kind="year", required=True, metavar="YYYY",
               choices_from="app.services.appraisal.queries:round_years")  # the 台账与打印 page offers these
_WRITERS = "app.reports.appraisal"

AREA = register(Area(
    key="appraisal",
    title="民主评议",
    order=50,
    page="app.ui.appraisal.appraisal_page:AppraisalPage",
    documents=(
        Document(
            key="appraisal.ballot", title="民主评议党员民主测评表", command="appraisal", sheet="ballot",
            writer=f"{_WRITERS}.ballot_sheet:write_ballot", unit="名党员", options=(_YEAR,), binder=False,
            description="打印后发给参加测评的党员划票：列出评定等次的党员姓名和四个等次的方框（不含身份证号）。"),
        Document(
            key="appraisal.results", title="民主评议党员结果统计表", command="appraisal", sheet="results",
            writer=f"{_WRITERS}.results_sheet:write_results", unit="名党员", options=(_YEAR,),
            builder=f"{_WRITERS}.results_sheet:results_document", binder_parts=(BinderPart(81),),
            description="每名党员的测评票数、测评建议等次和评议等次，末尾按等次合计人数和比例。"),
        Document(
            key="appraisal.members", title="民主评议党员登记表", command="appraisal", sheet="members",
            writer=f"{_WRITERS}.member_form:write_member_forms", unit="名党员", formats=("pdf", "xlsx", "docx"),
            builder=f"{_WRITERS}.member_form:member_forms_document", binder_parts=(BinderPart(82),),
            options=(_YEAR, Option("person", "只导出这名党员的登记表（姓名）", kind="text", metavar="NAME")),
            description="每名党员一页：个人自评、党员互评、测评票数、评议等次、支部意见和签字栏。"),
        Document(
            key="appraisal.report", title="民主评议党员情况报告", command="appraisal", sheet="report",
            writer=f"{_WRITERS}.cover_report:write_cover_report", formats=("pdf", "docx"), unit="页",
            builder=f"{_WRITERS}.cover_report:cover_document", binder_parts=(BinderPart(80),),
            options=(_YEAR,),
            description="报上级党组织的评议情况报告封面：评议会议（关联的组织生活会或党员大会记录）、参加人数、各等次人数和比例、各环节日期、签章栏。"),
    ),
    checks=("app.services.appraisal.checks:appraisal_checks",),
    reminders=("app.services.appraisal.reminders:appraisal_reminders",),
    binder_checks=("app.services.appraisal.binder_checks:appraisal_binder_checks",),
    audited=("appraisal_round", "appraisal_step", "appraisal_participant", "appraisal_follow_up",
             "appraisal_note"),
    counts=(CountLabel("appraisal_round", "民主评议", "次"), CountLabel("appraisal_participant", "评议记录", "条"),
            CountLabel("appraisal_ballot", "测评票", "张"), CountLabel("appraisal_follow_up", "评议后处理", "条"),
            CountLabel("appraisal_note", "自查与初评记录", "条")),
    quiet_tables=("appraisal_step", "appraisal_round_log", "appraisal_ballot_mark"),
    settings=("app.services.appraisal.settings_spec:SETTINGS",),
    imports=(ImportOffer("appraisal", "民主评议结果", "app.services.appraisal.importing:APPRAISAL_IMPORT"),),
    models="app.models.appraisal",
    demo="app.services.appraisal.sample:add_appraisal_sample",
))
