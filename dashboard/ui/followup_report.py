"""The follow-up of the plan as a document ("Uppföljning av handlingsplanen 2018–2025"): the
content of Uppföljning for a chosen period, as a report_content.Document that report_pdf and
report_docx render. Every number comes from the domain functions the page uses
(progress, changes, hierarchy); the plan's own words are quoted verbatim and marked as the
plan's, the service's computed verdict is called "beräknad utveckling", and the places for
the Länsstyrelse's own text are marked for the official to fill in (in the Word file).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from dashboard import domain
from dashboard.data.loader import Dataset, Plan
from dashboard.domain import (
    activity_plan,
    assessments,
    changes,
    comparison,
    hierarchy,
    local_plans,
    progress,
)
from dashboard.domain.formatting import MISSING
from dashboard.ui import report_content as rc

COMPUTED = "Beräknad utveckling"
COMPUTED_NOTE = (
    "Beräknad utveckling är tjänstens beräkning från indikatorerna enligt regeln på titelsidan "
    "(”Så bedöms utvecklingen”), inte Länsstyrelsens bedömning."
)
NO_INDICATOR = (
    "Tjänsten har ingen indikator för delmålet; det följs upp genom planens källor ovan och "
    "Länsstyrelsens aktiviteter."
)
SERVICE_CHOICE = (
    "Vilka indikatorer som hör till ett delmål är tjänstens val, inte planens: planen anger "
    "källor, inte mått."
)
# Each year with its value in one cell ('2018: Ja i 6 av 8 kommuner'), as the page writes it:
# five columns fit A4's width with every heading word whole.
INDICATOR_COLUMNS = ("Indikator (tjänstens val)", "Första året", "Senaste året", COMPUTED,
                     "Jämförelsen bygger på")  # fmt: skip
INDICATOR_WIDTHS = (2.5, 2.2, 2.2, 1.7, 2.2)
SOURCE_COLUMN, SOURCE_WIDTH = "Källa", 1.9
CHART_WIDTH_CM, SMALL_CHART_CM = 16.0, 6.0


def span(first: int, last: int) -> str:
    """'2018–2025', or '2027' for a plan with one year of values so far."""
    return str(first) if first == last else f"{first}–{last}"


def _year(value: object) -> int | None:
    text = str(value if value is not None else "").strip()
    return int(text) if text.isdigit() else None


def resolve_plan(ds: Dataset, args: Mapping[str, str]) -> Plan:
    """The plan followed up: ?plan=<id>, else the one Uppföljning follows up now; an id that
    names no plan: ReportRequestError."""
    asked = str(args.get("plan") or "").strip()
    if asked and hierarchy.plan_by_id(ds, asked) is None:
        known = ", ".join(p.id for p in ds.plans)
        raise rc.ReportRequestError(f"Det finns ingen sådan handlingsplan. Planerna är: {known}.")
    return hierarchy.followed_up_plan(ds, {"plan": asked or None})


def resolve_period(ds: Dataset, args: Mapping[str, str], plan: Plan) -> tuple[int, int]:
    """(first, last) from ?fran=&till= (two different years within the plan's period, in
    either order: a year after the latest with values works, so the plan's final follow-up
    can be made before its last year has values); without them the years Uppföljning
    follows up (progress.practice_years). Else ReportRequestError. The indicators are
    compared over compared_years within them (build)."""
    if progress.compared_years(ds, plan) is None:
        raise rc.ReportRequestError("Det finns inga uppgifter att följa upp för planen ännu.")
    default = progress.practice_years(ds, plan)
    asked = {k: args.get(k) for k in ("fran", "till") if str(args.get(k) or "").strip()}
    years = {k: _year(v) for k, v in asked.items()}
    start, end = plan.period
    known = sorted(set(ds.years) | set(range(start, end + 1)))
    wrong = [str(asked[k]) for k, y in years.items() if y not in known]
    if wrong:
        raise rc.ReportRequestError(rc.no_year_text(known, wrong[0]))
    first, last = years.get("fran") or default[0], years.get("till") or default[1]
    if not (start <= first <= end and start <= last <= end):
        raise rc.ReportRequestError(f"Planen gäller {start}–{end}: välj år inom perioden.")
    if first == last and asked:  # (one year only when the plan has no second yet)
        raise rc.ReportRequestError("Välj två olika år: uppföljningen jämför ett år med ett annat.")
    return (first, last) if first < last else (last, first)


def period_plan(plan: Plan, first: int, last: int) -> Plan:
    """The plan with its period narrowed to the chosen years, so that progress's own rule
    compares exactly them."""
    return dataclasses.replace(plan, period=(first, last))


def _any_example(ds: Dataset) -> tuple[bool, bool]:
    flags = [bool(ds.values["is_example"].any()), bool(ds.activities["is_example"].any()),
             bool(ds.local_plans["is_example"].any())]  # fmt: skip
    every = bool(ds.values["is_example"].all()) and all(
        bool(f["is_example"].all()) for f in (ds.activities, ds.local_plans) if not f.empty
    )
    return any(flags), every


def _sources(ds: Dataset) -> dict[str, str]:
    return dict(zip(ds.indicators["id"], ds.indicators["source"], strict=True))


def _example_words(example: str) -> str:
    return {"alla": "exempelvärden", "några": "delvis exempelvärden"}.get(example, "")


def _year_cell(ds: Dataset, indicator_id: str, year: int | None) -> str:
    """The year as the pages write it: '2026 (preliminär – 5 av 8 kommuner)' when incomplete."""
    return "–" if year is None else domain.year_text(ds, indicator_id, year)


def _year_value(ds: Dataset, indicator_id: str, year: int | None, text: str) -> str:
    return "–" if year is None else f"{_year_cell(ds, indicator_id, year)}: {text or MISSING}"


def indicator_row(ds: Dataset, ind: progress.IndicatorProgress, subgoal: str = "") -> tuple:
    """One indicator's row: the years with their values, the computed verdict and what the
    comparison rests on; in the compilation also its delmål and source."""
    basis = ind.basis or ("alla kommuner båda åren" if ind.last_year else "")
    notes = "; ".join(n for n in (basis, ind.reason, _example_words(ind.example)) if n)
    cells = (ind.name, _year_value(ds, ind.indicator_id, ind.first_year, ind.first_text),
             _year_value(ds, ind.indicator_id, ind.last_year, ind.last_text),
             ind.verdict.capitalize(), notes or "–")  # fmt: skip
    if not subgoal:
        return cells
    return (subgoal, *cells, _sources(ds).get(ind.indicator_id, "") or "–")


def title_facts(ds: Dataset, plan: Plan, first: int, last: int,
                made: dt.date) -> tuple[tuple[str, str], ...]:  # fmt: skip
    any_example, every = _any_example(ds)
    compared = progress.compared_years(ds, period_plan(plan, first, last))
    start, end = plan.period
    used = {i for s in plan.subgoals["id"] for i in progress.indicators_of(ds, str(s), plan)}
    sources = sorted(set(ds.indicators[ds.indicators["id"].isin(used)]["source"]) - {""})
    data = ("Exempeldata: påhittade värden, inte verkliga uppgifter." if every
            else "Delvis exempeldata: en del värden är påhittade." if any_example
            else "Verkliga uppgifter.")  # fmt: skip
    return (
        ("Handlingsplan", plan.document.get("titel", "Handlingsplanen")),
        ("Planperiod", f"{start}–{end}"),
        ("Uppföljningen gäller", f"{span(first, last)}. {progress.period_text(compared, (first, last), made)}"),
        ("Sammanställd", made.isoformat()),
        ("Kommuner", f"{len(ds.municipalities)}: {comparison.join_names(list(ds.municipalities['name']))}"),
        ("År med uppgifter", f"{ds.years[0]}–{ds.years[-1]}"),
        ("Källor", "; ".join(sources) or "–"),
        ("Uppgifterna", data),
        ("Så bedöms utvecklingen", progress.RULE_TEXT),
    )  # fmt: skip


def summary_blocks(ds: Dataset, items: list[progress.SubgoalProgress], first: int, last: int,
                   draw: rc.ChartDrawer,
                   practice: tuple[int, int] | None = None) -> list[rc.Block]:  # fmt: skip
    """The verdict counts of delmål and indicators over the compared years (first, last): a
    chart and the same numbers as a table; the assessments over `practice` (default the
    same years)."""
    by_delmal = progress.verdict_counts(i.verdict for i in items)
    indicators = [ind for i in items for ind in i.indicators]
    by_indicator = progress.verdict_counts(ind.verdict for ind in indicators)
    measured = [v for i in items for v in progress.measure_verdicts(ds, i.indicators).values()]
    by_measure = progress.verdict_counts(measured)
    shown = [v for v in progress.VERDICTS if by_delmal[v] or by_indicator[v] or v != progress.MIXED]
    title = f"{COMPUTED} av planens {len(items)} delmål {span(first, last)}"
    png = draw.verdict_bars([(v, by_delmal[v]) for v in shown], title, CHART_WIDTH_CM, 6.5)
    rows = tuple((v.capitalize(), str(by_delmal[v]), str(by_indicator[v]), str(by_measure[v]))
                 for v in shown)  # fmt: skip
    rows += (("Summa", str(len(items)), str(len(indicators)), str(len(measured))),)
    return [
        rc.Heading("Sammanfattning", 1),
        rc.Heading(COMPUTED, 2),
        rc.Paragraph(
            f"{COMPUTED} {span(first, last)} för planens {len(items)} delmål och "
            f"tjänstens {len(indicators)} indikatorer för dem. {COMPUTED_NOTE}"
        ),  # fmt: skip
        rc.Figure(png, CHART_WIDTH_CM, 6.5, f"Stapeldiagram: {title}. Samma tal i tabellen under."),
        rc.Table(
            ("Beräknad utveckling", "Delmål", "Indikatorer", "Mått"),
            rows,
            f"{COMPUTED} {span(first, last)}: antal delmål, indikatorer och mått",
            (2.0, 1.0, 1.0, 1.0),
        ),  # fmt: skip
        rc.Paragraph(
            "Mått: indikatorer som mäter samma sak (som antal samordnare och "
            "samordnartid bredvid om kommunen har samordnare) räknas en gång per delmål.",
            kind="small",
        ),  # fmt: skip
        *assessment_summary_blocks(ds, len(items), *(practice or (first, last))),
        rc.Placeholder(),
    ]


def assessment_summary_blocks(ds: Dataset, count: int, first: int, last: int) -> list[rc.Block]:
    """How many delmål have each status in the Länsstyrelse's newest assessment of the period:
    beside the computed verdicts, never added to them."""
    counts = assessments.status_counts(ds, last, first)
    rows = tuple((assessments.status_label(code), str(n)) for code, n in counts.items())
    return [
        rc.Heading(assessments.HEADING, 2),
        rc.Paragraph(
            f"Länsstyrelsens egen bedömning av planens {count} delmål, den senaste för "
            f"varje delmål {span(first, last)}: {assessments.WHO}. Den står bredvid den "
            "beräknade utvecklingen och räknas inte in i den."
        ),  # fmt: skip
        rc.Table(
            ("Länsstyrelsens bedömning", "Delmål"),
            (*rows, ("Summa", str(sum(counts.values())))),
            f"{assessments.HEADING} {span(first, last)}: antal delmål",
            (2.0, 1.0),
        ),  # fmt: skip
    ]


def activity_plan_blocks(ds: Dataset, first: int, last: int) -> list[rc.Block]:
    """The yearly activity plan over the period: planned against done, added, cancelled."""
    by_year = activity_plan.planned_vs_done_by_year(ds)
    by_year = by_year[(by_year["year"] >= first) & (by_year["year"] <= last)]
    rows = tuple((str(r["year"]), str(r["planned"]), str(r["planned_genomford"]), str(r["added"]),
                  str(r["added_genomford"]), str(r["planned_installd"] + r["added_installd"]),
                  str(r["unstated"]), str(r["total"])) for r in by_year.to_dict("records"))  # fmt: skip
    blocks: list[rc.Block] = [
        rc.Heading(f"Länsstyrelsens verksamhetsplan {span(first, last)}", 1),
        rc.Paragraph(
            "Aktiviteterna i årets verksamhetsplan (planerade) mot vad som blev gjort, "
            "och aktiviteter som lades till under året. Varje aktivitet räknas en gång "
            "per år."
        ),  # fmt: skip
    ]
    if not rows:
        return [*blocks, rc.Paragraph(f"Inga aktiviteter registrerade {span(first, last)}.")]
    blocks.append(rc.Table(("År", "Planerade", "varav genomförda", "Tillagda under året",
                            "varav genomförda", "Inställda", "Utan angiven planering", "Totalt"),
                           rows, f"Planerat och genomfört {span(first, last)}"))  # fmt: skip
    stopped = [f"{int(r['year'])}: {r['title']} – {r['reason'] or 'orsak inte angiven'}"
               for year in range(first, last + 1)
               for r in activity_plan.cancelled(ds, year).assign(year=year).to_dict("records")]  # fmt: skip
    if stopped:
        blocks += [rc.Paragraph("Inställda aktiviteter och varför:", kind="small"),
                   rc.Bullets(tuple(stopped))]  # fmt: skip
    return [*blocks, rc.Paragraph(f"Källa: {activity_plan.SOURCE}.", kind="small")]


def _indicator_blocks(ds: Dataset, item: progress.SubgoalProgress, first: int,
                      last: int) -> list[rc.Block]:  # fmt: skip
    """The computed verdict and the indicators' table, over the compared years (first, last)."""
    verdict = item.verdict.capitalize()
    if item.verdict == progress.MIXED:
        verdict += f" ({progress.mixed_text(item.indicators, ds)})"
    blocks: list[rc.Block] = [
        rc.Heading(f"{COMPUTED} {span(first, last)}", 3),
        rc.Paragraph(verdict, lead=f"{COMPUTED}: ", keep_with_next=bool(item.indicators)),
    ]
    if not item.indicators:
        blocks.append(rc.Paragraph(NO_INDICATOR, kind="small"))
        return blocks
    rows = tuple(indicator_row(ds, ind) for ind in item.indicators)
    blocks.append(rc.Table(INDICATOR_COLUMNS, rows,
                           f"Tjänstens indikatorer för delmål {item.subgoal_id}",
                           INDICATOR_WIDTHS))  # fmt: skip
    return blocks


