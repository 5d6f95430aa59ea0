"""/uppfoljning/verksamhetsplan?ar=ÅÅÅÅ: the Länsstyrelse's yearly activity plan (issue #33).

The plan says the Länsstyrelse "tar fram en årlig verksamhetsplan av aktiviteter utifrån
länets behov". Per year: what the verksamhetsplan planned against what was done (a small
chart with the same numbers in a table beside it), per delmål, the cancelled activities with
their reasons, whom the activities reached (a county map with the same numbers in a table),
which partners took part, and every activity with its facts. The numbers come from
domain/activity_plan.py, which the follow-up report uses too.

A sub-page of Uppföljning (menu=False): linked from Uppföljning and from each delmål's
activities. The year is in the address so the page can be shared; a year without
activities shows a Swedish "finns inte" with the years that have some. Text, tables and
server-written SVG only: one block of HTML, no callbacks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard.charts.colours import count_scale
from dashboard.charts.map import colouring
from dashboard.charts.svg_bars import indicator_bars_svg
from dashboard.charts.svg_map import map_html, map_paint
from dashboard.data.loader import DataError, Dataset, get_dataset
from dashboard.domain import activity_plan as plan_data
from dashboard.domain import progress
from dashboard.domain.export_table import ExportTable
from dashboard.ui import export
from dashboard.ui.components import download_links, guarded, page_header, simple_table
from dashboard.ui.html_block import HtmlBlock, frozen, svg_block

VIEW = "verksamhetsplan"
PATH = "/uppfoljning/verksamhetsplan"
PREFIX = "verksamhetsplan"
NONE_REACHED = "Ingen nådd"
PLAN_QUOTE = "verksamhetsplan av aktiviteter"  # finds the plan's sentence in dokument.csv
RULE_TEXT = (
    "Planerade är aktiviteter som fanns i årets verksamhetsplan, tillagda sådana som kom till "
    "under året. Summan för året räknar varje aktivitet en gång; per delmål räknas en "
    "aktivitet med flera delmål under vart och ett av dem. Nådda är summan av de nådda per "
    "kommun och aktör som anges för aktiviteterna; en aktivitet som bara anger antal "
    "deltagare räknas inte på någon kommun."
)


def page_title(ar: str | None = None, **_query) -> str:
    try:
        ds = get_dataset()
    except DataError:
        return "Verksamhetsplanen – Kvinnofrid"
    year = plan_data.resolve_year(ds, ar)
    if year is None and not plan_data.years(ds):
        return "Verksamhetsplanen – Uppföljning – Kvinnofrid"
    if year is None:
        return "Verksamhetsplanen – året finns inte – Kvinnofrid"
    return f"Verksamhetsplanen {year} – Uppföljning – Kvinnofrid"


dash.register_page(
    __name__, path=PATH, title=page_title, name="Verksamhetsplanen", order=4.6, menu=False,
    canonical_query=plan_data.canonical_query,
)  # fmt: skip


def href(year: int) -> str:
    return f"{PATH}?ar={year}"


def plan_sentence(ds: Dataset) -> str:
    """The plan's own words on the yearly verksamhetsplan (plan/dokument.csv), or ''."""
    text = ds.plan.document.get("lansstyrelsens_bidrag", "")
    part = next((p.strip() for p in text.split("•") if PLAN_QUOTE in p), "")
    return part.rstrip(" .")


def year_links(ds: Dataset, year: int | None) -> html.Nav:
    """Every year with activities as a plain link; the shown one marked as current."""
    items: list = []
    for y in plan_data.years(ds):
        current = {"aria-current": "page", "className": "fw-bold"} if y == year else {}
        items += [" · "] if items else []
        items.append(html.A(str(y), href=href(y), **current))
    return html.Nav(
        [html.Span("Välj år: ", className="me-1"), *items],
        className="year-links mb-3 no-print", id=f"{PREFIX}-ar",
        **{"aria-label": "Verksamhetsplanens år"},
    )  # fmt: skip


