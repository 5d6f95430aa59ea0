"""Presentera: full-screen slides from the live views, for network meetings.

/presentera shows the form "Skapa presentation"; /presentera?…&bild=N shows slide N of the
deck the parameters describe (see dashboard.domain.presenter). Föregående/Nästa are dcc.Links, so a
slide change pushes the URL and Dash re-renders the page; assets/06_present.js lets arrow
keys, Page Up/Down (what a clicker sends) and Esc press those links.
"""

from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, dcc, html

from dashboard import domain
from dashboard.charts import compare as compare_figures
from dashboard.charts import riket
from dashboard.charts.svg_bars import compliance_bars_svg
from dashboard.charts.svg_heatmap import compliance_heatmap_svg
from dashboard.charts.svg_map import indicator_map_html
from dashboard.data.loader import Dataset, get_dataset
from dashboard.domain import (
    assessments,
    changes,
    comparison,
    hierarchy,
    national,
    overview,
    presenter,
    progress,
)
from dashboard.domain.export_table import EXAMPLE_COLUMN, example_flags
from dashboard.domain.formatting import MISSING
from dashboard.ui import assessment, export, provenance
from dashboard.ui.components import (
    MIXED_DATA_SHORT,
    colour_legend,
    download_links,
    guarded,
    page_header,
    verdict_badge,
)
from dashboard.ui.html_block import HtmlBlock, frozen, svg_block

dash.register_page(
    __name__, path=presenter.PATH, title="Presentera – Kvinnofrid", name="Presentera", order=5,
    # the day is in the key: a slide says whether the latest year is still running
    canonical_query=lambda ds, params: presenter.canonical_deck_query(ds, params)
    | {"datum": dt.date.today().isoformat()},
)  # fmt: skip

PREFIX = "presentera"
NO_MUNICIPALITY = "ingen"  # the picker's 'Ingen kommunbild' (an empty value shows as blank)
SLIDE_NOTICE = "Exempeldata: påhittade värden, inte verkliga uppgifter om kommunerna."
INVALID_DATE = ("Datumet för förra mötet i adressen gick inte att läsa. Skriv det som "
                "ÅÅÅÅ-MM-DD, till exempel 2025-03-14. Jämförelsen visar i stället året före "
                "presentationens år.")  # fmt: skip
SLIDE_LABEL_PX = 24  # the map's names and values on a slide: the body text's size at 4:3
KEY_HELP = (
    "Byt bild med piltangenterna eller Page Up och Page Down (det som en presentationsklicker "
    "skickar). Esc avslutar och går tillbaka hit."
)


# --- slides ------------------------------------------------------------------------------------


def slide_chart(block_id: str, svg: str) -> html.Div:
    """A chart from the same SVG module as the pages, scaled to fill its part of the slide
    (assets/06_present.css): the SVG's viewBox keeps its proportions and its type grows with
    it, so one implementation serves the page and the slide. The SVG names itself."""
    return html.Div(svg_block(svg, block_id, "svg-figure slide-figure"),
                    className="slide-graph-box")  # fmt: skip


def title_slide(ds: Dataset, state: presenter.DeckState, slides: list) -> tuple[list, str]:
    agenda = [html.Li(text, value=str(number)) for number, text in
              presenter.agenda(slides, domain.year_text(ds, None, state.year))]  # fmt: skip
    body = [
        html.P(
            presenter.deck_plan(ds, state.year).document.get("titel", ""), className="slide-lead"
        ),
        html.H2("Innehåll", className="slide-subheading"),
        html.Ol(agenda, className="slide-agenda"),
    ]
    return body, presenter.deck_plan(ds, state.year).document.get("kalla", "Handlingsplanen")


def key_figure_flags(ds: Dataset, year: int) -> list[list[bool]]:
    """Per key figure (domain.key_figures, in its order), whether each value it rests on is
    example data: this year's answered values of the indicator it counts."""
    ids = ["samordnare", "suv_status"] + [
        f"sosfs_mal{g}" for g in ds.catalogue_plan.goals["id"]
        if f"sosfs_mal{g}" in set(ds.indicator_ids)
    ]  # fmt: skip
    snaps = [domain.snapshot(ds, i, year) for i in ids]
    return [[bool(f) for f, raw in zip(snap["is_example"], snap["raw"], strict=True) if raw != ""]
            for snap in snaps]  # fmt: skip


def key_figures_slide(ds: Dataset, state: presenter.DeckState) -> tuple[list, str]:
    figures = domain.key_figures(ds, state.year)
    per_figure = key_figure_flags(ds, state.year)
    if len(per_figure) != len(figures):  # not the figures' order: no mark rather than a wrong one
        per_figure = [[] for _ in figures]
    flags = [f for fs in per_figure for f in fs]
    # where the cards rest on both real and example values, each says which it is
    mixed = provenance.mixes(flags)
    cards = [
        html.Div(
            [
                html.H2(k.title, className="slide-card-title"),
                html.P(k.value, className="slide-card-value"),
                # the mark in the detail's size: beside the value it would not fit at 4:3
                html.P(provenance.figure_mark(fs, mixed), className="slide-card-detail")
                if provenance.figure_mark(fs, mixed)
                else None,
                html.P(k.detail, className="slide-card-detail"),
                html.P(k.change, className="slide-card-change") if k.change else None,
            ],
            className="slide-card",
        )
        for k, fs in zip(figures, per_figure, strict=True)
    ]
    example = ("Värdena är exempeldata." if flags and all(flags)
               else "En del av värdena är exempeldata." if any(flags) else "")  # fmt: skip
    ids = ["samordnare", "suv_status", *(f"sosfs_mal{g}" for g in ds.catalogue_plan.goals["id"])]
    # the indicators' own sources, as the pages name them, not a summary of them
    names = presenter.key_figure_sources(ds, ids, state.year)
    return [html.Div(cards, className="slide-cards")], "".join(f"{n}. " for n in names) + example


