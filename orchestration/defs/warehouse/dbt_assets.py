"""The dbt project builds staging → intermediate → marts into the *build* DuckDB file."""

import contextlib
import json
import os
import shutil
import sys
from pathlib import Path

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from orchestration import progress
from orchestration.run_health import claim_run, writer_lock_or_retry
from sources.core.failpoints import failpoint
from sources.core.home import HtxHome
from sources.core.reference import REFERENCE_DIR
from sources.gate.suites import RULES_FILE, dbt_vars
from sources.landing.ingest import export_registry
from sources.warehouse.build_inputs import fingerprint, recipe_fingerprint
from sources.warehouse.snapshot import publication

DBT_DIR = Path(__file__).resolve().parents[3] / "dbt_project"
DBT_EXECUTABLE = Path(sys.executable).parent / "dbt"
# The dbt installed beside this Python, also for dagster-dbt's preparer (which looks dbt up on PATH): running
# `.venv/bin/htx` without activating the environment must still find it.
if str(DBT_EXECUTABLE.parent) not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = os.pathsep.join([str(DBT_EXECUTABLE.parent), os.environ.get("PATH", "")])


def dbt_env(home: HtxHome) -> dict[str, str]:
    return {"HTX_BUILD_DB": str(home.build_db), "HTX_LANDING_DIR": str(home.landing)}


def dbt_vars_json() -> str:
    """Thresholds from sources/gate/validation_rules.yml for the models that apply them (peer outliers)."""
    return json.dumps(dbt_vars())


# dagster-dbt's preparer runs `dbt parse` (guarded against two processes writing the manifest at once).
dbt_project = DbtProject(
    project_dir=DBT_DIR, profiles_dir=DBT_DIR, prepare_project_cli_args=["parse", "--quiet", "--vars", dbt_vars_json()]
)
dbt_project.prepare_if_dev()  # `dagster dev` re-parses on every load


def ensure_manifest() -> Path:
    """Outside `dagster dev` the preparer expects a manifest built beforehand: `htx` runs from a fresh clone, so
    prepare whenever the manifest is missing or older than a model, a seed or the rules file."""
    manifest = dbt_project.manifest_path
    inputs = [DBT_DIR / "dbt_project.yml", RULES_FILE, *REFERENCE_DIR.glob("*.csv")]  # the seeds
    for folder in ("models", "macros", "tests"):  # never target/: it holds a copy of the project per run
        inputs += [p for p in (DBT_DIR / folder).rglob("*") if p.suffix in {".sql", ".yml"}]
    newest = max(p.stat().st_mtime for p in inputs)
    if not manifest.exists() or manifest.stat().st_mtime < newest:
        dbt_project.preparer.prepare(dbt_project)
    return manifest


class LayerGroups(DagsterDbtTranslator):
    """Group the graph by layer (reference → staging → intermediate → marts), so the path reads left to right."""

    def get_group_name(self, dbt_resource_props) -> str:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        if dbt_resource_props["resource_type"] == "source":
            return "gate"
        return dbt_resource_props["fqn"][1]


STEP = "dbt: mô hình và kiểm thử / models and tests"


def dbt_log_path(home: HtxHome, run_id: str) -> Path:
    return home.root / "logs" / f"dbt-{run_id[:8]}.log"


def _quietly(invocation, log: Path):
    """dagster-dbt prints every dbt line to stdout; they go to ``log`` instead, and the person who started the
    run sees one progress step (nodes done out of the manifest's models, seeds, snapshots and tests)."""
    report = progress.current()
    manifest = json.loads(dbt_project.manifest_path.read_text())
    total = sum(n["resource_type"] in ("model", "seed", "test", "snapshot") for n in manifest["nodes"].values())
    report.step(STEP, total=total)
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as sink:
        events = invocation.stream()
        while True:
            with contextlib.redirect_stdout(sink):  # only while dbt's events are read, not while Dagster runs
                event = next(events, None)
            if event is None:
                break
            if isinstance(event, dg.Output | dg.AssetCheckResult | dg.AssetObservation | dg.AssetMaterialization):
                report.advance(STEP)
            yield event
    report.finish(STEP, f"log: {log}")


def _unit_tests_if_needed(home: HtxHome, recipe: str) -> list[str]:
    """dbt's unit tests check the models' logic on fixed rows, not the data: when the models, tests, seeds and
    rules are exactly those of the published build, they passed on this code already and are left out."""
    published = publication(home) if home.published_db.exists() else None
    return ["--exclude-resource-type", "unit_test"] if published and published.get("recipe") == recipe else []


def _target_path(home: HtxHome, run_id: str) -> Path:
    """dbt's artifacts for this run under $HTX_HOME (not in the code's folder, where dagster-dbt would keep a copy
    per run forever). The previous run's are removed, except its partial-parse file: the profile names this
    home's build file, so only a parse made for this home lets dbt skip re-parsing the project (dbt checks the
    file against the project, profile, vars and its version, and parses again when anything differs)."""
    runs, target = home.build_dir / "dbt", home.build_dir / "dbt" / run_id[:8]
    target.mkdir(parents=True, exist_ok=True)
    previous = sorted(runs.glob("*/partial_parse.msgpack"), key=lambda p: p.stat().st_mtime)
    if previous and previous[-1].parent != target:
        shutil.copy2(previous[-1], target / "partial_parse.msgpack")
    for old in runs.iterdir():
        if old != target:
            shutil.rmtree(old, ignore_errors=True)
    return target


@dbt_assets(manifest=ensure_manifest(), project=dbt_project, dagster_dbt_translator=LayerGroups())
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, home: dg.ResourceParam[HtxHome]):
    """Build a fresh warehouse from the landed Parquet; dbt tests run as blocking asset checks."""
    claim_run(context)
    with writer_lock_or_retry(context, home):
        export_registry(home)  # so a build right after a bare `htx ingest` (or none) sees the registry
        home.build_db.unlink(missing_ok=True)  # every build starts clean: the published file is untouched
        home.build_dir.mkdir(parents=True, exist_ok=True)
        built_from = {"inputs": fingerprint(home), "recipe": recipe_fingerprint()}
        (home.build_dir / "inputs.json").write_text(json.dumps(built_from))  # what this build is made of
        os.environ.update(dbt_env(home))
        invocation = dbt.cli(
            [
                "build",
                "--vars",
                dbt_vars_json(),
                "--log-level-file",
                "none",
                *_unit_tests_if_needed(home, built_from["recipe"]),
            ],
            context=context,
            raise_on_error=False,
            target_path=_target_path(home, context.run.run_id),
        )
        yield from _quietly(invocation, dbt_log_path(home, context.run.run_id))
        failpoint("build.after_dbt")
        # Kept for the publish step, which refuses to run unless every node passed.
        (home.build_dir / "run_results.json").write_text(json.dumps(invocation.get_artifact("run_results.json")))
    if not invocation.is_successful():
        raise dg.Failure("dbt build failed: the published warehouse was left unchanged")
