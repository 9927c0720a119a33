"""Article status, problem and local publication day, for queued extraction

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 21:47:16.684927
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("published_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("status", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("problem", sa.JSON(), nullable=True))
        batch_op.alter_column(
            "extractor_version", existing_type=sa.VARCHAR(length=100), nullable=True
        )
    # Articles stored so far were extracted when they were posted.
    op.execute("UPDATE articles SET published_date = date(published_at), status = 'done'")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.alter_column("published_date", existing_type=sa.Date(), nullable=False)
        batch_op.alter_column("status", existing_type=sa.String(length=16), nullable=False)
        batch_op.create_index(batch_op.f("ix_articles_status"), ["status"], unique=False)


def downgrade() -> None:
    op.execute("DELETE FROM articles WHERE status != 'done'")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_articles_status"))
        batch_op.alter_column(
            "extractor_version", existing_type=sa.VARCHAR(length=100), nullable=False
        )
        batch_op.drop_column("problem")
        batch_op.drop_column("status")
        batch_op.drop_column("published_date")
