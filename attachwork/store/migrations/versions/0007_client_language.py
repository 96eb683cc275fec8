"""Each client's profile has a language: the one their pages, handouts and exports speak.
Clients held so far get "" (the practice's own language, ``ATTACHWORK_LANG``), so nothing they
see changes until a therapist chooses another.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("clients") as batch:
        batch.add_column(sa.Column("language", sa.String(8), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("clients") as batch:
        batch.drop_column("language")
