"""Interviews without a server: `deeptalk simulate`, `batch`, `record` and `eval`."""
