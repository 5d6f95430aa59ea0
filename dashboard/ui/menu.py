"""The site menu and the list of pages, both read from Dash's page registry.

There is one list of pages: the `dash.register_page` calls. Each says in `order=` (Dash's
own) where it stands and in `menu=` whether the menu shows it:

- no `menu=`: in the menu under its `name`, as Dash's documentation builds a menu;
- `menu="Jämför"`: in the menu with that (shorter) label;
- `menu=False`: not in the menu (a sub-page such as /strategi/<mal>, the 404 page).

A page not in the menu marks as current the menu item under whose address it lies
(/strategi/<mal>/<delmal> marks Strategi); the start page's item marks only the start page.
The menu link carries these addresses (`data-current-paths`), so the browser marks the
current page after a navigation by the same rule, without a list of its own
(assets/05_menu.js).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import dash

NOT_FOUND_MODULE = "not_found_404"  # Dash's name for the page of unknown addresses


@dataclass(frozen=True)
class MenuItem:
    label: str
    href: str
    current_paths: tuple[str, ...]  # the addresses (path templates) that mark it current


def _pages() -> list[Mapping[str, object]]:
    return list(dash.page_registry.values())  # Dash keeps it sorted by `order`


def in_menu(page: Mapping[str, object]) -> bool:
    return page.get("menu", True) is not False


def _own_paths(page: Mapping[str, object]) -> tuple[str, ...]:
    template = page.get("path_template")
    return (str(page["path"]),) + ((str(template),) if template else ())


def _lies_under(path: str, href: str) -> bool:
    return href != "/" and (path == href or path.startswith(href.rstrip("/") + "/"))


def menu_items(pages: Iterable[Mapping[str, object]] | None = None) -> list[MenuItem]:
    """The menu in the registry's order, each item with the addresses that mark it current:
    its page's own, and those of every page outside the menu that lies under it (the item
    with the longest address, when several would do)."""
    pages = _pages() if pages is None else list(pages)
    entries = [p for p in pages if in_menu(p)]
    marks: dict[str, list[str]] = {str(p["path"]): list(_own_paths(p)) for p in entries}
    for page in pages:
        if in_menu(page):
            continue
        own = _own_paths(page)[-1]  # its template, else its path
        under = [href for href in marks if _lies_under(own, href)]
        if under:
            marks[max(under, key=len)].append(own)
    return [
        MenuItem(str(p.get("menu") or p["name"]), str(p["path"]), tuple(marks[str(p["path"])]))
        for p in entries
    ]


def matches(path: str, template: str) -> bool:
    """Whether an address fits a page's path or path template, segment by segment
    (<name> stands for any one segment). The browser applies the same rule."""
    parts, wanted = path.strip("/").split("/"), template.strip("/").split("/")
    return len(parts) == len(wanted) and all(
        w == p or (w.startswith("<") and w.endswith(">") and p != "")
        for p, w in zip(parts, wanted, strict=True)
    )


def is_current(current_paths: Iterable[str], path: str) -> bool:
    return any(matches(path, template) for template in current_paths)


def current_href(path: str) -> str | None:
    """The address of the menu item that the page at `path` marks as current, if any."""
    return next((i.href for i in menu_items() if is_current(i.current_paths, path)), None)


def page_addresses() -> list[str]:
    """Every page that has an address of its own without path variables, the menu's first
    (in its order), then the others in the registry's order; not the 404 page."""
    if not dash.page_registry:  # an empty list would warm, or test, nothing without a word
        raise RuntimeError("Dash's page registry is empty: build the app first (create_app)")
    pages = [p for p in _pages() if not str(p["module"]).endswith(NOT_FOUND_MODULE)]
    menu = [str(p["path"]) for p in pages if in_menu(p)]
    others = [str(p["path"]) for p in pages if not in_menu(p) and not p.get("path_template")]
    return menu + others
