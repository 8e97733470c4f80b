"""民主评议: not built yet; the navigation says so plainly."""

from app.kit.registry import Area, register

AREA = register(Area(
    key="appraisal",
    title="民主评议",
    order=50,
    plans="年度民主评议党员：测评票统计、评定等次、登记表与统计表。",
))
