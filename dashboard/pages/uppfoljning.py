"""Uppföljning: how far the county got with the plan's 16 delmål over the plan period (issue
#20) — per delmål a verdict from its indicators (domain/progress.py, rule stated on the page),
the Länsstyrelse's activities carried out for it and the local plans that link to it. Read by
a leadership group in a minute, printed as the plan's follow-up for the year.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

import dash
import pandas as pd
from dash import html

from dashboard import domain
from dashboard.charts import report_charts
from dashboard.data.loader import Dataset, Plan, get_dataset
from dashboard.domain import assessments, changes, comparison, hierarchy, local_plans, progress
from dashboard.domain.export_table import CHANGE_UNIT_COLUMN, EXAMPLE_COLUMN, ExportTable
from dashboard.ui import assessment, export, followup_report, report_content
from dashboard.ui.components import download_links, guarded, page_header, verdict_badge
from dashboard.ui.html_block import HtmlBlock, frozen
from dashboard.ui.strategy import plan_param, subgoal_href

VIEW = "uppfoljning"
# The follow-up as PDF and Word: /nedladdning/uppfoljning.pdf?fran=…&till=… (ui/export.py)
export.register_document(VIEW, followup_report.document_view(report_charts))
dash.register_page(__name__, path="/uppfoljning", title="Uppföljning av planen – Kvinnofrid",
                   name="Uppföljning", order=4.5,
                   canonical_query=lambda ds, params: changes.canonical_query(ds, params)
                   | {"datum": dt.date.today().isoformat(),
                      "plan": hierarchy.followed_up_plan(ds, params).id})  # fmt: skip
PLAN_CHOICE_ID = "uppfoljning-planval"
CHANGES_ID = "sedan-forra-motet"
PLAN_FOLLOWUP_COLUMN = "Planens uppföljning (ordagrant)"
# The follow-up column carries the most text: it gets the room (assets/05_compare.css).
CELL_CLASSES = ("progress-verdict", "progress-assessment", "progress-followup", None, None)
# Länsstyrelsens bedömning: a person's judgement, its own column beside the computed one
ASSESSMENT_COLUMN = f"Länsstyrelsens bedömning {assessment.WHO_TEXT}"
NO_INDICATOR_SHORT = ("Tjänsten har ingen egen indikator för delmålet; se Länsstyrelsens "
                      "aktiviteter för delmålet.")  # fmt: skip
NO_INDICATOR_NOTE = ("Tjänsten har ingen indikator för delmålet; följs upp genom planens källor "
                     f"(kolumnen {PLAN_FOLLOWUP_COLUMN}) och Länsstyrelsens aktiviteter")  # fmt: skip


def _followup_lines(ds: Dataset, item: progress.SubgoalProgress) -> list:
    """The plan's follow-up for the delmål word for word, then the service's own indicators,
    labelled as the service's choice, each with its source; without any, where to look."""
    plan_text = hierarchy.followup_text(_plan_of(ds, item), item.subgoal_id)
    lines: list = [html.P([html.Span("Följs upp enligt planen genom: ", className="fw-semibold"),
                           html.Span(plan_text or "(planen anger ingen uppföljning)",
                                     className="plan-words")],
                          className="progress-plan-followup mb-1")]  # fmt: skip
    if not item.indicators:
        lines.append(html.P(NO_INDICATOR_SHORT, className="small mb-0"))
        return lines
    # One list per source, so a source is named once however many indicators share it.
    sources = _sources(ds)
    by_source: dict[str, list] = {}
    for ind in item.indicators:
        if ind.first_year is not None and ind.last_year is not None:
            change = f"{ind.first_year}: {ind.first_text} → {ind.last_year}: {ind.last_text}"
        else:
            change = ind.reason
        notes = [n for n in (ind.basis, _example_words(ind.example)) if n]
        by_source.setdefault(sources.get(ind.indicator_id, ""), []).append(
            html.Li([html.Strong(ind.name), f" – {change} ", f"({_verdict_words(ind)})",
                     html.Span(f" [{'; '.join(notes)}]", className="small") if notes else None]))  # fmt: skip
    for source, items in by_source.items():
        lines += [html.P([html.Span("Tjänstens indikatorer, ", className="fw-semibold"),
                          f"källa: {source or 'anges inte'}"], className="small mb-0"),
                  html.Ul(items, className="progress-indicators")]  # fmt: skip
    return lines


