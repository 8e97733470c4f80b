"""The migrations create exactly the schema the models describe (every area's models included)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.kit import registry
from app.migrations.runner import migrate
from app.models import Base
from app.models.database import create_sqlite_engine


def test_migrated_schema_equals_the_models(tmp_path):
    registry.import_models()
    path = tmp_path / "ledger.sqlite3"
    engine = create_sqlite_engine(path)
    migrate(engine, path)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), Base.metadata)
    engine.dispose()
    assert diff == []