def riket_strip(ds: Dataset, indicator_id: str, year: int) -> html.Div | None:
    """Riket drawn beside a criterion's map (a map cannot colour the country's share): the
    county's share that meets it and Riket's, narrow so its type is slide-sized."""
    strip = riket.riket_strip_svg(riket.riket_reference(ds, indicator_id, year), width=240,
                                  title="")  # fmt: skip
    return html.Div(svg_block(strip, f"{PREFIX}-riket", "slide-riket")) if strip else None


def map_slide(ds: Dataset, state: presenter.DeckState, indicator_id: str) -> tuple[list, str]:
    ind = domain.indicator(ds, indicator_id)
    frame = overview.overview_frame(ds, overview.OverviewState(indicator_id, state.year, "varde"))
    map_and_legend = indicator_map_html(
        ds, indicator_id, frame, state.year,
        f"Karta: {ind['name']} {state.year} per kommun. Samma uppgifter står i tabellen bredvid.",
        label_px=SLIDE_LABEL_PX,
    )  # fmt: skip
    # where the map mixes real and example values, each example value in its table says so
    rows = [html.Tr([html.Th(name, scope="row"), html.Td(value)])
            for name, value in presenter.map_rows(provenance.marked_labels(frame))]  # fmt: skip
    body = [
        html.Div(
            [
                slide_chart(f"{PREFIX}-karta", map_and_legend),
                html.Div(
                    [
                        html.P(presenter.indicator_summary(ds, indicator_id, state.year),
                               className="slide-summary"),
                        # a criterion's Riket is drawn (and says it in its name), else written
                        riket_strip(ds, indicator_id, state.year)
                        or html.P(national.short_text(ds, indicator_id, state.year),
                                  className="slide-national"),
                        frozen(html.Table(
                            [html.Caption(f"{ind['short_name'] or ind['name']} per kommun, högst först",
                                          className="visually-hidden"),
                             html.Tbody(rows)],
                            className="slide-table",
                        )),
                    ],
                    className="slide-side",
                ),
            ],
            className="slide-split",
        )
    ]  # fmt: skip
    # the catalogue's source and the year's real stored ones ('Växjö kommuns svar 2026')
    named = presenter.key_figure_sources(ds, [indicator_id], state.year) or [str(ind["source"])]
    source = " ".join(
        filter(None, [*(f"{n}." for n in named), provenance.values_sentence(frame["is_example"])])
    )
    source += "".join(f" {s}." for s in national.sources(ds, [indicator_id], state.year))
    return body, source


def heatmap_slide(ds: Dataset, state: presenter.DeckState) -> tuple[list, str]:
    matrix = comparison.heatmap_matrix(ds, state.year)
    ranked = list(matrix.drop_duplicates("code").sort_values("row_order")["code"])
    window = presenter.rank_window(ranked, keep=state.municipality)
    svg = compliance_heatmap_svg(
        matrix, "Värmekarta: andel uppfyllda kriterier per kommun och mål, kommunerna "
        "ordnade med högst efterlevnad överst.", mine=state.municipality, window=window,
    )  # fmt: skip
    order = "Kommunerna står i ordning efter efterlevnad i alla mål, högst överst."
    if len(window) < len(ranked):
        half = presenter.MAX_SLIDE_ROWS // 2
        order = (f"De {half} kommuner med högst och de {half} med lägst efterlevnad i alla "
                 f"mål, av {len(ranked)}. Alla finns under Jämför.")  # fmt: skip
        gaps = sum(isinstance(row, presenter.Skipped) for row in window)
        if gaps > 1:  # the deck's municipality stands between two gaps, where it ranks
            name = comparison.municipality_name(ds, state.municipality)
            order += f" {name} (vald kommun) står där den är i ordningen."
    key = ", ".join(f"{r['short']} = {r['topic']}" for _, r in
                    comparison.goal_areas(ds).iterrows())  # fmt: skip
    body = [
        html.Div(
            [
                slide_chart(f"{PREFIX}-varmekarta", svg),
                html.Div(
                    [html.P(order, className="slide-note"),
                     html.P(key + ".", className="slide-note"),
                     colour_legend("Andel uppfyllda kriterier:",
                                   compare_figures.heat_legend_items(), "slide-legend",
                                   "slide-legend-item", "slide-swatch")],
                    className="slide-side",
                ),
            ],
            className="slide-split slide-split-wide",
        )
    ]  # fmt: skip
    return body, "Socialstyrelsens föreskrifter SOSFS 2014:4, kommunernas egna bedömningar. " + (
        provenance.values_sentence(matrix["is_example"])
    )


def goal_slide(ds: Dataset, state: presenter.DeckState, key: str) -> tuple[list, str]:
    goal_id, ids = presenter.goal_key(key)
    status = presenter.goal_compliance(ds, goal_id, state.year)
    left: list = []
    if status.compliance_text != MISSING:
        left += [
            html.P(status.compliance_text, className="slide-big-number"),
            html.P("av SOSFS-kriterierna under målet uppfyllda, snitt för kommunerna",
                   className="slide-card-detail"),
        ]  # fmt: skip
        if status.compliance_change:
            left.append(html.P(status.compliance_change, className="slide-card-change"))
    items = [
        html.Li(
            [html.Span(line.subgoal_id, className="slide-subgoal-id"),
             html.Div([html.Span(line.text, className="slide-subgoal-text"),
                       html.Span(line.status, className="slide-subgoal-status")])],
        )
        for line in presenter.subgoal_lines(ds, goal_id, state.year)
        if ids is None or line.subgoal_id in ids
    ]  # fmt: skip
    body = [
        html.Div(
            [
                html.Div(left or [html.P(no_compliance_text(ds, goal_id, state.year))],
                         className="slide-side slide-goal-status"),
                html.Div([html.H2("Delmål", className="visually-hidden"),
                          html.Ul(items, className="slide-subgoals")],
                         className="slide-main"),
            ],
            className="slide-split slide-split-goal",
        )
    ]  # fmt: skip
    plan = presenter.deck_plan(ds, state.year)
    # the plan's name, not its whole source line: the footer stays one line at 4:3
    source = f"{hierarchy.plan_label(plan)}. Läget enligt tjänstens indikatorer"
    return body, source + (", exempeldata." if ds.has_example_data else ".")


