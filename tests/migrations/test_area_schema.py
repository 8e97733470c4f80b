"""The hand-written migrations give exactly the schema the models declare (every area's models)."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.kit import registry
from app.models import Base


def test_migrated_schema_matches_every_areas_models(db):
    registry.import_models()
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"render_as_batch": True}), Base.metadata)
    assert diff == []
