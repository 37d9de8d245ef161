"""Stage 4: computation of the report tables and key figures, in öre, unrounded."""
