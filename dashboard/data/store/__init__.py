"""The live store: versions of the dataset in a database (SQLite by default, PostgreSQL
when DATABASE_URL names it), accounts, the audit log, uploads and the yearly survey.
`versions` and `live` are read by the loader; the admin (dashboard/web/admin) writes."""
