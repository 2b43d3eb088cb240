"""Lint-only stand-in for `adapter.dispatch`: renders the dispatched macro as a plain function call."""


def dispatch(macro_name, macro_namespace=None):
    return lambda *args: f"{macro_name}({', '.join(str(a) for a in args)})"
