from pathlib import Path

from dagster import definitions, load_from_defs_folder

from orchestration.policy import apply_policy


@definitions
def defs():
    return apply_policy(load_from_defs_folder(path_within_project=Path(__file__).parent))
