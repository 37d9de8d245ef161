"""Sample contexts in the exact shape of the template contract (docs/report-context.md).

`template_problems` renders a template with these to find names the contract does not have,
without reading any export; the tests use them as the tiny hand-built context. Three samples:
`full` has every optional part present (every `if` taken, every loop run once) and `sparse` has
every optional part absent (None, empty lists), so both branches of the template are exercised;
`year_end` is `full` for a year-end report (Årsredovisning): fewer figure columns (no forecast), so a
template that names a fixed column (`row.cells[5]`) is found before December.

Keep this file in step with docs/report-context.md: a key added there is added here.
"""

from __future__ import annotations

from functools import lru_cache
from io import BytesIO

from pipeline.model import PrintedTable, TableRow
from pipeline.render.charts import Chart
from pipeline.render.word_values import WordText

PERIOD_COLUMNS = (
    "Bokslut 2022", "Utfall jan-aug 2022", "Utfall jan-aug 2023", "Budget 2023",
    "Prognos helår 2023", "Avvikelse prognos mot budget",
)
INVESTMENT_COLUMNS = ("Budget 2023", "Utfall jan-aug 2023", "Prognos helår 2023",
                      "Avvikelse prognos mot budget")
PREVIOUS_COLUMNS = ("Prognos april", "Prognos augusti", "Förändring")
YEAR_END_COLUMNS = ("Bokslut 2022", "Utfall 2023", "Budget 2023", "Avvikelse utfall mot budget")
YEAR_END_INVESTMENT_COLUMNS = ("Budget 2023", "Utfall 2023", "Avvikelse utfall mot budget")
INDICATOR_COLUMNS = ("Startläge", "Utfall 2021", "Utfall 2022", "Utfall aug 2023", "Mål")
AVSNITT = ("sammanfattning", "uppdrag_och_ansvar", "vasentliga_handelser", "ekonomisk_analys",
           "atgarder_budget_i_balans", "investeringar", "forvantad_utveckling", "medarbetare")
# A 1x1 white PNG: the sample needs a picture, not a chart.
_PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478da63f8"
    "ffff3f0005fe02fea7d6a4b00000000049454e44ae426082"
)


def status(text: str = "På rätt väg", symbol: str = "●", farg: str = "2E7D32") -> dict:
    return {"text": text, "symbol": symbol, "farg": farg}


def table(key: str, label_heading: str, columns: tuple[str, ...], rows) -> dict:
    return PrintedTable(key, key, (label_heading, *columns), tuple(rows)).as_context()


def sample_contexts(texts: tuple[str, ...] = ()) -> list[dict]:
    """The three samples. `texts`: the organisation's own text names (rapport.toml [texter],
    which a template may print as `avsnitt.<name>`) besides the contract's, present in the full
    samples and absent (None) in the sparse one."""
    extra = {key: WordText(f"{key}.docx", _word_text(key)) for key in texts if key not in AVSNITT}
    samples = [full_context(), sparse_context(), year_end_context()]
    for context, present in zip(samples, (True, False, True)):
        context["avsnitt"] = {**context["avsnitt"], **{k: v if present else None for k, v in extra.items()}}
    return samples


