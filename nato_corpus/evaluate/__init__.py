"""Scoring extraction output against the gold layer: span schemes, layer attributes, bootstrap intervals."""
