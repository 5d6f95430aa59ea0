"""Om data: sources, definitions, the example-data statement and accessibility."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import domain
from dashboard.data import groups, importer, practice
from dashboard.data.loader import get_dataset
from dashboard.domain import comparison, hierarchy, progress
from dashboard.domain.formatting import format_number
from dashboard.ui.components import guarded, page_header, simple_table
from dashboard.ui.html_block import HtmlBlock, frozen
from dashboard.ui.plan_context import levels_figure, revision_basis

dash.register_page(__name__, path="/om", title="Om data – Kvinnofrid", name="Om data", order=6,
                   canonical_query=domain.no_url_state)  # fmt: skip

TYPE_NAMES = {
    "ja_nej": "Ja/nej",
    "ordinal": "Status (ordnad skala)",
    "andel": "Andel (%)",
    "antal": "Antal",
    "decimal": "Tal med decimaler",
}


def sources_section(ds) -> html.Section:
    """Where the plan, the municipalities, the boundaries and the national values come from."""
    municipality_sources = sorted(set(ds.municipalities["source"]) - {""})
    return html.Section(
        [
            html.H2("Källor", className="h4"),
            html.Ul(
                [
                    html.Li(["Handlingsplanen: ", ds.plan.document.get("kalla", "")]),
                    html.Li(["Kommuner och folkmängd: ", "; ".join(municipality_sources)]),
                    html.Li(
                        "Kommungränser: Valmyndighetens kommungränser, förenklade i "
                        "okfse/sweden-geojson (fri att återanvända); se geo/SOURCE.md."
                    ),
                    html.Li(
                        "Riksvärden: Socialstyrelsen, Öppna jämförelser – våld i nära "
                        "relationer (andel av landets kommuner), respektive år."
                    ),
                ]
            ),
        ],
        className="mb-4",
    )


def colours_section() -> html.Section:
    """How values are coloured on every page, and how numbers are written in downloads."""
    return html.Section(
        [
            html.H2("Färger och nedladdningar", className="h4", id="farger"),
            html.P(
                "Ett värde har samma färg på alla sidor och bilder: andelar i fem steg "
                "om 20 procentenheter (0–19 % ljusast, 80–100 % mörkast), antal i "
                "lika stora steg från noll som rymmer det största värdet något år, "
                "ja blått och nej orange, ett uppfyllt kriterium mörkblått, delvis "
                "uppfyllt ljusblått och ej uppfyllt orange. Uppgift saknas är grå och "
                "randig på kartan. Färgerna går att skilja åt vid de vanliga formerna "
                "av färgblindhet och i gråskala, och varje värde står även i text."
            ),
            html.P(
                "Nedladdningarna har tal som tal. Excel: andelar i procent (visas som "
                "87 %), antal med mellanrum mellan tusental, år som heltal. CSV: "
                "semikolon mellan kolumnerna, decimalkomma och inga "
                "tusentalsavgränsare. En enhet står i kolumnens namn eller i kolumnen "
                "Enhet. En tom cell i en talkolumn betyder att värdet saknas; i "
                "textkolumnerna står ”Uppgift saknas”, och filens anteckningar säger "
                "vad varje tabell har. Kolumnen Exempeldata är Ja, Nej eller Delvis "
                "(raden bygger på både verkliga och påhittade värden)."
            ),
        ],
        className="mb-4",
    )


def indicators_section(ds) -> html.Section:
    """The headline indicators, and SUV's four steps."""
    catalogue_goals = ds.catalogue_plan.goals  # what the catalogue's malomrade names
    goals = dict(zip(catalogue_goals["id"], catalogue_goals["name"], strict=True))
    headline = ds.indicators[~ds.indicators["is_criterion"]]
    suv = domain.scale_levels(ds, "suv")
    return html.Section(
        [
            html.H2("Indikatorer", className="h4"),
            simple_table(
                ["Indikator", "Beskrivning", "Typ", "Mål", "Källa"],
                [
                    (
                        row["name"],
                        row["description"],
                        TYPE_NAMES[row["type"]],
                        goals.get(row["goal_id"], "Alla fyra mål"),
                        row["source"],
                    )
                    for _, row in headline.iterrows()
                ],
                caption="Indikatorer i tjänsten",
            ),
            html.H3("Systematisk uppföljning – Våld (SUV)", className="h5 mt-3", id="suv"),
            html.P(
                "Socialstyrelsens stöd för att systematiskt följa upp arbetet med "
                "våldsutsatta. Kommunens status anges på en skala i fyra steg:"
            ),
            html.Ul(
                [
                    html.Li([html.Strong(r["label"]), f": {r['description']}"])
                    for _, r in suv.iterrows()
                ]
            ),
        ],
        className="mb-4",
    )


