"""The public pages lead to the admin's sign-in from their footer (#35), as a plain link: the
admin is no Dash page, so the app's in-page navigation must not take it."""

from __future__ import annotations

import re


def test_every_page_s_footer_links_to_the_sign_in_page_as_a_plain_link(app):
    client = app.server.test_client()
    for path in ("/", "/jamfor", "/om"):
        page = client.get(path).get_data(as_text=True)
        links = re.findall(r"<a [^>]*href=\"/admin/logga-in\"[^>]*>", page)
        assert links, path
        assert all("data-app-link" not in link for link in links), links
    assert client.get("/admin/logga-in").status_code in (200, 301, 302, 308)
