"""Where the plan sits and what its revision rests on (issue #33, item 6), for Om data and
Strategi's Sammanhang page.

The three levels are the plan's own figure ("Nationell strategi", "Länsstyrelsens
handlingsplan för Kronobergs län", "Lokala handlingsplaner i Kronobergs län": the key
`nivaer` in plan/dokument.csv), drawn as an ordered list so that a screen reader and a
printout read the same thing as the eye. What the service adds under each level (how many
goals, delmål and local plans) is set apart as the service's own count. The revision's basis
is the plan's text (`framtagande`, `underlag_revidering`), quoted as it stands.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard.data.loader import Dataset

LEVEL_KEY = "nivaer"
HOW_MADE_KEY = "framtagande"
REVISION_BASIS_KEY = "underlag_revidering"


def _level_names(ds: Dataset) -> list[str]:
    names = [part.strip() for part in ds.plan.document.get(LEVEL_KEY, "").split("•")]
    return names if len(names) == 3 and all(names) else []


def _local_plan_count(ds: Dataset) -> int:
    plans = ds.local_plans
    return 0 if plans.empty else int(plans.loc[plans["exists"], "actor"].nunique())


def _service_lines(ds: Dataset) -> list[str]:
    plan = ds.plan
    start, end = ds.plan_period
    local = _local_plan_count(ds)
    return [
        f"{len(plan.goals)} målsättningar, som handlingsplanens delmål hör till",
        f"{len(plan.subgoals)} delmål med exempel på aktiviteter och uppföljning · "
        f"planperiod {start}–{end}",
        "Kommuners och andra aktörers egna planer, som kopplar till handlingsplanens delmål"
        + (f" · {local} aktörer med registrerad plan" if local else ""),
    ]


LEVEL_LINKS = (("Se strategins mål", "/strategi"), ("Se delmålen", "/strategi"),
               ("Se uppföljningen", "/uppfoljning"))  # fmt: skip


def levels_figure(ds: Dataset, heading_id: str = "planens-nivaer") -> html.Section | None:
    """The three levels as a figure; None when plan/dokument.csv does not name them (another
    county's plan may not have the figure)."""
    names = _level_names(ds)
    if not names:
        return None
    items = [
        html.Li(
            [
                html.Span(name, className="plan-level-name"),
                html.Span(line, className="plan-level-service small"),
                dcc.Link(link_text, href=href, className="small"),
            ],
            className="plan-level",
        )
        for name, line, (link_text, href) in zip(
            names, _service_lines(ds), LEVEL_LINKS, strict=True
        )  # fmt: skip
    ]
    return html.Section(
        [
            html.H2(
                "Handlingsplanen mellan strategin och de lokala planerna",
                className="h4",
                id=heading_id,
            ),  # fmt: skip
            html.Figure(
                [
                    html.Ol(items, className="plan-levels"),
                    html.Figcaption(
                        "Nivåernas namn är planens egna (planens figur). Raden under varje "
                        "namn är tjänstens sammanställning ur planen och de registrerade "
                        "lokala planerna.",
                        className="small text-body-secondary",
                    ),
                ],
                className="plan-levels-figure",
            ),
        ],
        className="mb-4",
    )


def revision_basis(ds: Dataset, heading_id: str = "underlag") -> html.Section | None:
    """How the plan was made and what its revision rests on, in the plan's words; None when
    plan/dokument.csv has neither text."""
    texts = [ds.plan.document.get(k, "") for k in (HOW_MADE_KEY, REVISION_BASIS_KEY)]
    if not any(texts):
        return None
    return html.Section(
        [
            html.H2(
                "Hur planen togs fram och vad revideringen bygger på", className="h4", id=heading_id
            ),  # fmt: skip
            html.P("Planens text:", className="small text-body-secondary mb-1"),
            html.Blockquote(
                [html.P(t, className="mb-1") for t in texts if t], className="plan-quote"
            ),  # fmt: skip
        ],
        className="mb-4",
    )
