"""Accounts, sessions, sign-in attempts, the audit log, uploads and the yearly survey.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(200), nullable=False, unique=True),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("municipality_code", sa.String(4), nullable=True),
        sa.Column("password_hash", sa.String(200), nullable=True),
        sa.Column("oidc_subject", sa.String(300), nullable=True, unique=True),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "session",
        sa.Column("token_sha", sa.String(64), primary_key=True),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("account.id"), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("last_seen_at", TZ, nullable=False),
    )
    op.create_table(
        "login_attempt",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", TZ, nullable=False, index=True),
        sa.Column("username", sa.String(200), nullable=False),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.Column("ok", sa.Boolean, nullable=False),
    )
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", TZ, nullable=False, index=True),
        sa.Column("username", sa.String(200), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.Column("refused", sa.Boolean, nullable=False),
    )
    _work()


def _work() -> None:
    """What the förvaltare and the municipalities work on before it is published."""
    op.create_table(
        "upload",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("filename", sa.String(300), nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("base_version_id", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("preview", sa.Text, nullable=False),
        sa.Column("published_version_id", sa.Integer, nullable=True),
    )
    op.create_table(
        "survey",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("year", sa.Integer, nullable=False, unique=True),
        sa.Column("indicators", sa.Text, nullable=False),
        sa.Column("deadline", sa.Date, nullable=False),
        sa.Column("opened_by", sa.String(200), nullable=False),
        sa.Column("opened_at", TZ, nullable=False),
        sa.Column("closed", sa.Boolean, nullable=False),
    )
    op.create_table(
        "survey_response",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("survey_id", sa.Integer, sa.ForeignKey("survey.id"), nullable=False),
        sa.Column("municipality_code", sa.String(4), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("answers", sa.Text, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
        sa.Column("submitted_at", TZ, nullable=True),
        sa.Column("reviewed_by", sa.String(200), nullable=True),
        sa.Column("published_version_id", sa.Integer, nullable=True),
        sa.UniqueConstraint("survey_id", "municipality_code", name="uq_survey_response_kommun"),
    )


def downgrade() -> None:
    for table in ("survey_response", "survey", "upload", "audit", "login_attempt", "session",
                  "account"):  # fmt: skip
        op.drop_table(table)