def _verdict_words(ind: progress.IndicatorProgress) -> str:
    """The verdict beside two figures; 'kan inte bedömas' says why when the figures alone do
    not ('kan inte bedömas – ingen riktning: fler placeringar är …'), so a reason in the
    notes after it (röjandeskydd) is not read as the one."""
    compared = ind.first_year is not None and ind.last_year is not None
    if ind.verdict == progress.UNKNOWN and ind.reason and compared:
        return f"{ind.verdict} – {ind.reason}"
    return ind.verdict


def _plan_of(ds: Dataset, item: progress.SubgoalProgress) -> Plan:
    """The plan a delmål's progress belongs to (delmål ids repeat across plans)."""
    return hierarchy.plan_by_id(ds, item.plan_id) or ds.plan


def _example_words(example: str) -> str:
    """What a verdict rests on: 'bygger på exempelvärden' (all), '… delvis' (some), ''."""
    return {"alla": "bygger på exempelvärden",
            "några": "bygger delvis på exempelvärden"}.get(example, "")  # fmt: skip


def _sources(ds: Dataset) -> dict[str, str]:
    """Each indicator's source, from the catalogue (data/indikatorer.csv)."""
    return dict(zip(ds.indicators["id"], ds.indicators["source"], strict=True))


def _verdict_cell(ds: Dataset, item: progress.SubgoalProgress) -> list:
    """The verdict; for a delmål without the service's indicators also why, and where to look
    instead (the plan's follow-up and the activities), so "kan inte bedömas" never stands
    alone for it."""
    if item.verdict == progress.MIXED:  # what it is made of: a worsening stays in view
        return [verdict_badge(item.verdict),
                html.Div(progress.mixed_text(item.indicators, ds), className="small")]  # fmt: skip
    if item.indicators:
        return [verdict_badge(item.verdict)]
    return [verdict_badge(item.verdict),
            html.Div("Ingen indikator i tjänsten.", className="small")]  # fmt: skip


def _activities_text(item: progress.SubgoalProgress) -> str:
    if not item.activities_done:
        return "Inga genomförda"
    total = sum(item.activities_done.values())
    years = ", ".join(f"{y}: {n}" for y, n in item.activities_done.items())
    return f"{total} {'genomförd' if total == 1 else 'genomförda'} ({years})"


def _plans_text(item: progress.SubgoalProgress) -> str:
    # Municipalities with a plan in force that year, as the delmål page counts them; other
    # actors' plans named apart (#33). The same sentence as the follow-up report's.
    return progress.local_plans_text(item)


def goal_section(ds: Dataset, goal_id: str, items: list[progress.SubgoalProgress]) -> html.Section:
    plan = _plan_of(ds, items[0]) if items else ds.plan
    goal = hierarchy.goal(plan, goal_id)
    # soft hyphens: the long words may break in the narrow columns of the printout
    columns = ("Delmål", "Beräknad utveckling", ASSESSMENT_COLUMN,
               "Planens uppföljning och tjänstens indikatorer",
               "Läns\u00adstyrelsens aktiviteter", "Lokala handlings\u00adplaner")  # fmt: skip
    head = html.Thead(html.Tr([html.Th(assessment.table_heading() if c == ASSESSMENT_COLUMN
                                       else c, scope="col") for c in columns]))  # fmt: skip
    # Länsstyrelsens bedömning over the years the activities and local plans are followed up
    years = items[0].practice_years if items and items[0].practice_years else plan.period
    rows = []
    for item in items:
        # data-label: on a phone each row is a card, every cell headed by its column's name
        href = subgoal_href(item.goal_id, item.subgoal_id, plan_param(ds, plan))
        cells = [_verdict_cell(ds, item), assessment.table_cell(ds, item.subgoal_id, years, href),
                 _followup_lines(ds, item), _activities_text(item),
                 _plans_text(item)]  # fmt: skip
        rows.append(html.Tr(
            [html.Th([html.A(hierarchy.subgoal_label(item.subgoal_id),
                             href=subgoal_href(item.goal_id, item.subgoal_id,
                                               plan_param(ds, plan))),
                      html.Div(item.text, className="progress-subgoal-text")], scope="row")]
            + [html.Td(cell, className=css, **{"data-label": label})
               for cell, label, css in zip(cells, columns[1:], CELL_CLASSES, strict=True)]
        ))  # fmt: skip
    title = f"{hierarchy.goal_label(goal_id)}: {goal['name'] if goal is not None else ''}"
    return html.Section(
        [
            html.H2(title, className="h4"),
            html.Table(
                [head, html.Tbody(rows)],
                className="table table-sm progress-table",
                id=f"uppfoljning-mal-{goal_id}",
            ),  # fmt: skip
        ],
        className="progress-goal",
    )