def plan_counts(ds: Dataset, first: int, last: int) -> dict[str, dict[str, int]]:
    """Per delmål, the period's activities summed over its years (activity_plan's counts:
    planned, added, not stated, each by status)."""
    totals: dict[str, dict[str, int]] = {}
    for year in (y for y in activity_plan.years(ds) if first <= y <= last):
        for row in activity_plan.planned_vs_done_by_subgoal(ds, year).to_dict("records"):
            mine = totals.setdefault(str(row.pop("subgoal_id")), {})
            for key, number in row.items():
                mine[key] = mine.get(key, 0) + int(number)
    return totals


def _planned_text(counts: dict[str, int]) -> str:
    """'Planerade 3 (2 genomförda, 1 inställd); tillagda under året 1 (1 genomförd).'"""
    parts = []
    for prefix, words in (("planned", "Planerade i verksamhetsplanen"),
                          ("added", "tillagda under året"), ("unstated", "utan angiven planering")):  # fmt: skip
        if not counts.get(prefix):
            continue
        statuses = [f"{counts[f'{prefix}_{s}']} {activity_plan.STATUS_WORDS[s]}"
                    for s in activity_plan.STATUS_ORDER if counts.get(f"{prefix}_{s}")]  # fmt: skip
        parts.append(
            f"{words} {counts[prefix]}" + (f" ({', '.join(statuses)})" if statuses else "")
        )
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "." if text else ""


