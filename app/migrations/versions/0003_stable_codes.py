"""stable codes: member_event.kind and the keys of its details are ASCII codes, not Chinese labels

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

Until 0002 an event stored its Chinese label (组织关系转出) as `kind` and the labels of its details
(转入单位, 党费缴纳至年月 …) as the keys of `details`; rewording a label would have been a data migration.
From 0003 both are codes (transfer_out, to_org …) and the labels live in member_events.EVENT_KINDS.
The audit trail recorded the same values (the `kind` and `details` entries of member_event rows), so they
are converted too, keeping the trail readable next to the rows it describes. `state_before` (added by
0002) holds Member attribute keys and member values only, no kind or detail key, so it is left as it is.

The tables below are frozen copies, not imports: a migration must do the same thing forever, whatever
later releases change in the application's tables. A kind or key not listed (data from elsewhere) is left
as it is; `branch-ledger check` reports an unknown kind.
"""
import json

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

KIND_CODES = {
    "组织关系转入": "transfer_in",
    "组织关系转出": "transfer_out",
    "预备党员转正": "become_full",
    "延长预备期": "extend_probation",
    "停止党籍": "suspend",
    "恢复党籍": "restore",
    "出党": "leave_party",
    "去世": "death",
    "失联": "lost_contact",
    "恢复联系": "contact_restored",
    "外出流动": "go_mobile",
    "返回": "return_mobile",
}
# A label means the same wherever it occurs (原因 of 延长预备期, 停止党籍 and 失联), so one table serves all kinds.
DETAIL_CODES = {
    "转出单位": "from_org",
    "转入单位": "to_org",
    "介绍信编号": "letter_no",
    "党费缴纳至年月": "dues_paid_to_month",
    "支部大会日期": "branch_meeting_date",
    "上级党委审批日期": "approval_date",
    "延长期限（月）": "extension_months",
    "原因": "reason",
    "批准机关": "approved_by",
    "方式": "exit_method",
    "外出流向": "destination",
    "联系方式": "contact",
}


def _renamed_keys(details, mapping):
    if not isinstance(details, dict):
        return details
    return {mapping.get(key, key): value for key, value in details.items()}


def _details_json(text, mapping, *, audit):
    """`details` as stored: JSON text (SQLAlchemy's JSON type) or, in the audit trail, the trail's own JSON."""
    if text is None:
        return None
    try:
        details = json.loads(text)
    except ValueError:
        return text  # not JSON: nothing this migration can read, so nothing it should change
    renamed = _renamed_keys(details, mapping)
    if not isinstance(details, dict) or list(renamed) == list(details):
        return text
    if audit:  # as app.services.common.audit writes it
        return json.dumps(renamed, ensure_ascii=False, sort_keys=True)
    return json.dumps(renamed)  # as SQLAlchemy's JSON type writes it


def _convert(kinds, details):
    conn = op.get_bind()
    rows = conn.exec_driver_sql("SELECT id, kind, details FROM member_event").fetchall()
    for row_id, kind, stored in rows:
        new_kind = kinds.get(kind, kind)
        new_details = _details_json(stored, details, audit=False)
        if new_kind != kind or new_details != stored:
            conn.exec_driver_sql("UPDATE member_event SET kind = ?, details = ? WHERE id = ?",
                                 (new_kind, new_details, row_id))
    entries = conn.exec_driver_sql(
        "SELECT id, field, old_value, new_value FROM audit_entry "
        "WHERE table_name = 'member_event' AND field IN ('kind', 'details')").fetchall()
    for entry_id, field, old, new in entries:
        if field == "kind":
            new_old, new_new = kinds.get(old, old), kinds.get(new, new)
        else:
            new_old = _details_json(old, details, audit=True)
            new_new = _details_json(new, details, audit=True)
        if (new_old, new_new) != (old, new):
            conn.exec_driver_sql("UPDATE audit_entry SET old_value = ?, new_value = ? WHERE id = ?",
                                 (new_old, new_new, entry_id))


def upgrade() -> None:
    _convert(KIND_CODES, DETAIL_CODES)


def downgrade() -> None:
    _convert({code: label for label, code in KIND_CODES.items()},
             {code: label for label, code in DETAIL_CODES.items()})
