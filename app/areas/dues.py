"""党费: bases and rates by the national rules, the monthly collection, arrears, 上缴, and the 党费 ledgers."""

from app.kit.registry import Area, BinderPart, CountLabel, Document, ImportOffer, Option, register

_YEAR = Option("year", "年度，例如 2026", kind="year", required=True, metavar="YYYY")
_W = "app.reports.dues.dues_reports:"


def _doc(sheet: str, title: str, writer: str, description: str, unit: str = "人", *, builder: str,
         order: int, in_binder: bool = True) -> Document:
    """`order`: the sheet's place in the annual binder; `in_binder`: there unless the user leaves it out."""
    return Document(key=f"dues.{sheet}", title=title, command="dues", sheet=sheet, writer=_W + writer,
                    options=(_YEAR,), unit=unit, description=description, builder=_W + builder,
                    binder_parts=(BinderPart(order, default=in_binder),))


AREA = register(Area(
    key="dues",
    title="党费",
    order=30,
    page="app.ui.dues.dues_page:DuesPage",
    documents=(
        _doc("register", "党费收缴登记表", "write_register_sheet",
             "全年党费收缴登记表：每名党员的缴费类别、基数、比例、月应缴和1至12月实缴，含合计行和签字栏。",
             builder="register_document", order=90),
        _doc("bases", "党费基数核定表", "write_bases_sheet", "本年度每名党员上年与本年的缴费基数、比例、月应缴及变化。",
             builder="bases_document", order=92, in_binder=False),
        _doc("arrears", "需补缴党费统计表", "write_arrears_sheet", "截至年底（或今天）尚未交纳党费的党员、月份和金额。",
             builder="arrears_document", order=93, in_binder=False),
        _doc("remittance", "党费上缴情况汇总表", "write_remittance_sheet", "各季度收缴与上缴党费的金额、日期和收据号。",
             unit="条", builder="remittance_document", order=91),
        _doc("notice", "党费收缴情况公示", "write_notice_sheet", "用于党务公开的公示表：姓名、月份、金额，不含身份证号。",
             builder="notice_document", order=94, in_binder=False),
    ),
    checks=("app.services.dues.checks:dues_checks",),
    reminders=("app.services.dues.reminders:dues_reminders",),
    binder_checks=("app.services.dues.binder_checks:dues_binder_checks",),
    audited=("dues_base", "dues_override", "dues_month", "dues_remittance", "dues_year"),
    counts=(CountLabel("dues_month", "党费月记录", "条"), CountLabel("dues_remittance", "党费上缴记录", "条"),
            CountLabel("dues_base", "党费基数记录", "条")),
    quiet_tables=("dues_override", "dues_year"),
    settings=("app.services.dues.settings:SETTINGS",),
    imports=(ImportOffer("dues-backpay", "党费补缴记录", "app.services.dues.importing:DUES_BACKPAY_IMPORT"),),
    models="app.models.dues",
    demo="app.services.dues.demo:add_demo_dues",
))
