"""Hooks for Schemathesis runs (SCHEMATHESIS_HOOKS=schemathesis_hooks, with tests/ on PYTHONPATH)."""

import schemathesis


@schemathesis.hook
def filter_body(context, body):
    """Leave out the insights-error scenario: it makes GET insights answer 500 on purpose, which
    the server-error check would report. tests/test_options.py tests that scenario itself."""
    options = body.get("options") if isinstance(body, dict) else None
    return not (isinstance(options, dict) and options.get("scenario") == "insights-error")
