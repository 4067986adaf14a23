"""web requests: one answer per client request_id; queries link to the same user's previous turn

Revision ID: 0008
Revises: 0009
Create Date: 2026-11-30 02:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0008'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_str = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table('web_requests',
    sa.Column('key', _str(length=64), nullable=False),
    sa.Column('status', _str(length=20), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_index('ix_web_requests_created_at', 'web_requests', ['created_at'])
    with op.batch_alter_table('queries') as batch:
        batch.add_column(sa.Column('previous_id', _str(length=32), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('queries') as batch:
        batch.drop_column('previous_id')
    op.drop_index('ix_web_requests_created_at', table_name='web_requests')
    op.drop_table('web_requests')