def no_compliance_text(ds: Dataset, goal_id: str, year: int) -> str:
    """What is missing where a goal slide has no SOSFS share: only that, since the delmål
    beside it may well have figures of their own."""
    indicator_id = f"sosfs_mal{goal_id}"
    catalogue = hierarchy.is_catalogue_plan(presenter.deck_plan(ds, year))
    if not catalogue or indicator_id not in set(ds.indicator_ids):
        return "Målet har inga SOSFS 2014:4-kriterier i tjänsten."
    return (
        f"SOSFS 2014:4-kriterierna under målet: {MISSING.lower()} "
        f"{domain.year_text(ds, indicator_id, year)}."
    )


def municipality_slide(ds: Dataset, state: presenter.DeckState, code: str) -> tuple[list, str]:
    name = comparison.municipality_name(ds, code)
    year = state.year
    coordinator = comparison.status_with_since(ds, code, "samordnare", "ja", year)
    suv = comparison.status_with_since(ds, code, "suv_status", "i_bruk", year)
    profile = comparison.compliance_profile(ds, code, year)
    overall = domain.snapshot(ds, comparison.OVERALL_ID, year)
    overall_label = str(overall.loc[overall["code"] == code, "label"].iloc[0])
    county_label = presenter.percent_or_missing(domain.county_mean(overall))
    # where the cards' values mix real and example data, each example value says so
    flags = [bool(snap.loc[snap["code"] == code, "is_example"].any()) for snap in
             (domain.snapshot(ds, i, year) for i in ("samordnare", "suv_status"))]  # fmt: skip
    flags.append(bool(overall.loc[overall["code"] == code, "is_example"].any()))
    mixed = provenance.mixes(flags)
    # the mark in the detail's size under the value: beside it it would not fit at 4:3
    marks = [html.P(provenance.EXAMPLE_MARK, className="slide-card-detail")
             if mixed and f else None for f in flags]  # fmt: skip
    svg = compliance_bars_svg(
        profile, name,
        f"Stapeldiagram: andel uppfyllda kriterier per mål för {name}, "
        f"{ds.county.words.mean}et och liknande kommuner.", prefix="bild",
        mean_name=ds.county.words.Mean,
    )  # fmt: skip
    cards = [
        # a soft hyphen: at 4:3 the word is wider than its card
        html.Div([html.H2("Kvinnofrids\u00adsamordnare", className="slide-card-title"),
                  html.P(coordinator.value, className="slide-card-value"), marks[0],
                  html.P(coordinator.since, className="slide-card-change")],
                 className="slide-card"),
        html.Div([html.H2("SUV", className="slide-card-title"),
                  html.P(suv.value, className="slide-card-value"), marks[1],
                  html.P(suv.since, className="slide-card-change")],
                 className="slide-card"),
        html.Div([html.H2("SOSFS 2014:4, alla mål", className="slide-card-title"),
                  html.P(overall_label, className="slide-card-value"), marks[2],
                  html.P(f"{ds.county.words.Mean} {county_label}", className="slide-card-change")],
                 className="slide-card"),
    ]  # fmt: skip
    body = [
        html.Div(
            [
                html.Div(cards, className="slide-side slide-stack"),
                html.Div(
                    [html.H2("Efterlevnad av SOSFS 2014:4 per mål i planen",
                             className="slide-subheading"),
                     slide_chart(f"{PREFIX}-kommundiagram", svg),
                     html.P(provenance.bars_note(profile, name), className="slide-note")
                     if provenance.bars_note(profile, name) else None],
                    className="slide-main slide-main-graph",
                ),
            ],
            className="slide-split slide-split-goal",
        )
    ]  # fmt: skip
    named = presenter.key_figure_sources(ds, ["samordnare", "suv_status", comparison.OVERALL_ID],
                                         year)  # fmt: skip
    source = "".join(f"{n}. " for n in named) + (
        provenance.values_sentence([*profile["is_example"], *flags])
    )
    return body, source


SLIDE_ACTIVITIES = 3  # more would not fit a projected slide; the page lists them all


SLIDE_MOVES = 4  # a county of 49 may have many: the page lists them all


def move_notes(move: object) -> str:
    """What a change rests on, beside it as the pages show it: Move.qualifier ('från ett
    exempelvärde 2024', '4 av 5 kriterier ej bedömda 2025') and whatever a share's change
    says after its number ('−40 procentenheter; 4 av 5 …'), each once."""
    notes = [str(getattr(move, "qualifier", "") or "")]
    notes += str(getattr(move, "change", "") or "").split("; ")[1:]
    kept = list(dict.fromkeys(n.strip() for part in notes for n in part.split("; ") if n.strip()))
    return f" ({'; '.join(kept)})" if kept else ""


def _noted(text: str, move: object) -> list:
    """A change's words and, in the slide's smaller type, what it rests on (move_notes):
    the notes keep the card within the slide at 4:3."""
    notes = move_notes(move)
    return [text, html.Span(notes, className="slide-small slide-move-note")] if notes else [text]