def _activity_blocks(item: progress.SubgoalProgress, first: int, last: int,
                     counts: dict[str, int] | None) -> list[rc.Block]:  # fmt: skip
    blocks: list[rc.Block] = [rc.Heading("Länsstyrelsens aktiviteter", 3)]
    if counts and counts.get("total"):
        blocks.append(rc.Paragraph(_planned_text(counts), lead=f"{span(first, last)}: "))
        return blocks
    done = {y: n for y, n in item.activities_done.items() if first <= y <= last}
    text = (f"{sum(done.values())} genomförda {span(first, last)} ("
            + ", ".join(f"{y}: {n}" for y, n in done.items()) + ")."
            if done else f"Inga aktiviteter registrerade {span(first, last)}.")  # fmt: skip
    return [*blocks, rc.Paragraph(text)]


def _assessment_blocks(ds: Dataset, subgoal_id: str, first: int, last: int) -> list[rc.Block]:
    """The Länsstyrelse's own written judgement, beside the computed verdict, never in it."""
    item = assessments.latest(ds, subgoal_id, up_to_year=last, from_year=first)
    heading = rc.Heading(f"{assessments.HEADING} ({assessments.WHO})", 3)
    if item is None:
        return [
            heading,
            rc.Paragraph(f"{assessments.NO_ASSESSMENT_LABEL} för {span(first, last)}."),
        ]
    blocks: list[rc.Block] = [
        heading,
        rc.Paragraph(item.status_label, lead=f"Status {item.year}: "),
        rc.Paragraph(item.text),
    ]
    evidence = assessments.evidence_text(ds, item)
    if evidence:
        blocks.append(rc.Paragraph(evidence, lead="Underlag: ", kind="small"))
    return blocks