def sosfs_section(ds) -> html.Section:
    """How compliance with SOSFS 2014:4 is measured, and its criteria."""
    criteria = ds.indicators[ds.indicators["is_criterion"]]
    return html.Section(
        [
            html.H2("Efterlevnad av SOSFS 2014:4", className="h4", id="sosfs"),
            html.P(
                "Socialstyrelsens föreskrifter och allmänna råd om våld i nära "
                "relationer, SOSFS 2014:4, ersattes den 1 november 2022 av HSLF-FS "
                "2022:39. Tjänsten följer upp konkreta krav i föreskrifterna, och "
                "indikatorer i Öppna jämförelser som mäter dem, som kriterier. Tjänsten "
                "har fört varje kriterium till ett av handlingsplanens fyra mål (den "
                "nationella strategins fyra målsättningar). Kriteriet bedöms per kommun "
                "och år som uppfyllt, delvis uppfyllt, ej uppfyllt eller uppgift saknas."
            ),
            html.P(
                "Efterlevnaden för ett mål är andelen uppfyllda kriterier av alla målets "
                "kriterier det året. Delvis uppfyllt räknas inte som uppfyllt. Ett "
                "kriterium där uppgift saknas räknas som ej uppfyllt, så att en saknad "
                "uppgift aldrig höjer andelen, och antalet ej bedömda kriterier står "
                "bredvid andelen: på Översikt efter värdet i tabellen (”20 % (4 ej "
                "bedömda)”), på Kommun efter andelen för alla mål, under Sedan förra mötet "
                "efter förändringen, och i kolumnen ”Ej bedömda kriterier” i tabellerna på "
                "Kommun och Jämför och i nedladdningarna. "
                "Exempel: en kommun har bedömt 1 av 5 kriterier, och det är uppfyllt – "
                "andelen blir 20 % (4 av 5 ej bedömda), inte 100 %. Är inget kriterium "
                "bedömt visas ingen andel. Har ett kriterium fått en ny definition "
                "jämförs andelen bara mellan år med samma definition."
            ),
            simple_table(
                ["Kriterium", "Mål", "Föreskrift eller definition", "Källa", "Anmärkning"],
                [
                    (r["name"], r["goal_id"], r["reference"], r["source"], r["note"])
                    for _, r in criteria.iterrows()
                ],
                caption="Kriterier för efterlevnad",
            ),
        ],
        className="mb-4",
    )


