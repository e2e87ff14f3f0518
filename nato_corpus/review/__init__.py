"""Tools for reviewing annotation pull requests."""
