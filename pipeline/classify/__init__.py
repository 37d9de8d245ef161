"""Stage 3: classification of rows into report units, RR lines, DR rows and project groups."""
