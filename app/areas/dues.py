"""党费: not built yet; the navigation says so plainly."""

from app.kit.registry import Area, register

AREA = register(Area(
    key="dues",
    title="党费",
    order=30,
    plans="按规定计算每名党员的缴费基数和比例，按月登记缴纳，提示欠缴，打印党费收缴登记表。",
))
