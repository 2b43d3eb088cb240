"""Resources of the warehouse area: the dbt CLI, pointed at the project beside the code."""

import dagster as dg
from dagster_dbt import DbtCliResource

from orchestration.defs.warehouse.dbt_assets import DBT_EXECUTABLE, dbt_project

defs = dg.Definitions(
    resources={"dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=str(DBT_EXECUTABLE))},
)