def _joined(parts: list[list], last: str = " och ") -> list:
    """'A, B och C' of components, as comparison.join_names joins names."""
    out: list = []
    for number, part in enumerate(parts):
        if number:
            out.append(last if number == len(parts) - 1 else ", ")
        out += part
    return out


def _moved(moves: tuple) -> list:
    """'Växjö +67 (från ett exempelvärde 2024), Älmhult +33', or 'ingen'."""
    parts = [_noted(f"{m.name} {m.change.split()[0]}", m) for m in moves]
    return _joined(parts, ", ") if parts else ["ingen"]


def _coordinator_names(items: tuple) -> list:
    """The coordinator card's names: a Move (with its qualifier) or a plain name."""
    return _joined([_noted(str(getattr(i, "name", i)), i) for i in items]) or ["ingen"]


def _slide_moves(moves: tuple, empty: str) -> list:
    if not moves:
        return [html.P(empty, className="slide-card-detail")]
    more = len(moves) - SLIDE_MOVES
    return [html.Ul([html.Li(_noted(f"{m.name}: {m.before} → {m.after}", m))
                     for m in moves[:SLIDE_MOVES]],
                    className="slide-change-list"),
            html.P(f"… och {more} till (alla under Uppföljning)", className="slide-small")
            if more > 0 else None]  # fmt: skip


SOURCE_LINE = 100  # characters of the footer's source on one line at 4:3


def _activity_room(result: changes.Changes, source: str) -> int:
    """How many activities' titles the slide lists: one fewer for each of what takes a line
    more at 4:3, notes beside the SOSFS card's changes and a source over two lines; '… och
    N till' names the rest."""
    moves = [m for a in result.goal_areas for m in (*a.rises, *a.falls)]
    return (SLIDE_ACTIVITIES - any(move_notes(m) for m in moves)
            - (len(source) > SOURCE_LINE))  # fmt: skip


def _changes_source(ds: Dataset, first: int, last: int) -> str:
    """The indicators' own sources, both years' (the footer's notice says what is example
    data), and the activities'."""
    ids = [changes.COORDINATOR, changes.SUV, comparison.OVERALL_ID]
    named = presenter.key_figure_sources(ds, ids, first, last)
    return "; ".join([*named, "Länsstyrelsens aktiviteter"]) + "."


def changes_slide(ds: Dataset, state: presenter.DeckState, since: str) -> tuple[list, str]:
    """'Sedan förra mötet': the same facts as the Uppföljning page's section, in four cards."""
    first = int(since)
    result = changes.changes(ds, first, state.year)
    source = _changes_source(ds, first, state.year)
    areas = []
    for a in result.goal_areas:
        if a.new_definition is not None:  # measured otherwise since: nothing to compare
            areas.append(html.Li([html.Strong(f"Mål {a.goal_id}: "), "ny definition från "
                                  f"{a.new_definition}, ingen jämförelse"]))  # fmt: skip
            continue
        areas.append(html.Li([html.Strong(f"Mål {a.goal_id}: "), "upp ", *_moved(a.rises),
                              "; ned ", *_moved(a.falls)]))  # fmt: skip
    # as Moves where changes gives them ('Ja → Nej', with its qualifier), else the names
    gained = getattr(result, "gained_moves", ()) or result.gained_coordinator
    lost = getattr(result, "lost_moves", ()) or result.lost_coordinator
    done = result.activities
    titles = [html.Li(html.Span(t, className="slide-clamp", title=t))
              for t in done["title"].head(_activity_room(result, source))]  # fmt: skip
    more = len(done) - len(titles)
    cards = [
        html.Div([html.H2("Kvinnofridssamordnare", className="slide-card-title"),
                  html.P(["Fick: ", html.Strong(_coordinator_names(gained))],
                         className="slide-card-detail"),
                  html.P(["Förlorade: ", html.Strong(_coordinator_names(lost))],
                         className="slide-card-detail")],
                 className="slide-card"),
        html.Div([html.H2("SUV", className="slide-card-title"),
                  *_slide_moves(result.suv_forward + result.suv_back,
                                "Ingen kommun har ändrat status.")],
                 className="slide-card"),
        html.Div([html.H2("SOSFS 2014:4, störst förändring (procentenheter)",
                          className="slide-card-title"),
                  html.Ul(areas, className="slide-change-list")],
                 className="slide-card slide-card-wide"),
    ]  # fmt: skip
    notes: list = []
    if state.since_date is None:  # else the slide before lists them from the day
        cards.append(html.Div(
            [html.H2(f"Länsstyrelsens aktiviteter {result.activity_years}: {len(done)} "
                     "genomförda", className="slide-card-title"),
             html.Ul(titles, className="slide-change-list slide-one-line") if titles else None,
             html.P(f"… och {more} till (alla under Uppföljning)",
                    className="slide-small") if more > 0 else None],
            className="slide-card slide-card-wide"))  # fmt: skip
    else:
        notes.append(html.P(f"Värdena finns per år och jämförs för hela år: {first} med "
                            f"{state.year}. Aktiviteter och lokala planer sedan "
                            f"{presenter.day_text(state.since_date)}: bilden före.",
                            className="slide-status"))  # fmt: skip
    if state.since_invalid:
        notes.append(html.P(INVALID_DATE, className="slide-status", role="status",
                            id=f"{PREFIX}-sedan-ogiltigt"))  # fmt: skip
    return [html.Div(cards, className="slide-cards slide-changes"), *notes], source


# --- progress: Uppföljning's verdicts, slide size ----------------------------------------------


def _count_list(counts: list[tuple[object, int]], list_id: str) -> html.Ul:
    return html.Ul([html.Li([label, html.Span(str(n), className="slide-count")])
                    for label, n in counts], className="slide-counts", id=list_id)  # fmt: skip


