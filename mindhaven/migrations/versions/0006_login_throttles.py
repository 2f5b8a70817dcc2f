"""login throttles: lock out a network address, not the account

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 18:10:00.000000

"""
from alembic import op
import sqlalchemy as sa

import mindhaven.dbtypes


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_throttles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('locked_until', mindhaven.dbtypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_login_throttles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'source', name=op.f('pk_login_throttles'))
    )


def downgrade():
    op.drop_table('login_throttles')
