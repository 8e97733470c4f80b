"""发展党员: people in development, the 25 steps with their rules, admission into the roster, the registers."""

from app.kit.registry import Area, BinderPart, CountLabel, Document, ImportOffer, Option, register

_OPTIONS = (
    Option("year", "只列这一年的情况（年度名册），例如 2026", kind="year", metavar="YYYY"),
    Option("person", "只列此人（纪实表须指定）", kind="text", metavar="NAME"),
)
_REPORTS = "app.reports.development"


def _doc(sheet: str, title: str, writer: str, description: str, unit: str = "人",
         formats: tuple[str, ...] = ("pdf", "xlsx"), builder: str | None = None, order: int = 0) -> Document:
    """`order`: the register's place in the annual binder (the registers are built by `builder`)."""
    return Document(key=f"development.{sheet}", title=title, command="development", selector="register",
                    sheet=sheet, writer=f"{_REPORTS}.{writer}", options=_OPTIONS, unit=unit, formats=formats,
                    description=description, builder=builder and f"{_REPORTS}.{builder}",
                    binder=builder is not None, binder_parts=(BinderPart(order),) if builder else ())


AREA = register(Area(
    key="development",
    title="发展党员",
    order=20,
    page="app.ui.development.development_page:DevelopmentPage",
    documents=(
        _doc("applicants", "入党申请人名册", "registers:write_applicants",
             "递交了入党申请书、尚未确定为入党积极分子的人；--year 列出当年处于此阶段的人。",
             builder="registers:applicants_document", order=40),
        _doc("activists", "入党积极分子名册", "registers:write_activists",
             "确定为入党积极分子、尚未确定为发展对象的人；--year 列出当年处于此阶段的人。",
             builder="registers:activists_document", order=41),
        _doc("candidates", "发展对象名册", "registers:write_candidates",
             "确定为发展对象、尚未接收为预备党员的人；--year 列出当年处于此阶段的人。",
             builder="registers:candidates_document", order=42),
        _doc("new-members", "年度新党员名册", "registers:write_new_members",
             "当年经支部大会接收为预备党员的人（--year，默认今年），含接收和转正时间。",
             builder="registers:new_members_document", order=43),
        _doc("notice", "发展对象公示 / 预备党员转正公示", "notice:write_notice",
             "张贴用的公示；--person 指定某人，否则列出正在公示的人。", formats=("pdf", "docx")),
        _doc("record", "发展党员纪实表", "record_sheet:write_record",
             "某人（--person）从递交申请书起每一步的日期、人员与表决情况，及各步骤所附材料的文件名。", unit="步", formats=("pdf", "xlsx", "docx")),
    ),
    checks=("app.services.development.checks:development_checks",),
    reminders=("app.services.development.reminders:development_reminders",),
    binder_checks=("app.services.development.binder_checks:development_binder_checks",),
    audited=("dev_person", "dev_step"),
    counts=(CountLabel("dev_person", "发展党员记录", "人"), CountLabel("dev_step", "发展党员步骤", "条")),
    settings=("app.services.development.rule_settings:SETTINGS",),
    imports=(ImportOffer("development", "发展党员信息", "app.services.development.importing:DEVELOPMENT_IMPORT"),),
    models="app.models.development",
    demo="app.services.development.sample:add_development_sample",
))
