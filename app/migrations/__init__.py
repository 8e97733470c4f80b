"""The schema's Alembic migrations (versions/), run at start by app.models.database.migrate."""

# The newest revision in versions/. Start-up compares the database's stamp with this constant instead of
# loading Alembic; tests/models/test_database.py fails if a new migration is added without updating it.
SCHEMA_HEAD = "0009"  # the newest revision; the chain is 0001, 0002, 0003, 0008, 0004, 0005, 0007, 0006, 0009
