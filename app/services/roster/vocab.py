"""Controlled vocabularies: every fixed list the roster uses, kept in one place (domain.md §1)."""

from __future__ import annotations

GENDERS = ["男", "女"]

# The 56 ethnic groups in GB 3304 order.
ETHNICITIES = [
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
    "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
    "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
    "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
]

EDUCATIONS = ["研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下"]

DEGREES = ["", "博士", "硕士", "学士"]

CATEGORY_FULL = "正式党员"
CATEGORY_PROBATIONARY = "预备党员"
CATEGORIES = [CATEGORY_FULL, CATEGORY_PROBATIONARY]

STANDING_NORMAL = "正常"
STANDING_SUSPENDED = "停止党籍"
STANDINGS = [STANDING_NORMAL, STANDING_SUSPENDED]

# Teachers' professional titles as a school has them; the empty entry means "none".
TITLES = [
    "", "正高级教师", "高级教师", "一级教师", "二级教师", "三级教师",
    "未定级", "工勤技能岗", "其他",
]

PARTY_POSTS = ["", "书记", "副书记", "组织委员", "宣传委员", "纪检委员", "青年委员", "党小组长"]

# Where a member stands relative to the roster. Only an event moves a member off it.
ROSTER_ACTIVE = "在册"
ROSTER_TRANSFERRED_OUT = "已转出"
ROSTER_EXPELLED = "已出党"
ROSTER_DECEASED = "已去世"
ROSTER_STATES = [ROSTER_ACTIVE, ROSTER_TRANSFERRED_OUT, ROSTER_EXPELLED, ROSTER_DECEASED]

EXIT_METHODS = ["除名", "劝退", "开除", "自行脱党"]

AGE_BANDS = [
    ("30岁及以下", 0, 30),
    ("31-40岁", 31, 40),
    ("41-50岁", 41, 50),
    ("51-60岁", 51, 60),
    ("61岁及以上", 61, 200),
]