def _local_plan_blocks(item: progress.SubgoalProgress) -> list[rc.Block]:
    """Counted as the delmål page and Uppföljning count: municipalities, others named apart."""
    return [rc.Heading("Lokala handlingsplaner", 3), rc.Paragraph(progress.local_plans_text(item))]


def subgoal_blocks(ds: Dataset, plan: Plan, item: progress.SubgoalProgress, first: int,
                   last: int, counts: dict[str, int] | None = None) -> list[rc.Block]:  # fmt: skip
    """A delmål: the plan's words, the indicators over the compared years, the assessment,
    activities and local plans over the period followed up (first, last)."""
    followup = hierarchy.followup_text(plan, item.subgoal_id)
    shown = progress.compared_years(ds, period_plan(plan, first, last)) or (first, last)
    return [
        rc.Heading(hierarchy.subgoal_label(item.subgoal_id), 2),
        rc.Paragraph(item.text, lead=f"{rc.PLAN_WORDS}: ", kind="plan"),
        rc.Paragraph(
            followup or "(planen anger ingen uppföljning)",
            lead="Följs upp enligt planen genom (ordagrant): ",
            kind="plan",
        ),
        *_indicator_blocks(ds, item, *shown),
        *_assessment_blocks(ds, item.subgoal_id, first, last),
        *_activity_blocks(item, first, last, counts),
        *_local_plan_blocks(item),
        rc.Placeholder(f"[Skriv Länsstyrelsens kommentar om delmål {item.subgoal_id} här]"),
    ]


