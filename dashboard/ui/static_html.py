"""A Dash layout (as plain JSON) written out as HTML, for the page's first paint.

The browser shows this HTML with the CSS, before ~750 kB of scripts have arrived and run;
React then draws the real page and assets/04_preview_swap.js swaps it in (app.py, first_view.py).
On a slow phone that is seconds earlier, and without JavaScript the text is still there.
It is a preview, not the page: no ids (React's copy has them), charts are empty boxes of
their size, and controls show their value; the preview is inert once the app's script
runs, and without JavaScript its buttons are hidden and its controls dimmed (app.py).

Only the components the app uses are written out as their HTML; any other component
becomes a plain <div> with its children. The markup follows what dash_html_components,
dcc and dash-bootstrap-components render (checked in the browser), so the first screen
looks the same before and after.
"""

from __future__ import annotations

import re
from html import escape

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
SKIPPED_PROPS = {"children", "id", "key", "n_clicks", "n_clicks_timestamp", "disable_n_clicks",
                 "loading_state", "className", "style", "htmlFor", "setProps"}  # fmt: skip
ATTRIBUTE_NAMES = {"tabIndex": "tabindex", "colSpan": "colspan", "rowSpan": "rowspan",
                   "accessKey": "accesskey", "contentEditable": "contenteditable"}  # fmt: skip
HTML_TAGS = {"MapEl": "map", "ObjectEl": "object"}
UNITLESS = {"flex", "flexGrow", "flexShrink", "opacity", "zIndex", "fontWeight", "lineHeight",
            "order"}  # fmt: skip
DEFAULT_GRAPH_HEIGHT = 450  # plotly's default
HTML_BLOCK_NAMESPACE = "dashboard_html"  # html_block.HtmlBlock: HTML written by render()
_ID_ATTRIBUTE = re.compile(r' id="[^"]*"')


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"-\1", name).lower()


def _style(style: object) -> str:
    if not isinstance(style, dict):
        return ""
    parts = []
    for name, value in style.items():
        if value is None:
            continue
        if isinstance(value, (int, float)) and name not in UNITLESS:
            value = f"{value}px"
        parts.append(f"{_kebab(name)}: {value}")
    return "; ".join(parts)


def _attributes(classes: list[str], style: str = "", extra: dict | None = None) -> str:
    attrs: dict[str, object] = {}
    class_text = " ".join(c for c in classes if c)
    if class_text:
        attrs["class"] = class_text
    if style:
        attrs["style"] = style
    attrs.update(extra or {})
    out = []
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        if value is True:
            out.append(f" {name}")
        else:
            out.append(f' {name}="{escape(str(value), quote=True)}"')
    return "".join(out)


def _element(tag: str, classes: list[str], children: str, style: str = "",
             extra: dict | None = None) -> str:  # fmt: skip
    attrs = _attributes(classes, style, extra)
    if tag in VOID:
        return f"<{tag}{attrs}>"
    return f"<{tag}{attrs}>{children}</{tag}>"


def _plain_props(props: dict, keep_ids: bool = False) -> dict:
    """HTML attributes of a dash_html_components element (Dash props, and ids unless
    keep_ids, left out)."""
    extra = {"id": props.get("id")} if keep_ids and isinstance(props.get("id"), str) else {}
    if keep_ids and isinstance(props.get("htmlFor"), str):  # the id it names is kept too
        extra["for"] = props["htmlFor"]
    for name, value in props.items():
        if name in SKIPPED_PROPS or isinstance(value, (dict, list)):
            continue
        extra[ATTRIBUTE_NAMES.get(name, name)] = value
    return extra


def _classes(props: dict) -> list[str]:
    return [props.get("className") or ""]


def _col_classes(props: dict) -> list[str]:
    classes = []
    for breakpoint in ("xs", "sm", "md", "lg", "xl", "xxl"):
        size = props.get(breakpoint if breakpoint != "xs" else "xs") or (
            props.get("width") if breakpoint == "xs" else None
        )
        if size is None:
            continue
        if isinstance(size, dict):
            size = size.get("size")
        infix = "" if breakpoint == "xs" else f"-{breakpoint}"
        classes.append(f"col{infix}" if size is True else f"col{infix}-{size}")
    return classes or ["col"]


def _options(options: object) -> list[tuple[str, str]]:
    result = []
    for option in options or []:
        if isinstance(option, dict):
            result.append((str(option.get("label", "")), str(option.get("value", ""))))
        else:
            result.append((str(option), str(option)))
    return result


def _checks(props: dict, kind: str) -> str:
    value = props.get("value")
    chosen = {str(v) for v in value} if isinstance(value, list) else {str(value)}
    inline = " form-check-inline" if props.get("inline") else ""
    items = []
    for label, option_value in _options(props.get("options")):
        checked = " checked" if option_value in chosen else ""
        items.append(
            f'<div class="form-check{inline}"><input class="form-check-input" type="{kind}"'
            f'{checked}><label class="form-check-label">{escape(label)}</label></div>'
        )
    return _element("div", _classes(props), "".join(items))


def _graph(props: dict) -> str:
    figure = props.get("figure") or {}
    layout = figure.get("layout") if isinstance(figure, dict) else None
    height = (layout or {}).get("height") or DEFAULT_GRAPH_HEIGHT
    return _element("div", ["dash-graph", props.get("className") or ""], "",
                    style=f"min-height: {height}px")  # fmt: skip


