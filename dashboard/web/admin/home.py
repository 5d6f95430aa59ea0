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
    return {"account": current_account(), "example_data": _example_data()}


def _example_data() -> bool:
    """Whether the published version holds example values: said on every admin page, as on
    every public view, so no one takes an example value in a preview for a real one."""
    from dashboard.data.loader import DataError, get_dataset

    try:
        return get_dataset().has_example_data
    except DataError:
        return False
