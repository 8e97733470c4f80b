from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, now
from app.models.branch import PartyGroup


class Member(Base):
    """One Party member: the 16 standard items of the 党员基本信息采集表 plus a school's extra columns.

    所在党支部 is the branch of this database (BranchProfile), so it is not stored per member.
    A member never leaves this table: `roster_state` says whether they are 在册 or gone, and why.
    """

    __tablename__ = "member"

    id: Mapped[int] = mapped_column(primary_key=True)
    # -- the 16 standard items, in their order
    name: Mapped[str] = mapped_column(String(50))  # 姓名
    gender: Mapped[str] = mapped_column(String(2))  # 性别
    ethnicity: Mapped[str] = mapped_column(String(20), default="汉族")  # 民族
    id_number: Mapped[str] = mapped_column(String(18), unique=True)  # 公民身份号码
    birth_date: Mapped[date | None] = mapped_column(Date)  # 出生日期
    education: Mapped[str] = mapped_column(String(20), default="")  # 学历
    category: Mapped[str] = mapped_column(String(10))  # 人员类别: 正式党员 / 预备党员
    joined_date: Mapped[date | None] = mapped_column(Date)  # 加入党组织日期
    full_member_date: Mapped[date | None] = mapped_column(Date)  # 转为正式党员日期
    job_post: Mapped[str] = mapped_column(String(100), default="")  # 工作岗位
    mobile_phone: Mapped[str] = mapped_column(String(20), default="")  # 联系电话（手机）
    landline: Mapped[str] = mapped_column(String(30), default="")  # 联系电话（固定电话）
    home_address: Mapped[str] = mapped_column(String(200), default="")  # 家庭住址
    standing: Mapped[str] = mapped_column(String(10), default="正常")  # 党籍状态
    is_lost_contact: Mapped[bool] = mapped_column(Boolean, default=False)  # 是否为失联党员
    lost_contact_date: Mapped[date | None] = mapped_column(Date)  # 失去联系日期
    is_mobile: Mapped[bool] = mapped_column(Boolean, default=False)  # 是否为流动党员
    mobile_destination: Mapped[str] = mapped_column(String(200), default="")  # 外出流向
    # -- a school roster's extra columns
    native_place: Mapped[str] = mapped_column(String(100), default="")  # 籍贯
    degree: Mapped[str] = mapped_column(String(20), default="")  # 学位
    school_and_major: Mapped[str] = mapped_column(String(200), default="")  # 毕业院校及专业
    work_start_date: Mapped[date | None] = mapped_column(Date)  # 参加工作日期
    position: Mapped[str] = mapped_column(String(100), default="")  # 职务
    title: Mapped[str] = mapped_column(String(50), default="")  # 职称
    party_post: Mapped[str] = mapped_column(String(50), default="")  # 党内职务
    party_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("party_group.id", ondelete="RESTRICT"), index=True
    )  # 所在党小组
    notes: Mapped[str] = mapped_column(Text, default="")  # 备注
    # -- roster bookkeeping
    roster_state: Mapped[str] = mapped_column(String(10), default="在册", index=True)
    left_date: Mapped[date | None] = mapped_column(Date)
    probation_extended_months: Mapped[int] = mapped_column(Integer, default=0)
    name_initials: Mapped[str] = mapped_column(String(50), default="")  # pinyin search keys
    name_pinyin: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=now, onupdate=now)

    party_group: Mapped[PartyGroup | None] = relationship(lazy="joined")
    # Every event ever recorded, voided ones included (the history keeps them, marked).
    events: Mapped[list[MemberEvent]] = relationship(
        back_populates="member", order_by="MemberEvent.event_date, MemberEvent.id",
        cascade="all, delete-orphan",
    )

    @property
    def current_events(self) -> list[MemberEvent]:
        """The events that stand: those not voided as entered by mistake."""
        return [e for e in self.events if e.voided_at is None]


class MemberEvent(Base):
    """党员情况变更: one change in a member's record (转入, 转出, 转正, 出党 …)."""

    __tablename__ = "member_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # an EVENT_KINDS code (transfer_out …), never its label
    event_date: Mapped[date] = mapped_column(Date)
    details: Mapped[dict] = mapped_column(JSON, default=dict)  # kind-specific fields by EventDetail key
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    # The member's fields this event may change, as they were just before it (dates as ISO text), so that
    # an event entered by mistake can be voided and its effect undone. None for events recorded by 0.1.0.
    state_before: Mapped[dict | None] = mapped_column(JSON)
    # A voided event stays in the table (and the history), marked, with why.
    voided_at: Mapped[datetime | None] = mapped_column(DateTime)
    void_reason: Mapped[str] = mapped_column(String(200), default="", server_default="")

    member: Mapped[Member] = relationship(back_populates="events")