def node(
    kind: str, children: object = None, namespace: str = "dash_html_components", **props: object
) -> dict:
    """A component as the JSON that render() reads, without building the Dash component:
    for long, frozen parts (a table of 290 rows), where constructing and serialising ~2 000
    components costs most of a view. node("Td", "Ja") renders as html.Td("Ja") does."""
    return {"type": kind, "namespace": namespace,
            "props": {"children": children, **props} if children is not None else props}  # fmt: skip


RAW_NAMESPACE = "static_html_raw"


def raw(html: str) -> dict:
    """HTML that render() wrote before, spliced in as it is (rows rendered once and reused in
    several orders). Never text from elsewhere: it is not escaped again."""
    return {"type": "Raw", "namespace": RAW_NAMESPACE, "props": {"html": html}}


def render(node: object, keep_ids: bool = False) -> str:
    """HTML of a layout given as JSON (components.json_ready).

    keep_ids keeps the ids of html, dcc.Link, dcc.Input and Bootstrap layout elements and a
    label's `for` (html_block.frozen); the first paint leaves them out, as React's copy of
    the page has them.
    """
    if node is None or node is False:
        return ""
    if isinstance(node, (str, int, float)):
        return escape(str(node))
    if isinstance(node, list):
        return "".join(render(child, keep_ids) for child in node)
    if not isinstance(node, dict) or "type" not in node:
        return ""
    kind, namespace = node["type"], node.get("namespace", "")
    props = node.get("props") or {}
    if namespace == RAW_NAMESPACE:
        return str(props.get("html") or "")
    if namespace == HTML_BLOCK_NAMESPACE:
        block = str(props.get("html") or "")  # written by this function, escaped
        if not keep_ids:
            return _element("div", _classes(props), _ID_ATTRIBUTE.sub("", block))
        # a block inside a frozen part keeps its id (an image button names its chart by it)
        block_id = props.get("id") if isinstance(props.get("id"), str) else None
        return _element("div", _classes(props), block, extra={"id": block_id})
    children = render(props.get("children"), keep_ids)
    if namespace == "dash_html_components":
        tag = HTML_TAGS.get(kind, kind.lower())
        return _element(tag, _classes(props), children, _style(props.get("style")),
                        _plain_props(props, keep_ids))  # fmt: skip
    if namespace == "dash_core_components":
        if kind == "Link":
            link_id = props.get("id") if keep_ids and isinstance(props.get("id"), str) else None
            return _element("a", _classes(props), children,
                            extra={"id": link_id, "href": props.get("href"),
                                   "title": props.get("title"), "data-app-link": keep_ids})  # fmt: skip
        if kind == "Graph":
            return _graph(props)
        if kind == "Input":
            input_id = props.get("id") if keep_ids and isinstance(props.get("id"), str) else None
            return _element("input", _classes(props), "", _style(props.get("style")),
                            {"id": input_id, "type": props.get("type"),
                             "value": props.get("value"), "readonly": True})  # fmt: skip
        return ""  # Store, Location and the like draw nothing
    if namespace == "dash_bootstrap_components":
        return _bootstrap(kind, props, children, keep_ids)
    return _element("div", _classes(props), children)


def _bootstrap(kind: str, props: dict, children: str, keep_ids: bool = False) -> str:  # noqa: PLR0911
    cls = props.get("className") or ""
    style = _style(props.get("style"))
    # a frozen part keeps the ids of its layout boxes (a test or a script may look one up)
    box = {"id": props["id"]} if keep_ids and isinstance(props.get("id"), str) else None
    if kind == "Container":
        fluid = props.get("fluid")
        name = (
            "container-fluid" if fluid is True else f"container-{fluid}" if fluid else "container"
        )
        return _element("div", [cls, name], children, style, box)
    if kind == "Row":
        return _element("div", [cls, "row"], children, style, box)
    if kind == "Col":
        return _element("div", [*_col_classes(props), cls], children, style, box)
    if kind in ("Card", "CardBody", "CardHeader", "CardFooter"):
        name = {"Card": "card", "CardBody": "card-body", "CardHeader": "card-header",
                "CardFooter": "card-footer"}[kind]  # fmt: skip
        return _element("div", [cls, name], children, style, box)
    if kind == "Alert":
        if props.get("is_open") is False:
            return ""
        color = props.get("color") or "primary"
        return _element("div", [cls, "alert", f"alert-{color}"], children, style, {"role": "alert"})
    if kind == "Label":
        return _element("label", [cls, "form-label"], children, style)
    if kind == "Select":
        chosen = str(props.get("value"))
        options = "".join(
            f'<option value="{escape(value, quote=True)}"'
            f"{' selected' if value == chosen else ''}>{escape(label)}</option>"
            for label, value in _options(props.get("options"))
        )
        return _element("select", [cls, "form-select"], options, style)
    if kind == "Input":
        return _element("input", [cls, "form-control"], "", style,
                        {"value": props.get("value"), "readonly": True})  # fmt: skip
    if kind == "Checklist":
        return _checks(props, "checkbox")
    if kind == "RadioItems":
        return _checks(props, "radio")
    return _element("div", [cls], children, style, box)
