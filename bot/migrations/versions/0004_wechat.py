"""wechat channel: message de-duplication, user state, answer pages, WeCom cursors

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 10:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_str = sqlmodel.sql.sqltypes.AutoString
_time = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table('wechat_messages',
    sa.Column('key', _str(length=160), nullable=False),
    sa.Column('channel', _str(length=20), nullable=False),
    sa.Column('status', _str(length=20), nullable=False),
    sa.Column('reply', sa.Text(), nullable=False),
    sa.Column('created_at', _time(), nullable=False),
    sa.Column('updated_at', _time(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('wechat_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wechat_messages_created_at'), ['created_at'], unique=False)

    op.create_table('wechat_user_state',
    sa.Column('user_key', _str(length=64), nullable=False),
    sa.Column('choices', sa.Text(), nullable=False),
    sa.Column('last_query_id', _str(length=32), nullable=False),
    sa.Column('pending_link', _str(length=300), nullable=False),
    sa.Column('updated_at', _time(), nullable=False),
    sa.PrimaryKeyConstraint('user_key')
    )
    with op.batch_alter_table('wechat_user_state', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wechat_user_state_updated_at'), ['updated_at'], unique=False)

    op.create_table('answer_pages',
    sa.Column('query_id', _str(length=32), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('sources', sa.Text(), nullable=False),
    sa.Column('id', _str(length=32), nullable=False),
    sa.Column('created_at', _time(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('answer_pages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_pages_query_id'), ['query_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_answer_pages_created_at'), ['created_at'], unique=False)

    op.create_table('wecom_cursors',
    sa.Column('open_kfid', _str(length=64), nullable=False),
    sa.Column('cursor', _str(length=128), nullable=False),
    sa.Column('updated_at', _time(), nullable=False),
    sa.PrimaryKeyConstraint('open_kfid')
    )


def downgrade() -> None:
    op.drop_table('wecom_cursors')
    with op.batch_alter_table('answer_pages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_pages_created_at'))
        batch_op.drop_index(batch_op.f('ix_answer_pages_query_id'))
    op.drop_table('answer_pages')
    with op.batch_alter_table('wechat_user_state', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wechat_user_state_updated_at'))
    op.drop_table('wechat_user_state')
    with op.batch_alter_table('wechat_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wechat_messages_created_at'))
    op.drop_table('wechat_messages')
