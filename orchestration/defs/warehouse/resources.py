"""Resources of the warehouse area: the dbt CLI, pointed at the project beside the code.

Locked (``orchestration.policy.locked``): a run's config cannot swap the dbt executable, project, profiles or
target, which would turn "Materialize" in the Dagster UI into running any command.
"""

from functools import cached_property
from importlib.metadata import version

import dagster as dg
from dagster_dbt import DbtCliResource
from packaging.version import Version

from orchestration.defs.warehouse.dbt_assets import DBT_EXECUTABLE, dbt_project
from orchestration.policy import locked


class WarehouseDbt(DbtCliResource):
    """dagster-dbt's CLI resource without two start-up steps that cost ~6 s of every build and serve nothing here:
    running `dbt --version` to learn the version (the executable is the dbt-core installed beside this Python,
    pinned in uv.lock), and opening a dbt adapter in this process (used only to fetch row counts and column
    metadata, which these assets do not ask for). Overrides dagster-dbt internals: the builds in the tests fail if
    an upgrade changes them."""

    @cached_property
    def _cli_version(self) -> Version:
        return Version(version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None


defs = dg.Definitions(
    resources={
        "dbt": locked(
            WarehouseDbt(project_dir=dbt_project, dbt_executable=str(DBT_EXECUTABLE)),
            description="dbt CLI on dbt_project/ (fixed in code)",
        )
    },
)
