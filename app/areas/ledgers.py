"""台账与打印: every area's documents in one place (the registry's catalogue), the 支部基本情况 sheet, and the
annual binder (年度台账) that binds the year's documents into one PDF."""

from app.kit.registry import Area, BinderPart, Document, Option, register

_YEAR = Option("year", "年度，例如 2026（省略时为今年）", kind="year", metavar="YYYY")

AREA = register(Area(
    key="ledgers",
    title="台账与打印",
    order=80,
    page="app.ui.ledgers.ledgers_page:LedgersPage",
    documents=(
        Document(key="ledgers.branch", title="支部基本情况", command="branch", formats=("pdf", "docx"),
                 writer="app.reports.ledgers.branch_overview:write_branch_overview",
                 builder="app.reports.ledgers.branch_overview:branch_overview_document",
                 binder_parts=(BinderPart(10),), unit="人", row_noun="名党员", options=(_YEAR,),
                 description="支部基本情况：支部委员会成员及职务、各党小组的组长和人数、党员队伍结构（年底或今天）。"),
        Document(key="ledgers.binder", title="年度台账", command="binder", formats=("pdf",), binder=False, has_ids=True,
                 writer="app.reports.binder.annual:write_binder_export", unit="个部分", row_noun="个部分",
                 options=(_YEAR, Option("sections", "只含这些部分，按此顺序，例如 ledgers.branch roster.roster"
                                                    "（名称写错时会列出全部可选的部分；省略时为上次的选择或常用的部分）",
                                        kind="list", metavar="KEY")),
                 description="年度台账：封面、目录和当年的各项台账（支部基本情况、花名册、变更记录、发展党员名册、"
                             "三会一课和主题党日记录、组织生活会、谈心谈话、民主评议、党费），页码连续，带书签。"),
    ),
    settings=("app.services.ledgers.binder_choice:SETTINGS",),
    binder_checks=("app.services.ledgers.cover_checks:cover_binder_checks",),  # the cover: every binder has it
))
