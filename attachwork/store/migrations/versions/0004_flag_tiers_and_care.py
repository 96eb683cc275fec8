"""Risk flags say how urgent they are and why, and a review records what was done.

``level``: ``clear`` (risk to self said plainly), ``possible`` (quieter signs) or
``partner`` (danger from a partner); ``reasons``: the content keys of why, never the words.
``review_actions``: what the therapist did (codes such as ``asked_safety``), and an optional
``review_note`` of theirs.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("risk_flags") as batch:
        batch.add_column(sa.Column("level", sa.String(16), nullable=False, server_default="clear"))
        batch.add_column(sa.Column("reasons", sa.String(800), nullable=False, server_default=""))
        batch.add_column(sa.Column("review_actions", sa.String(200), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("review_note", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("risk_flags") as batch:
        for column in ("review_note", "review_actions", "reasons", "level"):
            batch.drop_column(column)
