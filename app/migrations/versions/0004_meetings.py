"""组织生活 and the shared attachment store: attachment, attachment_link, committee_term, committee_seat,
meeting, meeting_attendance, meeting_template, talk

Revision ID: 0004
Revises: 0008
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("stored_name", sa.String(length=100), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
        sa.UniqueConstraint("sha256", name=op.f("uq_attachment_sha256")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_attachment_stored_name")),
    )
    op.create_table(
        "attachment_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attachment_id", sa.Integer(), nullable=False),
        sa.Column("owner_kind", sa.String(length=30), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("caption", sa.String(length=200), nullable=False),
        sa.Column("display_name", sa.String(length=255), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["attachment_id"], ["attachment.id"],
                                name=op.f("fk_attachment_link_attachment_id_attachment"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment_link")),
        sa.UniqueConstraint("attachment_id", "owner_kind", "owner_id", name=op.f("uq_attachment_link_attachment_id")),
    )
    with op.batch_alter_table("attachment_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachment_link_attachment_id"), ["attachment_id"], unique=False)
        batch_op.create_index("ix_attachment_link_owner", ["owner_kind", "owner_id"], unique=False)

    op.create_table(
        "committee_term",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("elected_date", sa.Date(), nullable=False),
        sa.Column("term_years", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_committee_term")),
    )
    with op.batch_alter_table("committee_term", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_committee_term_elected_date"), ["elected_date"], unique=False)
    op.create_table(
        "committee_seat",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("post", sa.String(length=20), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_committee_seat_member_id_member"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["term_id"], ["committee_term.id"],
                                name=op.f("fk_committee_seat_term_id_committee_term"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_committee_seat")),
    )
    with op.batch_alter_table("committee_seat", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_committee_seat_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_committee_seat_term_id"), ["term_id"], unique=False)
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("party_group_id", sa.Integer(), nullable=True),
        sa.Column("planned_at", sa.DateTime(), nullable=True),
        sa.Column("held_at", sa.DateTime(), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("host_id", sa.Integer(), nullable=True),
        sa.Column("recorder_id", sa.Integer(), nullable=True),
        sa.Column("observers", sa.Text(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("resolution", sa.Text(), nullable=False),
        sa.Column("lecturer", sa.String(length=100), nullable=False),
        sa.Column("theme", sa.String(length=200), nullable=False),
        sa.Column("has_vote", sa.Boolean(), nullable=False),
        sa.Column("votes_for", sa.Integer(), nullable=True),
        sa.Column("votes_against", sa.Integer(), nullable=True),
        sa.Column("votes_abstain", sa.Integer(), nullable=True),
        sa.Column("manual_expected", sa.Integer(), nullable=True),
        sa.Column("manual_present", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["host_id"], ["member.id"], name=op.f("fk_meeting_host_id_member"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["party_group_id"], ["party_group.id"],
                                name=op.f("fk_meeting_party_group_id_party_group"), ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["recorder_id"], ["member.id"], name=op.f("fk_meeting_recorder_id_member"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_held_at"), ["held_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_party_group_id"), ["party_group_id"], unique=False)
    op.create_table(
        "meeting_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("voting", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name=op.f("fk_meeting_attendance_meeting_id_meeting"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_meeting_attendance_member_id_member"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_attendance")),
        sa.UniqueConstraint("meeting_id", "member_id", name=op.f("uq_meeting_attendance_meeting_id")),
    )
    with op.batch_alter_table("meeting_attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_attendance_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_attendance_member_id"), ["member_id"], unique=False)
    op.create_table(
        "meeting_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("values", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_template")),
        sa.UniqueConstraint("name", name=op.f("uq_meeting_template_name")),
    )
    op.create_table(
        "talk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("talk_date", sa.Date(), nullable=False),
        sa.Column("talker_id", sa.Integer(), nullable=False),
        sa.Column("talkee_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["talkee_id"], ["member.id"], name=op.f("fk_talk_talkee_id_member"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["talker_id"], ["member.id"], name=op.f("fk_talk_talker_id_member"),
                                ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talk")),
    )
    with op.batch_alter_table("talk", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_talk_talk_date"), ["talk_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_talk_talkee_id"), ["talkee_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_talk_talker_id"), ["talker_id"], unique=False)


def downgrade() -> None:
    for table in ("talk", "meeting_template", "meeting_attendance", "meeting", "committee_seat", "committee_term"):
        op.drop_table(table)

    op.drop_table("attachment_link")
    op.drop_table("attachment")
