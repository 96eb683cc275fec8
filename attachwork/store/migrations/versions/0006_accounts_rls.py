"""Practice accounts, caseloads, and row-level security on PostgreSQL.

``accounts`` are the therapists and clients who log in to a practice server (each with its
own PostgreSQL role); ``caseload`` says which clients a therapist works with. A caseload line
has no foreign key to ``clients``: it outlives an erased client, so the therapist still reads
the audit line that the client was erased.

On PostgreSQL every table that holds a client's records gets row-level security. The account
roles are members of ``attachwork_app`` and the policies apply to it: a client's role reaches
its own client's rows only, a therapist's role the rows of its caseload. Which clients a
login role may see is answered by ``attachwork_visible_clients()``, a ``SECURITY DEFINER``
function (the roles cannot read ``accounts`` or ``caseload`` themselves). A client a
therapist adds is put on that therapist's caseload by a trigger. The owner of the tables
(the practice server's administrator connection) is not subject to the policies. SQLite
gets the two tables and no policies: it serves one person.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

APP_ROLE = "attachwork_app"
#: table -> the column naming whose records a row holds
CLIENT_TABLES = {
    "entries": "client_id",
    "record_versions": "client_id",
    "drafts": "client_id",
    "risk_flags": "client_id",
    "hand_backs": "client_id",
    "handouts": "client_id",
}
VISIBLE = "(SELECT attachwork_visible_clients())"


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("username", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("client_id", sa.String(36), nullable=True),
        sa.Column("db_role", sa.String(63), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "caseload",
        sa.Column("therapist", sa.String(32),
                  sa.ForeignKey("accounts.username", ondelete="CASCADE"), primary_key=True),
        sa.Column("client_id", sa.String(36), primary_key=True),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_caseload_client_id", "caseload", ["client_id"])
    if op.get_bind().dialect.name == "postgresql":
        _row_level_security()


def _row_level_security() -> None:
    schema = op.get_bind().execute(sa.text("SELECT quote_ident(current_schema())")).scalar()
    op.execute(f"""
        DO $$ BEGIN
          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
            CREATE ROLE {APP_ROLE} NOLOGIN;
          END IF;
        END $$""")
    op.execute(f"""
        CREATE OR REPLACE FUNCTION attachwork_visible_clients() RETURNS SETOF varchar
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
          SELECT a.client_id FROM accounts a
           WHERE a.db_role = session_user AND a.active AND a.kind = 'client'
             AND a.client_id IS NOT NULL
          UNION
          SELECT c.client_id FROM caseload c JOIN accounts a ON a.username = c.therapist
           WHERE a.db_role = session_user AND a.active AND a.kind = 'therapist'
        $$""")
    op.execute(f"""
        CREATE OR REPLACE FUNCTION attachwork_is_therapist() RETURNS boolean
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
          SELECT EXISTS (SELECT 1 FROM accounts a WHERE a.db_role = session_user
                         AND a.active AND a.kind = 'therapist')
        $$""")
    op.execute(f"""
        CREATE OR REPLACE FUNCTION attachwork_assign_new_client() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
        BEGIN
          INSERT INTO caseload (therapist, client_id, assigned_at)
          SELECT a.username, NEW.id, now() FROM accounts a
           WHERE a.db_role = session_user AND a.active AND a.kind = 'therapist'
          ON CONFLICT DO NOTHING;
          RETURN NEW;
        END $$""")
    for fn in ("attachwork_visible_clients()", "attachwork_is_therapist()",
               "attachwork_assign_new_client()"):
        op.execute(f"REVOKE ALL ON FUNCTION {fn} FROM PUBLIC")
        op.execute(f"GRANT EXECUTE ON FUNCTION {fn} TO {APP_ROLE}")
    op.execute("""
        CREATE TRIGGER attachwork_assign_new_client AFTER INSERT ON clients
        FOR EACH ROW EXECUTE FUNCTION attachwork_assign_new_client()""")

    # clients: read and change what one sees; only a therapist adds or erases a client.
    op.execute("ALTER TABLE clients ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY attachwork_read ON clients FOR SELECT TO {APP_ROLE} "
               f"USING (id IN {VISIBLE})")
    op.execute(f"CREATE POLICY attachwork_change ON clients FOR UPDATE TO {APP_ROLE} "
               f"USING (id IN {VISIBLE}) WITH CHECK (id IN {VISIBLE})")
    op.execute(f"CREATE POLICY attachwork_add ON clients FOR INSERT TO {APP_ROLE} "
               "WITH CHECK (attachwork_is_therapist())")
    op.execute(f"CREATE POLICY attachwork_erase ON clients FOR DELETE TO {APP_ROLE} "
               f"USING (id IN {VISIBLE} AND attachwork_is_therapist())")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON clients TO {APP_ROLE}")

    for table, column in CLIENT_TABLES.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY attachwork_own ON {table} TO {APP_ROLE} "
                   f"USING ({column} IN {VISIBLE}) WITH CHECK ({column} IN {VISIBLE})")
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {APP_ROLE}")

    # The audit log is append-only for the accounts, and each reads only its own lines.
    op.execute("ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY attachwork_read ON audit_log FOR SELECT TO {APP_ROLE} "
               f"USING (client_ref IN {VISIBLE})")
    op.execute(f"CREATE POLICY attachwork_note ON audit_log FOR INSERT TO {APP_ROLE} "
               f"WITH CHECK (client_ref IN {VISIBLE})")
    op.execute(f"GRANT SELECT, INSERT ON audit_log TO {APP_ROLE}")

    op.execute(f"GRANT SELECT ON alembic_version TO {APP_ROLE}")
    op.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {APP_ROLE}")
    op.execute(f"GRANT USAGE ON SCHEMA {schema} TO {APP_ROLE}")
    op.execute("REVOKE ALL ON accounts, caseload FROM PUBLIC")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in ("clients", "audit_log", *CLIENT_TABLES):
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
            for policy in ("attachwork_read", "attachwork_change", "attachwork_add",
                           "attachwork_erase", "attachwork_own", "attachwork_note"):
                op.execute(f"DROP POLICY IF EXISTS {policy} ON {table}")
        op.execute("DROP TRIGGER IF EXISTS attachwork_assign_new_client ON clients")
        op.execute("DROP FUNCTION IF EXISTS attachwork_assign_new_client()")
        op.execute("DROP FUNCTION IF EXISTS attachwork_is_therapist()")
        op.execute("DROP FUNCTION IF EXISTS attachwork_visible_clients()")
    op.drop_table("caseload")
    op.drop_table("accounts")