def count_rows(counts: plan_data.PlanCounts) -> list[tuple[str, int]]:
    """(label, number) for the chart and its table alike: planned and each status, then added
    (and not stated, when some are), a status of the added only when it has any."""
    rows = [("Planerade", counts.planned)]
    rows += [(f"Planerade, {plan_data.STATUS_WORDS[s]}", counts.count(plan_data.PLANNED, s))
             for s in plan_data.STATUS_ORDER]  # fmt: skip
    rows.append(("Tillagda under året", counts.added))
    rows += [(f"Tillagda, {plan_data.STATUS_WORDS[s]}", counts.count(plan_data.ADDED, s))
             for s in plan_data.STATUS_ORDER if counts.count(plan_data.ADDED, s)]  # fmt: skip
    if counts.unstated:
        rows.append(("Ej angivet om planerad", counts.unstated))
    return rows


def counts_section(ds: Dataset, year: int, example: bool) -> html.Section:
    """Planned against done in the year: a bar chart and the same numbers beside it."""
    counts = plan_data.planned_vs_done(ds, year)
    rows = count_rows(counts)
    frame = pd.DataFrame({"name": [r[0] for r in rows], "raw": [r[1] for r in rows],
                          "shown_score": [float(r[1]) for r in rows],
                          "shown_label": [str(r[1]) for r in rows]})  # fmt: skip
    label = f"Stapeldiagram: Länsstyrelsens aktiviteter {year}, planerade mot genomförda"
    chart = indicator_bars_svg(frame, label=label, categorical=False, unit="aktiviteter")
    done = counts.count(plan_data.PLANNED, "genomford")
    added = "en aktivitet" if counts.added == 1 else f"{counts.added} aktiviteter"
    cancelled = counts.count(plan_data.PLANNED, "installd")
    summary = (f"Av {counts.planned} planerade aktiviteter {year} är {done} "
               f"{'genomförd' if done == 1 else 'genomförda'}, "
               f"{counts.count(plan_data.PLANNED, 'pagar')} pågår och {cancelled} "
               f"{'inställd' if cancelled == 1 else 'inställda'}. Under året lades {added} till.")  # fmt: skip
    return html.Section(
        [html.H2("Planerat och genomfört", className="h4", id=f"{PREFIX}-planerat-rubrik"),
         html.P(summary, id=f"{PREFIX}-sammanfattning"),
         dbc.Row([
             dbc.Col(html.Figure([
                 svg_block(chart, f"{PREFIX}-stapel"),
                 html.Figcaption(f"Antal aktiviteter {year}. Antalet står vid varje stapel och "
                                 "i tabellen bredvid." + (" Exempeldata." if example else ""),
                                 className="small")], className="strategi-figure mb-0"), lg=7),
             dbc.Col(simple_table(["Aktiviteter", "Antal"], rows,
                                  caption=f"Planerat och genomfört {year}",
                                  table_id=f"{PREFIX}-tabell"), lg=5),
         ], className="g-3")],
        className="mb-4", id=f"{PREFIX}-planerat",
    )  # fmt: skip


SUBGOAL_HEADERS = ["Delmål", "Planerade", "Genomförda", "Pågår", "Inställda", "Ej påbörjade",
                   "Tillagda", "Tillagda, genomförda"]  # fmt: skip


def subgoal_section(ds: Dataset, year: int) -> html.Section:
    """Per delmål: planned by status and added, each delmål a link to its page."""
    frame = plan_data.planned_vs_done_by_subgoal(ds, year)
    goals = dict(zip(ds.plan.subgoals["id"], ds.plan.subgoals["goal_id"], strict=True))
    rows = [
        [html.A(r["subgoal_id"], href=f"/strategi/{goals[r['subgoal_id']]}/"
                f"{r['subgoal_id']}#delmal-aktiviteter"),
         r["planned"], r["planned_genomford"], r["planned_pagar"], r["planned_installd"],
         r["planned_planerad"], r["added"], r["added_genomford"]]
        for _, r in frame.iterrows()
    ]  # fmt: skip
    return html.Section(
        [html.H2("Per delmål", className="h4"),
         html.P("En aktivitet för flera delmål räknas under vart och ett av dem.",
                className="small"),
         simple_table(SUBGOAL_HEADERS, rows, caption=f"Aktiviteter per delmål {year}",
                      table_id=f"{PREFIX}-delmal-tabell")],
        className="mb-4", id=f"{PREFIX}-delmal",
    )  # fmt: skip


