"""发展党员: dev_person and dev_step

Revision ID: 0006
Revises: 0007
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dev_person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("gender", sa.String(length=2), nullable=False),
        sa.Column("ethnicity", sa.String(length=20), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("education", sa.String(length=20), nullable=False),
        sa.Column("job_post", sa.String(length=100), nullable=False),
        sa.Column("mobile_phone", sa.String(length=20), nullable=False),
        sa.Column("landline", sa.String(length=30), nullable=False),
        sa.Column("home_address", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("left_date", sa.Date(), nullable=True),
        sa.Column("left_reason", sa.String(length=200), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], name=op.f("fk_dev_person_member_id_member"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dev_person")),
    )
    with op.batch_alter_table("dev_person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dev_person_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_dev_person_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_dev_person_id_number"), ["id_number"], unique=False)
    op.create_table(
        "dev_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=30), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("step_date", sa.Date(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("override_reason", sa.String(length=300), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["dev_person.id"], name=op.f("fk_dev_step_person_id_dev_person"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dev_step")),
        sa.UniqueConstraint("person_id", "step", "seq", name="uq_dev_step_person_step_seq"),
    )
    with op.batch_alter_table("dev_step", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dev_step_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dev_step", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dev_step_person_id"))
    op.drop_table("dev_step")
    with op.batch_alter_table("dev_person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dev_person_id_number"))
        batch_op.drop_index(batch_op.f("ix_dev_person_member_id"))
        batch_op.drop_index(batch_op.f("ix_dev_person_status"))
    op.drop_table("dev_person")
