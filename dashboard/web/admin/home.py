"""The admin's start page: what the signed-in person can do."""

from __future__ import annotations

from flask import render_template

from dashboard.web.admin import blueprint
from dashboard.web.admin.auth import current_account, require


@blueprint.get("/")
@require()
def start():
    return render_template("admin/start.html", account=current_account())


@blueprint.context_processor
def signed_in() -> dict:
    return {"account": current_account()}