def goal_blocks(ds: Dataset, plan: Plan, goal_id: str, items: list[progress.SubgoalProgress],
                first: int, last: int) -> list[rc.Block]:  # fmt: skip
    goal = hierarchy.goal(plan, goal_id)
    name = str(goal["name"]) if goal is not None else ""
    blocks: list[rc.Block] = [rc.Heading(f"{hierarchy.goal_label(goal_id)}: {name}", 1)]
    counts = plan_counts(ds, first, last)
    for item in items:
        blocks += subgoal_blocks(ds, plan, item, first, last, counts.get(item.subgoal_id))
    return blocks


def _moves(moves: tuple[changes.Move, ...]) -> str:
    return "; ".join(f"{m.name}: {m.before} till {m.after}" + (f" ({m.change})" if m.change else "")
                     for m in moves) or "ingen"  # fmt: skip


def changes_blocks(ds: Dataset, first: int, last: int) -> list[rc.Block]:
    """What changed in the municipalities between two years with values: coordinators, SUV,
    SOSFS per area."""
    result = changes.changes(ds, first, last)
    rows = [("Fick kvinnofridssamordnare", comparison.join_names(list(result.gained_coordinator)) or "ingen"),
            ("Förlorade kvinnofridssamordnare", comparison.join_names(list(result.lost_coordinator)) or "ingen"),
            ("SUV, framåt", _moves(result.suv_forward)),
            ("SUV, bakåt", _moves(result.suv_back))]  # fmt: skip
    for area in result.goal_areas:
        if area.new_definition is not None:
            rows.append((area.name, f"Ny definition från {area.new_definition}: jämförs inte."))
            continue
        rows.append((f"{area.name}, störst ökning", _moves(area.rises)))
        rows.append((f"{area.name}, störst minskning", _moves(area.falls)))
    return [
        rc.Heading(f"Förändringar {span(first, last)}", 1),
        rc.Paragraph(
            f"Vilka kommuner som fick eller förlorade kvinnofridssamordnare, hur kommunerna rörde "
            f"sig i arbetet med skydd och stöd för våldsutsatta (SUV) och var efterlevnaden av "
            f"Socialstyrelsens föreskrifter (SOSFS 2014:4) ökade och minskade mest, mellan "
            f"{first} och {last}."
        ),  # fmt: skip
        rc.Table(("Vad", "Kommuner"), tuple(rows), f"Förändringar {span(first, last)}", (1.4, 3.0)),
    ]


