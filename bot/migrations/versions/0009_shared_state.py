"""shared state: conversation context, rate-limit events, Telegram answer buttons

Revision ID: 0009
Revises: 0005
Create Date: 2026-12-03 10:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0009'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_str = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table('conversation_state',
    sa.Column('user_key', _str(length=64), nullable=False),
    sa.Column('turns', sa.Text(), nullable=False),
    sa.Column('expires_at', sa.Float(), nullable=False),
    sa.Column('updated_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('user_key')
    )
    with op.batch_alter_table('conversation_state', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversation_state_expires_at'), ['expires_at'], unique=False)

    op.create_table('rate_events',
    sa.Column('scope', _str(length=40), nullable=False),
    sa.Column('key', _str(length=64), nullable=False),
    sa.Column('at', sa.Float(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('rate_events', schema=None) as batch_op:
        batch_op.create_index('ix_rate_events_scope_key_at', ['scope', 'key', 'at'], unique=False)

    op.create_table('telegram_buttons',
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('ref', _str(length=32), nullable=False),
    sa.Column('created_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('ref')
    )
    with op.batch_alter_table('telegram_buttons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_telegram_buttons_created_at'), ['created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('telegram_buttons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_telegram_buttons_created_at'))
    op.drop_table('telegram_buttons')
    with op.batch_alter_table('rate_events', schema=None) as batch_op:
        batch_op.drop_index('ix_rate_events_scope_key_at')
    op.drop_table('rate_events')
    with op.batch_alter_table('conversation_state', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversation_state_expires_at'))
    op.drop_table('conversation_state')
