"""发展党员: not built yet; the navigation says so plainly."""

from app.kit.registry import Area, register

AREA = register(Area(
    key="development",
    title="发展党员",
    order=20,
    plans="入党申请人、入党积极分子、发展对象、预备党员名册，25个步骤的时间节点与提醒。",
))
