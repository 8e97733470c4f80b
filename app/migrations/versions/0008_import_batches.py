"""import batches: each spreadsheet import and the records it added or updated, for undo

Revision ID: 0008
Revises: 0003
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("file_name", sa.String(length=260), nullable=False),
        sa.Column("sheet", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("audit_from", sa.Integer(), nullable=False),
        sa.Column("audit_until", sa.Integer(), nullable=False),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.Column("undo_audit_from", sa.Integer(), nullable=True),
        sa.Column("undo_audit_until", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batch")),
    )
    op.create_table(
        "imported_row",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=50), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("source_row", sa.Integer(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["import_batch.id"],
                                name=op.f("fk_imported_row_batch_id_import_batch")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_row")),
    )
    op.create_index(op.f("ix_imported_row_batch_id"), "imported_row", ["batch_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_imported_row_batch_id"), table_name="imported_row")
    op.drop_table("imported_row")
    op.drop_table("import_batch")