def cancelled_section(ds: Dataset, year: int) -> html.Section | None:
    frame = plan_data.cancelled(ds, year)
    if frame.empty:
        return None
    items = [html.Li([html.Strong(r["title"]), f" (delmål {', '.join(r['subgoal_ids'])}): ",
                      r["reason"] or "orsak anges inte"]) for _, r in frame.iterrows()]  # fmt: skip
    return html.Section([html.H2("Inställda aktiviteter och varför", className="h4"),
                         html.Ul(items, id=f"{PREFIX}-installda")],
                        className="mb-4", id=f"{PREFIX}-installda-avsnitt")  # fmt: skip


def reach_map(ds: Dataset, year: int, towns: pd.DataFrame, example: bool) -> str:
    """The county map of the year's reach per municipality (same numbers as the table)."""
    source = plan_data.SOURCE + (" (exempeldata)" if example else "")
    frame = towns.assign(raw=towns["reached"], score=towns["reached"].astype(float),
                         label=towns["reached"].map(lambda n: f"{n} nådda"),
                         change_text=towns["activities"].map(
                             lambda n: f"{n} aktiviteter" if n != 1 else "1 aktivitet"),
                         source=source)  # fmt: skip
    # 0 a step of its own (not hidden among the few), the same steps every year
    scale = count_scale(float(plan_data.largest_municipal_reach(ds)), zero_label=NONE_REACHED,
                        title="Nådda personer")  # fmt: skip
    label = (f"Karta: nådda personer per kommun genom Länsstyrelsens aktiviteter {year}. "
             "Samma uppgifter finns i tabellen.")  # fmt: skip
    painted = map_paint(ds.geojson, colouring(frame, scale), year=year, label=label,
                        href=lambda code: f"/kommun/{code}", legend_title="Nådda personer")  # fmt: skip
    return map_html(ds.geojson, painted)


def reach_section(ds: Dataset, year: int, example: bool) -> html.Section:
    """Whom the year's activities reached: per municipality (map and table), per actor."""
    heading = html.H2("Nådda per kommun och aktör", className="h4")
    found = plan_data.reach(ds, year)
    if found.empty:
        return html.Section([heading, html.P(f"Ingen aktivitet {year} anger vilka den nådde.")],
                            className="mb-4", id=f"{PREFIX}-nadda")  # fmt: skip
    towns = plan_data.municipal_reach(ds, year)
    actors = found[found["kind"] == plan_data.ACTOR]
    town_rows = [(html.A(r["name"], href=f"/kommun/{r['code']}"), r["reached"], r["activities"])
                 for _, r in towns.iterrows()]  # fmt: skip
    return html.Section(
        [heading,
         html.P(f"Sammanlagt {int(found['reached'].sum())} nådda {year}: "
                f"{int(towns['reached'].sum())} i länets kommuner och "
                f"{int(actors['reached'].sum())} hos andra aktörer."),
         dbc.Row([
             dbc.Col([svg_block(reach_map(ds, year, towns, example), f"{PREFIX}-karta",
                                "coverage-map"),
                      html.P("Kartan har samma steg alla år, så två års kartor går att "
                             "jämföra. Vit: ingen nådd i kommunen det året.",
                             className="small", id=f"{PREFIX}-karta-steg")], lg=5),
             dbc.Col(simple_table(["Kommun", "Nådda", "Aktiviteter"], town_rows,
                                  caption=f"Nådda per kommun {year}",
                                  table_id=f"{PREFIX}-kommuner-tabell"), lg=7),
         ], className="g-3"),
         simple_table(["Aktör", "Nådda", "Aktiviteter"],
                      [(r["name"], r["reached"], r["activities"]) for _, r in actors.iterrows()],
                      caption=f"Nådda hos andra aktörer {year}",
                      table_id=f"{PREFIX}-aktorer-tabell") if not actors.empty else None],
        className="mb-4", id=f"{PREFIX}-nadda",
    )  # fmt: skip


