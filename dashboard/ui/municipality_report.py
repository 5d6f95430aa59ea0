"""The Kommunrapport as a document (one municipality, one year): the content of
/kommun/<kod>/rapport as a report_content.Document for report_pdf and report_docx.

The texts the page and the document share (the profile's rows, what the gaps mean for the
local plan, what the local plan takes up) are built here and used by both
(pages/kommunrapport.py), so the two cannot drift; everything else comes from the same
domain functions the page calls.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping

import pandas as pd

from dashboard import domain
from dashboard.data.loader import Dataset
from dashboard.domain import comparison, hierarchy, local_plans, national
from dashboard.domain.formatting import MISSING, format_number, genitive
from dashboard.ui import provenance
from dashboard.ui import report_content as rc

TREND = comparison.OVERALL_ID
CHART_WIDTH_CM = 16.0


def profile_rows(ds: Dataset, code: str, year: int) -> list[tuple[str, str]]:
    """The municipality's situation in the year: population, peers, coordinator, SUV and
    SOSFS 2014:4 overall (the report's first section). Where these values mix real and
    example data, each example value says so."""
    muni = ds.municipalities.set_index("code").loc[code]
    profile = comparison.profile(ds, code, year)
    coordinator, suv = profile.coordinator, profile.suv
    coordinator_value, suv_value, overall = provenance.marked_values(ds, code, year, {
        "samordnare": coordinator.value, "suv_status": suv.value,
        TREND: profile.overall_share or profile.overall_label})  # fmt: skip
    unassessed = f"{profile.unassessed}; " if profile.unassessed else ""
    return [
        ("Folkmängd", f"{format_number(muni['population'])} invånare ({muni['population_date']})"),
        ("Jämförs med", comparison.peer_names(ds, code) or "–"),
        ("Kvinnofridssamordnare", ", ".join(t for t in (coordinator_value, coordinator.since) if t)),
        ("Systematisk uppföljning – Våld (SUV)", ", ".join(t for t in (suv_value, suv.since) if t)),
        ("SOSFS 2014:4, alla mål",
         f"{MISSING} {year}" if profile.overall_label == MISSING  # not "Uppgift saknas av …"
         else f"{overall} av kriterierna uppfyllda "
              f"({unassessed}{ds.county.words.mean} {profile.county_label})"),
    ]  # fmt: skip


def gaps_lead(ds: Dataset, code: str, name: str, year: int, gaps: pd.DataFrame) -> str:
    """What the unmet criteria mean for the local plan, in one sentence."""
    left_out = gaps[gaps["covered"] == False]  # noqa: E712 - None means unknown
    plan = local_plans.plan_row(ds, code, year)
    if plan is None:
        return "Det finns ingen uppgift om kommunens lokala handlingsplan."
    if not plan["exists"]:
        return f"{name} har ingen lokal handlingsplan, så ingen av bristerna tas upp där."
    if not local_plans.in_force(ds, code, year):
        return (f"{name} hade ingen gällande lokal handlingsplan {year}, så ingen av "
                "bristerna togs upp där.")  # fmt: skip
    if left_out.empty:
        return "Den gällande lokala handlingsplanen tar upp alla delmål som bristerna berör."
    return (f"Brister som den lokala planen inte tar upp: delmål "
            f"{comparison.join_names(list(left_out['subgoal_id']))}.")  # fmt: skip


def local_plan_lines(ds: Dataset, code: str, year: int) -> list[str]:
    """The local plan that speaks for the year in a sentence or two: adopted when and by
    whom, which delmål."""
    row = local_plans.plan_row(ds, code, year)
    lines = [local_plans.year_text(ds, code, year)]
    standing = local_plans.standing(ds, code, year)
    if row is None or not row["exists"] or standing not in (local_plans.CURRENT,
                                                            local_plans.EXPIRED):  # fmt: skip
        return lines  # a plan not yet in force: its delmål are in the table
    linked = list(local_plans.linked_subgoals(ds, row)["id"])
    which = (f"Planen som gäller {year} tar" if standing == local_plans.CURRENT
             else f"Den förra planen, som gällde till {int(row['end'])}, tog")  # fmt: skip
    lines.append(f"{which} upp {len(linked)} av handlingsplanens "
                 f"{len(local_plans.county_plan_of(ds, row).subgoals)} delmål: "
                 f"{comparison.join_names(linked)}.")  # fmt: skip
    return lines


def national_sources(ds: Dataset, indicator_ids: list[str], year: int) -> str:
    """The national sources once, with their years: 'Riket: Öppna jämförelser … (2019, 2024)'."""
    years: dict[str, list[str]] = {}
    for text in national.sources(ds, indicator_ids, year):
        found = re.search(r" (\d{4})\b", text)
        key = re.sub(r" \d{4}\b", "", text, count=1) if found else text
        years.setdefault(key, []).extend([found.group(1)] if found else [])
    return "; ".join(f"{k} ({', '.join(sorted(set(v)))})" if v else k for k, v in years.items())


def process_support_text(ds: Dataset, code: str, year: int) -> str:
    """The Länsstyrelse's process support to the municipality in the year, in a sentence;
    '' when the data has no process support at all (nothing to say either way)."""
    if ds.process_support.empty:
        return ""
    support = local_plans.process_support(ds, code, year)
    # Each description is a sentence of its own, often with its full stop: one stop at the end.
    parts = [str(d).strip().rstrip(".") for d in support["description"]]
    done = "; ".join(parts) + "." if parts else "inget registrerat."
    return f"Länsstyrelsens processtöd {year}: {done}"


def resolve(ds: Dataset, args: Mapping[str, str]) -> tuple[str, int]:
    """(code, year) from ?kod=&ar=; a municipality or year that names nothing:
    ReportRequestError (a year left out: the page's own default, the latest complete)."""
    asked = str(args.get("kod") or "").strip()
    code = comparison.resolve_code(ds, asked)
    if code is None:
        named = (
            f" med koden {asked}" if asked.isdigit() and len(asked) <= 6 else ""
        )  # never echo markup
        raise rc.ReportRequestError(f"Det finns ingen kommun{named} i {ds.county.name}.")
    year_text = str(args.get("ar") or "").strip()
    if year_text and not (year_text.isdigit() and int(year_text) in ds.years):
        raise rc.ReportRequestError(rc.no_year_text(ds.years, year_text))
    return code, domain.resolve_year(ds, year_text or None)


def _numbers(frame: pd.DataFrame, column: str) -> list[float | None]:
    return [None if pd.isna(v) or (isinstance(v, float) and math.isnan(v)) else float(v)
            for v in frame[column]]  # fmt: skip


def compliance_blocks(ds: Dataset, code: str, name: str, year: int,
                      draw: rc.ChartDrawer) -> list[rc.Block]:  # fmt: skip
    profile = comparison.compliance_profile(ds, code, year)
    mean_name = ds.county.words.Mean
    title = f"Andel uppfyllda kriterier per mål {year}"
    series = [(name, _numbers(profile, "score")), (mean_name, _numbers(profile, "county")),
              ("Liknande kommuner, snitt", _numbers(profile, "group"))]  # fmt: skip
    png = draw.grouped_bars(list(profile["name"]), series, title, CHART_WIDTH_CM, 9.0)
    table = provenance.marked_table(
        comparison.compliance_table(profile, name, mean_name, len(ds.municipalities)), [name]
    )
    shown = comparison.shown_table(table)[0]
    return [
        rc.Heading("2. Efterlevnad av SOSFS 2014:4 per mål i planen", 1),
        rc.Figure(
            png,
            CHART_WIDTH_CM,
            9.0,
            f"Stapeldiagram: {title}, {name}, {mean_name.lower()} "
            "och liknande kommuner. Samma tal i tabellen under.",
        ),  # fmt: skip
        # which bars are example data, where they mix (the table marks each value)
        *(
            [rc.Paragraph(note, kind="small")]
            if (note := provenance.bars_note(profile, name))
            else []
        ),
        rc.frame_table(shown, title, (2.4, 1.0, 1.0, 1.3)),
        rc.Paragraph("Källa: kommunernas egna bedömningar enligt SOSFS 2014:4.", kind="small"),
    ]


def criteria_blocks(ds: Dataset, code: str, year: int) -> list[rc.Block]:
    # where the statuses mix real and example data, each example one says so
    status = provenance.marked_labels(comparison.criteria_status(ds, code, year))
    shown = comparison.shown_table(comparison.criteria_table(ds, status, year))[0]
    riket = national_sources(ds, list(status["indicator_id"]), year)
    return [
        rc.Heading("3. Kriterierna", 1),
        rc.frame_table(
            shown, f"Kriterierna i SOSFS 2014:4, år {year}", (1.6, 2.6, 1.0, 1.1, 1.1, 0.7, 0.8)
        ),  # fmt: skip
        rc.Paragraph(
            "Källa: kommunernas egna bedömningar enligt SOSFS 2014:4"
            + (f"; {riket}" if riket else "")
            + ".",
            kind="small",
        ),  # fmt: skip
    ]


def gaps_blocks(ds: Dataset, code: str, name: str, year: int) -> list[rc.Block]:
    gaps = local_plans.uncovered_gaps(ds, code, year)
    blocks: list[rc.Block] = [rc.Heading("4. Brister och handlingsplanens delmål", 1)]
    if gaps.empty:
        blocks.append(rc.Paragraph(comparison.no_gaps_sentence(ds, code, year)))
    else:
        shown = comparison.shown_table(comparison.gaps_table(gaps))[0]
        blocks += [rc.Paragraph(gaps_lead(ds, code, name, year, gaps)),
                   rc.frame_table(shown, f"Delmål som bristerna {year} berör")]  # fmt: skip
    source = f"{ds.catalogue_plan.document.get('kalla', 'Handlingsplanen')}; {local_plans.SOURCE}."
    blocks.append(rc.Paragraph(f"Källa: {source}", kind="small"))
    if not gaps.empty:
        blocks.append(rc.Placeholder("[Skriv Länsstyrelsens kommentar om bristerna här]"))
    return blocks


def local_plan_blocks(ds: Dataset, code: str, name: str, year: int) -> list[rc.Block]:
    """The plan that speaks for the year, the plans over time and the process support."""
    blocks: list[rc.Block] = [
        rc.Heading(f"5. {genitive(name)} lokala handlingsplan", 1),
        *[rc.Paragraph(line) for line in local_plan_lines(ds, code, year)],
    ]
    history = local_plans.history(ds, code, year)
    if len(history) > 1:
        shown = local_plans.history_table(history)
        blocks.append(rc.frame_table(shown, f"Lokala handlingsplaner över tid, läge {year}"))
    support = process_support_text(ds, code, year)
    if support:
        blocks.append(rc.Paragraph(support))
    source = f"{local_plans.SOURCE}; {local_plans.PROCESS_SUPPORT_SOURCE}"
    return [*blocks, rc.Paragraph(f"Källa: {source}.", kind="small")]


def break_note(years: list[int]) -> str:
    """The sentence under a chart whose indicator was redefined: the words the page's chart
    says (charts/svg_lines.break_sentence; a test holds them equal)."""
    if not years:
        return ""
    return (f"Definitionen ändrades {', '.join(map(str, years))}: linjerna bryts där, "
            "åren före jämförs inte med åren efter.")  # fmt: skip


def trend_blocks(ds: Dataset, code: str, name: str, draw: rc.ChartDrawer) -> list[rc.Block]:
    ind = domain.indicator(ds, TREND)
    frame = comparison.trends(ds, TREND, [code])
    means = comparison.municipality_trend_means(ds, code, TREND)
    table = provenance.marked_table(comparison.trends_table(ds, frame, TREND, None, means), [name])
    shown = comparison.marked_years(comparison.shown_table(table)[0])  # '2024 (ny definition)'
    own = frame.set_index("year")["score"]
    series = [(name, [None if pd.isna(own.get(y)) else float(own[y]) for y in ds.years])]
    for title, mean in means.items():
        by_year = mean.set_index("year")["score"]
        series.append((title, [None if pd.isna(by_year.get(y)) else float(by_year[y])
                               for y in ds.years]))  # fmt: skip
    chart_title = f"{ind['name']} {min(ds.years)}–{max(ds.years)}"
    # cut at each new definition as the page's chart is (charts/svg_lines.py)
    breaks = [b for b in domain.definition_breaks(ds, TREND) if b in ds.years and b > min(ds.years)]
    png = draw.trend_lines(list(ds.years), series, chart_title, CHART_WIDTH_CM, 8.0,
                           breaks=tuple(breaks))  # fmt: skip
    national_line = national.national_text(ds, TREND, max(ds.years))
    note = break_note(breaks)
    alt = f"Linjediagram: {chart_title}. {note + ' ' if note else ''}Samma tal i tabellen under."
    return [
        rc.Heading(f"6. Utveckling {min(ds.years)}–{max(ds.years)}", 1),
        rc.Figure(png, CHART_WIDTH_CM, 8.0, alt),
        *([rc.Paragraph(note, kind="note")] if note else []),
        rc.frame_table(shown, f"{ind['name']} per år"),
        *([rc.Paragraph(national_line, kind="small")] if national_line else []),
        rc.Paragraph(f"Källa: {ind['source']}.", kind="small"),
    ]


def _is_example(ds: Dataset, code: str) -> tuple[bool, bool]:
    own = ds.values[ds.values["municipality_code"] == code]["is_example"]
    plans = (
        ds.local_plans[ds.local_plans["actor"] == code]["is_example"]
        if not ds.local_plans.empty
        else pd.Series(dtype=bool)
    )
    flags = pd.concat([own, plans, ds.values["is_example"]])
    return bool(flags.any()), bool(flags.all())


def build(ds: Dataset, args: Mapping[str, str], draw: rc.ChartDrawer,
          made: dt.date | None = None) -> rc.Document:  # fmt: skip
    """The Kommunrapport for ?kod=&ar= (ReportRequestError when they name nothing)."""
    code, year = resolve(ds, args)
    made = made or dt.date.today()
    name = comparison.municipality_name(ds, code)
    # the plan in force in the report's year, not the newest (a successor may be loaded)
    start, end = (hierarchy.plan_in_force(ds, year) or hierarchy.followed_plan(ds)).period
    year_shown = domain.year_text(ds, None, year)
    blocks: list[rc.Block] = [
        rc.Contents(), rc.PageBreak(),
        rc.Heading(f"1. Läget {year}", 1),
        rc.Table(("Uppgift", "Värde"), tuple(profile_rows(ds, code, year)), f"{name} {year_shown}",
                 (1.3, 3.0)),
        rc.Paragraph("Källa: kommunernas uppföljning till Länsstyrelsen; folkmängd från SCB.",
                     kind="small"),
        rc.Placeholder(f"[Skriv Länsstyrelsens kommentar om {name} här]"),
        *compliance_blocks(ds, code, name, year, draw),
        *criteria_blocks(ds, code, year),
        *gaps_blocks(ds, code, name, year),
        *local_plan_blocks(ds, code, name, year),
        *trend_blocks(ds, code, name, draw),
    ]  # fmt: skip
    any_example, every = _is_example(ds, code)
    facts = (("Kommun", name), ("År", year_shown), ("Sammanställd", made.isoformat()),
             ("Handlingsplan", f"{ds.plan.document.get('titel', 'Handlingsplanen')} {start}–{end}"),
             ("Uppgifterna", "Exempeldata: påhittade värden, inte verkliga uppgifter." if every
              else "Delvis exempeldata." if any_example else "Verkliga uppgifter."))  # fmt: skip
    return rc.Document(
        title=f"Kommunrapport: {name} {year}",
        subtitle=f"Underlag för {genitive(name)} socialnämnd om arbetet mot mäns våld mot kvinnor",
        made=made, notice=rc.notice_for(any_example, every), facts=facts,
        blocks=tuple(blocks), filename=canonical(ds, args)[1],
        organisation=ds.county.organisation,
    )  # fmt: skip


def _ascii(name: str) -> str:
    """A file name without å, ä, ö or spaces (every browser and mail client keeps it)."""
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "Å": "A", "Ä": "A", "Ö": "O", " ": "-"})
    return "".join(c for c in name.translate(table) if c.isalnum() or c == "-")


def canonical(ds: Dataset, args: Mapping[str, str]) -> tuple[dict[str, str], str]:
    """The validated municipality and year and the file name ('Kommunrapport-Alvesta-2025')."""
    code, year = resolve(ds, args)
    name = _ascii(comparison.municipality_name(ds, code))
    return {"kod": code, "ar": str(year)}, f"Kommunrapport-{name}-{year}"


def document_view(draw: rc.ChartDrawer) -> rc.DocumentView:
    """The Kommunrapport as the download route serves it (ui/export.register_document)."""
    return rc.DocumentView(canonical, lambda ds, params, made: build(ds, params, draw, made))