def summary(ds: Dataset, items: list[progress.SubgoalProgress],
            years: tuple[int, int] | None) -> html.Div:  # fmt: skip
    """How many delmål and how many of the service's indicators got each verdict: an
    indicator that got worse is counted as such even where its delmål is mixed."""
    by_delmal = progress.verdict_counts(i.verdict for i in items)
    indicators = [ind for i in items for ind in i.indicators]
    by_indicator = progress.verdict_counts(ind.verdict for ind in indicators)
    # what each delmål measures, a thing measured in several ways counted once per delmål
    measured = [v for i in items for v in progress.measure_verdicts(ds, i.indicators).values()]
    by_measure = progress.verdict_counts(measured)
    span = f" mellan {years[0]} och {years[1]}" if years else ""

    def counts(numbers: dict[str, int], list_id: str) -> html.Ul:
        return html.Ul([html.Li([verdict_badge(v), f" {numbers[v]}"])
                        for v in progress.VERDICTS if numbers[v] or v != progress.MIXED],
                       className="progress-summary", id=list_id)  # fmt: skip

    return html.Div(
        [
            html.P(html.Strong(f"Av planens {len(items)} delmål{span}:"), className="mb-1"),
            counts(by_delmal, "uppfoljning-sammanfattning"),
            html.P(html.Strong(f"Av tjänstens {len(indicators)} indikatorer för delmålen:"),
                   className="mb-1"),
            counts(by_indicator, "uppfoljning-sammanfattning-indikatorer"),
            html.P(f"Indikatorer som mäter samma sak (som antal samordnare och samordnartid "
                   f"bredvid om kommunen har samordnare) räknas en gång per delmål: "
                   f"{len(measured)} mått, varav "
                   + ", ".join(f"{by_measure[v]} {v}" for v in progress.VERDICTS if by_measure[v])
                   + ".", className="small", id="uppfoljning-sammanfattning-matt"),
        ]
    )  # fmt: skip


def _names(names: tuple[str, ...]) -> str:
    return comparison.join_names(list(names))


def _move_items(moves: tuple[changes.Move, ...], empty: str) -> html.Ul | html.P:
    if not moves:
        return html.P(empty, className="small mb-1")
    return html.Ul([html.Li(f"{m.name}: {m.before} → {m.after}" + _change_words(m))
                    for m in moves], className="mb-1")  # fmt: skip


def _change_words(move: changes.Move) -> str:
    """' (−40 procentenheter; 4 av 5 kriterier ej bedömda 2025)': the change and beside it
    what it rests on (Move.qualifier), so a fall made of unanswered criteria or measured
    from an example value says so; '' without either."""
    said = [t for t in (move.change, getattr(move, "qualifier", "")) if t]
    return f" ({'; '.join(said)})" if said else ""


def year_form(ds: Dataset, first: int, last: int, plan_id: str = "") -> html.Form:
    """Two years to compare: a plain form (GET /uppfoljning?fran=…&till=…), so the choice is
    in the address, works without a callback and changes the page only when asked."""

    def picker(name: str, label: str, chosen: int) -> html.Div:
        options = [html.Option(str(y), value=str(y), selected=y == chosen or None)
                   for y in reversed(ds.years)]  # fmt: skip
        return html.Div([html.Label(label, htmlFor=f"{CHANGES_ID}-{name}", className="form-label mb-1"),
                         html.Select(options, id=f"{CHANGES_ID}-{name}", name=name,
                                     className="form-select")],
                        className="changes-picker")  # fmt: skip

    return html.Form(
        [picker("fran", "Från år", first), picker("till", "Till år", last),
         _hidden("plan", plan_id) if plan_id else None,
         html.Button("Visa förändringarna", type="submit", className="btn btn-outline-primary")],
        action=f"/uppfoljning#{CHANGES_ID}", method="get", className="changes-form mb-3",
    )  # fmt: skip


