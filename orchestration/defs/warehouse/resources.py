"""Resources of the warehouse area: the dbt CLI, pointed at the project beside the code.

Locked (``orchestration.policy.locked``): a run's config cannot swap the dbt executable, project, profiles or
target, which would turn "Materialize" in the Dagster UI into running any command.
"""

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.defs.warehouse.dbt_assets import DBT_EXECUTABLE, dbt_project
from orchestration.policy import locked

defs = dg.Definitions(
    resources={
        "dbt": locked(
            DbtCliResource(project_dir=dbt_project, dbt_executable=str(DBT_EXECUTABLE)),
            description="dbt CLI on dbt_project/ (fixed in code)",
        )
    },
)
