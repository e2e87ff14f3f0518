"""Static HTML viewer of the corpus (``nato-corpus render``)."""
