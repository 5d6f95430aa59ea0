"""The menu, the warm-up's page list and the current-page mark come from Dash's page registry
(ui/menu.py): one list of pages, the register_page calls."""

from __future__ import annotations

import re

import dash
import pytest

from dashboard import dash_seam
from dashboard.ui import menu, static_html
from dashboard.ui.components import json_ready, navbar


def _menu_hrefs() -> list[str]:
    """The menu links' addresses, in the markup the server writes."""
    html = static_html.render(json_ready(navbar("Kvinnofrid")))
    tags = re.findall(r"<a [^>]*data-current-paths[^>]*>", html)
    return [re.search(r'href="([^"]*)"', tag).group(1) for tag in tags]


def test_every_page_is_in_the_menu_unless_it_says_otherwise(app):
    hrefs = _menu_hrefs()
    wanted = [p["path"] for p in dash.page_registry.values() if p.get("menu", True) is not False]
    missing = [path for path in wanted if path not in hrefs]
    assert not missing, f"registered pages missing from the menu: {missing}"
    assert hrefs == wanted, "the menu is not in the pages' `order`"


def test_the_menu_names_no_address_without_a_page(app):
    for href in _menu_hrefs():
        page, _ = dash_seam.page_at(href.strip("/"))
        assert page and page["path"] == href, f"the menu links to {href}, which no page has"


def test_the_menu_as_people_see_it(app):
    labels = [(item.label, item.href) for item in menu.menu_items()]
    assert labels == [("Översikt", "/"), ("Jämför", "/jamfor"), ("Kommun", "/kommun"),
                      ("Strategi", "/strategi"), ("Uppföljning", "/uppfoljning"),
                      ("Presentera", "/presentera"), ("Om data", "/om")]  # fmt: skip


def test_every_page_outside_the_menu_marks_its_section(app):
    """A sub-page marks the menu item it lies under; only the 404 page marks none."""
    for page in dash.page_registry.values():
        if menu.in_menu(page) or page["module"].endswith(menu.NOT_FOUND_MODULE):
            continue
        address = page.get("path_template") or page["path"]
        assert any(address in item.current_paths for item in menu.menu_items()), page["module"]


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/", "/"),
        ("/jamfor", "/jamfor"),
        ("/kommun", "/kommun"),
        ("/kommun/0780", "/kommun"),
        ("/kommun/0780/rapport", "/kommun"),
        ("/strategi", "/strategi"),
        ("/strategi/sammanhang", "/strategi"),
        ("/strategi/2", "/strategi"),
        ("/strategi/2/2.5", "/strategi"),
        ("/strategi/2/2.5/", "/strategi"),
        ("/om", "/om"),
        ("/finns-inte", None),
        ("/strategi/2/2.5/extra", None),
        ("/jamforelse", None),
    ],
)
def test_the_current_page_mark(app, path, current):
    assert menu.current_href(path) == current


def test_warming_opens_every_page_with_an_address_of_its_own_menu_first(app):
    assert menu.page_addresses() == ["/", "/jamfor", "/kommun", "/strategi", "/uppfoljning",
                                     "/presentera", "/om", "/strategi/sammanhang",
                                     "/uppfoljning/verksamhetsplan"]  # fmt: skip


def test_a_page_as_dash_documents_it_is_in_the_menu_under_its_name():
    pages = [
        {"module": "pages.a", "path": "/", "name": "Start"},
        {"module": "pages.b", "path": "/b", "name": "B-sidan", "menu": "B"},
        {"module": "pages.c", "path": "/c", "name": "Ny sida"},  # no menu=: in it by name
        {
            "module": "pages.d",
            "path": "/b/d",
            "path_template": "/b/<x>",
            "name": "D",
            "menu": False,
        },
    ]
    items = menu.menu_items(pages)
    assert [(i.label, i.href) for i in items] == [("Start", "/"), ("B", "/b"), ("Ny sida", "/c")]
    assert items[1].current_paths == ("/b", "/b/<x>")
    assert items[0].current_paths == ("/",)  # the start page marks only itself


def test_matching_is_by_segment():
    assert menu.matches("/kommun/0780", "/kommun/<kod>")
    assert not menu.matches("/kommun/", "/kommun/<kod>")
    assert not menu.matches("/kommun/0780/rapport", "/kommun/<kod>")
    assert menu.matches("/", "/") and not menu.matches("/om", "/")