def partner_section(ds: Dataset, year: int) -> html.Section:
    heading = html.H2("Samverkansparter", className="h4")
    frame = plan_data.partners(ds, year)
    if frame.empty:
        return html.Section([heading, html.P(f"Inga samverkansparter är angivna för {year}.")],
                            className="mb-4", id=f"{PREFIX}-parter")  # fmt: skip
    rows = [(r["name"] + ("" if r["in_plan"] else " (nämns inte i planen)"), r["activities"],
             ", ".join(r["subgoal_ids"])) for _, r in frame.iterrows()]  # fmt: skip
    return html.Section(
        [heading,
         html.P("Parterna som nämns i planen kommer ur planens lista över aktörer; andra "
                "parter ur Länsstyrelsens egen lista.", className="small"),
         simple_table(["Samverkanspart", "Aktiviteter", "Delmål"], rows,
                      caption=f"Samverkansparter {year}", table_id=f"{PREFIX}-parter-tabell")],
        className="mb-4", id=f"{PREFIX}-parter",
    )  # fmt: skip


def activity_item(ds: Dataset, row: Mapping[str, object]) -> html.Li:
    """One activity: title, status and delmål, the plan's example activity in its own words,
    then the activity plan's facts."""
    number, from_reach = plan_data.participants(row)
    head = [str(row["status_label"]), f"delmål {', '.join(row['subgoal_ids'])}"]
    if number is not None:
        head.append(f"{number} {'nådda (summa av nådda)' if from_reach else 'deltagare'}")
    parts: list = [html.Strong(str(row["title"])), html.Div(" · ".join(head), className="small")]
    quotes = plan_data.plan_activity_quotes(ds, tuple(row["plan_activities"]), int(row["year"]))
    for ref, text in quotes:
        parts.append(html.Div([html.Span(f"Planens aktivitet {ref} (planens ord): ",
                                         className="fw-semibold"),
                               html.Span(text, className="plan-words")], className="small"))  # fmt: skip
    parts += [html.Div([html.Span(f"{label}: ", className="fw-semibold"), text],
                       className="small") for label, text in plan_data.activity_facts(ds, row)]  # fmt: skip
    return html.Li(parts, **{"data-status": str(row["status"])})


def activities_section(ds: Dataset, year: int) -> html.Section:
    frame = plan_data.activities_in(ds, year)
    return html.Section(
        [html.H2(f"Aktiviteterna {year}", className="h4"),
         html.P("Planerade först, sedan tillagda."),
         html.Ul([activity_item(ds, r) for r in frame.to_dict("records")],
                 className="activity-log", id=f"{PREFIX}-aktiviteter")],
        className="mb-4", id=f"{PREFIX}-aktivitetslista",
    )  # fmt: skip


def not_found(ds: Dataset) -> html.Div:
    """A year without activities: say so and offer the years there are; with none at all
    (no activities file), say that nothing is recorded."""
    known = plan_data.years(ds)
    return html.Div(
        [page_header("Verksamhetsplanen – året finns inte" if known else "Verksamhetsplanen"),
         html.P("Det finns inga aktiviteter registrerade för det året. Välj ett av åren nedan."
                if known else "Inga av Länsstyrelsens aktiviteter är registrerade.",
                id=f"{PREFIX}-finns-inte"),
         year_links(ds, None) if known else None,
         html.P(html.A("Tillbaka till Uppföljning", href="/uppfoljning"))],
    )  # fmt: skip


