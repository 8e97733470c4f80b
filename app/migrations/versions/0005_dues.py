"""dues (党费): bases, overrides, the month ledger, hand-overs, the year's base check

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _member_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f(f"fk_{table}_member_id_member"),
                                   ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "dues_base",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.String(length=7), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("base_fen", sa.Integer(), nullable=False),
        sa.Column("fixed_fen", sa.Integer(), nullable=True),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        _member_fk("dues_base"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dues_base")),
        sa.UniqueConstraint("member_id", "valid_from", name="uq_dues_base_member_month"),
    )
    op.create_index(op.f("ix_dues_base_member_id"), "dues_base", ["member_id"], unique=False)

    op.create_table(
        "dues_override",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("from_month", sa.String(length=7), nullable=False),
        sa.Column("to_month", sa.String(length=7), nullable=True),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("approval", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        _member_fk("dues_override"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dues_override")),
    )
    op.create_index(op.f("ix_dues_override_member_id"), "dues_override", ["member_id"], unique=False)

    op.create_table(
        "dues_month",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("due_fen", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("base_fen", sa.Integer(), nullable=False),
        sa.Column("rate", sa.String(length=10), nullable=False),
        sa.Column("rule_from", sa.String(length=7), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("paid_fen", sa.Integer(), nullable=False),
        sa.Column("paid_date", sa.Date(), nullable=True),
        sa.Column("pay_kind", sa.String(length=10), nullable=False),
        sa.Column("payer", sa.String(length=50), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        _member_fk("dues_month"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dues_month")),
        sa.UniqueConstraint("member_id", "month", name="uq_dues_month_member_month"),
    )
    op.create_index(op.f("ix_dues_month_member_id"), "dues_month", ["member_id"], unique=False)
    op.create_index(op.f("ix_dues_month_month"), "dues_month", ["month"], unique=False)

    op.create_table(
        "dues_remittance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("handed_date", sa.Date(), nullable=False),
        sa.Column("from_month", sa.String(length=7), nullable=False),
        sa.Column("to_month", sa.String(length=7), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("receipt_no", sa.String(length=50), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dues_remittance")),
    )

    op.create_table(
        "dues_year",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_dues_year")),
    )


def downgrade() -> None:
    op.drop_table("dues_year")
    op.drop_table("dues_remittance")
    op.drop_index(op.f("ix_dues_month_month"), table_name="dues_month")
    op.drop_index(op.f("ix_dues_month_member_id"), table_name="dues_month")
    op.drop_table("dues_month")
    op.drop_index(op.f("ix_dues_override_member_id"), table_name="dues_override")
    op.drop_table("dues_override")
    op.drop_index(op.f("ix_dues_base_member_id"), table_name="dues_base")
    op.drop_table("dues_base")
