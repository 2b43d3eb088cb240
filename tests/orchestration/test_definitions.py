"""The Dagster code location: it loads, and the tables the explorer and analysts use keep their names.

`asset_specs.txt` is a snapshot of every asset (key, group, owners, upstream assets), each job's assets, every
check (blocking or not), schedule and sensor:
a rename, a regrouping or a new dependency shows up as a diff here. After an intended change, rewrite it with
`.venv/bin/python -m tests.orchestration.test_definitions`.
"""

import sys
from pathlib import Path

import pytest

SNAPSHOT = Path(__file__).with_name("asset_specs.txt")


def _specs(repository) -> str:
    graph, lines = repository.asset_graph, []
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        parents = ",".join(sorted(p.to_user_string() for p in node.parent_keys)) or "-"
        lines.append(f"{key.to_user_string()}  group={node.group_name}  owners={','.join(node.owners)}  deps={parents}")
    for job in sorted(n for n in repository.job_names if not n.startswith("__")):
        assets = sorted(k.to_user_string() for k in repository.get_job(job).asset_layer.executable_asset_keys)
        lines.append(f"job {job}: {' '.join(assets)}")
    for check in sorted(graph.asset_check_keys, key=lambda c: (c.asset_key.to_user_string(), c.name)):
        lines.append(
            f"check {check.asset_key.to_user_string()}:{check.name}  blocking={graph.get_check_spec(check).blocking}"
        )
    for schedule in sorted(repository.schedule_defs, key=lambda s: s.name):
        lines.append(
            f"schedule {schedule.name}: {schedule.cron_schedule} {schedule.execution_timezone} -> {schedule.job_name}"
        )
    for sensor in sorted(repository.sensor_defs, key=lambda s: s.name):
        target = sensor.job_name if sensor.sensor_type.value == "STANDARD" else None  # run-status: every run
        lines.append(f"sensor {sensor.name}: {sensor.sensor_type.value} -> {target or 'any run'}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def repository():
    from orchestration.definitions import defs

    return (defs() if callable(defs) else defs).get_repository_def()


def test_asset_specs_and_jobs_match_the_snapshot(repository):
    """Renaming a table breaks the explorer and analysts' SQL: update asset_specs.txt only on purpose."""
    assert _specs(repository).splitlines() == SNAPSHOT.read_text().splitlines()


def test_every_asset_has_an_owner_and_a_group(repository):
    graph = repository.asset_graph
    for key in graph.get_all_asset_keys():
        assert graph.get(key).owners and graph.get(key).group_name != "default", key


def test_jobs_behind_htx_run_and_htx_build(repository):
    assert {"htx_run", "htx_build"} <= set(repository.job_names)
    build_steps = {k.to_user_string() for k in repository.get_job("htx_build").asset_layer.executable_asset_keys}
    assert "published/warehouse" in build_steps and "marts/fct_indicator_values" in build_steps
    assert "landing/submissions" not in build_steps  # `htx build` publishes what was ingested; it ingests nothing
    # ... but re-checks what landed with the gate's suites, which also renews the GX Data Docs.
    build_checks = {c.name for c in repository.get_job("htx_build").asset_layer.asset_graph.asset_check_keys}
    assert "landed_values_pass_gate" in build_checks


def test_gate_check_is_blocking_and_dbt_tests_are_checks(repository):
    checks = {c for c in repository.asset_graph.asset_check_keys}
    gate = [c for c in checks if c.name == "landed_values_pass_gate"]
    assert gate and repository.asset_graph.get_check_spec(gate[0]).blocking
    dbt_checks = {c.name for c in checks if c.asset_key.path[0] == "marts"}
    assert "unique_dim_province_province_key" in dbt_checks
    # Quarantines and warnings are reported on the gate's problems table, as warnings, never blocking.
    for name in ("quarantined_files_are_explained", "accepted_values_warnings"):
        spec = next(repository.asset_graph.get_check_spec(c) for c in checks if c.name == name)
        assert spec.asset_key.to_user_string() == "landing/problems" and not spec.blocking
    # Each staged table shows its own suite's failures.
    for table in ("indicator_values", "cooperatives", "ocop_products"):
        spec = next(repository.asset_graph.get_check_spec(c) for c in checks if c.name == f"{table}_rules")
        assert spec.asset_key.to_user_string() == f"landing/{table}" and not spec.blocking


def test_every_asset_has_an_owner(repository):
    specs = repository.asset_graph.get_all_asset_keys()
    assert all(repository.asset_graph.get(k).owners for k in specs)


def test_every_asset_outside_dbt_has_a_check(repository):
    """Ingest, landing tables and the published snapshot all show checks in the UI (dbt models get their tests)."""
    checked = {c.asset_key.to_user_string() for c in repository.asset_graph.asset_check_keys}
    own = {
        "landing/submissions",
        "landing/indicator_values",
        "landing/cooperatives",
        "landing/ocop_products",
        "landing/problems",
        "published/warehouse",
    }
    assert own <= checked


def test_the_graph_reads_gate_then_layers_then_publish(repository):
    """The UI's groups follow the data path: the GX gate's landed tables, dbt's layers, the published file."""
    graph = repository.asset_graph
    group = {k.to_user_string(): graph.get(k).group_name for k in graph.get_all_asset_keys()}
    assert {group[k] for k in group if k.startswith("landing/")} == {"gate"}
    assert group["staging/stg_landing__indicator_values"] == "staging"
    assert group["intermediate/int_indicator_values__new34"] == "intermediate"
    assert group["marts/fct_quality_issues"] == "marts" and group["reference/indicators"] == "reference"
    assert group["published/warehouse"] == "publish"


if __name__ == "__main__" and sys.argv[1:] == []:
    from orchestration.definitions import defs

    SNAPSHOT.write_text(_specs((defs() if callable(defs) else defs).get_repository_def()))
    print(f"wrote {SNAPSHOT}")
