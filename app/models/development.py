"""发展党员: the people in development and the steps recorded for them (domain.md §2).

A person in development is not a member: they live in their own table, apart from the roster, with the
personal fields of a member. When the higher committee approves their admission (step ⑰) a Member is
created and linked (`member_id`); the person's record and every step stay, as the development history.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, now


class DevPerson(Base):
    """One person in (or once in) the development pipeline: 入党申请人 … 预备党员."""

    __tablename__ = "dev_person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))  # 姓名
    gender: Mapped[str] = mapped_column(String(2))  # 性别
    ethnicity: Mapped[str] = mapped_column(String(20), default="汉族")  # 民族
    # 公民身份号码: unique among people in the pipeline or admitted (the service checks); one who withdrew
    # may apply again later as a new record, the old one kept
    id_number: Mapped[str] = mapped_column(String(18), index=True)
    birth_date: Mapped[date | None] = mapped_column(Date)  # 出生日期
    education: Mapped[str] = mapped_column(String(20), default="")  # 学历
    job_post: Mapped[str] = mapped_column(String(100), default="")  # 工作岗位
    mobile_phone: Mapped[str] = mapped_column(String(20), default="")  # 联系电话（手机）
    landline: Mapped[str] = mapped_column(String(30), default="")  # 联系电话（固定电话）
    home_address: Mapped[str] = mapped_column(String(200), default="")  # 家庭住址
    notes: Mapped[str] = mapped_column(Text, default="")  # 备注
    # -- pipeline bookkeeping: a PERSON_STATUSES code; a person who leaves keeps every step recorded
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    left_date: Mapped[date | None] = mapped_column(Date)
    left_reason: Mapped[str] = mapped_column(String(200), default="")
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL"), index=True)  # the roster record once admitted
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=now, onupdate=now)

    steps: Mapped[list[DevStep]] = relationship(
        back_populates="person", order_by="DevStep.step_date, DevStep.id", cascade="all, delete-orphan")


class DevStep(Base):
    """One recorded step (a STEPS code) of a person; repeatable steps (考察, 转正 rounds) have seq 1, 2 …"""

    __tablename__ = "dev_step"
    __table_args__ = (UniqueConstraint("person_id", "step", "seq", name="uq_dev_step_person_step_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("dev_person.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(30))  # a STEPS code
    seq: Mapped[int] = mapped_column(Integer, default=1)
    step_date: Mapped[date] = mapped_column(Date)
    details: Mapped[dict] = mapped_column(JSON, default=dict)  # ASCII keys of the step's DetailSpecs
    override_reason: Mapped[str] = mapped_column(String(300), default="")  # why a rule's exception applies
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)

    person: Mapped[DevPerson] = relationship(back_populates="steps")