def _area_changes(area: changes.GoalAreaMoves) -> html.Div:
    """One goal area's largest rises and falls; none after a new definition, as the years
    either side are not alike."""
    if area.new_definition is not None:
        children = [html.H4(area.name, className="h6 mb-1"),
                    html.P(f"Ny definition från {area.new_definition}: åren före jämförs inte "
                           "med åren efter, så inga ökningar eller minskningar visas.",
                           className="small mb-1")]  # fmt: skip
    else:
        children = [html.H4(area.name, className="h6 mb-1"),
                    html.P("Störst ökning:", className="small fw-semibold mb-0"),
                    _move_items(area.rises, "Ingen kommun ökade."),
                    html.P("Störst minskning:", className="small fw-semibold mb-0"),
                    _move_items(area.falls, "Ingen kommun minskade.")]  # fmt: skip
    return html.Div(children, className="changes-area")


def _activities_block(result: changes.Changes) -> html.Div:
    """The Länsstyrelse's activities carried out in the years compared."""
    done = result.activities
    activity_items = [html.Li([f"{r['title']} ", html.Span(f"({r['year']}, {r['kind_label']})",
                                                           className="small")])
                      for _, r in done.iterrows()]  # fmt: skip
    return html.Div(
        [html.H3(f"Länsstyrelsens aktiviteter {result.activity_years}", className="h5"),
         html.P(f"{len(done)} genomförda." if len(done) else
                "Inga genomförda aktiviteter registrerade.", className="mb-1"),
         html.Ul(activity_items, className="small") if activity_items else None],
        className="changes-block", id=f"{CHANGES_ID}-aktiviteter")  # fmt: skip


def _change_blocks(result: changes.Changes) -> list[html.Div]:
    """Coordinators gained and lost, SUV's steps forward and back, the activities, and
    compliance per goal area."""
    gained = _names(result.gained_coordinator) or "ingen"
    lost = _names(result.lost_coordinator) or "ingen"
    return [
        html.Div([html.H3("Kvinnofridssamordnare", className="h5"),
                  html.P(["Fick samordnare: ", html.Strong(gained)], className="mb-1"),
                  html.P(["Förlorade samordnare: ", html.Strong(lost)], className="mb-1")],
                 className="changes-block", id=f"{CHANGES_ID}-samordnare"),
        html.Div([html.H3("SUV", className="h5"),
                  html.P("Framåt:", className="small fw-semibold mb-0"),
                  _move_items(result.suv_forward, "Ingen kommun kom längre."),
                  html.P("Bakåt:", className="small fw-semibold mb-0"),
                  _move_items(result.suv_back, "Ingen kommun gick tillbaka.")],
                 className="changes-block", id=f"{CHANGES_ID}-suv"),
        _activities_block(result),
        html.Div([html.H3("Efterlevnad av SOSFS 2014:4 per mål", className="h5"),
                  html.P("Andel uppfyllda kriterier: de största ökningarna och minskningarna.",
                         className="small"),
                  html.Div([_area_changes(a) for a in result.goal_areas],
                           className="changes-areas")],
                 className="changes-block changes-block-wide", id=f"{CHANGES_ID}-malomraden"),
    ]  # fmt: skip


def changes_section(ds: Dataset, years: tuple[int, int] | None,
                    adjusted: bool = False, plan_id: str = "") -> html.Section:  # fmt: skip
    """'Sedan förra mötet': what changed between two years, for a network meeting. When the
    address asked for other years (the same year twice, a year without values), say so."""
    heading = html.H2("Sedan förra mötet", className="h4", id=f"{CHANGES_ID}-rubrik")
    if years is None:
        return html.Section([heading, html.P("Det behövs uppgifter för minst två år.")],
                            id=CHANGES_ID)  # fmt: skip
    first, last = years
    result = changes.changes(ds, first, last)
    note = (f"De valda åren gick inte att jämföra (samma år två gånger eller ett år utan "
            f"uppgifter); jämförelsen visar {first}–{last}." if adjusted else "")  # fmt: skip
    return html.Section(
        [heading,
         html.P(f"Vad som har ändrats mellan {first} och {last}."
                + (" Uppgifterna är exempeldata." if result.is_example else "")),
         html.P(note, className="small", role="status") if note else None,
         html.P("Välj två år, till exempel året före förra nätverksmötet och det senaste året.",
                className="no-print mb-1"),
         year_form(ds, first, last, plan_id),
         html.Div(_change_blocks(result), className="changes-grid")],
        id=CHANGES_ID, className="changes-section",
        **{"aria-labelledby": f"{CHANGES_ID}-rubrik"},
    )  # fmt: skip


