"""Stage 1: reading. Every file the pipeline opens is opened here (the catalog)."""
