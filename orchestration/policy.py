"""Cross-cutting policy, applied once to everything loaded from ``defs/``.

- One writer process: DuckDB allows a single writer, so every job runs in-process, step after step
  (the multiprocess executor once ran a check beside the dbt step and raced for the file lock).
- Every asset says who owns it, so the Dagster UI shows whom to ask.
"""

from __future__ import annotations

import warnings

import dagster as dg

OWNER = "team:htx-data"


def apply_policy(defs: dg.Definitions) -> dg.Definitions:
    # map_asset_specs is marked "preview" in Dagster 1.13; it is the documented way to apply policy once.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dg.PreviewWarning)
        with_owner = defs.map_asset_specs(
            func=lambda spec: spec.replace_attributes(owners=spec.owners or [OWNER]))
    return dg.Definitions.merge(with_owner, dg.Definitions(executor=dg.in_process_executor))
