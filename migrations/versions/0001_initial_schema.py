"""Initial schema: articles, entities, mentions, dates, meetings, search keys

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 20:51:53.385334
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dedup_key', sa.String(length=2048), nullable=False),
    sa.Column('url', sa.String(length=2048), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=1000), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=True),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('extractor_version', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('people_count', sa.Integer(), nullable=False),
    sa.Column('organization_count', sa.Integer(), nullable=False),
    sa.Column('location_count', sa.Integer(), nullable=False),
    sa.Column('date_count', sa.Integer(), nullable=False),
    sa.Column('meeting_count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles')),
    sa.UniqueConstraint('dedup_key', name=op.f('uq_articles_dedup_key'))
    )
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_articles_published_at'), ['published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_source'), ['source'], unique=False)

    op.create_table('entities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=500), nullable=False),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('resolved_name', sa.String(length=500), nullable=True),
    sa.Column('country_code', sa.String(length=2), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('geonames_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entities')),
    sa.UniqueConstraint('kind', 'key', name=op.f('uq_entities_kind_key'))
    )
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entities_kind'), ['kind', 'country_code'], unique=False)

    op.create_table('article_search_keys',
    sa.Column('key', sa.String(length=100).with_variant(sa.String(length=100, collation='C'), 'postgresql'), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_search_keys_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key', 'article_id', name=op.f('pk_article_search_keys'))
    )
    with op.batch_alter_table('article_search_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_search_keys_article_id'), ['article_id'], unique=False)

    op.create_table('date_mentions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('start_char', sa.Integer(), nullable=False),
    sa.Column('end_char', sa.Integer(), nullable=False),
    sa.Column('sentence', sa.Integer(), nullable=False),
    sa.Column('value_start', sa.Date(), nullable=True),
    sa.Column('value_end', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_date_mentions_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_date_mentions'))
    )
    with op.batch_alter_table('date_mentions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_date_mentions_article_id'), ['article_id'], unique=False)

    op.create_table('entity_attributes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('value', sa.String(length=500), nullable=False),
    sa.Column('value_entity_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_entity_attributes_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_entity_attributes_entity_id_entities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['value_entity_id'], ['entities.id'], name=op.f('fk_entity_attributes_value_entity_id_entities'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entity_attributes')),
    sa.UniqueConstraint('entity_id', 'article_id', 'kind', 'value', name=op.f('uq_entity_attributes_entity_id_article_id_kind_value'))
    )
    with op.batch_alter_table('entity_attributes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entity_attributes_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_entity_attributes_value_entity_id'), ['value_entity_id'], unique=False)

    op.create_table('entity_search_keys',
    sa.Column('key', sa.String(length=100).with_variant(sa.String(length=100, collation='C'), 'postgresql'), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_entity_search_keys_entity_id_entities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key', 'entity_id', name=op.f('pk_entity_search_keys'))
    )
    with op.batch_alter_table('entity_search_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entity_search_keys_entity_id'), ['entity_id'], unique=False)

    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=True),
    sa.Column('date_start', sa.Date(), nullable=True),
    sa.Column('date_end', sa.Date(), nullable=True),
    sa.Column('sort_date', sa.Date(), nullable=False),
    sa.Column('participant_groups', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_meetings_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['location_id'], ['entities.id'], name=op.f('fk_meetings_location_id_entities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_date_start'), ['date_start', 'date_end'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_sort_date'), ['sort_date', 'id'], unique=False)

    op.create_table('mentions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('start_char', sa.Integer(), nullable=False),
    sa.Column('end_char', sa.Integer(), nullable=False),
    sa.Column('sentence', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('demonym', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_mentions_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_mentions_entity_id_entities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentions'))
    )
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentions_article_id'), ['article_id', 'start_char'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentions_entity_id'), ['entity_id'], unique=False)

    op.create_table('meeting_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('start_char', sa.Integer(), nullable=False),
    sa.Column('end_char', sa.Integer(), nullable=False),
    sa.Column('sentence', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_evidence_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_evidence'))
    )
    with op.batch_alter_table('meeting_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_evidence_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('meeting_participants',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_meeting_participants_entity_id_entities')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_participants_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'entity_id', name=op.f('pk_meeting_participants'))
    )
    with op.batch_alter_table('meeting_participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_participants_entity_id'), ['entity_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('meeting_participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_participants_entity_id'))

    op.drop_table('meeting_participants')
    with op.batch_alter_table('meeting_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_evidence_meeting_id'))

    op.drop_table('meeting_evidence')
    with op.batch_alter_table('mentions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentions_entity_id'))
        batch_op.drop_index(batch_op.f('ix_mentions_article_id'))

    op.drop_table('mentions')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_sort_date'))
        batch_op.drop_index(batch_op.f('ix_meetings_location_id'))
        batch_op.drop_index(batch_op.f('ix_meetings_date_start'))
        batch_op.drop_index(batch_op.f('ix_meetings_article_id'))

    op.drop_table('meetings')
    with op.batch_alter_table('entity_search_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entity_search_keys_entity_id'))

    op.drop_table('entity_search_keys')
    with op.batch_alter_table('entity_attributes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entity_attributes_value_entity_id'))
        batch_op.drop_index(batch_op.f('ix_entity_attributes_article_id'))

    op.drop_table('entity_attributes')
    with op.batch_alter_table('date_mentions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_date_mentions_article_id'))

    op.drop_table('date_mentions')
    with op.batch_alter_table('article_search_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_search_keys_article_id'))

    op.drop_table('article_search_keys')
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entities_kind'))

    op.drop_table('entities')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_articles_source'))
        batch_op.drop_index(batch_op.f('ix_articles_published_at'))

    op.drop_table('articles')
