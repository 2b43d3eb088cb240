"""Stage 2, reading: a kept file (xlsx, csv, json) becomes submissions with warehouse keys and problems."""
