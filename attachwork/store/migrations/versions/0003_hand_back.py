"""Hand-back between clinic and home: the audit log, hand-back marks and handouts.

The audit log has no foreign key on purpose: its rows outlive an erased client and hold
the pseudonymous id only, never content.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(16), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("client_ref", sa.String(36), nullable=False),
        sa.Column("detail", sa.String(200), nullable=False),
    )
    op.create_index("ix_audit_log_client_ref", "audit_log", ["client_ref"])
    op.create_table(
        "hand_backs",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("client_id", sa.String(36),
                  sa.ForeignKey("clients.id", ondelete="CASCADE"), nullable=False),
        sa.Column("bundle_id", sa.String(36), nullable=False),
        sa.Column("bundle_type", sa.String(16), nullable=False),
        sa.Column("direction", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("known", sa.JSON, nullable=False),
    )
    op.create_index("ix_hand_backs_client_id", "hand_backs", ["client_id"])
    op.create_table(
        "handouts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("client_id", sa.String(36),
                  sa.ForeignKey("clients.id", ondelete="CASCADE"), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("html", sa.Text, nullable=False),
    )
    op.create_index("ix_handouts_client_id", "handouts", ["client_id"])


def downgrade() -> None:
    op.drop_table("handouts")
    op.drop_table("hand_backs")
    op.drop_table("audit_log")
