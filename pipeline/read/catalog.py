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
DATE = "datum"
YEAR = "år"


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

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


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

# Settings workbooks: fixed headings (they are our files, not another system's export).
SETTINGS_SHEETS: dict[str, tuple[str, str, dict[str, tuple[str, str]]]] = {
    # key: (file, sheet, {field: (heading, kind)})
    "rr_rader": ("kontoplan.xlsx", "Resultaträkning",
                 {"ordning": ("Ordning", TEXT), "rr_rad": ("RR-rad", TEXT), "typ": ("Typ", TEXT)}),
    "konton": ("kontoplan.xlsx", "Konton",
               {"fran": ("Från", CODE), "till": ("Till", CODE), "rr_rad": ("RR-rad", TEXT),
                "benamning": ("Benämning", TEXT)}),
    "enheter": ("organisation.xlsx", "Rapportenheter",
                {"kod": ("Kod", CODE), "namn": ("Namn", TEXT), "rapporteras": ("Rapporteras", TEXT)}),
    "ansvar": ("organisation.xlsx", "Ansvar",
               {"fran": ("Ansvar från", CODE), "till": ("Ansvar till", CODE),
                "rapportenhet": ("Rapportenhet", CODE), "benamning": ("Benämning", TEXT)}),
    "dr_rader": ("organisation.xlsx", "Driftsredovisning",
                 {"rapportenhet": ("Rapportenhet", CODE), "dr_rad": ("DR-rad", TEXT),
                  "ansvar_fran": ("Ansvar från", CODE), "ansvar_till": ("Ansvar till", CODE),
                  "verksamhet_fran": ("Verksamhet från", CODE),
                  "verksamhet_till": ("Verksamhet till", CODE)}),
    "projekt": ("organisation.xlsx", "Projekt",
                {"projekt": ("Projekt", CODE), "benamning": ("Benämning", TEXT),
                 "grupp": ("Investeringsgrupp", TEXT), "rapportenhet": ("Rapportenhet", CODE)}),
}
