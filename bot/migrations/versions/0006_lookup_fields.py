"""look-up fields: schools.grades, zones.upper_primary_school_id, services.topics

Revision ID: 0006
Revises: 0008 (chained after main's latest: 0008 web requests)
Create Date: 2026-11-30 00:50:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0006'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.add_column(sa.Column('grades', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False, server_default=''))
    with op.batch_alter_table('zones', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('upper_primary_school_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False, server_default='')
        )
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.add_column(sa.Column('topics', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('services', schema=None) as batch_op:
        batch_op.drop_column('topics')
    with op.batch_alter_table('zones', schema=None) as batch_op:
        batch_op.drop_column('upper_primary_school_id')
    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.drop_column('grades')