def followup_section(ds) -> html.Section:
    """The plan period, where the follow-up's data lives, and what a preliminary year is."""
    return html.Section(
        [
            html.H2("Uppföljningen av planen", className="h4", id="uppfoljning"),
            html.P(
                f"Planperioden är {ds.plan_period[0]}–{ds.plan_period[1]} (raderna "
                "planperiod_start och planperiod_slut i data/plan/dokument.csv). "
                "Länsstyrelsens aktiviteter läses från "
                f"data/{practice.ACTIVITIES_FILE} och de lokala handlingsplanerna från "
                f"data/{practice.LOCAL_PLANS_FILE}."
            ),
            html.P(
                "Planer i tjänsten: "
                + ", ".join(f"{hierarchy.plan_label(p)} (data/{p.folder}/)" for p in ds.plans)
                + ". En ny plan läggs bredvid den gamla, i data/planer/<id>/, så att "
                "uppföljningen av den gamla finns kvar. Strategi visar den senaste planen och "
                "Uppföljning den plan som gäller det senaste året med uppgifter; en annan plan "
                "väljs med ?plan=<id> i adressen.",
                id="om-planer",
            ),
            html.P(progress.RULE_TEXT),
            html.P(
                "Länsstyrelsens bedömning (skriven av Länsstyrelsen, inte beräknad) är "
                "Länsstyrelsens egen bedömning av ett delmål ett visst år: en status (uppnått, "
                "på väg, inte påbörjat, underlaget räcker inte), en kort text och det underlag "
                "den bygger på – indikatorer, aktiviteter, lokala handlingsplaner och dokument. "
                "Den läses från data/bedomningar.csv och visas på delmålets sida och på sidan "
                "Uppföljning bredvid den beräknade utvecklingen, aldrig ihopräknad med den: "
                "regeln ovan räknar bara med indikatorerna. För de delmål som saknar indikator "
                "är den den enda bedömningen.",
                id="om-lansstyrelsens-bedomning",
            ),
            html.P(
                "Preliminära år: ett år är fullständigt för en indikator när alla "
                "kommuner har ett värde eller ett angivet skäl (uppgift saknas, "
                "röjandeskydd). Sidorna öppnar på det senaste fullständiga året; ett "
                "senare år kan väljas och märks då ”preliminär – N av M kommuner” i "
                "rubriker, tabeller, bilder och nedladdningar. Förändringar för länet "
                "jämför samma kommuner båda åren och säger hur många de är."
            ),
            html.P(
                "En lokal handlingsplan räknas som att den tar upp ett delmål bara det år "
                "den gäller: från året den antogs till och med sista giltighetsåret. "
                "Sidor utan eget årsval (delmålen, Uppföljning) använder det senaste året "
                "med uppgifter; Kommun och Kommunrapport det valda året (från början det "
                "senaste fullständiga). Sedan förra "
                "mötet jämför två valda år; aktiviteterna räknas från året efter det "
                "första till och med det andra."
            ),
        ],
        className="mb-4",
    )


def comparisons_section(ds) -> html.Section:
    """Which municipalities count as similar, and where to change that."""
    return html.Section(
        [
            html.H2("Jämförelser mellan kommuner", className="h4", id="jamforelser"),
            html.P(comparison.group_rule(ds)),
            html.P(
                "Indelningen kan ändras i datakatalogen: egna storleksklasser i "
                f"data/{groups.BANDS_FILE} eller en publicerad indelning med källa i "
                f"data/{groups.GROUPS_FILE} (se data/README.md)."
            ),
        ],
        className="mb-4",
    )


def accessibility_section(ds) -> html.Section:
    """The accessibility statement the law (2018:1937) asks for."""
    return html.Section(
        [
            html.H2("Tillgänglighetsredogörelse", className="h4"),
            html.P(
                f"{ds.county.organisation} står bakom den här webbplatsen och vill att "
                "så många som möjligt ska kunna använda den. Webbplatsen ska uppfylla "
                "lagen (2018:1937) om tillgänglighet till digital offentlig service "
                "och WCAG 2.1 nivå AA."
            ),
            html.H3("Hur tjänsten uppfyller kraven", className="h5"),
            html.P(
                "Tjänsten är delvis förenlig med lagen om tillgänglighet till digital "
                "offentlig service, på grund av de brister som anges nedan."
            ),
            html.Ul(
                [
                    html.Li("Alla funktioner går att använda med tangentbord."),
                    html.Li("Varje diagram och karta har en tabell med samma värden."),
                    html.Li(
                        "Färgerna är valda för att fungera vid färgblindhet och i "
                        "gråskala (prövat med simulerad protanopi, deuteranopi och "
                        "tritanopi), och statusar står även i text."
                    ),
                    html.Li("Tjänsten hämtar inget från andra webbplatser."),
                ]
            ),
            html.H3("Kända brister", className="h5"),
            html.Ul(
                [
                    html.Li(
                        "Uppgifterna som visas när muspekaren hålls över kartan och "
                        "diagrammen nås inte med tangentbord; samma uppgifter finns i "
                        "tabellerna under varje karta och diagram."
                    ),
                    html.Li(
                        "Nedladdade bilder av diagram (PNG och SVG) saknar textalternativ; "
                        "använd nedladdningen av tabellen (CSV eller Excel) för samma "
                        "uppgifter i textform."
                    ),
                ]
            ),
            html.H3("Hur vi har testat", className="h5"),
            html.P(
                "Varje sida granskas automatiskt med verktyget axe-core mot WCAG 2.1 "
                "nivå A och AA, i skrivbords- och mobilbredd, och med tangentbord, "
                "varje gång tjänsten ändras. Senaste bedömning: 26 november 2026."
            ),
            html.H3("Kontakta oss och Digg", className="h5"),
            html.P(
                "Upptäcker du brister i tillgängligheten, eller behöver du innehållet "
                f"i ett annat format, kontakta {ds.county.organisation}. Om du inte är "
                "nöjd med svaret kan du anmäla det till Myndigheten för digital "
                "förvaltning (Digg), som är tillsynsmyndighet."
            ),
        ]
    )


