"""Use cases over the database: ingest, read, delete."""
