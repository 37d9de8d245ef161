"""The catalog: every input the pipeline knows, its fields and what kind of value each holds.

Which file, sheet and heading a field comes from is a setting (`rapport.toml`); what the field
*is* lives here, so validation knows how to parse it.
"""

from __future__ import annotations

from dataclasses import dataclass

CODE = "kod"          # text code: konto, ansvar, ... (Excel number 4010 -> "4010")
TEXT = "text"
AMOUNT = "belopp"     # number, possibly stored as text ("1 234,50")
PERIOD = "period"     # 2023-08, 202308 or a date
DATE = "datum"       # kept as text (ledger booking date: traceability only)
DAY = "dag"          # parsed to a date (employment start and end)
YEAR = "år"
HOURS = "timmar"     # number of hours, 0 or more
NUMBER = "tal"       # any number (survey index, indicator values)
NUMERIC_KINDS = frozenset({AMOUNT, HOURS, NUMBER})   # typed by the reader from all rows


UNIT_FIELD = "rapportenhet"      # follow-up exports: the column naming each row's nämnd


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    required: bool = True


@dataclass(frozen=True)
class SourceContract:
    name: str                     # key in rapport.toml: [kallor.<name>]
    label: str                    # Swedish, for messages: "huvudboken"
    fields: tuple[Field, ...]
    # After validation, rows equal in these typed columns (and the file) become one row with their
    # amounts summed, the row count in `rader` and the first and last Excel row in `rad`/`sista_rad`.
    # () = rows are kept as they are. Only what later stages use may be dropped this way.
    summed_by: tuple[str, ...] = ()
    # Personal data (the HR exports about employees): no message may quote a cell's value.
    personal: bool = False

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def read_fields(self) -> tuple[Field, ...]:
        """The fields read from the file. A summed source skips optional fields it would drop:
        they could not hold a problem (optional, no format to check) nor reach the report."""
        if not self.summed_by:
            return self.fields
        kept = set(self.summed_by)
        return tuple(f for f in self.fields
                     if f.required or f.kind == AMOUNT or f.name in kept
                     or (f.kind == PERIOD and {"ar", "manad"} & kept))


def typed_columns(contract: SourceContract) -> dict[str, str]:
    """Column -> dtype of the typed table validation makes of one file of `contract` (for a summed
    source, after summing): what `validate.exports.typed_export` returns and the cache keeps."""
    kinds = {"fil": "string", "rad": "int64"}
    for f in contract.fields:
        if f.kind == PERIOD:
            kinds |= {"ar": "int64", "manad": "int64"}
        elif f.kind in (AMOUNT, YEAR):
            kinds[f.name] = "int64"
        elif f.kind in (HOURS, NUMBER):
            kinds[f.name] = "float64"
        elif f.kind == DAY:
            kinds[f.name] = "datetime64[ns]"
        else:
            kinds[f.name] = "string"
    if not contract.summed_by:
        return kinds
    amounts = [f.name for f in contract.fields if f.kind == AMOUNT]
    return {"fil": "string", "rad": "int64", "sista_rad": "int64", "rader": "int64",
            **{name: kinds[name] for name in contract.summed_by}, **{name: "int64" for name in amounts}}


LEDGER = SourceContract(
    "huvudbok",
    "huvudboken",
    (
        Field("period", PERIOD),
        Field("konto", CODE),
        Field("ansvar", CODE),
        Field("verksamhet", CODE),
        Field("aktivitet", CODE, required=False),
        Field("projekt", CODE, required=False),
        Field("motpart", CODE, required=False),
        Field("verifikation", TEXT, required=False),
        Field("datum", DATE, required=False),
        Field("text", TEXT, required=False),
        Field("belopp", AMOUNT),
    ),
    # A million rows hold some ten thousand of these combinations; the report, the checks and the
    # trace need nothing finer (aktivitet, motpart, verifikation, datum and text are validated only).
    summed_by=("ar", "manad", "konto", "ansvar", "verksamhet", "projekt"),
)

BUDGET = SourceContract(
    "budget",
    "budgeten",
    (
        Field("ar", YEAR),
        Field("ansvar", CODE),
        Field("verksamhet", CODE),
        Field("konto", CODE),
        Field("ursprunglig_budget", AMOUNT),
        Field("andringsbudget", AMOUNT),
        Field("budget", AMOUNT),
    ),
)

FORECAST = SourceContract(
    "prognos",
    "prognosen",
    (
        Field("ar", YEAR),
        Field("rapportenhet", CODE),
        Field("dr_rad", TEXT),
        Field("rr_rad", TEXT),
        Field("prognos", AMOUNT),
    ),
)

