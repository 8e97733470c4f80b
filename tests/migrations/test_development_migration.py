"""Migration 0006 (发展党员) creates exactly the tables the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.models.base import Base
from app.services.common.storage import open_data_folder


def test_the_migrated_schema_matches_the_development_models(data_dir):
    import app.models.development  # noqa: F401 - the tables must be in the metadata

    db = open_data_folder(data_dir)
    try:
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        db.dispose()
    ours = [d for d in diff if "dev_" in repr(d)]
    assert ours == []
