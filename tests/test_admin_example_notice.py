"""Every admin page says Exempeldata while the published version holds example values, as
every public view does (#35): a preview's "före" may be an invented value."""

from __future__ import annotations

from test_admin_uploads import admin, sign_in, store  # noqa: F401 - the fixtures

from dashboard.data import loader

NOTICE = ("<strong>Exempeldata:</strong> den publicerade versionen innehåller påhittade värden. "
          "Det du läser in eller godkänner här är verkliga uppgifter.")  # fmt: skip
PAGES = ["/admin/", "/admin/inlasning", "/admin/versioner", "/admin/arsuppfoljning",
         "/admin/konton", "/admin/logg"]  # fmt: skip


def test_every_admin_page_carries_the_notice_while_example_values_are_published(admin):  # noqa: F811
    assert loader.get_dataset().has_example_data
    for path in PAGES:
        page = admin.get(path)
        assert page.status_code == 200, path
        text = page.get_data(as_text=True)
        assert 'aria-label="Exempeldata"' in text, path
        assert NOTICE in " ".join(text.split()), path


def test_the_sign_in_page_has_no_notice_for_a_visitor(app):
    assert loader.get_dataset().has_example_data
    page = app.server.test_client().get("/admin/logga-in").get_data(as_text=True)
    assert 'aria-label="Exempeldata"' not in page and "Exempeldata" not in page
