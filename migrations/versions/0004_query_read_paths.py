"""Read paths for queries at scale: an entity's articles and attributes, a person's
meetings and the people they met, meetings by place and country, each from one index

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 23:49:52.505534
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'article_entities',
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('entity_id', sa.Integer(), nullable=False),
        sa.Column('published_at', sa.DateTime(), nullable=False),
        sa.Column('mention_count', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_entities_article_id_articles'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_article_entities_entity_id_entities')),
        sa.PrimaryKeyConstraint('article_id', 'entity_id', name=op.f('pk_article_entities')),
    )
    with op.batch_alter_table('article_entities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_entities_entity_id'), ['entity_id', 'published_at', 'article_id', 'mention_count'], unique=False)

    op.create_table(
        'met_pairs',
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('other_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('meeting_count', sa.Integer(), nullable=False),
        sa.Column('latest', sa.Date(), nullable=False),
        sa.Column('latest_meeting_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['latest_meeting_id'], ['meetings.id'], name=op.f('fk_met_pairs_latest_meeting_id_meetings'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['other_id'], ['entities.id'], name=op.f('fk_met_pairs_other_id_entities'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['person_id'], ['entities.id'], name=op.f('fk_met_pairs_person_id_entities'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('person_id', 'other_id', 'status', name=op.f('pk_met_pairs')),
    )
    with op.batch_alter_table('met_pairs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_met_pairs_person_id'), ['person_id', 'status', 'latest', 'other_id'], unique=False)

    op.create_table(
        'attribute_counts',
        sa.Column('entity_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('value', sa.String(length=500), nullable=False),
        sa.Column('value_entity_id', sa.Integer(), nullable=True),
        sa.Column('article_count', sa.Integer(), nullable=False),
        sa.Column('first_article_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_attribute_counts_entity_id_entities'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['value_entity_id'], ['entities.id'], name=op.f('fk_attribute_counts_value_entity_id_entities'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('entity_id', 'kind', 'value', name=op.f('pk_attribute_counts')),
    )
    with op.batch_alter_table('attribute_counts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attribute_counts_value_entity_id'), ['value_entity_id'], unique=False)

    with op.batch_alter_table('meeting_participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sort_date', sa.Date(), nullable=True))
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('country_code', sa.String(length=2), nullable=True))
    with op.batch_alter_table('entity_search_keys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('entity_key', sa.String(length=500), nullable=True))

    # What is stored so far, copied into the new columns and tables.
    op.execute(
        "UPDATE entity_search_keys SET "
        "kind = (SELECT kind FROM entities WHERE entities.id = entity_search_keys.entity_id), "
        "entity_key = (SELECT key FROM entities WHERE entities.id = entity_search_keys.entity_id)"
    )
    op.execute(
        "UPDATE meeting_participants SET sort_date = "
        "(SELECT sort_date FROM meetings WHERE meetings.id = meeting_participants.meeting_id)"
    )
    op.execute(
        "UPDATE meetings SET country_code = "
        "(SELECT country_code FROM entities WHERE entities.id = meetings.location_id)"
    )
    op.execute(
        "INSERT INTO article_entities (article_id, entity_id, published_at, mention_count) "
        "SELECT mentions.article_id, mentions.entity_id, articles.published_at, count(*) "
        "FROM mentions JOIN articles ON articles.id = mentions.article_id "
        "GROUP BY mentions.article_id, mentions.entity_id, articles.published_at"
    )
    op.execute(
        "INSERT INTO attribute_counts (entity_id, kind, value, value_entity_id, article_count, "
        "first_article_id, position) "
        "SELECT entity_id, kind, value, max(value_entity_id), count(*), min(article_id), "
        "min(position) FROM entity_attributes GROUP BY entity_id, kind, value"
    )
    op.execute(
        "INSERT INTO met_pairs (person_id, other_id, status, meeting_count, latest) "
        "SELECT me.entity_id, other.entity_id, meetings.status, count(*), max(meetings.sort_date) "
        "FROM meeting_participants AS me "
        "JOIN meeting_participants AS other "
        "ON other.meeting_id = me.meeting_id AND other.entity_id != me.entity_id "
        "JOIN meetings ON meetings.id = me.meeting_id "
        "JOIN entities AS person ON person.id = me.entity_id AND person.kind = 'person' "
        "JOIN entities AS met ON met.id = other.entity_id AND met.kind = 'person' "
        "GROUP BY me.entity_id, other.entity_id, meetings.status"
    )
    op.execute(
        "UPDATE met_pairs SET latest_meeting_id = (SELECT max(me.meeting_id) "
        "FROM meeting_participants AS me "
        "JOIN meeting_participants AS other "
        "ON other.meeting_id = me.meeting_id AND other.entity_id = met_pairs.other_id "
        "JOIN meetings ON meetings.id = me.meeting_id AND meetings.status = met_pairs.status "
        "WHERE me.entity_id = met_pairs.person_id AND meetings.sort_date = met_pairs.latest)"
    )

    with op.batch_alter_table('meeting_participants', schema=None) as batch_op:
        batch_op.alter_column('sort_date', existing_type=sa.Date(), nullable=False)
        batch_op.drop_index(batch_op.f('ix_meeting_participants_entity_id'))
        batch_op.create_index(batch_op.f('ix_meeting_participants_entity_id'), ['entity_id', 'sort_date', 'meeting_id'], unique=False)
    with op.batch_alter_table('entity_search_keys', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=sa.String(length=16), nullable=False)
        batch_op.alter_column('entity_key', existing_type=sa.String(length=500), nullable=False)
        batch_op.create_index(batch_op.f('ix_entity_search_keys_kind'), ['kind', 'key', 'entity_key', 'entity_id'], unique=False)
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_country_code'), ['country_code', 'sort_date', 'id'], unique=False)
        batch_op.drop_index(batch_op.f('ix_meetings_location_id'))
        batch_op.create_index(batch_op.f('ix_meetings_location_id'), ['location_id', 'sort_date', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('entity_search_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entity_search_keys_kind'))
        batch_op.drop_column('entity_key')
        batch_op.drop_column('kind')

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_location_id'))
        batch_op.create_index(batch_op.f('ix_meetings_location_id'), ['location_id'], unique=False)
        batch_op.drop_index(batch_op.f('ix_meetings_country_code'))
        batch_op.drop_column('country_code')

    with op.batch_alter_table('meeting_participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_participants_entity_id'))
        batch_op.create_index(batch_op.f('ix_meeting_participants_entity_id'), ['entity_id'], unique=False)
        batch_op.drop_column('sort_date')

    with op.batch_alter_table('attribute_counts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attribute_counts_value_entity_id'))
    op.drop_table('attribute_counts')

    with op.batch_alter_table('met_pairs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_met_pairs_person_id'))
    op.drop_table('met_pairs')

    with op.batch_alter_table('article_entities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_entities_entity_id'))
    op.drop_table('article_entities')