ASSESSMENT_NOTE = (f"*{assessments.WHO[0].upper()}{assessments.WHO[1:]}; räknas inte in i "
                   "den beräknade utvecklingen.")  # fmt: skip


def _rule_lines(deck: presenter.DeckProgress, rule: bool = True) -> html.Div:
    """Which years each part covers (a year still running: preliminary) and the rule, or
    on a slide of delmål what Länsstyrelsens bedömning is (the rule: the summary slide)."""
    period = progress.period_text(deck.compared, deck.practice, dt.date.today())
    second = ["Beräknad utveckling: ", progress.RULE_SHORT] if rule else ASSESSMENT_NOTE
    return html.Div([html.P(period), html.P(second)], className="slide-rule slide-small")


def verdict_count_table(items: tuple[progress.SubgoalProgress, ...]) -> html.Table:
    """How many delmål and how many of the service's indicators got each verdict, side by
    side as Uppföljning's summary counts them (progress.verdict_counts): an indicator that
    got worse is counted as such even where its delmål is mixed, so 'Sämre 0' for the delmål
    never stands alone."""
    by_delmal = progress.verdict_counts(i.verdict for i in items)
    indicators = [ind for i in items for ind in i.indicators]
    by_indicator = progress.verdict_counts(ind.verdict for ind in indicators)
    shown = [v for v in progress.VERDICTS
             if by_delmal[v] or by_indicator[v] or v != progress.MIXED]  # fmt: skip
    head = html.Thead(html.Tr([html.Td(), html.Th(f"{len(items)} delmål", scope="col",
                                                  className="slide-small"),
                               html.Th(f"{len(indicators)} indikatorer", scope="col",
                                       className="slide-small")]))  # fmt: skip
    rows = [html.Tr([html.Th(verdict_badge(v), scope="row"),
                     html.Td(str(by_delmal[v]), className="slide-count"),
                     html.Td(str(by_indicator[v]), className="slide-count")])
            for v in shown]  # fmt: skip
    return html.Table([head, html.Tbody(rows)], className="slide-count-table",
                      id=f"{PREFIX}-utveckling")  # fmt: skip


def progress_slide(ds: Dataset, state: presenter.DeckState) -> tuple[list, str]:
    """How many delmål got each verdict, and, apart, Länsstyrelsens own assessments: the
    counts of Uppföljning's summary."""
    deck = presenter.deck_progress(ds, state.year)
    ids = [i.subgoal_id for i in deck.items]
    first, last = deck.practice
    own = assessments.status_counts(ds, up_to_year=last, from_year=first, subgoal_ids=ids)
    judged = [(assessment.status_badge(assessments.status_label(code)), n)
              for code, n in own.items() if code != assessments.NO_ASSESSMENT]  # fmt: skip
    judged.append((assessments.NO_ASSESSMENT_LABEL, own[assessments.NO_ASSESSMENT]))
    span = presenter.years_text(deck.compared) if deck.compared else ""
    body = [
        html.Div(
            [
                html.Div([html.H2(f"Beräknad utveckling {span}", className="slide-subheading"),
                          html.P("Från tjänstens indikatorer, delmål för delmål.",
                                 className="slide-small"),
                          verdict_count_table(deck.items)]),
                html.Div([html.H2(f"{assessments.HEADING} {presenter.years_text(deck.practice)}",
                                  className="slide-subheading"),
                          html.P(f"Senaste bedömningen; {assessments.WHO}.",
                                 className="slide-small"),
                          _count_list(judged, f"{PREFIX}-bedomningar")]),
            ],
            className="slide-progress",
        ),
        _rule_lines(deck),
    ]  # fmt: skip
    return body, _progress_source(ds, deck)


def _progress_source(ds: Dataset, deck: presenter.DeckProgress) -> str:
    # Short: the footer's notice already says what is example data.
    return (
        f"{hierarchy.plan_label(deck.plan)}; indikatorerna är tjänstens val, beräknat som "
        "under Uppföljning."
    )


def _verdict_cell(ds: Dataset, item: progress.SubgoalProgress) -> list:
    """The computed verdict as Uppföljning writes it: what a mixed one is made of, and for a
    delmål without the service's indicators that it has none; a left-out preliminary year
    or a smaller panel as the indicators say."""
    cell: list = [verdict_badge(item.verdict)]
    if item.verdict == progress.MIXED:
        cell.append(html.Div(progress.mixed_text(item.indicators, ds), className="slide-small"))
    elif not item.indicators:
        cell.append(html.Div("Ingen indikator i tjänsten.", className="slide-small"))
    notes = sorted({ind.basis for ind in item.indicators if ind.basis})
    if notes:
        cell.append(html.Div("; ".join(notes), className="slide-small"))
    return cell


def _assessment_cell(ds: Dataset, item: progress.SubgoalProgress,
                     practice: tuple[int, int]) -> list:  # fmt: skip
    own = presenter.latest_assessment(ds, item.subgoal_id, practice)
    if own is None:
        return [html.Span(assessments.NO_ASSESSMENT_LABEL, className="slide-small")]
    return [assessment.status_badge(own.status_label), f" {own.year}"]