def header(ds: Dataset, year: int, example: bool) -> list:
    quote = plan_sentence(ds)
    # a year still running: planned activities are not yet done, so its counts are preliminary
    unfinished = progress.unfinished_year_text(year, dt.date.today())
    lead = (f"Vad Länsstyrelsens verksamhetsplan för {year} innehöll, vad som blev gjort, vilka "
            "som nåddes och vilka som var med.")  # fmt: skip
    return [
        html.Nav(html.A("← Uppföljning", href="/uppfoljning"), className="small mb-2 no-print",
                 **{"aria-label": "Tillbaka"}),
        page_header(f"Verksamhetsplanen {year}", lead),
        html.P(["Planen säger att Länsstyrelsen ska ", html.Span(f"”{quote}”", className="plan-words"),
                " (handlingsplanens ord)."], className="small") if quote else None,
        html.P("Aktiviteterna är exempeldata: påhittade uppgifter, inte Länsstyrelsens verkliga "
               "verksamhetsplan." if example else "", className="small", id=f"{PREFIX}-exempel"),
        html.P(html.Strong(unfinished), id=f"{PREFIX}-preliminart") if unfinished else None,
        year_links(ds, year),
    ]  # fmt: skip


@guarded
def layout(ar: str | None = None, **_query) -> HtmlBlock:
    ds = get_dataset()
    year = plan_data.resolve_year(ds, ar)
    if year is None:
        return frozen(not_found(ds))
    example = plan_data.is_example(ds, year)
    return frozen(html.Div(
        [
            *header(ds, year, example),
            counts_section(ds, year, example),
            subgoal_section(ds, year),
            cancelled_section(ds, year),
            reach_section(ds, year, example),
            partner_section(ds, year),
            activities_section(ds, year),
            html.Section([html.H2("Så räknas det", className="h4"),
                          html.P(RULE_TEXT, id=f"{PREFIX}-regel")], className="mb-3"),
            html.P(f"Källa: {plan_data.SOURCE}.", className="small"),
            download_links(VIEW, {"ar": year}, label="årets aktiviteter"),
        ]
    ))  # fmt: skip


@export.register(VIEW)
def build_export(args: Mapping[str, str]) -> ExportTable:
    """The year's activities, one row each with every fact and an Exempeldata column."""
    ds = get_dataset()
    year = plan_data.resolve_year(ds, args.get("ar")) or plan_data.default_year(ds) or 0
    frame = plan_data.activities_in(ds, year)
    rows = []
    for r in frame.to_dict("records"):
        number, from_reach = plan_data.participants(r)
        facts = dict(plan_data.activity_facts(ds, r))
        rows.append({
            "År": year, "Id": r["id"], "Aktivitet": r["title"], "Delmål": ", ".join(r["subgoal_ids"]),
            "Planering": facts.get("Planering", "Ej angivet"), "Status": r["status_label"],
            "Planens aktivitet (planens ord)": "; ".join(
                f"{ref} {text}" for ref, text in plan_data.plan_activity_quotes(ds, r["plan_activities"], year)),
            "Målgrupp": r["target_group"], "Sektorer": facts.get("Sektorer", ""),
            "Samverkansparter": facts.get("Samverkansparter", ""),
            "Deltagare eller nådda": "" if number is None else number,
            "Antalet är summan av nådda": "Ja" if from_reach else "",
            "Nådda per kommun och aktör": plan_data.reach_text(ds, r["reach"]),
            "Orsak": r["reason"], "Resultat": r["result"], "Utvärdering": r["evaluation"],
            "Exempeldata": "Ja" if r["is_example"] else "Nej",
        })  # fmt: skip
    return ExportTable(
        title=f"Länsstyrelsens verksamhetsplan {year}: aktiviteterna",
        frame=pd.DataFrame(rows), is_example=bool(frame["is_example"].any()),
        sources=[plan_data.SOURCE, "Planens aktivitet: handlingsplanens exempelaktiviteter, "
                 "ordagrant.", RULE_TEXT],
        filename=f"verksamhetsplan-{year}",
    )  # fmt: skip