@guarded
def layout(**_query) -> HtmlBlock:
    """The page is text and tables with no callbacks: one block of HTML (html_block.frozen)."""
    ds = get_dataset()
    years = ds.years
    example_share = ds.values["is_example"].mean() * 100
    return frozen(html.Div(
        [
            page_header(
                "Om data",
                "Varifrån uppgifterna kommer, hur de räknas och vad som är exempeldata.",
            ),
            example_section(ds, example_share, years),
            imports_section(ds),
            sources_section(ds),
            colours_section(),
            indicators_section(ds),
            disclosure_section(ds),
            sosfs_section(ds),
            levels_figure(ds, "om-planens-nivaer"),
            revision_basis(ds, "om-underlag"),
            plan_words_section(ds),
            followup_section(ds),
            comparisons_section(ds),
            accessibility_section(ds),
        ]
    ))  # fmt: skip


def plan_words_section(ds) -> html.Section:
    """What is the plan's own text and what the service added: numbering, the word for the
    four goals, the follow-up and the indicators."""
    linked = ds.indicators[ds.indicators["subgoal_ids"].map(bool)]
    sources = sorted(set(linked["source"]) - {""})
    return html.Section(
        [
            html.H2("Planens ord och tjänstens", className="h4", id="planens-ord"),
            html.Ul(
                [
                    html.Li(
                        "Målen och delmålen står ordagrant som i planen; planens exempel på "
                        "aktiviteter visas ett per rad där planen räknar upp flera med "
                        "kommatecken. Planen kallar de fyra målen ”den nationella strategins fyra "
                        "målsättningar” och numrerar dem 1–4; tjänsten skriver Mål 1–4."
                    ),
                    html.Li(hierarchy.numbering_note(ds.plan), id="om-numrering"),
                    html.Li(
                        "Planens kolumn Indikatorer/uppföljning visas ordagrant för varje delmål "
                        "på delmålets sida, på sidan Uppföljning och i nedladdningarna. Den "
                        "anger källor (till exempel Länsstyrelsens årsuppföljning eller "
                        "Socialstyrelsens öppna jämförelser), inte mått."
                    ),
                    html.Li(
                        "Vilka indikatorer som följer upp ett delmål är tjänstens val, inte "
                        "planens. Varje indikator har sin källa (tabellerna nedan); de som följer "
                        f"upp delmål kommer från: {'; '.join(sources)}. Ett delmål utan "
                        "indikator i tjänsten följs upp genom planens källor och Länsstyrelsens "
                        "aktiviteter."
                    ),
                ]
            ),
        ],
        className="mb-4",
    )


