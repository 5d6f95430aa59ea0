"""Versions of the dataset: every publish is one, with its files and what changed.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "blob",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "dataset_version",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("parent_id", sa.Integer, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("source", sa.String(500), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("changes", sa.Text, nullable=False),
        sa.Column("content_sha", sa.String(64), nullable=False),
        sa.UniqueConstraint("parent_id", name="uq_version_parent"),
    )
    op.create_table(
        "version_file",
        sa.Column(
            "version_id", sa.Integer, sa.ForeignKey("dataset_version.id"), primary_key=True
        ),  # fmt: skip
        sa.Column("path", sa.String(300), primary_key=True),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("blob.sha256"), nullable=False),
    )


def downgrade() -> None:
    for table in ("version_file", "dataset_version", "blob", "meta"):
        op.drop_table(table)
