"""民主评议: appraisal rounds, steps, participants and tallies, ballots, follow-ups, self-check notes

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "appraisal_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=True),
        sa.Column("meeting_place", sa.String(length=100), nullable=False),
        sa.Column("ballots_issued", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_round")),
        sa.UniqueConstraint("year", name=op.f("uq_appraisal_round_year")),
    )
    op.create_table(
        "appraisal_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=10), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["appraisal_round.id"], ondelete="CASCADE",
                                name=op.f("fk_appraisal_step_round_id_appraisal_round")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_step")),
        sa.UniqueConstraint("round_id", "step", name=op.f("uq_appraisal_step_round_id")),
    )
    op.create_index(op.f("ix_appraisal_step_round_id"), "appraisal_step", ["round_id"], unique=False)
    op.create_table(
        "appraisal_round_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["appraisal_round.id"], ondelete="CASCADE",
                                name=op.f("fk_appraisal_round_log_round_id_appraisal_round")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_round_log")),
    )
    op.create_index(op.f("ix_appraisal_round_log_round_id"), "appraisal_round_log", ["round_id"], unique=False)
    op.create_table(
        "appraisal_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=15), nullable=False),
        sa.Column("graded", sa.Boolean(), nullable=False),
        sa.Column("self_summary", sa.Text(), nullable=False),
        sa.Column("peer_opinion", sa.Text(), nullable=False),
        sa.Column("votes_excellent", sa.Integer(), nullable=True),
        sa.Column("votes_qualified", sa.Integer(), nullable=True),
        sa.Column("votes_basic", sa.Integer(), nullable=True),
        sa.Column("votes_unqualified", sa.Integer(), nullable=True),
        sa.Column("ballots_returned", sa.Integer(), nullable=True),
        sa.Column("proposed_grade", sa.String(length=15), nullable=True),
        sa.Column("final_grade", sa.String(length=15), nullable=True),
        sa.Column("final_reason", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], ondelete="RESTRICT",
                                name=op.f("fk_appraisal_participant_member_id_member")),
        sa.ForeignKeyConstraint(["round_id"], ["appraisal_round.id"], ondelete="CASCADE",
                                name=op.f("fk_appraisal_participant_round_id_appraisal_round")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_participant")),
        sa.UniqueConstraint("round_id", "member_id", name=op.f("uq_appraisal_participant_round_id")),
    )
    op.create_index(op.f("ix_appraisal_participant_member_id"), "appraisal_participant", ["member_id"], unique=False)
    op.create_index(op.f("ix_appraisal_participant_round_id"), "appraisal_participant", ["round_id"], unique=False)
    op.create_table(
        "appraisal_ballot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["appraisal_round.id"], ondelete="CASCADE",
                                name=op.f("fk_appraisal_ballot_round_id_appraisal_round")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_ballot")),
        sa.UniqueConstraint("round_id", "number", name=op.f("uq_appraisal_ballot_round_id")),
    )
    op.create_index(op.f("ix_appraisal_ballot_round_id"), "appraisal_ballot", ["round_id"], unique=False)
    op.create_table(
        "appraisal_ballot_mark",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=15), nullable=False),
        sa.ForeignKeyConstraint(["ballot_id"], ["appraisal_ballot.id"], ondelete="CASCADE",
                                name=op.f("fk_appraisal_ballot_mark_ballot_id_appraisal_ballot")),
        sa.ForeignKeyConstraint(["participant_id"], ["appraisal_participant.id"], ondelete="CASCADE",
                                name=op.f("fk_appraisal_ballot_mark_participant_id_appraisal_participant")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_ballot_mark")),
        sa.UniqueConstraint("ballot_id", "participant_id", name=op.f("uq_appraisal_ballot_mark_ballot_id")),
    )
    op.create_index(op.f("ix_appraisal_ballot_mark_ballot_id"), "appraisal_ballot_mark", ["ballot_id"], unique=False)
    op.create_index(op.f("ix_appraisal_ballot_mark_participant_id"), "appraisal_ballot_mark", ["participant_id"],
                    unique=False)
    op.create_table(
        "appraisal_follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=15), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("outcome_date", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["appraisal_participant.id"], ondelete="CASCADE",
                                name=op.f("fk_appraisal_follow_up_participant_id_appraisal_participant")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_follow_up")),
    )
    op.create_index(op.f("ix_appraisal_follow_up_participant_id"), "appraisal_follow_up", ["participant_id"],
                    unique=False)
    op.create_table(
        "appraisal_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=15), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("noted_on", sa.Date(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], ondelete="RESTRICT",
                                name=op.f("fk_appraisal_note_member_id_member")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appraisal_note")),
        sa.UniqueConstraint("member_id", "year", "kind", "period", name=op.f("uq_appraisal_note_member_id")),
    )
    op.create_index(op.f("ix_appraisal_note_member_id"), "appraisal_note", ["member_id"], unique=False)
    op.create_index(op.f("ix_appraisal_note_year"), "appraisal_note", ["year"], unique=False)


def downgrade() -> None:
    for table in ("appraisal_note", "appraisal_follow_up", "appraisal_ballot_mark", "appraisal_ballot",
                  "appraisal_participant", "appraisal_round_log", "appraisal_step", "appraisal_round"):
        op.drop_table(table)