def _hidden(name: str, value: str) -> html.Select:
    """A value a plain form sends along unseen (the frozen HTML has no hidden <input>)."""
    return html.Select(html.Option(value, value=value, selected=True), name=name, hidden=True,
                       **{"aria-hidden": "true"})  # fmt: skip


def plan_choice(ds: Dataset, chosen: Plan) -> html.Div | None:
    """Which plan is followed up, and a plain form to choose another (GET ?plan=<id>, so the
    choice is in the address); nothing when there is one plan."""
    if len(ds.plans) < 2:
        return None
    options = [html.Option(hierarchy.plan_label(p), value=p.id, selected=p is chosen or None)
               for p in reversed(ds.plans)]  # fmt: skip
    title = chosen.document.get("titel", "")
    return html.Div(
        [html.P([f"Visar uppföljningen av {hierarchy.plan_label(chosen)}" + (": " if title else ""),
                 html.Span(title, className="plan-words") if title else None,
                 ". Tjänsten har flera planer; välj en annan nedan."], className="mb-1"),
         html.Form([html.Div([html.Label("Handlingsplan", htmlFor=f"{PLAN_CHOICE_ID}-plan",
                                         className="form-label mb-1"),
                              html.Select(options, id=f"{PLAN_CHOICE_ID}-plan", name="plan",
                                          className="form-select")], className="changes-picker"),
                    html.Button("Visa planens uppföljning", type="submit",
                                className="btn btn-outline-primary")],
                   action="/uppfoljning", method="get", className="changes-form no-print mb-1")],
        id=PLAN_CHOICE_ID, className="mb-3",
    )  # fmt: skip


def sources_section(ds: Dataset, plan: Plan | None = None) -> html.Section:
    """Where every part comes from: the follow-up printed is read without the app."""
    plan = plan or ds.plan
    used = {i for s in plan.subgoals["id"] for i in progress.indicators_of(ds, str(s), plan)}
    inds = ds.indicators[ds.indicators["id"].isin(used)]
    indicator_sources = sorted(set(inds["source"]) - {""})
    items = [plan.document.get("kalla", "Handlingsplanen"),
             *[f"Indikatorer: {s}" for s in indicator_sources],
             "Aktiviteter: Länsstyrelsens verksamhetsplan och årsrapportering",
             f"Lokala handlingsplaner: {local_plans.SOURCE}"]  # fmt: skip
    return html.Section([html.H2("Källor", className="h4"),
                         html.Ul([html.Li(i) for i in items], className="small",
                                 id="uppfoljning-kallor")],
                        className="progress-sources")  # fmt: skip


def _made_and_printed(
    made: str, plan_id: str, years: tuple[int, int] | None, practice: tuple[int, int]
) -> list:
    """When it was made, the years each part covers, a print button and the report's links.
    One period for the page and its documents: the report is made for the same years (#33)."""
    return [
        html.P(f"Länsstyrelsens uppföljning av handlingsplanen, sammanställd {made}.",
               id="uppfoljning-datum", className="small"),
        html.P(progress.period_text(years, practice, _day(made)),
               id="uppfoljning-perioder"),
        html.P(html.Button("Skriv ut uppföljningen (A4)", type="button",
                           className="btn btn-outline-primary btn-sm",
                           **{"data-print-page": ""}), className="no-print"),
        report_content.document_links(VIEW, {"plan": plan_id, "fran": practice[0],
                                             "till": practice[1]} if years else {"plan": plan_id}),
    ]  # fmt: skip


def _chosen_plan(ds: Dataset, plan: str | None) -> tuple[Plan, str]:
    """The plan followed up and its id for the page's links and forms: '' for the default,
    so the one plan's addresses stay as they were."""
    chosen = hierarchy.followed_up_plan(ds, {"plan": plan})
    return chosen, "" if chosen is hierarchy.followed_plan(ds) else chosen.id


