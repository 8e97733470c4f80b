"""Alembic environment: the application hands in its own connection (see app.models.database)."""

from alembic import context

from app.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # `alembic` command line during development: use a scratch database
    from sqlalchemy import create_engine

    connection = create_engine(context.config.get_main_option("sqlalchemy.url") or "sqlite://").connect()

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
