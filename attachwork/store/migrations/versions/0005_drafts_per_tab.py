"""Drafts are kept per browser tab: two tabs typing into one form no longer overwrite each
other's unsaved text. The drafts table gains ``tab`` in its primary key; every draft held so
far becomes the draft of no particular tab ("").

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _drafts(name: str, with_tab: bool) -> None:
    columns = [
        sa.Column("client_id", sa.String(36),
                  sa.ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("form_key", sa.String(80), primary_key=True),
    ]
    if with_tab:
        columns.append(sa.Column("tab", sa.String(36), primary_key=True))
    op.create_table(name, *columns,
                    sa.Column("payload", sa.JSON(), nullable=False),
                    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False))


def upgrade() -> None:
    _drafts("drafts_per_tab", with_tab=True)
    op.execute("INSERT INTO drafts_per_tab (client_id, form_key, tab, payload, updated_at) "
               "SELECT client_id, form_key, '', payload, updated_at FROM drafts")
    op.drop_table("drafts")
    op.rename_table("drafts_per_tab", "drafts")


def downgrade() -> None:
    _drafts("drafts_one_per_form", with_tab=False)
    op.execute("INSERT INTO drafts_one_per_form (client_id, form_key, payload, updated_at) "
               "SELECT d.client_id, d.form_key, d.payload, d.updated_at FROM drafts d "
               "WHERE d.tab = (SELECT min(e.tab) FROM drafts e WHERE e.client_id = d.client_id "
               "AND e.form_key = d.form_key)")
    op.drop_table("drafts")
    op.rename_table("drafts_one_per_form", "drafts")
