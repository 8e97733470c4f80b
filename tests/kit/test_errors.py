"""One error type for users: every service's bad-input error is a UserError with a Chinese message and the
key of the field at fault, so the dialogs and the command line handle them all one way."""

from __future__ import annotations

from datetime import date

import pytest

from app.kit.errors import UserError


def test_every_service_error_for_users_is_a_user_error():
    from app.infra.instance_lock import AlreadyRunningError
    from app.kit.dates import DateTextError
    from app.kit.idcard import IdNumberError
    from app.migrations.runner import SchemaTooNewError
    from app.reports.engine.register import ReportError
    from app.services.access.control import AccessError
    from app.services.backup import backup_format
    from app.services.backup.backup_service import BackupError, NewerSchemaError
    from app.services.common.branch import ProfileError
    from app.services.common.storage import ReplaceDatabaseError
    from app.services.demo.sample_branch import DemoError
    from app.services.roster.member_events import EventError
    from app.services.roster.member_validation import MemberValidationError

    kinds = [AlreadyRunningError, DateTextError, IdNumberError, SchemaTooNewError, ReportError, AccessError,
             BackupError, NewerSchemaError, ProfileError, ReplaceDatabaseError, DemoError, EventError,
             MemberValidationError, backup_format.BackupFormatError, backup_format.NotABackupError,
             backup_format.PasswordRequiredError, backup_format.WrongPasswordError,
             backup_format.CorruptBackupError, backup_format.TruncatedBackupError,
             backup_format.UnsupportedFormatError]
    assert [k.__name__ for k in kinds if not issubclass(k, UserError)] == []
    assert issubclass(AlreadyRunningError, RuntimeError)  # older handlers that caught it so still do


def test_a_member_validation_error_carries_its_issues_and_the_first_blocking_field(branch_db):
    from app.services.roster.member_validation import Issue, MemberValidationError
    from app.services.roster.members import save_member

    error = MemberValidationError([Issue("full_member_date", "提示", blocking=False), Issue("name", "“姓名”不能为空")])
    assert error.field == "name" and len(error.issues) == 2
    with pytest.raises(MemberValidationError) as caught:
        with branch_db.transaction() as s:
            save_member(s, {"name": "", "gender": "男", "id_number": "110105198003010011", "category": "正式党员"})
    assert caught.value.field == "name" and "“姓名”不能为空" in caught.value.message


def test_event_errors_name_their_field(branch_db):
    from app.kit.idcard import make_id_number
    from app.services.roster.member_events import TRANSFER_OUT, EventError, record_event, void_event
    from app.services.roster.members import save_member

    with branch_db.transaction() as s:
        mid = save_member(s, {"name": "张三", "id_number": make_id_number("110105", date(1980, 3, 1), 11),
                              "category": "正式党员", "joined_date": date(2005, 6, 1),
                              "full_member_date": date(2006, 6, 1)}).id
    cases = [({}, date(2026, 1, 1), "to_org"), ({"to_org": "某支部"}, date(2999, 1, 1), "event_date"),
             ({"to_org": "某" * 201}, date(2026, 1, 1), "to_org"),
             ({"to_org": "某支部", "dues_paid_to_month": "去年"}, date(2026, 1, 1), "dues_paid_to_month")]
    for details, day, field in cases:
        with pytest.raises(EventError) as caught:
            with branch_db.transaction() as s:
                record_event(s, mid, TRANSFER_OUT, day, details)
        assert caught.value.field == field
    with branch_db.transaction() as s:
        event_id = record_event(s, mid, TRANSFER_OUT, date(2026, 1, 1), {"to_org": "某支部"}).id
    with pytest.raises(EventError) as caught:
        with branch_db.transaction() as s:
            void_event(s, event_id, " ")
    assert caught.value.field == "reason"


def test_profile_and_access_errors_name_their_field(db):
    from app.services.access.control import CONFIRM_PASSWORD, NEW_PASSWORD, AccessError, check_new_password
    from app.services.common.branch import ProfileError, save_profile

    with pytest.raises(ProfileError) as caught:
        with db.transaction() as s:
            save_profile(s, full_name=" ")
    assert caught.value.field == "full_name"
    with pytest.raises(ProfileError) as caught:
        with db.transaction() as s:
            save_profile(s, full_name="中共某支部", group_names=["一组", "一组"])
    assert caught.value.field == "group_names"
    for new, confirm, field in (("", "", NEW_PASSWORD), ("abcd", "abce", CONFIRM_PASSWORD)):
        with pytest.raises(AccessError) as refused:
            check_new_password(new, confirm)
        assert refused.value.field == field
