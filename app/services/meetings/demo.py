"""The sample branch's 组织生活 (`branch-ledger demo`): the committee, this year's meetings with real-sounding
议题 and 内容, two gaps in the calendar, absences with reasons, one 党员大会 without a quorum, one 组织生活会,
a dozen 谈心谈话 that leave some members uncovered, and a photo of a sign-in sheet.

Built on the roster's fictional members, deterministic (a seeded Random), dated relative to `today`; the
committee was elected so that its term ends about five months after `today` (the 换届 reminder shows).
Every record goes through the real services (save_meeting, save_talk, add_attachment).
"""

from __future__ import annotations

import io
import random
import tempfile
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy.orm import Session

from app.kit.dates import add_months
from app.models import Member
from app.services.attachments import add_attachment, session_data_dir
from app.services.common.branch import list_groups
from app.services.meetings import kinds
from app.services.meetings.committee import SeatInput, elect_term
from app.services.meetings.records import (
    OWNER_KIND,
    MeetingInput,
    expected_members,
    save_meeting,
    save_template,
)
from app.services.meetings.roster_on import member_on, members_on
from app.services.meetings.talks import TalkInput, save_talk
from app.services.roster import vocab

SEED = 40
POST_OF = {"书记": "secretary", "组织委员": "organization", "宣传委员": "propaganda", "纪检委员": "discipline"}

COMMITTEE_TOPICS = [
    ("研究本学期党建工作计划", "研究寒假期间党员志愿服务安排"),
    ("研究发展党员工作，确定入党积极分子培养联系人", "研究学雷锋志愿服务主题党日方案"),
    ("研究清明祭扫主题党日活动方案", "讨论一季度党费收缴情况"),
    ("研究劳动教育周与党员先锋岗设置", "讨论教师节表彰推荐人选"),
    ("研究“七一”主题党日及表彰工作", "讨论预备党员转正有关事项"),
    ("研究暑期党员教师家访与红色研学安排", "研究师德师风专项整治工作"),
    ("研究暑期工作总结与秋季开学党建安排", "讨论新学期党员责任区划分"),
    ("研究教师节师德承诺活动", "讨论发展对象政治审查工作"),
    ("研究国庆主题教育活动方案", "讨论三季度党费收缴情况"),
    ("研究年度民主评议党员工作方案", "研究组织生活会准备工作"),
    ("研究宪法宣传日活动安排", "讨论年度党建工作述职报告"),
    ("研究年终总结与下一年度工作打算", "讨论年度党费收缴与上缴情况"),
]
THEMES = ["重温入党誓词 坚定理想信念", "学雷锋 做先锋 志愿服务进社区", "清明祭英烈 传承红色基因", "劳动创造幸福 党员争当先锋",
          "读原著 学原文 悟原理", "永远跟党走 “七一”主题党日", "红色研学 追寻初心足迹", "弘扬教育家精神 党员教师师德承诺",
          "我和我的祖国 国庆主题教育", "廉洁文化进校园", "学习宪法 弘扬法治精神", "回顾一年 展望来年 党员述学述职"]
LECTURES = [("学习贯彻全国两会精神 办好人民满意的教育", "secretary"),
            ("弘扬教育家精神 争做新时代“大先生”", "propaganda"),
            ("以案为鉴 筑牢廉洁从教思想防线", "discipline"),
            ("传承红色基因 上好新时代思政课", "secretary")]
GENERAL_TOPICS = [("传达学习上级党组织年度工作会议精神", "通报本支部年度党建工作计划"),
                  ("学习《中国共产党纪律处分条例》", "通报上半年党员发展工作情况"),
                  ("学习习近平总书记关于教育的重要论述", "讨论支部下半年工作安排"),
                  ("讨论接收预备党员有关事项", "通报年度民主评议党员工作安排")]
GROUP_TOPICS = ["学习上级文件精神，交流学习体会", "结合教研工作开展批评和自我批评", "交流党员先锋岗履职情况",
                "学习身边的优秀党员教师事迹", "讨论本组党员联系服务学生家庭情况", "交流师德师风自查情况"]
LEAVE_REASONS = ["外出参加区教研活动", "病假", "带学生参加比赛", "家中有事", "参加市骨干教师培训", "产假"]
TALK_TOPICS = [("工作和思想情况", "了解近期教育教学工作和思想状况，鼓励其发挥党员先锋模范作用，在教研组中带好头。"),
               ("家庭与工作压力", "谈心了解家庭困难，支部将协调学校工会给予关心，本人表示将克服困难做好班主任工作。"),
               ("入党积极分子培养", "交流培养联系入党积极分子情况，要求定期谈话并做好考察记录。"),
               ("师德师风", "结合师德师风专项整治，提醒严格遵守教师职业行为准则，不得有偿补课。"),
               ("组织生活参与", "了解近期缺席组织生活的原因，提醒按时参加支部活动、按时交纳党费。")]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def _day(year: int, month: int, day: int, today: date) -> date | None:
    """A day in this year's month, or None if it is not past yet."""
    value = date(year, month, min(day, 28))
    return value if value < today else None