INVESTMENTS = SourceContract(
    "investeringar",
    "investeringsbudgeten",
    (
        Field("ar", YEAR),
        Field("projekt", CODE),
        Field("ansvar", CODE),
        Field("benamning", TEXT, required=False),
        Field("budget", AMOUNT),
        Field("prognos", AMOUNT),
    ),
)

EXPORTS = (LEDGER, BUDGET, FORECAST, INVESTMENTS)

# HR exports: personal data. Read, validated and aggregated in memory; only aggregates leave.
PERSONNEL = SourceContract(
    "personal",
    "personalexporten",
    (
        Field("period", PERIOD),
        Field("anstalld", CODE),
        Field("forvaltning", CODE),
        Field("kon", CODE),
        Field("fodelsear", YEAR),
        Field("anstallningsform", TEXT),
        Field("befattning", TEXT, required=False),
        Field("arbetstid", HOURS),
        Field("sjuktimmar", HOURS),
        Field("sjuktimmar_60", HOURS),
    ),
    personal=True,
)

EMPLOYMENTS = SourceContract(
    "anstallningar",
    "anställningsexporten",
    (
        Field("anstalld", CODE),
        Field("forvaltning", CODE),
        Field("anstallningsform", TEXT),
        Field("befattning", TEXT, required=False),
        Field("startdatum", DAY),
        Field("slutdatum", DAY, required=False),
        Field("avgangsorsak", TEXT, required=False),
        # The absence format (ABSENCE) needs these; the monthly format has them on its rows.
        Field("kon", CODE, required=False),
        Field("fodelsear", YEAR, required=False),
        Field("sysselsattningsgrad", NUMBER, required=False),   # 0-1 (0,75 = 75 %)
    ),
    personal=True,
)
# Columns of EMPLOYMENTS that the absence format requires (settings check that they are named).
ABSENCE_EMPLOYMENT_FIELDS = ("kon", "fodelsear", "sysselsattningsgrad")

# The HR system's absence cases (the other staff format; docs/absence.md): one row per case.
ABSENCE = SourceContract(
    "franvaro",
    "frånvaroexporten",
    (
        Field("anstalld", CODE),
        Field("orsak", CODE),
        Field("fran", DAY),
        Field("till", DAY, required=False),           # blank = tills vidare
        Field("omfattning", NUMBER),                  # 0-1 (0,25 = 25 %)
    ),
    personal=True,
)

SURVEY = SourceContract(
    "medarbetarenkat",
    "medarbetarenkäten",
    (
        Field("ar", YEAR),
        Field("enhet", CODE),
        Field("index", TEXT),
        Field("varde", NUMBER),
    ),
    personal=True,
)

INDICATORS = SourceContract(
    "indikatorer",
    "indikatorerna",
    (
        Field(UNIT_FIELD, CODE, required=False),     # the nämnd the indicator belongs to
        Field("mal", TEXT),
        Field("typ", TEXT),
        Field("indikator", TEXT),
        Field("matt", TEXT),
        Field("enhet", CODE),
        Field("startlage", NUMBER, required=False),
        Field("malvarde", NUMBER, required=False),
    ),
)

INDICATOR_HISTORY = SourceContract(
    "indikatorhistorik",
    "indikatorernas historik",
    (
        Field(UNIT_FIELD, CODE, required=False),     # the nämnd the indicator belongs to
        Field("indikator", TEXT),
        Field("ar", YEAR),
        Field("utfall", NUMBER, required=False),
    ),
)

# Optional with the absence format: the HR system's scheduled hours per employee and month, where it
# exports them (over sysselsättningsgrad x full-time hours; docs/absence.md).
SCHEDULE = SourceContract(
    "schema",
    "schemaexporten",
    (
        Field("period", PERIOD),
        Field("anstalld", CODE),
        Field("arbetstid", HOURS),
    ),
    personal=True,
)

HR_EXPORTS = (PERSONNEL, ABSENCE, SCHEDULE, EMPLOYMENTS, SURVEY, INDICATORS, INDICATOR_HISTORY)
# The two staff formats: exactly one is configured ([kallor.personal] or [kallor.franvaro]).
STAFF_FORMATS = (PERSONNEL, ABSENCE)

# Follow-up exports (a follow-up system such as Stratsys): one row per item, with its status.
# Each is read only when its [kallor.X] section exists in rapport.toml.
GOALS = SourceContract(
    "mal",
    "målbedömningen",
    (
        Field(UNIT_FIELD, CODE, required=False),     # the nämnd the row belongs to
        Field("avsnitt", CODE, required=False),      # "4" verksamhetsmål, "5" medarbetarmål (settings)
        Field("kommunens_uppgift", TEXT, required=False),
        Field("mal", TEXT),
        Field("analys", TEXT, required=False),
        Field("status", TEXT),
        Field("status_foregaende", TEXT, required=False),
    ),
)