@guarded
def _day(text: str) -> dt.date:
    """The page's 'sammanställd' day; today for text that is no date."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return dt.date.today()


def layout(fran: str | None = None, till: str | None = None, datum: str | None = None,
           justerat: str | None = None, plan: str | None = None, **_query) -> HtmlBlock:  # fmt: skip
    """Text and tables without callbacks: one block of HTML (html_block.frozen). fran, till:
    the years 'Sedan förra mötet' compares (changes.resolve_years checks them); datum: the
    day it is made (in the page's cache key, so a printout is never dated yesterday); plan:
    the plan followed up (default: the one in force in the latest year with values)."""
    ds = get_dataset()
    chosen, chosen_id = _chosen_plan(ds, plan)
    made = datum or dt.date.today().isoformat()
    change_years = changes.resolve_years(ds, {"fran": fran, "till": till})
    practice = progress.practice_years(ds, chosen)
    items = progress.all_progress(ds, chosen, practice)
    start, end = chosen.period
    years = progress.compared_years(ds, chosen)
    by_goal: dict[str, list[progress.SubgoalProgress]] = {}
    for item in items:
        by_goal.setdefault(item.goal_id, []).append(item)
    practice_example = bool(ds.activities["is_example"].any() or ds.local_plans["is_example"].any())
    return frozen(html.Div(
        [
            page_header(
                "Uppföljning av handlingsplanen",
                f"Hur {ds.county.area} har kommit med planens delmål under planperioden {start}–{end}: "
                "planens egen uppföljning, tjänstens indikatorer från första till senaste året "
                "med uppgifter, Länsstyrelsens aktiviteter och kommunernas lokala "
                "handlingsplaner.",
            ),
            plan_choice(ds, chosen),
            *_made_and_printed(made, chosen_id, years, practice),
            summary(ds, items, years),
            assessment.summary(ds, [i.subgoal_id for i in items], practice),
            html.P(
                "Aktiviteterna och de lokala handlingsplanerna är exempeldata." if practice_example
                else "", className="small"),  # fmt: skip
            html.P(["För varje delmål står först planens egen text om hur det följs upp, "
                    "ordagrant, och sedan tjänstens indikatorer. Vilka indikatorer som hör till "
                    "ett delmål är tjänstens val, inte planens: planen anger källor, inte mått. ",
                    hierarchy.numbering_note(chosen)],
                   className="small", id="uppfoljning-planens-ord"),  # fmt: skip
            html.P(html.A("Gå till ”Sedan förra mötet”: vad som har ändrats mellan två år",
                          href=f"#{CHANGES_ID}"), className="small no-print"),
            html.P(html.A("Länsstyrelsens verksamhetsplan per år: planerat mot genomfört, nådda "
                          "och samverkansparter", href="/uppfoljning/verksamhetsplan",
                          id="uppfoljning-verksamhetsplan"), className="small no-print"),
            *[goal_section(ds, goal_id, goal_items) for goal_id, goal_items in by_goal.items()],
            changes_section(ds, change_years, adjusted=bool(justerat), plan_id=chosen_id),
            html.Section(
                [html.H2("Så bedöms utvecklingen", className="h4"),
                 html.P(progress.RULE_TEXT, id="uppfoljning-regel")],  # fmt: skip
                className="progress-rule",
            ),
            sources_section(ds, chosen),
            download_links(VIEW, {"plan": chosen_id}),
        ]
    ))  # fmt: skip


def _rounded(value: float, decimals: int) -> float | None:
    return None if math.isnan(value) else round(value, decimals)


def _indicator_figures(ds: Dataset, ind: progress.IndicatorProgress | None) -> dict[str, object]:
    """The download's columns for an indicator's first and latest county figure: years and
    values as numbers, their unit, and how many municipalities they are over (a status: the
    share of the municipalities with a value that have the best status, and how many those
    are), the change between them; the sentences the page shows beside them."""
    names = ("Första år", "Första värde", "Senaste år", "Senaste värde", "Enhet för värdena",
             "Antal kommuner med högsta nivån första året",
             "Antal kommuner med högsta nivån senaste året", "Antal kommuner med värde",
             "Antal kommuner i länet", "Förändring mellan första och senaste värdet",
             CHANGE_UNIT_COLUMN, "Första värdet i ord", "Senaste värdet i ord")  # fmt: skip
    if ind is None:
        return dict.fromkeys(names)  # empty, without a note: the row's Anmärkning says why
    meta = domain.indicator(ds, ind.indicator_id)
    status = domain.is_categorical(meta)
    decimals = 1 if status or meta["type"] == "andel" else 2
    first, last = _rounded(ind.first_value, decimals), _rounded(ind.last_value, decimals)
    top = str(domain.scale_levels(ds, meta["scale"]).dropna(subset=["order"]).iloc[-1]["label"]
              ) if status else ""  # fmt: skip
    unit = (f"% av kommunerna med värde som har {top}" if status else "%"
            if meta["type"] == "andel" else f"{meta['unit'] or 'värde'} i snitt per kommun")  # fmt: skip

    def count(value: float | None) -> int | None:
        return None if value is None or not status or not ind.compared else round(
            value * ind.compared / 100)  # fmt: skip

    change = None if first is None or last is None else round(last - first, decimals)
    values = (ind.first_year, first, ind.last_year, last, unit, count(first), count(last),
              ind.compared or None, len(ds.municipalities), change,
              "procentenheter" if status or meta["type"] == "andel" else str(meta["unit"] or ""),
              ind.first_text, ind.last_text)  # fmt: skip
    return dict(zip(names, values, strict=True))


def _practice_is_example(ds: Dataset, item: progress.SubgoalProgress,
                         years: tuple[int, int]) -> bool:  # fmt: skip
    """Whether the delmål's activities, its Länsstyrelse assessment or the local plans the
    download counts for it are example data."""
    done = progress.activities_for(ds, item.subgoal_id, statuses=["genomford"])
    if bool(done[done["year"].between(*years)]["is_example"].any()):
        return True
    assessed = assessments.latest(ds, item.subgoal_id, up_to_year=years[1], from_year=years[0])
    if assessed is not None and assessed.is_example:
        return True
    rows = (local_plans.in_force_row(ds, a, years[1])
            for a in local_plans.linking(ds, item.subgoal_id, years[1]))  # fmt: skip
    return any(r is not None and bool(r["is_example"]) for r in rows)


@export.register(VIEW)
def build_export(args: Mapping[str, str]) -> ExportTable:
    ds = get_dataset()
    chosen = hierarchy.followed_up_plan(ds, args)
    sources = _sources(ds)
    years = progress.practice_years(ds, chosen)  # as the page: activities, assessments, plans
    rows = []
    for item in progress.all_progress(ds, chosen, years):
        base = {
            "Mål": item.goal_id, "Delmål": item.subgoal_id, "Delmålets text": item.text,
            PLAN_FOLLOWUP_COLUMN: hierarchy.followup_text(chosen, item.subgoal_id),
            "Beräknad utveckling av delmålet": item.verdict,
            **assessment.export_columns(ds, item.subgoal_id, years),
            f"Genomförda aktiviteter {years[0]}–{years[1]}": sum(item.activities_done.values()),
            f"Kommuner med en gällande lokal plan {years[1]}": item.local_plans_of,
            "Kommuner vars gällande plan tar upp delmålet": len(item.local_plans),
            "Andra aktörers planer som tar upp delmålet": comparison.join_names(
                list(item.other_local_plans)),
        }  # fmt: skip
        practice_example = _practice_is_example(ds, item, years)
        for ind in item.indicators or (None,):
            rows.append(base | {
                "Tjänstens indikator (tjänstens val)": ind.name if ind else "",
                "Indikatorns källa": sources.get(ind.indicator_id, "") if ind else "",
                **_indicator_figures(ds, ind),
                "Beräknad utveckling (indikatorn)": ind.verdict if ind else "",
                "Jämförelsen bygger på": "; ".join(
                    n for n in (ind.basis or "alla kommuner båda åren",
                                _example_words(ind.example)) if n) if ind and ind.last_year else "",
                "Anmärkning": ind.reason if ind else NO_INDICATOR_NOTE,
                EXAMPLE_COLUMN: "Ja" if practice_example or (ind and ind.example) else "Nej",
            })  # fmt: skip
    start, end = chosen.period
    is_example = bool(ds.has_example_data)
    return ExportTable(
        title=f"Uppföljning av handlingsplanen {start}–{end}, per delmål",
        frame=pd.DataFrame(rows), is_example=is_example,
        sources=[chosen.document.get("kalla", ""),
                 f"{PLAN_FOLLOWUP_COLUMN}: planens kolumn Indikatorer/uppföljning, ordagrant. "
                 "Indikatorerna är tjänstens val, inte planens.",
                 progress.period_text(progress.compared_years(ds, chosen), years,
                                      dt.date.today()),
                 "Bedömningsregel: " + progress.RULE_TEXT],
        filename="uppfoljning-delmal",
    )  # fmt: skip
