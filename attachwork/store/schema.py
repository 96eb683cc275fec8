"""Tables. Changing them needs a new Alembic migration in ``migrations/versions``."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ClientRow(Base):
    __tablename__ = "clients"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    pseudonym: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    initials: Mapped[str] = mapped_column(String(8), nullable=False, default="")
    relationship_context: Mapped[str] = mapped_column(String(32), nullable=False)
    goals: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class EntryRow(Base):
    __tablename__ = "entries"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    client_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("clients.id", ondelete="CASCADE"), index=True, nullable=False
    )
    kind: Mapped[str] = mapped_column(String(40), index=True, nullable=False)
    payload: Mapped[dict] = mapped_column(JSON, nullable=False)
    author: Mapped[str] = mapped_column(String(16), nullable=False)
    place: Mapped[str] = mapped_column(String(16), nullable=False)
    workbook: Mapped[str | None] = mapped_column(String(40), nullable=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    flagged: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class VersionRow(Base):
    """An earlier state of an entry or a client profile, kept when it was edited."""

    __tablename__ = "record_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[str] = mapped_column(String(36), index=True, nullable=False)
    client_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("clients.id", ondelete="CASCADE"), index=True, nullable=False
    )
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    payload: Mapped[dict] = mapped_column(JSON, nullable=False)
    author: Mapped[str] = mapped_column(String(16), nullable=False)
    place: Mapped[str] = mapped_column(String(16), nullable=False)
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class DraftRow(Base):
    __tablename__ = "drafts"
    client_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True
    )
    form_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    #: The browser tab (page) the draft was typed in; "" for a draft of no particular tab.
    tab: Mapped[str] = mapped_column(String(36), primary_key=True, default="")
    payload: Mapped[dict] = mapped_column(JSON, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class RiskFlagRow(Base):
    """A saved text the risk screen flagged. Categories only: never the words."""

    __tablename__ = "risk_flags"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    client_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("clients.id", ondelete="CASCADE"), index=True, nullable=False
    )
    record_id: Mapped[str] = mapped_column(String(36), index=True, nullable=False)
    record_kind: Mapped[str] = mapped_column(String(40), nullable=False)
    workbook: Mapped[str | None] = mapped_column(String(40), nullable=True)
    categories: Mapped[str] = mapped_column(String(200), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    reviewed_by: Mapped[str | None] = mapped_column(String(16), nullable=True)
    #: clear | possible | partner: how urgent, most urgent first
    level: Mapped[str] = mapped_column(String(16), nullable=False, default="clear")
    #: content keys of why (comma-separated), never the words
    reasons: Mapped[str] = mapped_column(String(800), nullable=False, default="")
    #: what the therapist did when reviewing it (codes, comma-separated), and their note
    review_actions: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    review_note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class AuditRow(Base):
    """What happened to whose records: imports, exports, erasures. Never content, and no
    foreign key, so the line that a client was erased outlives the client."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    actor: Mapped[str] = mapped_column(String(16), nullable=False)
    action: Mapped[str] = mapped_column(String(32), nullable=False)
    client_ref: Mapped[str] = mapped_column(String(36), index=True, nullable=False)
    detail: Mapped[str] = mapped_column(String(200), nullable=False)


class HandBackRow(Base):
    """A bundle made or taken in. ``known`` maps entry id to the digest of the state the
    other side holds, so a return bundle carries exactly what the clinic has not seen."""

    __tablename__ = "hand_backs"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    client_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("clients.id", ondelete="CASCADE"), index=True, nullable=False
    )
    bundle_id: Mapped[str] = mapped_column(String(36), nullable=False)
    bundle_type: Mapped[str] = mapped_column(String(16), nullable=False)
    direction: Mapped[str] = mapped_column(String(16), nullable=False)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    known: Mapped[dict] = mapped_column(JSON, nullable=False)


class HandoutRow(Base):
    """A handout page the therapist sent home in a starter bundle (self-contained HTML)."""

    __tablename__ = "handouts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    client_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("clients.id", ondelete="CASCADE"), index=True, nullable=False
    )
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    html: Mapped[str] = mapped_column(Text, nullable=False)


class AccountRow(Base):
    """Who logs in to a practice server: a therapist or a client, each with its own
    PostgreSQL role (``db_role``). The password is kept as a scrypt hash only."""

    __tablename__ = "accounts"
    username: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    client_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    db_role: Mapped[str] = mapped_column(String(63), unique=True, nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class CaseloadRow(Base):
    """A client on a therapist's caseload. No foreign key to ``clients``: the line outlives
    an erased client, so the therapist still reads the audit line of the erasure."""

    __tablename__ = "caseload"
    therapist: Mapped[str] = mapped_column(
        String(32), ForeignKey("accounts.username", ondelete="CASCADE"), primary_key=True
    )
    client_id: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)
    assigned_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), nullable=False)
