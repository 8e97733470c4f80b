"""组织生活: not built yet; the navigation says so plainly."""

from app.kit.registry import Area, register

AREA = register(Area(
    key="meetings",
    title="组织生活",
    order=40,
    plans="三会一课、主题党日、组织生活会、谈心谈话的记录与出勤，按规定频次提醒。",
))