PRIORITIES = SourceContract(
    "satsningar",
    "de prioriterade satsningarna",
    (
        Field(UNIT_FIELD, CODE, required=False),     # the nämnd the row belongs to
        Field("avsnitt", CODE, required=False),      # "4.1" or "5.5" (settings)
        Field("prioritering", TEXT),
        Field("kommentar", TEXT, required=False),
        Field("status", TEXT),
    ),
)

ASSIGNMENTS = SourceContract(
    "uppdrag",
    "de riktade uppdragen",
    (
        Field(UNIT_FIELD, CODE, required=False),     # the nämnd the row belongs to
        Field("typ", TEXT, required=False),
        Field("uppdrag", TEXT),
        Field("kommentar", TEXT, required=False),
        Field("status", TEXT, required=False),
    ),
)

INTERNAL_CONTROL = SourceContract(
    "internkontroll",
    "internkontrollen",
    (
        Field(UNIT_FIELD, CODE, required=False),     # the nämnd the row belongs to
        Field("risk", TEXT),                          # repeated on each of the risk's control rows
        Field("riskbeskrivning", TEXT, required=False),
        Field("kontroll", TEXT),
        Field("resultat", TEXT),
        Field("kommentar", TEXT, required=False),
    ),
)

FOLLOWUP_EXPORTS = (GOALS, PRIORITIES, ASSIGNMENTS, INTERNAL_CONTROL)

# Texts the organisation writes: one Word file per report section ([texter] in rapport.toml).
# Key (as in the template context `avsnitt.<key>`) -> the section's name in messages.
TEXT_SECTIONS = {
    "sammanfattning": "Sammanfattning",
    "medarbetare": "Sammanfattning, medarbetare",
    "uppdrag_och_ansvar": "Uppdrag och ansvar",
    "vasentliga_handelser": "Väsentliga händelser",
    "ekonomisk_analys": "Ekonomisk analys",
    "atgarder_budget_i_balans": "Åtgärder för budget i balans",
    "investeringar": "Investeringsredovisning",
    "forvantad_utveckling": "Förväntad utveckling",
}

# Settings workbooks: fixed headings (they are our files, not another system's export).
SETTINGS_SHEETS: dict[str, tuple[str, str, dict[str, tuple[str, str]]]] = {
    # key: (file, sheet, {field: (heading, kind)})
    "rr_rader": ("kontoplan.xlsx", "Resultaträkning",
                 {"ordning": ("Ordning", TEXT), "rr_rad": ("RR-rad", TEXT), "typ": ("Typ", TEXT)}),
    "konton": ("kontoplan.xlsx", "Konton",
               {"fran": ("Från", CODE), "till": ("Till", CODE), "rr_rad": ("RR-rad", TEXT),
                "benamning": ("Benämning", TEXT)}),
    "enheter": ("organisation.xlsx", "Rapportenheter",
                {"kod": ("Kod", CODE), "namn": ("Namn", TEXT), "egen_rapport": ("Egen rapport", TEXT),
                 "redovisas_i": ("Redovisas i", CODE)}),
    "ansvar": ("organisation.xlsx", "Ansvar",
               {"fran": ("Ansvar från", CODE), "till": ("Ansvar till", CODE),
                "rapportenhet": ("Rapportenhet", CODE), "benamning": ("Benämning", TEXT)}),
    "dr_rader": ("organisation.xlsx", "Driftsredovisning",
                 {"rapportenhet": ("Rapportenhet", CODE), "dr_rad": ("DR-rad", TEXT),
                  "ansvar_fran": ("Ansvar från", CODE), "ansvar_till": ("Ansvar till", CODE),
                  "verksamhet_fran": ("Verksamhet från", CODE),
                  "verksamhet_till": ("Verksamhet till", CODE)}),
    "forvaltningar": ("organisation.xlsx", "Förvaltningar",
                      {"kod": ("Kod", CODE), "namn": ("Namn", TEXT), "rapportenhet": ("Rapportenhet", CODE)}),
    "projekt": ("organisation.xlsx", "Projekt",
                {"projekt": ("Projekt", CODE), "benamning": ("Benämning", TEXT),
                 "grupp": ("Investeringsgrupp", TEXT), "rapportenhet": ("Rapportenhet", CODE)}),
}
# Settings columns that may be left out of the sheet (read as empty).
OPTIONAL_SETTINGS_COLUMNS = frozenset({("enheter", "redovisas_i")})