def verdicts_slide(ds: Dataset, state: presenter.DeckState, key: str) -> tuple[list, str]:
    """Some delmål of one goal: text, computed verdict, Länsstyrelsens assessment."""
    deck = presenter.deck_progress(ds, state.year)
    head = html.Thead(html.Tr([
        html.Th("Delmål", scope="col", colSpan=2),
        html.Th(f"Beräknad utveckling {presenter.years_text(deck.compared)}" if deck.compared
                else "Beräknad utveckling", scope="col"),
        html.Th(f"{assessments.HEADING}*", scope="col"),
    ]))  # fmt: skip
    rows = [
        html.Tr([html.Td(item.subgoal_id, className="slide-verdict-id"),
                 html.Th(item.text, scope="row"),
                 # data-label: on a phone each row is a card, each cell headed by its column
                 html.Td(_verdict_cell(ds, item), className="slide-verdict-cell",
                         **{"data-label": "Beräknad utveckling"}),
                 html.Td(_assessment_cell(ds, item, deck.practice),
                         className="slide-assessment-cell",
                         **{"data-label": f"{assessments.HEADING}*"})],
                **{"data-verdict": item.verdict})
        for item in presenter.verdict_items(ds, state.year, key)
    ]  # fmt: skip
    table = html.Table([head, html.Tbody(rows)], className="slide-verdicts",
                       id=f"{PREFIX}-delmal")  # fmt: skip
    return [table, _rule_lines(deck, rule=False)], _progress_source(ds, deck)


SINCE_ACTIVITIES = 6  # a projected slide's worth; Uppföljning and Verksamhetsplan list all
SINCE_PLANS = 4


def since_day_slide(ds: Dataset, state: presenter.DeckState, key: str) -> tuple[list, str]:
    """'Sedan förra mötet' from the day of the last meeting: the Länsstyrelse's activities
    carried out and the local plans adopted since, each with its date."""
    day = dt.date.fromisoformat(key)
    found = presenter.since_day(ds, day)
    done = found.activities
    activities = [html.Li([html.Span(presenter.day_text(r["date"].date()) if not pd.isna(r["date"])
                                     else str(r["year"]), className="slide-date"),
                           html.Span(r["title"], className="slide-clamp", title=r["title"])])
                  for _, r in done.head(SINCE_ACTIVITIES).iterrows()]  # fmt: skip
    more = len(done) - len(activities)
    plans = [html.Li([html.Span(presenter.day_text(adopted), className="slide-date"),
                      html.Span(f"{name}" + (f" ({by})" if by else ""))])
             for name, adopted, by in found.local_plans[:SINCE_PLANS]]  # fmt: skip
    body = [
        html.H2(f"Länsstyrelsens aktiviteter som har genomförts sedan dess: {len(done)}",
                className="slide-subheading"),
        html.Ul(activities, className="slide-dated", id=f"{PREFIX}-sedan-aktiviteter")
        if activities else html.P("Ingen genomförd aktivitet är registrerad sedan dess."),
        html.P(f"… och {more} till (alla under Uppföljning).", className="slide-small")
        if more > 0 else None,
        html.H2(f"Lokala handlingsplaner som har antagits sedan dess: {len(found.local_plans)}",
                className="slide-subheading"),
        html.Ul(plans, className="slide-dated", id=f"{PREFIX}-sedan-planer")
        if plans else html.P("Ingen lokal handlingsplan har antagits sedan dess."),
        html.P(f"Kommunernas värden finns per år och jämförs därför för hela år, {state.since} "
               f"med {state.year}, på nästa bild.", className="slide-status"),
    ]  # fmt: skip
    source = ("Länsstyrelsens aktiviteter och kommunernas lokala handlingsplaner, med datum."
              + (" Uppgifterna är exempeldata." if found.is_example else ""))  # fmt: skip
    return body, source


def slide_content(ds: Dataset, state: presenter.DeckState, slides: list) -> tuple[list, str]:
    slide = slides[state.slide - 1]
    if slide.kind == presenter.KIND_TITLE:
        return title_slide(ds, state, slides)
    if slide.kind == presenter.KIND_KEY_FIGURES:
        return key_figures_slide(ds, state)
    if slide.kind == presenter.KIND_CHANGES:
        return changes_slide(ds, state, slide.key)
    if slide.kind == presenter.KIND_SINCE_DATE:
        return since_day_slide(ds, state, slide.key)
    if slide.kind == presenter.KIND_PROGRESS:
        return progress_slide(ds, state)
    if slide.kind == presenter.KIND_VERDICTS:
        return verdicts_slide(ds, state, slide.key)
    if slide.kind == presenter.KIND_MAP:
        return map_slide(ds, state, slide.key)
    if slide.kind == presenter.KIND_HEATMAP:
        return heatmap_slide(ds, state)
    if slide.kind == presenter.KIND_GOAL:
        return goal_slide(ds, state, slide.key)
    return municipality_slide(ds, state, slide.key)


def nav_link(label: str, href: str | None, id_: str, hint: str) -> dcc.Link | html.Span:
    if href is None:
        return html.Span(label, className="btn slide-button disabled", id=id_,
                         **{"aria-disabled": "true"})  # fmt: skip
    return dcc.Link(label, href=href, id=id_, className="btn slide-button", title=hint)


def deck_nav(state: presenter.DeckState, number: int, count: int) -> html.Nav:
    """Previous and next, where the deck is, full screen and back to the set-up."""
    previous = presenter.deck_href(state, number - 1) if number > 1 else None
    following = presenter.deck_href(state, number + 1) if number < count else None
    return html.Nav(
        [
            nav_link(
                "Föregående",
                previous,
                f"{PREFIX}-foregaende",
                "Föregående bild (vänsterpil, Page Up)",
            ),
            html.Span(
                f"{number} / {count}",
                className="slide-counter",
                id=f"{PREFIX}-nummer",
                **{"aria-label": f"Bild {number} av {count}"},
            ),
            nav_link("Nästa", following, f"{PREFIX}-nasta", "Nästa bild (högerpil, Page Down)"),
            html.Button(
                "Helskärm",
                type="button",
                id=f"{PREFIX}-helskarm",
                className="btn slide-button slide-button-quiet",
            ),
            # Back to the set-up with the same choices, not to another
            # page: in full screen the audience would see it (issue #19).
            dcc.Link(
                "Avsluta",
                href=presenter.deck_href(state),
                id=f"{PREFIX}-avsluta",
                className="btn slide-button slide-button-quiet",
                title="Avsluta och gå tillbaka till inställningarna (Esc)",
            ),
        ],
        className="slide-nav",
        **{"aria-label": "Bläddra i presentationen"},
    )


