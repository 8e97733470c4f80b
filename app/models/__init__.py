"""SQLAlchemy 2 models and the database setup. No Qt here."""

from app.models.audit import AuditEntry
from app.models.base import Base
from app.models.branch import BranchProfile, PartyGroup
from app.models.importer import ImportBatch, ImportedRow
from app.models.member import Member, MemberEvent
from app.models.reminder import ReminderSnooze
from app.models.setting import SettingValue

__all__ = ["AuditEntry", "Base", "BranchProfile", "ImportBatch", "ImportedRow", "Member", "MemberEvent", "PartyGroup", "ReminderSnooze", "SettingValue"]
