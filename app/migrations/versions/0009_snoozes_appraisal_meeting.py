"""Snoozed reminders (home page); an appraisal round may name the meeting record where it was held

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reminder_snooze",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("area", sa.String(length=30), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_snooze")),
    )
    op.create_index(op.f("ix_reminder_snooze_key"), "reminder_snooze", ["key"], unique=False)
    with op.batch_alter_table("appraisal_round") as batch:
        batch.add_column(sa.Column("meeting_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_appraisal_round_meeting_id"), ["meeting_id"], unique=False)
        batch.create_foreign_key(batch.f("fk_appraisal_round_meeting_id_meeting"), "meeting", ["meeting_id"], ["id"],
                                 ondelete="SET NULL")


def downgrade() -> None:
    with op.batch_alter_table("appraisal_round") as batch:
        batch.drop_constraint(batch.f("fk_appraisal_round_meeting_id_meeting"), type_="foreignkey")
        batch.drop_index(batch.f("ix_appraisal_round_meeting_id"))
        batch.drop_column("meeting_id")
    op.drop_index(op.f("ix_reminder_snooze_key"), table_name="reminder_snooze")
    op.drop_table("reminder_snooze")
