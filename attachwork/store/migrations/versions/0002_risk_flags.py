"""Risk flags: which saved texts the risk screen flagged, and when a therapist reviewed them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "risk_flags",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("client_id", sa.String(36),
                  sa.ForeignKey("clients.id", ondelete="CASCADE"), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("record_kind", sa.String(40), nullable=False),
        sa.Column("workbook", sa.String(40), nullable=True),
        sa.Column("categories", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewed_by", sa.String(16), nullable=True),
    )
    op.create_index("ix_risk_flags_client_id", "risk_flags", ["client_id"])
    op.create_index("ix_risk_flags_record_id", "risk_flags", ["record_id"])


def downgrade() -> None:
    op.drop_table("risk_flags")
