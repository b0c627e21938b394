"""Shared pytest setup. The test environment itself is set by the Makefile."""

import os

# Set by `make test` / `make regen` (see the Makefile's run_env).
_ENVIRONMENT = ("OMP_NUM_THREADS", "MPLBACKEND", "IPYTHONDIR")


def pytest_report_header(config):
    """Show in the log whether this run has the course's reproducible environment."""
    shown = ", ".join(f"{name}={os.environ.get(name, '(unset)')}" for name in _ENVIRONMENT)
    strict = os.path.isfile(
        os.path.join(os.environ.get("IPYTHONDIR", ""), "profile_default/startup/00-strict.py")
    )
    kernel = "warnings are errors in notebook kernels" if strict else "NOT strict: use `make test`"
    return [f"hidden-math: {shown}", f"hidden-math: {kernel}"]
