"""What a page may rely on, checked once when the app starts, and refused with a message.

A page written as Dash's documentation teaches (register_page, a layout function taking the
URL's parameters, dcc.Graph with any plotly chart, callbacks) works here unchanged:

- its layout is built for every request, as Dash builds it, unless the page says how its
  URL maps to a cacheable state (`canonical_query`, page_cache.py) or its layout reads no
  URL at all;
- any plotly trace type is drawn as that type (assets/03_plotly.js);
- a data error while building it shows the Swedish message, not a crash (`guarded`).

What cannot be made safe is checked here, and the app refuses to start with a message in
Swedish and English naming the page and what to change:

- every callback's Input, State and Output names a component some page's layout (or the
  menu shell) has; an id inside a `frozen()` block or an SVG block is HTML, which Dash
  cannot see or update. In the browser such a callback fails with "nonexistent object",
  silently, taking its other outputs with it; Dash's own check would need every page's
  layout sent in every page's HTML (config.validation_layout), which the speed budget does
  not allow, so it is done here, once;
- `canonical_query` and `found`, when a page declares them, are functions of (dataset,
  parameters), and the layout accepts every parameter `canonical_query` gives it.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Iterator, Mapping

import dash

from dashboard import dash_seam
from dashboard.data.loader import DataError, Dataset, get_dataset
from dashboard.ui import static_html
from dashboard.ui.components import json_ready, shell

_HTML_IDS = re.compile(r' id="([^"]+)"')


class PageContractError(RuntimeError):
    """A page the app cannot serve correctly; the message says which and what to change."""


def check_app(app: dash.Dash) -> None:
    """Every page of Dash's registry against the rules above; raises PageContractError.

    Builds every page's layout as Dash's own check does (layout() without arguments; the
    cacheable ones go into the cache, where the warm-up finds them). With data that does
    not load, only the declarations are checked: every page then shows the data error."""
    try:
        dataset: Dataset | None = get_dataset()
    except DataError:
        dataset = None
    pages = list(dash.page_registry.values())
    for page in pages:
        check_declarations(page, dataset)
    if dataset is None:
        return
    layouts = {
        str(page["module"]): page["layout"]() if callable(page["layout"]) else page["layout"]
        for page in pages
    }
    check_callbacks(app, layouts, shell(dash.page_container))


def _refuse(module: str, swedish: str, english: str) -> PageContractError:
    return PageContractError(
        f"Sidan {module} kan inte visas rätt: {swedish}\nPage {module} cannot be served "
        f"correctly: {english}\n(docs/architecture.md: 'Your first page')"
    )


def accepts(function: Callable[..., object], names: Iterable[str]) -> bool:
    """Whether function(**{name: …}) is a valid call for every name."""
    parameters = inspect.signature(function).parameters.values()
    if any(p.kind is p.VAR_KEYWORD for p in parameters):
        return True
    named = {p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    return set(names) <= named


def reads_url(layout: Callable[..., object]) -> bool:
    """Whether a layout function takes any argument (Dash passes the URL's parameters)."""
    return bool(inspect.signature(layout).parameters)


def check_declarations(page: Mapping[str, object], dataset: Dataset | None) -> None:
    """canonical_query and found, when declared, as page_cache and the 404 status use them."""
    module = str(page.get("module"))
    layout = page.get("layout")
    for name in ("canonical_query", "found"):
        declared = page.get(name)
        if declared is None:
            continue
        if not callable(declared) or not _takes_two(declared):
            raise _refuse(
                module,
                f"`{name}=` i dash.register_page ska vara en funktion av (dataset, parametrar).",
                f"`{name}=` in dash.register_page must be a function of (dataset, parameters).",
            )
    canonical = page.get("canonical_query")
    if canonical is None or dataset is None or not callable(layout) or not callable(canonical):
        return
    state = canonical(dataset, {})
    if not isinstance(state, Mapping) or not all(isinstance(v, str) for v in state.values()):
        raise _refuse(
            module,
            "`canonical_query` ska ge en mapping från parameternamn till text.",
            "`canonical_query` must return a mapping of parameter names to strings.",
        )
    if not accepts(layout, state):
        raise _refuse(
            module,
            f"layouten tar inte emot parametrarna {sorted(state)} som `canonical_query` ger; "
            "lägg till dem (eller **kwargs) i layout-funktionen.",
            f"the layout does not accept the parameters {sorted(state)} that `canonical_query` "
            "gives; add them (or **kwargs) to the layout function.",
        )


def _takes_two(function: Callable[..., object]) -> bool:
    try:
        inspect.signature(function).bind(None, {})
    except TypeError:
        return False
    return True


# --- callbacks against the layouts ------------------------------------------------------------


def _components(node: object) -> Iterator[dict]:
    """Every component of a layout in Dash's JSON form, HtmlBlocks included (not their HTML)."""
    if isinstance(node, list):
        for item in node:
            yield from _components(item)
    elif isinstance(node, dict):
        if "namespace" in node and isinstance(node.get("props"), dict):
            yield node
            if node["namespace"] == static_html.HTML_BLOCK_NAMESPACE:
                return
            node = node["props"]
        for value in node.values():
            yield from _components(value)


def layout_ids(layout: object) -> tuple[set[str], set[str]]:
    """(ids Dash can see, ids that are only HTML inside an HtmlBlock) of a built layout."""
    seen: set[str] = set()
    html_only: set[str] = set()
    for component in _components(json_ready(layout)):
        props = component["props"]
        if isinstance(props.get("id"), str):
            seen.add(props["id"])
        if component["namespace"] == static_html.HTML_BLOCK_NAMESPACE:
            html_only.update(_HTML_IDS.findall(str(props.get("html") or "")))
    return seen, html_only - seen


def _dependency_ids(callback: Mapping[str, object]) -> Iterator[tuple[str, str]]:
    """(kind, "id.property") of a callback's plain (not pattern-matching) dependencies."""
    outputs = [] if callback.get("no_output") else dash_seam.callback_outputs(callback["output"])
    for output in outputs if isinstance(outputs, list) else [outputs]:
        if isinstance(output, dict) and isinstance(output.get("id"), str):
            yield "Output", f"{output['id']}.{str(output['property']).split('@')[0]}"
    for kind in ("inputs", "state"):
        for dependency in callback.get(kind) or []:  # type: ignore[attr-defined]
            if isinstance(dependency.get("id"), str) and not dependency["id"].startswith("{"):
                yield kind.rstrip("s").capitalize(), f"{dependency['id']}.{dependency['property']}"


def check_callbacks(app: dash.Dash, layouts: Mapping[str, object], shell: object) -> None:
    """Refuse callbacks naming a component no layout has (layouts: module → built layout).

    Components a callback creates are not in any layout: a page lists them in
    `validation_layout=` in dash.register_page (as an app lists them in Dash's
    app.validation_layout)."""
    ids = {module: layout_ids(layout) for module, layout in layouts.items()}
    extra = [page.get("validation_layout") for page in dash.page_registry.values()]
    known = layout_ids([shell, *extra])[0].union(*(seen for seen, _ in ids.values()))
    problems = []
    for callback in dash_seam.declared_callbacks(app):
        dependencies = list(_dependency_ids(callback))
        for kind, dependency in dependencies:
            component = dependency.rsplit(".", 1)[0]
            if component in known:
                continue
            others = {d.rsplit(".", 1)[0] for _, d in dependencies}
            module = next((m for m, (seen, _) in ids.items() if seen & others), "(okänd / unknown)")
            frozen_in = [m for m, (_, html_only) in ids.items() if component in html_only]
            problems.append(_refuse(module, *_missing_text(kind, dependency, frozen_in)))
    if problems:
        raise PageContractError("\n\n".join(str(p) for p in problems))


def _missing_text(kind: str, dependency: str, frozen_in: list[str]) -> tuple[str, str]:
    component = dependency.rsplit(".", 1)[0]
    if frozen_in:
        return (
            f"en callbacks {kind} '{dependency}' ligger i ett frozen()- eller SVG-block "
            f"({frozen_in[0]}), som är HTML som Dash varken ser eller uppdaterar. Lägg "
            f"komponenten '{component}' utanför blocket.",
            f"a callback's {kind} '{dependency}' is inside a frozen() or SVG block "
            f"({frozen_in[0]}): HTML that Dash can neither see nor update. Put the component "
            f"'{component}' outside the block.",
        )
    return (
        f"en callbacks {kind} '{dependency}' nämner id:t '{component}', som ingen sidas "
        "layout har. Rätta id:t, eller lägg komponenten i sidans layout.",
        f"a callback's {kind} '{dependency}' names the id '{component}', which no page's "
        "layout has. Correct the id, or add the component to the page's layout.",
    )