def example_section(ds, example_share: float, years: list[int]) -> html.Section:
    """What is example data: everything, part (after an import) or nothing."""
    # counts, not a rounded share: 1 280 of 1 282 is not '100 %' (two values are real)
    examples = int(ds.values["is_example"].sum())
    count = (
        f"{format_number(examples, 0)} av {format_number(len(ds.values), 0)} värden är "
        f"exempelvärden, åren {years[0]}–{years[-1]}."
    )
    if example_share >= 100:
        text = (
            "Det finns ännu inga verkliga uppgifter per kommun i tjänsten. Värdena för kommunerna "
            "är påhittade exempel som visar hur uppföljningen kommer att se ut. De är märkta som "
            "exempeldata i datafilen (kolumnen exempeldata = ja) och varje vy och nedladdning "
            "som visar dem har en tydlig markering."
        )
    elif example_share > 0:
        text = (
            "En del av värdena per kommun är verkliga uppgifter som Länsstyrelsen har läst in "
            "(se Inlästa uppgifter nedan); resten är påhittade exempel. Exempelvärdena är märkta "
            "i datafilen (exempeldata = ja), i tabeller och i nedladdningar (kolumnen "
            "Exempeldata)."
        )
    else:
        text = "Alla värden per kommun är verkliga uppgifter som Länsstyrelsen har läst in."
    body = [html.P(text, className="mb-1"), html.P(f"Andel exempelvärden just nu: {count}",
                                                    className="mb-0")]  # fmt: skip
    return html.Section(
        [
            html.H2("Exempeldata", className="h4"),
            dbc.Alert(body, color="warning" if example_share > 0 else "info"),
            html.P(
                "Verkliga uppgifter som redan används: kommunernas folkmängd, handlingsplanens "
                "text, kommungränserna och riksvärden ur Socialstyrelsens Öppna jämförelser. "
                "Källorna står nedan."
            ),
        ],
        className="mb-4",
    )


def imports_section(ds) -> html.Section:
    """The imports whose values are in the data now: file, date, values, source."""
    imports = importer.imports_overview(ds)
    intro = html.P(
        "Länsstyrelsen läser in kommunernas uppgifter för året från en fil. Varje värde har "
        "kvar sin källa, filen det kom från och datumet; det syns när du för muspekaren över "
        "källan i tabellerna och finns med i nedladdningarna."
    )
    if imports.empty:
        content = html.P("Inga verkliga uppgifter har lästs in ännu.", id="om-inlasta-tomt")
    else:
        content = simple_table(
            ["Fil och vem", "Inläst", "År", "Antal värden", "Källa"],
            [
                (
                    r["origin"] or "–",
                    r["updated"] or "–",
                    r["years"],
                    str(r["values"]),
                    r["sources"],
                )
                for _, r in imports.iterrows()
            ],  # fmt: skip
            caption="Inlästa uppgifter som används nu (värden som en senare inläsning har "
            "ersatt räknas inte)",
            table_id="om-inlasta",
        )
    return html.Section(
        [html.H2("Inlästa uppgifter", className="h4"), intro, content], className="mb-4"
    )


def disclosure_section(ds) -> html.Section:
    """The disclosure-control rule, as enforced in domain.all_values and county_mean."""
    threshold = domain.suppression_threshold()
    protected = ds.indicators[ds.indicators["disclosure_control"]]
    names = ", ".join(protected["name"]) or "inga"
    return html.Section(
        [
            html.H2("Röjandeskydd", className="h4"),
            html.P(
                f"Några indikatorer räknar personer eller ärenden ({names}). För dem visas "
                f"aldrig ett antal under {threshold} per kommun, varken på sidorna, på kartan "
                f"eller i nedladdningarna; i stället står ”Färre än {threshold}” med "
                f"förklaringen ”{domain.suppressed_explanation()}”. Så kan ingen enskild "
                "person pekas ut."
            ),
            html.P(
                "Ett länstotal bredvid de visade antalen skulle avslöja ett dolt antal genom "
                "en subtraktion. Därför döljs också så många fler kommuners antal som behövs – "
                "ofta inga, när de små tillsammans är för många för att delas upp – de minsta "
                "först, med texten ”Visas inte (röjandeskydd)” (de är minst "
                f"{threshold}). Först när totalen inte längre avslöjar något om de dolda – "
                f"vart och ett av dem kan fortfarande vara allt från 0 till {threshold - 1} – "
                "visas länets total och snitt. Går det inte visas de inte. Ett snitt för en "
                "del av länet (liknande kommuner) visas aldrig när något värde i den är dolt, "
                "och förändringen mot föregående år visas inte för ett dolt värde."
            ),
            html.P(
                f"Påhittat exempel med gränsen {threshold}: kommun A har 3, kommun B 17 och "
                f"övriga kommuner {threshold} eller fler. A visas som ”Färre än {threshold}” och "
                "B som ”Visas inte (röjandeskydd)”; länets total kan då visas, eftersom totalen "
                "minus de visade antalen bara säger summan av A och B, och den går inte att "
                "dela upp."
            ),
        ],
        className="mb-4",
        id="om-rojandeskydd",
    )
