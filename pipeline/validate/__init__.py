"""Stage 2: validation. Raw tables -> typed tables + located problems."""