def setup_form(ds: Dataset, state: presenter.DeckState) -> dbc.Card:
    """The deck's choices: year, the year to compare with, a municipality, the map slides."""
    indicator_options = [
        {"label": row["name"], "value": row["id"]}
        for _, row in presenter.deck_indicators(ds).iterrows()
    ]
    munis = ds.municipalities
    kommun_options = [{"label": "Ingen kommunbild", "value": NO_MUNICIPALITY}] + [
        {"label": n, "value": c} for c, n in zip(munis["code"], munis["name"], strict=True)
    ]
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Skapa presentation", className="h4"),
                dbc.Row(
                    [
                        dbc.Col([dbc.Label("År", html_for=f"{PREFIX}-ar"),
                                 dbc.Select(id=f"{PREFIX}-ar", value=str(state.year),
                                            options=[{"label": str(y), "value": str(y)}
                                                     for y in reversed(ds.years)])], md=3),
                        dbc.Col([dbc.Label("Kommun att visa på en egen bild",
                                           html_for=f"{PREFIX}-kommun"),
                                 dbc.Select(id=f"{PREFIX}-kommun", options=kommun_options,
                                            value=state.municipality or NO_MUNICIPALITY)], md=5),
                    ],
                    className="g-3 mb-3",
                ),
                since_fieldset(ds, state),
                html.Fieldset(
                    [html.Legend("Indikatorer för kartbilder (en bild per indikator, högst "
                                 f"{presenter.MAX_MAP_SLIDES})", className="form-label fs-6"),
                     dbc.Checklist(id=f"{PREFIX}-indikatorer", options=indicator_options,
                                   value=list(state.indicators))],
                    className="mb-3",
                ),
            ]
        ),
        className="mb-3",
    )  # fmt: skip


def since_fieldset(ds: Dataset, state: presenter.DeckState) -> html.Fieldset:
    """'Sedan förra mötet': the day of the last meeting (activities and local plans since
    then) or only a year to compare with; the values are compared year with year."""
    return html.Fieldset(
        [
            html.Legend("Sedan förra mötet", className="form-label fs-6 fw-semibold"),
            dbc.Row(
                [
                    dbc.Col([dbc.Label("Datum för förra mötet (valfritt)",
                                       html_for=f"{PREFIX}-sedan-datum"),
                             dbc.Input(id=f"{PREFIX}-sedan-datum", type="date",
                                       value=state.since_date.isoformat() if state.since_date
                                       else "")], md=4),
                    dbc.Col([dbc.Label("Jämför värdena med år", html_for=f"{PREFIX}-sedan"),
                             dbc.Select(id=f"{PREFIX}-sedan", value=str(state.since or ""),
                                        options=since_options(ds, state.year),
                                        disabled=state.since_date is not None)], md=4),
                ],
                className="g-3",
            ),
            html.P("Med ett datum får presentationen en bild med Länsstyrelsens aktiviteter och "
                   "de lokala handlingsplaner som har antagits sedan dess. Kommunernas värden "
                   "finns per år och jämförs för hela år: med datumets år, annars med året "
                   "före presentationens år.", className="small text-body-secondary mb-0 mt-2"),
            html.P(INVALID_DATE, className="alert alert-warning mt-2 mb-0", role="status",
                   id=f"{PREFIX}-sedan-ogiltigt") if state.since_invalid else None,
        ],
        className="mb-3",
    )  # fmt: skip


def start_column(href: str) -> dbc.Col:
    """Start the deck, or copy its address to send before the meeting."""
    return dbc.Col(
        [
            dcc.Link(
                "Starta presentationen",
                href=href,
                id=f"{PREFIX}-starta",
                className="btn btn-primary btn-lg mb-3",
            ),
            html.P(KEY_HELP),
            dbc.Label("Länk till presentationen, att skicka före mötet", html_for=f"{PREFIX}-lank"),
            html.Div(
                [
                    dbc.Input(id=f"{PREFIX}-lank", value=href, readonly=True, type="text"),
                    html.Button(
                        "Kopiera länken",
                        type="button",
                        className="btn btn-outline-primary",
                        **{"data-copy-from": f"{PREFIX}-lank"},
                    ),
                ],
                className="input-group",
            ),
            html.P(
                id=f"{PREFIX}-lank-status",
                className="copy-status",
                role="status",
                **{"aria-live": "polite"},
            ),
        ],
        md=6,
    )


def deck_layout(ds: Dataset, state: presenter.DeckState) -> html.Div:
    slides = presenter.deck_slides(ds, state)
    number, count = state.slide, len(slides)
    slide = slides[number - 1]
    body, source = slide_content(ds, state, slides)
    # some values real (imported): the notice says which are examples, not that all are
    mixed = ds.has_example_data and not bool(ds.values["is_example"].all())
    words = MIXED_DATA_SHORT if mixed else SLIDE_NOTICE.split(": ", 1)[1].capitalize()
    notice = (
        [html.P([html.Strong("Exempeldata. "), words],
                className="example-notice slide-notice", role="note")]
        if ds.has_example_data else []
    )  # fmt: skip
    return html.Div(
        [
            html.Section(
                [
                    html.Header(html.H1(slide.title, className="slide-title"),
                                className="slide-header"),
                    html.Div(body, className="slide-body"),
                ],
                className=f"slide slide-{slide.kind}",
                id=f"{PREFIX}-bild",
                **{"aria-roledescription": "bild",
                   "aria-label": f"Bild {number} av {count}: {slide.title}",
                   "data-slide": str(number), "data-slides": str(count)},
            ),
            # the notice beside the buttons, the source under both across the slide
            html.Footer(
                [*notice, deck_nav(state, number, count),
                 html.P(["Källa: ", source], className="slide-source")],
                className="slide-footer",
            ),
        ],
        className="presenter-deck",
        id=f"{PREFIX}-deck",
    )  # fmt: skip


