"""Hugging Face dataset build: features, rows, Parquet files, card and Croissant metadata."""