def compilation_blocks(ds: Dataset, items: list[progress.SubgoalProgress]) -> list[rc.Block]:
    """Indikatorsammanställning: every indicator of every delmål in one table."""
    rows = tuple(indicator_row(ds, ind, item.subgoal_id) for item in items
                 for ind in item.indicators)  # fmt: skip
    return [
        rc.Heading("Indikatorsammanställning", 1),
        rc.Paragraph(f"Alla tjänstens indikatorer för planens delmål. {SERVICE_CHOICE}"),
        rc.Table(
            ("Delmål", *INDICATOR_COLUMNS, SOURCE_COLUMN),
            rows,
            "Indikatorsammanställning",
            (1.1, *INDICATOR_WIDTHS, SOURCE_WIDTH),
        ),  # fmt: skip
    ]


def closing_blocks(ds: Dataset, plan: Plan) -> list[rc.Block]:
    used = {i for s in plan.subgoals["id"] for i in progress.indicators_of(ds, str(s), plan)}
    inds = ds.indicators[ds.indicators["id"].isin(used)]
    items = (plan.document.get("kalla", "Handlingsplanen"),
             *[f"Indikatorer: {s}" for s in sorted(set(inds["source"]) - {""})],
             "Aktiviteter: Länsstyrelsens verksamhetsplan och årsrapportering",
             f"Lokala handlingsplaner: {local_plans.SOURCE}")  # fmt: skip
    return [
        rc.Heading("Källor", 1),
        rc.Bullets(tuple(items)),
        rc.Paragraph(f"{SERVICE_CHOICE} {hierarchy.numbering_note(plan)}", kind="small"),
    ]


def build(ds: Dataset, args: Mapping[str, str], draw: rc.ChartDrawer,
          made: dt.date | None = None) -> rc.Document:  # fmt: skip
    """The follow-up report for ?plan=&fran=&till= (ReportRequestError for a plan or years
    that name nothing)."""
    plan = resolve_plan(ds, args)
    first, last = resolve_period(ds, args, plan)
    made = made or dt.date.today()
    narrowed = period_plan(plan, first, last)
    # indicators over the compared years within the period, the rest over all of it (#33)
    compared = progress.compared_years(ds, narrowed) or (first, last)
    items = progress.all_progress(ds, narrowed, (first, last))
    by_goal: dict[str, list[progress.SubgoalProgress]] = {}
    for item in items:
        by_goal.setdefault(item.goal_id, []).append(item)
    blocks: list[rc.Block] = [rc.Contents(), rc.PageBreak(),
                              *summary_blocks(ds, items, *compared, draw,
                                              (first, last))]  # fmt: skip
    for goal_id, goal_items in by_goal.items():
        blocks += goal_blocks(ds, plan, goal_id, goal_items, first, last)
    blocks += activity_plan_blocks(ds, first, last)
    blocks += changes_blocks(ds, *compared) if compared[0] < compared[1] else []
    blocks += compilation_blocks(ds, items)
    blocks += closing_blocks(ds, plan)
    any_example, every = _any_example(ds)
    return rc.Document(
        title=f"Uppföljning av handlingsplanen {span(first, last)}",
        subtitle=plan.document.get("titel", ""),
        made=made, notice=rc.notice_for(any_example, every),
        facts=title_facts(ds, plan, first, last, made), blocks=tuple(blocks),
        filename=canonical(ds, args)[1],
        organisation=ds.county.organisation,
    )  # fmt: skip


def canonical(ds: Dataset, args: Mapping[str, str]) -> tuple[dict[str, str], str]:
    """The validated plan and years and the file name ('Uppfoljning-handlingsplanen-2018-2025')."""
    plan = resolve_plan(ds, args)
    first, last = resolve_period(ds, args, plan)
    params = {"plan": plan.id, "fran": str(first), "till": str(last)}
    return params, f"Uppfoljning-handlingsplanen-{span(first, last).replace('–', '-')}"


def document_view(draw: rc.ChartDrawer) -> rc.DocumentView:
    """The follow-up report as the download route serves it (ui/export.register_document)."""
    return rc.DocumentView(canonical, lambda ds, params, made: build(ds, params, draw, made))
