"""Stage 5: reconciliation. Every total checked against its sources."""