def full_context() -> dict:
    """Every key of the contract, every optional part present."""
    rr_rows = [TableRow("Övriga intäkter", ("13,8", "9,3", "9,8", "16,3", "15,0", "-1,3")),
               TableRow("Summa intäkter", ("13,8", "9,3", "9,8", "16,3", "15,0", "-1,3"), kind="sum")]
    dr_rows = [TableRow("Kommunledningsförvaltning", ("-156,6", "-100,7", "-105,1", "-178,9", "-172,7", "6,2")),
               TableRow("Totalt (mnkr)", ("-156,6", "-100,7", "-105,1", "-178,9", "-172,7", "6,2"), kind="total")]
    rr = table("rr", "Intäkter / Kostnader (mnkr)", PERIOD_COLUMNS, rr_rows)
    dr = table("dr", "Verksamhet (mnkr)", PERIOD_COLUMNS, dr_rows)
    indicator = table("hme", "KF indikatorer", INDICATOR_COLUMNS,
                      [TableRow("21. Hållbart medarbetarengagemang (HME)", ("83", "79", "77", "78", "84"))])
    return {
        "dokument": {
            "titel": "Delårsrapport augusti 2023",
            "rapportnamn": "Delårsrapport",
            "arsbokslut": False,
            "namnd": "Kommunstyrelsen",
            "namnd_genitiv": "Kommunstyrelsens",
            "arendenummer": "KS2023/623",
            "kommun": "Enköpings kommun",
            "forvaltning": "Kommunledningsförvaltningen",
            "period_text": "januari–augusti 2023",
            "period_slut": "sista augusti 2023",
            "datum": "2023-09-15",
        },
        "texter": {
            "budget": "Kommunstyrelsens driftsbudget för 2023 uppgår till 237,2 mnkr.",
            "ekonomi_budget": "Kommunstyrelsens ursprungliga budget för 2023 var 228,3 mnkr.",
            "investering": "Nämndens investeringsbudget är på 15,3 mnkr.",
            "malstatus": "Bedömningen är att 7 av målen är på rätt väg för måluppfyllelse.",
            "internkontroll": "Internkontrollplanen innefattar 10 kontroller inom 6 riskområden.",
        },
        "avsnitt": {key: WordText(f"{key}.docx", _word_text(key)) for key in AVSNITT},
        "mal": [{"kommunens_uppgift": "Delaktighet och demokrati",
                 "mal": "Mål 1: Det finns flera ändamålsenliga sätt att komma i kontakt med kommunen",
                 "analys": "Idag finns flera möjligheter.\n\nKontaktcenter har hög servicenivå.",
                 "status": status()}],
        "satsningar": [{"prioritering": "Bemötande och tillgänglighet",
                        "kommentar": "Inköp\n\nInköpsavdelningen har arrangerat anbudsskola.",
                        "stycken": [{"rubrik": "Inköp", "text": ""},
                                    {"rubrik": "", "text": "Inköpsavdelningen har arrangerat anbudsskola."}],
                        "status": status("Delvis utförd", "●", "F2B800")}],
        "medarbetarsatsningar": [{"prioritering": "Stöd för ledarskap och medarbetarskap",
                                  "kommentar": "En planering har gjorts för ökat stöd för chefer.",
                                  "stycken": [{"rubrik": "",
                                               "text": "En planering har gjorts för ökat stöd för chefer."}],
                                  "status": status("Delvis utförd", "●", "F2B800")}],
        "uppdrag": [{"typ": "Uppdrag från kommunfullmäktige",
                     "uppdrag": "Frigör resurser för verksamhetsutveckling",
                     "kommentar": "Kommunfullmäktige beslutade den 19 juni 2023 om åtgärder."}],
        "internkontroll": [{"risk": "Allmänna handlingar hanteras felaktigt",
                            "riskbeskrivning": "Tryckfrihetsförordningen följs inte.",
                            "kontroll": "Kontroll av utlämnande av allmän handling",
                            "resultat": status("Kontroll genomförd med mindre avvikelse", "■", "F2B800"),
                            "kommentar": "Rutinen fungerar relativt väl."}],
        "rr": rr,
        "dr": dr,
        "jamforelse": {"namn": "tertialrapporten i april", "rapportnamn": "Tertialrapport", "period": "2023-04",
                       "prognos": table("prognos_jamforelse", "Verksamhet, prognos (mnkr)", PREVIOUS_COLUMNS,
                                        [TableRow("Kommunledningsförvaltning", ("-173,9", "-172,7", "1,2")),
                                         TableRow("Totalt (mnkr)", ("-173,9", "-172,7", "1,2"), kind="total")]),
                       "text": "Prognosen har förbättrats med 1,2 mnkr sedan tertialrapporten i april."},
        "inv": table("inv", "Investeringar 2023 (mnkr)", INVESTMENT_COLUMNS,
                     [TableRow("Reinvesteringar IT", ("-12,9", "-3,3", "-8,5", "4,4")),
                      TableRow("Totalt (mnkr)", ("-12,9", "-3,3", "-8,5", "4,4"), kind="total")]),
        "ovriga_enheter": [{"kod": "KF", "namn": "Kommunfullmäktige och revision",
                            "rr": table("rr", "Intäkter / Kostnader (mnkr)", PERIOD_COLUMNS, rr_rows),
                            "dr": table("dr", "Verksamhet (mnkr)", PERIOD_COLUMNS, dr_rows),
                            "analys": "Prognosen är enligt budget."}],
        "personal": {
            "mal": [{"rubrik": "Mål 21: Ökat medarbetarengagemang",
                     "text": "Årets HME-värde ökade från 75 till 77.",
                     "analys": "Förvaltningen följer upp resultatet på arbetsplatsträffar.",
                     "status": status(),
                     "tabeller": [indicator], "diagram": ""},
                    {"rubrik": "Mål 23: Sjukfrånvaron ska minska",
                     "text": "Sjukfrånvaron har ökat från 4,3 till 4,5 procent.",
                     "analys": "",
                     "status": status(),
                     "tabeller": [indicator], "diagram": "sjukfranvaro"}],
            "lagtabell": True,
            "sjukfranvaro_lag": table("sjukfranvaro_lag", "Sjukfrånvaro", ("2022", "2023"),
                                      [TableRow("Total sjukfrånvaro", ("4,3 %", "4,5 %"))]),
            "fotnot": "– betyder att uppgiften inte redovisas.",
        },
        "organisationsschema": {"bild": Chart(_PIXEL, "Organisationsschema: förvaltningschefen och fem avdelningar.",
                                              "Organisationsschema", 1.0),
                                "bildtext": "Kommunledningsförvaltningens organisationsschema"},
        "diagram": {
            "budget_prognos": Chart(_PIXEL, "Stapeldiagram: budget och prognos per verksamhet.",
                                    "Diagram: budget och prognos", 1.0),
            "sjukfranvaro": Chart(_PIXEL, "Stapeldiagram: sjukfrånvaro över tid.",
                                  "Diagram: sjukfrånvaro", 1.0),
        },
        "memo": {
            "handlaggare": {"namn": "Annelie Högsund", "telefon": "0171-625166",
                            "epost": "annelie.hogsund@enkoping.se"},
            "mottagare": "Kommunstyrelsen",
            "titel": "Kommunstyrelsens delårsrapport augusti 2023",
            "beslutsrubrik": "Förslag till kommunstyrelsens beslut",
            "forslag_till_beslut": ["delårsrapport augusti 2023 för kommunstyrelsen fastställs."],
            "bakgrund": "En delårsrapport per sista augusti 2023 har upprättats.",
            "beredning": "Uppföljningen har skett av avdelningscheferna.",
            "bedomning": "I kommunstyrelsens långsiktiga plan finns elva mål.",
            "ekonomiska_konsekvenser": "Eventuella ekonomiska konsekvenser finns redovisade i rapporten.",
            "sociala_konsekvenser": "Sociala och miljömässiga konsekvenser har inte beaktats.",
            "beslutsunderlag": ["Tjänsteskrivelse, 2023-09-15",
                                "Kommunstyrelsens delårsrapport per sista augusti 2023"],
            "underskrifter": [{"namn": "Hannu Högberg", "titel": "Bitr. kommundirektör"},
                              {"namn": "Daniel Nilsson", "titel": "Ekonomichef"}],
            "skickas_till": ["Myndighet/nämnd/namn, för åtgärd"],
        },
    }


