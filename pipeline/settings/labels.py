"""The report's headings and sum-row labels when rapport.toml's `[etiketter]` does not name them.

A module of its own: the settings (`pipeline.settings`) start from these, and the file's declared
shape (`pipeline.settings.shape`) lists them as the known keys of `[etiketter]`.
"""

DEFAULT_LABELS = {
    "rr_rubrik": "Intäkter / Kostnader (mnkr)",
    "dr_rubrik": "Verksamhet (mnkr)",
    "jamforelse_rubrik": "Verksamhet, prognos (mnkr)",      # each DR row's forecast then and now
    "investering_rubrik": "Investeringar {år} (mnkr)",
    "summa_intakter": "Summa intäkter",
    "summa_kostnader": "Summa kostnader",
    "summa_totalt": "Summa totalt (mnkr)",
    "totalt": "Totalt (mnkr)",
    "investering_totalt": "Totalt (mnkr)",
}
