"""Stage 6, publishing and reading: the checked snapshot swapped in whole, read-only access for the CLI, the
explorer and the notebooks, and the quality queries they share."""
