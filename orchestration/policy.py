"""Cross-cutting policy, applied once to everything loaded from ``defs/``.

- One writer process: DuckDB allows a single writer, so every job runs in-process, step after step
  (the multiprocess executor once ran a check beside the dbt step and raced for the file lock).
- Every asset says who owns it, so the Dagster UI shows whom to ask.
- Run config cannot change what runs: whoever can launch a run (the UI's launchpad, its GraphQL API) could
  otherwise point the dbt resource at ``/bin/sh`` or the IO manager at any folder. Resources, the IO manager
  and the executor take an empty, strict config; only the loggers (log level) stay configurable.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

import dagster as dg

OWNER = "team:htx-data"


def _empty() -> dg.Shape:
    return dg.Shape({})  # strict and empty: any key in run config is a validation error


def locked(value: Any, description: str | None = None) -> dg.ResourceDefinition:
    """A resource exactly as built in code, that run config cannot change.

    Like ``ResourceDefinition.hardcoded_resource``, whose config schema accepts (and ignores) anything:
    here any config is refused, so a tampered launch fails loudly. Pythonic resources keep their lifecycle
    (``yield_for_execution``); their fields must be plain values (an ``EnvVar`` would not be resolved).
    """
    io_manager = isinstance(value, (dg.IOManager, dg.ConfigurableIOManagerFactory))
    definition = dg.IOManagerDefinition if io_manager else dg.ResourceDefinition
    if isinstance(value, dg.ResourceDefinition):
        raise dg.DagsterInvalidDefinitionError("locked() takes the resource object, not a definition")
    if isinstance(value, (dg.ConfigurableResource, dg.ConfigurableIOManagerFactory)):
        if any(isinstance(v, dg.EnvVar) for v in dict(value).values()):
            raise dg.DagsterInvalidDefinitionError(f"{type(value).__name__}: read environment variables in code")
        return definition(resource_fn=_lifecycle(value), config_schema=_empty(), description=description)
    return definition(resource_fn=lambda _: value, config_schema=_empty(), description=description)


def locked_factory(factory, description: str | None = None) -> dg.ResourceDefinition:
    """A resource built by ``factory()`` when a run starts (e.g. from the process environment), that run config
    cannot change either."""
    return dg.ResourceDefinition(resource_fn=lambda _: factory(), config_schema=_empty(), description=description)


def _lifecycle(value):
    def resource_fn(context: dg.InitResourceContext):
        with value.yield_for_execution(context) as resource:
            yield resource

    return resource_fn


def is_locked(resource: Any) -> bool:
    """True when run config can set nothing on this resource (its config is the empty strict shape)."""
    if not isinstance(resource, dg.ResourceDefinition):  # a Pythonic resource or a bare object: configurable
        return False
    config_type = resource.config_schema.as_field().config_type
    return config_type.kind.name == "STRICT_SHAPE" and not config_type.fields


# The in-process executor, with its config fixed: `retries` enabled (the default), and neither the deprecated
# `marker_to_close` path nor `step_dependency_config` (which could let a step run after its upstream failed).
LOCKED_EXECUTOR = dg.in_process_executor.configured(lambda _: {}, name="in_process", config_schema=_empty())

# Dagster's default IO manager (pickles under the instance's storage folder), without its `base_dir` option.
LOCKED_IO_MANAGER = locked(dg.FilesystemIOManager(), description="Files under $DAGSTER_HOME/storage (fixed).")


def _check_locked(resources: Mapping[str, Any]) -> None:
    open_ = sorted(key for key, resource in resources.items() if not is_locked(resource))
    if open_:
        raise dg.DagsterInvalidDefinitionError(
            f"resources {open_} can be reconfigured from run config (the UI's launchpad): "
            "wrap them in orchestration.policy.locked(...)"
        )


def apply_policy(defs: dg.Definitions) -> dg.Definitions:
    # map_asset_specs is marked "preview" in Dagster 1.13; it is the documented way to apply policy once.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dg.PreviewWarning)
        with_owner = defs.map_asset_specs(func=lambda spec: spec.replace_attributes(owners=spec.owners or [OWNER]))
    resources = defs.resources or {}
    _check_locked(resources)
    extra = {} if "io_manager" in resources else {"io_manager": LOCKED_IO_MANAGER}
    return dg.Definitions.merge(with_owner, dg.Definitions(executor=LOCKED_EXECUTOR, resources=extra))
