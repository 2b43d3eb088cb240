"""Stage 4, recording: decide each file, land accepted tables as Parquet, keep the registry."""
