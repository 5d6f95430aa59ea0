"""The store's tables (SQLAlchemy Core). Alembic's migrations in `migrations/` create them;
this module is what the code reads and writes through, and a test holds the two alike.

Versions are linear: each has the version it was made from as its parent, and a parent has
at most one child (`uq_version_parent`). Two publishes made from the same version cannot
both land: the database refuses the second, whatever server or worker it came from. The
first version (the seed) has parent 0, so two servers seeding an empty database at once
cannot both succeed either.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# --- versions of the dataset (migration 0001) ----------------------------------------------

meta = sa.Table(
    "meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

blob = sa.Table(  # file contents, by their SHA-256: a version repeats no unchanged file
    "blob",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
)

dataset_version = sa.Table(
    "dataset_version",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("parent_id", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("source", sa.String(500), nullable=False),  # which file, survey or undo
    sa.Column("summary", sa.Text, nullable=False),  # what changed, in Swedish
    sa.Column("changes", sa.Text, nullable=False),  # the same as JSON (store/diff.py)
    sa.Column("content_sha", sa.String(64), nullable=False),  # over every file's path and sha
    sa.UniqueConstraint("parent_id", name="uq_version_parent"),
)

version_file = sa.Table(
    "version_file",
    metadata,
    sa.Column("version_id", sa.Integer, sa.ForeignKey("dataset_version.id"), primary_key=True),
    sa.Column("path", sa.String(300), primary_key=True),  # relative, with '/'
    sa.Column("sha256", sa.String(64), sa.ForeignKey("blob.sha256"), nullable=False),
)

# --- people, sign-in, audit, uploads and the yearly survey (migration 0002) ----------------

account = sa.Table(
    "account",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(200), nullable=False, unique=True),
    sa.Column("display_name", sa.String(200), nullable=False),
    sa.Column("role", sa.String(32), nullable=False),  # forvaltare | kommunrapportor
    sa.Column("municipality_code", sa.String(4), nullable=True),  # a kommunrapportör's own
    sa.Column("password_hash", sa.String(200), nullable=True),  # argon2; none: only via OIDC
    sa.Column("oidc_subject", sa.String(300), nullable=True, unique=True),
    sa.Column("active", sa.Boolean, nullable=False, default=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

session = sa.Table(  # the cookie holds a random token; only its SHA-256 is stored
    "session",
    metadata,
    sa.Column("token_sha", sa.String(64), primary_key=True),
    sa.Column("account_id", sa.Integer, sa.ForeignKey("account.id"), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
)

login_attempt = sa.Table(
    "login_attempt",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("username", sa.String(200), nullable=False),
    sa.Column("ip", sa.String(64), nullable=False),
    sa.Column("ok", sa.Boolean, nullable=False),
)

audit = sa.Table(
    "audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("username", sa.String(200), nullable=False),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("detail", sa.Text, nullable=False),
    sa.Column("ip", sa.String(64), nullable=False),
    sa.Column("refused", sa.Boolean, nullable=False, default=False),
)

upload = sa.Table(  # a file uploaded for preview; published or discarded later
    "upload",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),  # what the CLI's --vad names
    sa.Column("filename", sa.String(300), nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
    sa.Column("base_version_id", sa.Integer, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # vantar | publicerad | kasserad
    sa.Column("preview", sa.Text, nullable=False),  # JSON: summary and changes
    sa.Column("published_version_id", sa.Integer, nullable=True),
)

survey = sa.Table(  # Länsstyrelsens årsuppföljning (extern) for one year
    "survey",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("year", sa.Integer, nullable=False, unique=True),
    sa.Column("indicators", sa.Text, nullable=False),  # JSON list of indicator ids
    sa.Column("deadline", sa.Date, nullable=False),
    sa.Column("opened_by", sa.String(200), nullable=False),
    sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("closed", sa.Boolean, nullable=False, default=False),
)

survey_response = sa.Table(
    "survey_response",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("survey_id", sa.Integer, sa.ForeignKey("survey.id"), nullable=False),
    sa.Column("municipality_code", sa.String(4), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # utkast|inskickad|atersand|godkand
    sa.Column("answers", sa.Text, nullable=False),  # JSON {indicator: {"varde","anmarkning"}}
    sa.Column("comment", sa.Text, nullable=False, default=""),  # the förvaltare's, when sent back
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_by", sa.String(200), nullable=False),
    sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("reviewed_by", sa.String(200), nullable=True),
    sa.Column("published_version_id", sa.Integer, nullable=True),
    sa.UniqueConstraint("survey_id", "municipality_code", name="uq_survey_response_kommun"),
)
