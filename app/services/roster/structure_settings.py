"""The roster statistics' rules that may change: the age and 党龄 bands (declared in app.areas.roster).

A band list holds the lower bounds, in whole years, of every band after the first: [31, 36] means
"30岁及以下", "31至35岁", "36岁及以上". Kept apart from app.services.roster.structure so that declaring the
area imports no SQLAlchemy.
"""

from __future__ import annotations

from app.kit.settings import Setting

AGE_BANDS = Setting(
    key="roster.stats_age_bands",
    default=[31, 36, 41, 46, 51, 56, 61],
    label="党员队伍结构统计的年龄分组（各组起始年龄，周岁）",
    source="中共中央组织部《中国共产党党内统计公报》的年龄分组：30岁及以下、31至35岁……56至60岁、61岁及以上",
)
PARTY_AGE_BANDS = Setting(
    key="roster.stats_party_age_bands",
    default=[5, 10, 20, 30, 40, 50],
    label="党员队伍结构统计的党龄分组（各组起始党龄，年）",
    source="党龄从预备期满转为正式党员之日算起（《中国共产党章程》第七条）；50年为“光荣在党50年”纪念章的党龄，"
           "其余为各地党员队伍结构统计表的常用分组，可按上级统计表修改",
)

SETTINGS = (AGE_BANDS, PARTY_AGE_BANDS)
