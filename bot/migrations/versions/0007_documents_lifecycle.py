"""documents lifecycle: statuses and short titles, audit trail, shipped-file decisions, staff accounts, index version

Revision ID: 0007
Revises: 0008 (written on 0003; relinked onto main's head when merging main)
Create Date: 2026-11-30 01:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STR = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('short_title', _STR(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('origin', _STR(), nullable=False, server_default='shipped'))
        batch_op.add_column(sa.Column('verified', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('added_by', _STR(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('effective_from', _STR(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('superseded_by', _STR(), nullable=False, server_default=''))
    op.create_table('document_actions',
    sa.Column('doc_id', _STR(length=120), nullable=False),
    sa.Column('action', _STR(length=20), nullable=False),
    sa.Column('actor', _STR(length=80), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('document_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_actions_doc_id'), ['doc_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_actions_at'), ['at'], unique=False)
    op.create_table('shipped_decisions',
    sa.Column('content_hash', _STR(length=64), nullable=False),
    sa.Column('doc_id', _STR(length=120), nullable=False),
    sa.Column('decision', _STR(length=20), nullable=False),
    sa.Column('superseded_by', _STR(length=120), nullable=False),
    sa.Column('actor', _STR(length=80), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('content_hash')
    )
    op.create_table('staff_accounts',
    sa.Column('name', _STR(length=40), nullable=False),
    sa.Column('password_hash', _STR(length=200), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('index_version',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('reason', _STR(length=80), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade() -> None:
    op.drop_table('index_version')
    op.drop_table('staff_accounts')
    op.drop_table('shipped_decisions')
    with op.batch_alter_table('document_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_actions_at'))
        batch_op.drop_index(batch_op.f('ix_document_actions_doc_id'))
    op.drop_table('document_actions')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        for column in ('superseded_by', 'effective_from', 'added_by', 'verified', 'origin', 'short_title'):
            batch_op.drop_column(column)
