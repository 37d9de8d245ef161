"""Stage 6: rendering. Word documents, the reconciliation workbook and the terminal summary."""