def _photo() -> bytes:
    """A sign-in sheet photo stand-in: a ruled page drawn with Pillow (deterministic, no font needed)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (900, 640), (250, 248, 240))
    draw = ImageDraw.Draw(img)
    draw.rectangle((40, 40, 860, 600), outline=(60, 60, 60), width=3)
    for y in range(110, 600, 35):
        draw.line((40, y, 860, y), fill=(120, 120, 120), width=1)
    for x in (110, 330, 560):
        draw.line((x, 110, x, 600), fill=(120, 120, 120), width=1)
    rng = random.Random(SEED)
    for y in range(118, 560, 35):
        x = 340 + rng.randrange(0, 40)
        draw.line([(x + i * 12, y + 12 + rng.randrange(-6, 6)) for i in range(12)], fill=(20, 30, 120), width=3)
    buffer = io.BytesIO()
    img.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _absentees(rng: random.Random, expected, day: date, keep: set[int] = frozenset(), extra: int = 0) -> dict:
    """A realistic few absences: the 流动 and 失联 members, and one or two on leave."""
    out: dict[int, tuple[str, str]] = {}
    for m in expected:
        member = m.member
        if member.is_lost_contact:
            out[m.id] = (kinds.ABSENT, "失去联系")
        elif member.is_mobile:
            out[m.id] = (kinds.LEAVE, "外出支教")
    others = [m for m in expected if m.id not in out and m.id not in keep]  # the chair and recorder came
    for m in rng.sample(others, min(len(others), rng.choice((0, 1, 1, 2)) + extra)):
        out[m.id] = (kinds.LEAVE, rng.choice(LEAVE_REASONS))
    return out


def create_demo_meetings(session: Session, today: date) -> str | None:
    rng = random.Random(SEED)
    year = today.year
    members = list(session.query(Member).order_by(Member.id))
    by_post = {POST_OF[m.party_post]: m for m in members
               if m.party_post in POST_OF and m.roster_state == vocab.ROSTER_ACTIVE}
    if "secretary" not in by_post or "organization" not in by_post:
        return None
    elected = add_months(today, 5 - 36)  # the 3-year term ends in about five months
    seats = [SeatInput(m.id, post) for post, m in by_post.items() if member_on(m, elected)]
    elect_term(session, elected, seats, note="支部党员大会选举产生，上级党委批复同意", today=today)
    secretary, organizer = by_post["secretary"], by_post["organization"]
    groups = list_groups(session)
    leaders = {m.party_group_id: m for m in members if m.party_post == "党小组长"}
    saved = 0
    skip_committee = today.month - 2  # the two gaps: a past month's 支委会 and an earlier 主题党日
    skip_theme_day = today.month - 4

    def held(kind: str, when: datetime, topics, content: str, **extra) -> int | None:
        nonlocal saved
        if when.date() >= today:
            return None
        group = extra.get("party_group_id")
        expected = expected_members(session, kind, when.date(), group)
        absentees = extra.pop("absentees", None)
        host, recorder = extra.pop("host", secretary), extra.pop("recorder", organizer)
        keep = {host.id, recorder.id}
        if absentees is None and kind == kinds.COMMITTEE:  # a small committee: now and then one on leave
            others = [m for m in expected if m.id not in keep]
            absentees = {rng.choice(others).id: (kinds.LEAVE, rng.choice(LEAVE_REASONS[:4]))} \
                if others and rng.random() < 0.3 else {}
        elif absentees is None:
            absentees = _absentees(rng, expected, when.date(), keep)
        data = MeetingInput(kind=kind, held_at=when, place=extra.pop("place", "学校三楼党员活动室"),
                            host_id=host.id, recorder_id=recorder.id,
                            topics=tuple(topics), content=content, absentees=absentees, **extra)
        meeting = save_meeting(session, data, today=today)
        saved += 1
        return meeting.id

    last_committee = None
    for month in range(1, 13):
        topics = COMMITTEE_TOPICS[month - 1]
        day = _day(year, month, 8 + month % 3, today)
        if day and month != skip_committee:
            mid = held(kinds.COMMITTEE, _at(day, 16, 10), topics,
                       f"{secretary.name}主持会议，通报了上级党组织近期工作部署。\n"
                       f"会议围绕“{topics[0]}”进行了讨论，{organizer.name}汇报了本月党员教育管理和党费收缴情况。\n"
                       f"与会委员逐项发表了意见，一致同意按讨论意见抓好落实。",
                       resolution=f"一、{topics[0]}，由{organizer.name}牵头落实。\n二、{topics[1]}，下次会议前报支委会。")
            last_committee = mid or last_committee
        day = _day(year, month, 17 + month % 5, today)
        if day and month != skip_theme_day:
            held(kinds.THEME_DAY, _at(day, 15, 30), ("集中学习", "主题活动"),
                 f"全体党员集中学习上级文件精神。\n围绕“{THEMES[month - 1]}”开展主题活动，党员代表作交流发言。\n"
                 f"{secretary.name}作总结，要求党员教师在教育教学中亮身份、作表率。", theme=THEMES[month - 1])
        for index, group in enumerate(groups):
            day = _day(year, month, 12 + index, today)
            leader = leaders.get(group.id)
            expected = expected_members(session, kinds.GROUP, day, group.id) if day else []
            recorder = next((m.member for m in expected if leader is None or m.id != leader.id), None)
            if day and leader and recorder and member_on(leader, day):
                topic = GROUP_TOPICS[(month + index) % len(GROUP_TOPICS)]
                held(kinds.GROUP, _at(day, 16, 30), (topic,),
                     f"{leader.name}带领本组党员{topic}。\n党员逐一发言，结合本人教学工作谈了认识和打算。",
                     party_group_id=group.id, host=leader, recorder=recorder, place="教研组办公室")
    for quarter in range(4):
        day = _day(year, quarter * 3 + 2, 20 + quarter, today)
        if day is None:
            continue
        topics = GENERAL_TOPICS[quarter]
        expected = expected_members(session, kinds.GENERAL, day)
        extra: dict = {}
        if quarter == 1:  # the one that lacked a quorum: many full members away at the district's training
            voting = [m for m in expected if m.voting]
            away = [m for m in voting if m.id not in (secretary.id, organizer.id)][: len(voting) // 2 + 1]
            extra["absentees"] = {m.id: (kinds.LEAVE, "参加区暑期教师培训") for m in away}
        if quarter == 3:
            absent = _absentees(rng, expected, day, {secretary.id, organizer.id})
            present = sum(1 for m in expected if m.voting and m.id not in absent)
            extra.update(absentees=absent, has_vote=True, votes_for=present - 1, votes_against=0, votes_abstain=1,
                         resolution="同意将两名发展对象列为预备党员，报上级党委审批。")
        held(kinds.GENERAL, _at(day, 15, 40), topics,
             f"{secretary.name}主持会议并讲话。\n会议{topics[0]}。\n{organizer.name}{topics[1]}。\n"
             f"党员围绕议题进行了讨论。", **extra)
        lecture, post = LECTURES[quarter]
        lecturer = by_post.get(post, secretary)
        day = _day(year, quarter * 3 + 3, 10 + quarter, today)
        if day:
            held(kinds.LECTURE, _at(day, 15, 30), (lecture,),
                 f"{lecturer.name}以“{lecture}”为题讲授专题党课。\n党课结合学校实际和身边事例，"
                 f"分三个部分进行了讲解。\n党员认真听讲并做了笔记，课后进行了交流。",
                 lecturer=f"{lecturer.name}（{lecturer.party_post}）", theme=lecture)
    day = _day(year, 1, 20, today)
    if day:
        held(kinds.LIFE, _at(day, 14, 30), ("通报上一年度支部工作", "开展批评和自我批评", "民主评议党员"),
             f"{secretary.name}代表支部委员会通报上一年度工作，并带头作对照检查。\n"
             "支部委员逐一对照检查，党员逐一发言，开展批评和自我批评。\n会后开展了民主评议党员。",
             resolution="针对查摆的问题建立整改清单，明确责任人和完成时限。")
    if last_committee:
        template_source = MeetingInput(kind=kinds.COMMITTEE, title="", place="学校三楼党员活动室",
                                       host_id=secretary.id, recorder_id=organizer.id)
        save_template(session, "每月支委会", template_source)
        folder = session_data_dir(session)
        if folder is not None:
            with tempfile.TemporaryDirectory() as scratch:
                photo = Path(scratch) / "支委会签到表.jpg"
                photo.write_bytes(_photo())
                add_attachment(session, folder, OWNER_KIND, last_committee, photo, caption="签到表")
    talks = 0
    committee = list(by_post.values())
    pool = [m.member for m in members_on(session, today) if m.id not in {c.id for c in committee}]
    rng.shuffle(pool)
    talkers = [secretary] * 5 + [organizer] * 4 + [by_post.get("propaganda", secretary)] * 2
    months = max(today.month - 1, 1)
    for n, talker in enumerate([*talkers, secretary]):
        day = date(year, 1 + n * months // 12, 10 + n % 15)
        if day >= today:
            break
        if n == len(talkers):  # the committee members talk among themselves too
            talkee = by_post.get("discipline", organizer)
        else:
            talkee = next((m for m in pool if member_on(m, day)), None)
            if talkee is None:
                continue
            pool.remove(talkee)
        topic, summary = TALK_TOPICS[n % len(TALK_TOPICS)]
        save_talk(session, TalkInput(day, talker.id, talkee.id, "heart", "书记办公室", topic, summary), today=today)
        talks += 1
    return f"组织生活：支部委员会 {len(seats)} 人，{year}年会议记录 {saved} 次，谈心谈话 {talks} 次。"