# --- setup form --------------------------------------------------------------------------------


def slide_list(ds: Dataset, state: presenter.DeckState) -> HtmlBlock:
    """The deck's slides and its download links, as plain HTML (html_block.frozen)."""
    slides = presenter.deck_slides(ds, state)
    return frozen(
        html.Div(
            [
                html.P(f"Presentationen får {len(slides)} bilder:", className="mb-1 fw-semibold"),
                html.Ol([html.Li(s.title) for s in slides], className="mb-2"),
                download_links(PREFIX, presenter.deck_params(state), "kartbildernas värden"),
            ]
        )
    )


def since_options(ds: Dataset, year: int) -> list[dict]:
    return [{"label": str(y), "value": str(y)} for y in reversed(ds.years) if y < year]


def setup_layout(ds: Dataset, state: presenter.DeckState) -> html.Div:
    form = setup_form(ds, state)
    href = presenter.deck_href(state, 1)
    return html.Div(
        [
            page_header(
                "Presentera",
                f"Visa läget i {ds.county.area} på ett nätverksmöte: bilder i helskärm med stor "
                "text, "
                "byggda från tjänstens egna vyer.",
            ),
            form,
            dbc.Row(
                [
                    dbc.Col(html.Div(slide_list(ds, state), id=f"{PREFIX}-bildlista"), md=6),
                    start_column(href),
                ],
                className="g-4",
            ),
        ]
    )  # fmt: skip


@guarded
def layout(ar=None, indikatorer=None, kommun=None, bild=None, sedan=None,
           **_query) -> html.Div:  # fmt: skip
    ds = get_dataset()
    state = presenter.resolve_deck(
        ds, {"ar": ar, "indikatorer": indikatorer, "kommun": kommun, "bild": bild, "sedan": sedan}
    )
    if state.slide is None:
        return setup_layout(ds, state)
    return deck_layout(ds, state)


@dash.callback(
    Output(f"{PREFIX}-bildlista", "children"),
    Output(f"{PREFIX}-starta", "href"),
    Input(f"{PREFIX}-ar", "value"),
    Input(f"{PREFIX}-indikatorer", "value"),
    Input(f"{PREFIX}-kommun", "value"),
    Input(f"{PREFIX}-sedan", "value"),
    Input(f"{PREFIX}-sedan-datum", "value"),
    prevent_initial_call=True,
)
def update_setup(year, indicators, kommun, since, day):
    """A day of the last meeting, when given, decides the comparison; else the year."""
    ds = get_dataset()
    state = presenter.resolve_deck(ds, {"ar": year, "indikatorer": indicators or None,
                                        "kommun": kommun, "sedan": day or since})  # fmt: skip
    return slide_list(ds, state), presenter.deck_href(state, 1)


@dash.callback(
    Output(f"{PREFIX}-sedan", "options"),
    Output(f"{PREFIX}-sedan", "value"),
    Output(f"{PREFIX}-sedan", "disabled"),
    Input(f"{PREFIX}-ar", "value"),
    Input(f"{PREFIX}-sedan-datum", "value"),
    prevent_initial_call=True,
)
def update_since(year, day):
    """A new deck year compares with the year before it, from the years before it; a day of
    the last meeting decides the year itself (shown, not to be chosen)."""
    ds = get_dataset()
    state = presenter.resolve_deck(ds, {"ar": year, "sedan": day or None})
    return (since_options(ds, state.year), str(state.since or ""),
            state.since_date is not None)  # fmt: skip


# The link to send shows the whole address (origin included) of the deck's first slide.
dash.clientside_callback(
    "function(href) { return href ? window.location.origin + href : ''; }",
    Output(f"{PREFIX}-lank", "value"),
    Input(f"{PREFIX}-starta", "href"),
)


# --- download of what the deck shows -------------------------------------------------------


@export.register(PREFIX)
def _export(params) -> export.ExportTable:
    """The map slides' values per municipality, one column per indicator."""
    ds = get_dataset()
    state = presenter.resolve_deck(ds, dict(params))
    frame = pd.DataFrame({"Kommun": ds.municipalities["name"].tolist(),
                          "Kommunkod": ds.municipalities["code"].tolist()})  # fmt: skip
    example = False
    row_example = pd.Series(False, index=frame.index)  # a row: any of its values example
    for indicator_id in state.indicators:
        ind = domain.indicator(ds, indicator_id)
        snap = domain.snapshot(ds, indicator_id, state.year)
        frame[f"{ind['short_name'] or ind['name']} {state.year}"] = snap["label"].tolist()
        example = example or bool(snap["is_example"].any())
        row_example |= snap["is_example"].astype(bool).to_numpy()
    frame[EXAMPLE_COLUMN] = example_flags(row_example)
    return export.ExportTable(
        title=f"Presentationens kartbilder, {ds.county.name}, "
        f"{domain.year_text(ds, None, state.year)}",
        frame=frame,
        sources=comparison.sources(ds, state.indicators),
        is_example=example,
        filename=f"presentation-{state.year}",
        notes=tuple(
            (
                f"Riket, {domain.indicator(ds, i)['short_name'] or domain.indicator(ds, i)['name']}",
                national.national_text(ds, i, state.year),
            )
            for i in state.indicators
        ),  # fmt: skip
    )