def sparse_context() -> dict:
    """Every key of the contract, every optional part absent."""
    context = full_context()
    context["texter"] = {**context["texter"], "malstatus": "", "internkontroll": ""}
    context["avsnitt"] = {key: None for key in AVSNITT}
    for key in ("mal", "satsningar", "medarbetarsatsningar", "uppdrag", "internkontroll",
                "ovriga_enheter"):
        context[key] = []
    context["personal"] = None
    context["diagram"] = None
    context["organisationsschema"] = None
    context["jamforelse"] = None
    memo = dict(context["memo"])
    memo.update(bedomning="", forslag_till_beslut=[], beslutsunderlag=[], underskrifter=[],
                skickas_till=[])
    context["memo"] = memo
    return context


def year_end_context() -> dict:
    """The full sample for the year end: four RR/DR columns and three investment columns."""
    context = full_context()
    context["dokument"] = {**context["dokument"], "titel": "Årsredovisning december 2023",
                           "rapportnamn": "Årsredovisning", "arsbokslut": True,
                           "period_text": "januari–december 2023", "period_slut": "sista december 2023"}
    rr_rows = [TableRow("Övriga intäkter", ("13,8", "14,6", "16,3", "-1,7")),
               TableRow("Summa intäkter", ("13,8", "14,6", "16,3", "-1,7"), kind="sum")]
    dr_rows = [TableRow("Kommunledningsförvaltning", ("-156,6", "-170,2", "-178,9", "8,7")),
               TableRow("Totalt (mnkr)", ("-156,6", "-170,2", "-178,9", "8,7"), kind="total")]
    rr = table("rr", "Intäkter / Kostnader (mnkr)", YEAR_END_COLUMNS, rr_rows)
    dr = table("dr", "Verksamhet (mnkr)", YEAR_END_COLUMNS, dr_rows)
    context.update(
        rr=rr, dr=dr,
        inv=table("inv", "Investeringar 2023 (mnkr)", YEAR_END_INVESTMENT_COLUMNS,
                  [TableRow("Reinvesteringar IT", ("-12,9", "-11,8", "1,1")),
                   TableRow("Totalt (mnkr)", ("-12,9", "-11,8", "1,1"), kind="total")]),
        ovriga_enheter=[{**context["ovriga_enheter"][0], "rr": rr, "dr": dr}],
        jamforelse={**context["jamforelse"], "namn": "delårsrapporten i augusti", "period": "2023-08",
                    "prognos": table("prognos_jamforelse", "Verksamhet, prognos (mnkr)",
                                     ("Prognos augusti", "Utfall 2023", "Förändring"),
                                     [TableRow("Kommunledningsförvaltning", ("-172,7", "-170,2", "2,5")),
                                      TableRow("Totalt (mnkr)", ("-172,7", "-170,2", "2,5"), kind="total")]),
                    "text": "Utfallet blev 2,5 mnkr bättre än prognosen i delårsrapporten i augusti."},
    )
    return context


@lru_cache(maxsize=None)
def _word_text(key: str) -> bytes:
    """A two-paragraph .docx standing in for the organisation's text for section `key`."""
    from docx import Document

    document = Document()
    document.add_paragraph(f"Text för {key.replace('_', ' ')}, första stycket.")
    document.add_paragraph("")                          # spacing paragraph: dropped when inserted
    document.add_paragraph("Andra stycket, med ").add_run("fetstil").bold = True
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
