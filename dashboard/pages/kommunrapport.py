"""Kommunrapport (issue #20): one municipality on A4, for its social welfare committee —
profile, compliance per goal area, each criterion, the gaps and the plan's delmål they touch
(and whether the local plan takes them up), the local plan, trends against the county and
the country — laid out for paper: numbered sections, tables that fit the page's width, the
date it was made and a source under every part. /kommun/<kod>/rapport?ar=ÅÅÅÅ.

The page is text, tables and server-written SVG only: one block of HTML, no callbacks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import dash
import pandas as pd
from dash import html

from dashboard import domain
from dashboard.charts import report_charts
from dashboard.charts.svg_bars import compliance_bars_svg
from dashboard.charts.svg_lines import municipality_trend_svg
from dashboard.data.loader import DataError, Dataset, get_dataset
from dashboard.domain import comparison, hierarchy, local_plans, national
from dashboard.domain.formatting import genitive
from dashboard.ui import export, municipality_report, provenance, report_content
from dashboard.ui.components import guarded, preliminary_notice
from dashboard.ui.html_block import HtmlBlock, frozen, svg_block

TREND = comparison.OVERALL_ID
# The documents are the report to send; printing the page is the lesser way, and two
# buttons both saying "PDF" left a first-time user to guess which one to take.
PRINT_LABEL = "Skriv ut sidan"
VIEW = "kommunrapport"
# The report as PDF and Word: /nedladdning/kommunrapport.pdf?kod=…&ar=… (ui/export.py)
export.register_document(VIEW, municipality_report.document_view(report_charts))


def canonical_query(ds: Dataset, params: Mapping[str, object]) -> dict[str, str]:
    """kod and ar, validated; and today's date, so a cached report never shows an old
    'Sammanställd' date (one entry per day, within the cache's bound)."""
    code = comparison.resolve_code(ds, params.get("kod"))
    year = domain.resolve_year(ds, params.get("ar"))
    return {"kod": code or "", "ar": str(year), "datum": dt.date.today().isoformat()}


def report_exists(ds: Dataset, variables: Mapping[str, object]) -> bool:
    return comparison.resolve_code(ds, variables.get("kod")) is not None


def report_title(kod: str | None = None, **_query) -> str:
    try:
        ds = get_dataset()
    except DataError:
        return "Kommunrapport – Kvinnofrid"
    code = comparison.resolve_code(ds, kod)
    if code is None:
        return "Kommunen finns inte – Kvinnofrid"
    return f"Kommunrapport {comparison.municipality_name(ds, code)} – Kvinnofrid"


# Registered before the Kommun page (order 2.9 < 3): Dash tries templates in order, and
# "/kommun/<kod>" would also match "/kommun/0780/rapport".
dash.register_page(
    __name__, path_template="/kommun/<kod>/rapport", path="/kommun/rapport",
    title=report_title, name="Kommunrapport", order=2.9, menu=False,
    canonical_query=canonical_query, found=report_exists,
)  # fmt: skip


def table(frame: pd.DataFrame, caption: str, table_id: str, widths: str = "") -> html.Div:
    """A plain table for paper: every column shown, no stripes to waste toner."""
    frame = comparison.shown_table(frame)[0]
    return responsive(html.Table(
        [html.Caption(caption),
         html.Thead(html.Tr([html.Th(c, scope="col") for c in frame.columns])),
         html.Tbody([html.Tr([html.Td(str(v)) for v in row]) for row in frame.to_numpy()])],
        className=f"table table-sm report-table {widths}".strip(), id=table_id,
    ))  # fmt: skip


def responsive(table_: html.Table) -> html.Div:
    """On a phone a wide table scrolls sideways; on paper it is shown whole (06_print.css)."""
    return html.Div(table_, className="table-responsive")


def section(number: int, title: str, body: list, source: str, section_id: str) -> html.Section:
    return html.Section(
        [html.H2(f"{number}. {title}", className="h5"), *body,
         html.P(f"Källa: {source}", className="report-source")],
        className="report-section", id=section_id,
    )  # fmt: skip


def profile_section(ds: Dataset, code: str, year: int) -> html.Section:
    rows = municipality_report.profile_rows(ds, code, year)  # the document's rows too
    body = [html.Table(html.Tbody([html.Tr([html.Th(k, scope="row"), html.Td(v)])
                                   for k, v in rows]),
                       className="table table-sm report-table report-profile",
                       id="rapport-profil")]  # fmt: skip
    return section(1, f"Läget {year}", body, "kommunernas uppföljning till Länsstyrelsen; "
                   "folkmängd från SCB.", "rapport-lage")  # fmt: skip


def svg_figure(svg: str, block_id: str) -> html.Figure:
    return html.Figure(svg_block(svg, block_id, "svg-figure report-chart"),
                       className="report-figure")  # fmt: skip


def compliance_part(ds: Dataset, code: str, name: str, year: int) -> html.Section:
    # where the values mix real and example data, each example value says so
    profile = comparison.compliance_profile(ds, code, year)
    svg = compliance_bars_svg(profile, name, f"Stapeldiagram: andel uppfyllda kriterier per "
                              f"mål för {name}, {ds.county.area} och liknande kommuner {year}. "
                              "Samma uppgifter finns i tabellen under.", prefix="rapport",
                              mean_name=ds.county.words.Mean)  # fmt: skip
    note = provenance.bars_note(profile, name)  # which bars are example data, where they mix
    body = [svg_figure(svg, "rapport-malomraden-diagram"),
            *([html.P(note, className="small")] if note else []),
            table(provenance.marked_table(comparison.compliance_table(
                profile, name, ds.county.words.Mean, len(ds.municipalities)), [name]),
                  f"Andel uppfyllda kriterier {year}", "rapport-malomraden")]  # fmt: skip
    return section(2, "Efterlevnad av SOSFS 2014:4 per mål i planen", body,
                   "kommunernas egna bedömningar enligt SOSFS 2014:4.", "rapport-efterlevnad")  # fmt: skip


def criteria_part(ds: Dataset, code: str, year: int) -> html.Section:
    """Each criterion under its goal (a row across the table, not a repeated column); where
    the statuses mix real and example data, each example one says so."""
    status = provenance.marked_labels(comparison.criteria_status(ds, code, year))
    areas = comparison.goal_areas(ds).set_index("goal_id")["name"]
    columns = ["Kriterium", "Status", ds.county.words.The, "Riket", "Delmål"]
    rows: list = []
    for goal_id, group in status.groupby("goal_id", sort=True):
        rows.append(html.Tr(html.Th(areas.get(goal_id, f"Mål {goal_id}"), colSpan=len(columns),
                                    scope="colgroup"), className="report-group"))  # fmt: skip
        for _, r in group.iterrows():
            value = national.national_value(ds, r["indicator_id"], year)
            rows.append(html.Tr([
                html.Td(r["name"]), html.Td(r["label"]),
                html.Td(comparison.county_share_text(ds, r["indicator_id"], year)),
                html.Td("–" if value is None else f"{value.shown} ({value.year})"),
                html.Td(", ".join(r["subgoal_ids"])),
            ]))  # fmt: skip
    body = [html.P(f"{ds.county.words.The} och Riket: andel av kommunerna som uppfyller "
                   "kriteriet (riket: "
                   "senaste år med uppgift).", className="small mb-1"),
            responsive(html.Table(
        [html.Caption(f"Kriterierna i SOSFS 2014:4, år {year}"),
         html.Thead(html.Tr([html.Th(c, scope="col") for c in columns])), html.Tbody(rows)],
        className="table table-sm report-table report-table-small", id="rapport-kriterier",
    ))]  # fmt: skip
    sources = "kommunernas egna bedömningar enligt SOSFS 2014:4"
    riket = municipality_report.national_sources(ds, list(status["indicator_id"]), year)
    return section(3, "Kriterierna", body, sources + (f"; {riket}" if riket else "") + ".",
                   "rapport-kriterier-del")  # fmt: skip


def gaps_part(ds: Dataset, code: str, name: str, year: int) -> html.Section:
    gaps = local_plans.uncovered_gaps(ds, code, year)
    if gaps.empty:
        body: list = [html.P(comparison.no_gaps_sentence(ds, code, year))]
    else:
        lead = municipality_report.gaps_lead(ds, code, name, year, gaps)
        body = [html.P(lead, className="report-callout", id="rapport-otackta-brister"),
                table(comparison.gaps_table(gaps), f"Delmål som bristerna {year} berör",
                      "rapport-brister")]  # fmt: skip
    return section(4, "Brister och handlingsplanens delmål", body,
                   f"{ds.catalogue_plan.document.get('kalla', 'Handlingsplanen')}; {local_plans.SOURCE}.",
                   "rapport-brister-del")  # fmt: skip


def local_plan_part(ds: Dataset, code: str, name: str, year: int) -> html.Section:
    """The plan that speaks for the year, the plans over time (when more than one) and the
    Länsstyrelse's process support in the year."""
    body: list = [html.P(line) for line in municipality_report.local_plan_lines(ds, code, year)]
    history = local_plans.history(ds, code, year)
    if len(history) > 1:
        body.append(table(local_plans.history_table(history),
                          f"Lokala handlingsplaner över tid, läge {year}", "rapport-planer"))  # fmt: skip
    support = local_plans.process_support(ds, code, year)
    if support_text := municipality_report.process_support_text(ds, code, year):
        body.append(html.P(support_text, id="rapport-processtod"))
    if bool(history["is_example"].any()) or bool(support["is_example"].any()):
        body.append(html.P("Uppgifterna om lokala planer och processtöd är exempeldata.",
                           className="small"))  # fmt: skip
    return section(5, f"{genitive(name)} lokala handlingsplan", body,
                   f"{local_plans.SOURCE}; {local_plans.PROCESS_SUPPORT_SOURCE}.",
                   "rapport-lokal-plan")  # fmt: skip


def trend_part(ds: Dataset, code: str, name: str) -> html.Section:
    ind = domain.indicator(ds, TREND)
    frame = comparison.trends(ds, TREND, [code])
    means = comparison.municipality_trend_means(ds, code, TREND)
    shown = comparison.marked_years(provenance.marked_table(
        comparison.trends_table(ds, frame, TREND, None, means), [name]))  # fmt: skip
    body = [svg_figure(municipality_trend_svg(ds, code, TREND, name), "rapport-utveckling-diagram"),
            table(shown, f"{ind['name']} per år", "rapport-utveckling"),
            # the years marked '(ny definition)' in the table, said in words (#31)
            *([html.P(changed, className="small")]
              if (changed := comparison.definition_note(ds, TREND)) else []),
            html.P(national.national_text(ds, TREND, max(ds.years)) or "", className="small")]  # fmt: skip
    return section(
        6,
        f"Utveckling {min(ds.years)}–{max(ds.years)}",
        body,
        f"{ind['source']}.",
        "rapport-utveckling-del",
    )


@guarded
def layout(kod: str | None = None, ar: str | None = None, datum: str | None = None,
           **_query) -> HtmlBlock:  # fmt: skip
    ds = get_dataset()
    code = comparison.resolve_code(ds, kod)
    if code is None:
        return frozen(html.Div([html.H1("Kommunen finns inte"),
                                html.P(f"Det finns ingen kommun med den koden i {ds.county.area}."),
                                html.P(html.A("Till kommunerna", href="/kommun"))]))  # fmt: skip
    year = domain.resolve_year(ds, ar)
    name = comparison.municipality_name(ds, code)
    made = datum or dt.date.today().isoformat()
    # the plan in force in the report's year, not the newest (a successor may be loaded)
    start, end = (hierarchy.plan_in_force(ds, year) or hierarchy.followed_plan(ds)).period
    return frozen(html.Article(
        [
            html.Header(
                [
                    html.P(f"{ds.county.organisation} · Handlingsplan för att förebygga och "
                           f"bekämpa mäns våld mot kvinnor {start}–{end}", className="report-org"),
                    html.H1(f"Kommunrapport: {name} {domain.year_text(ds, None, year)}",
                            className="h3"),
                    preliminary_notice(ds, year),
                    html.P(f"Underlag för {genitive(name)} socialnämnd om arbetet mot mäns våld "
                           f"mot kvinnor. Uppgifter för {year}, utveckling {min(ds.years)}–"
                           f"{max(ds.years)}. Sammanställd {made}.", id="rapport-datum"),
                    report_content.document_links(VIEW, {"kod": code, "ar": year}),
                    html.P([
                        html.Button(PRINT_LABEL, type="button", id="rapport-skriv-ut",
                                    className="btn btn-outline-primary",
                                    **{"data-print-page": ""}),
                        " ",
                        html.A(f"Tillbaka till {genitive(name)} sida", href=f"/kommun/{code}?ar={year}",
                               className="btn btn-outline-primary", **{"data-app-link": ""}),
                    ], className="no-print report-actions"),
                ],
                className="report-header",
            ),
            profile_section(ds, code, year),
            compliance_part(ds, code, name, year),
            criteria_part(ds, code, year),
            gaps_part(ds, code, name, year),
            local_plan_part(ds, code, name, year),
            trend_part(ds, code, name),
        ],
        className="report", id="kommunrapport",
    ))  # fmt: skip
