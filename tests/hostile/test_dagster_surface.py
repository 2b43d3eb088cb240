"""The Dagster deployment cannot be turned into a shell.

(a) Run config (the UI's launchpad, its GraphQL API) cannot change executables, paths or profiles, for every
job including the implicit asset job behind the UI's "Materialize" buttons; the CLI's logger config still works.
(b) The guarded webserver (``python -m orchestration.ui_server``, what `htx ui` starts) refuses foreign Host
names, foreign-Origin writes and GraphQL mutations over GET, and the UI's own requests still work.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import dagster as dg
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from orchestration.policy import apply_policy, is_locked, locked
from sources.core.home import HtxHome

REPO = Path(__file__).resolve().parents[2]
RUNNER_CONFIG = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}  # orchestration/runner.py
HOSTILE = {
    "dbt_executable": {"resources": {"dbt": {"config": {"dbt_executable": "/bin/sh"}}}},
    "project_dir": {"resources": {"dbt": {"config": {"project_dir": "/tmp"}}}},
    "profiles_dir": {"resources": {"dbt": {"config": {"profiles_dir": "/tmp"}}}},
    "dbt_target_and_flags": {"resources": {"dbt": {"config": {"target": "x", "global_config_flags": ["--debug"]}}}},
    "dbt_state_path": {"resources": {"dbt": {"config": {"state_path": "/tmp"}}}},
    "io_manager_base_dir": {"resources": {"io_manager": {"config": {"base_dir": "/tmp/elsewhere"}}}},
    "executor_marker_path": {"execution": {"config": {"marker_to_close": "/tmp/marker"}}},
    "executor_skips_failed_upstream": {
        "execution": {"config": {"step_dependency_config": {"require_upstream_step_success": False}}}
    },
    "dbt_model_op_config": {"ops": {"warehouse_models": {"config": {"project_dir": "/tmp"}}}},
}


# ---------------------------------------------------------------- (a) run config ------------------------------


@pytest.fixture(scope="module")
def repository():
    from orchestration.definitions import defs

    return (defs() if callable(defs) else defs).get_repository_def()


def test_every_job_is_checked_including_the_implicit_asset_job(repository):
    assert {"__ASSET_JOB", "htx_run", "htx_build"} <= set(repository.job_names)


@pytest.mark.parametrize("attack", sorted(HOSTILE))
def test_run_config_cannot_change_executables_or_paths(repository, attack):
    for name in repository.job_names:
        with pytest.raises(dg.DagsterInvalidConfigError):
            dg.validate_run_config(repository.get_job(name), HOSTILE[attack])


def test_the_runners_logger_config_stays_valid(repository):
    for name in repository.job_names:
        assert dg.validate_run_config(repository.get_job(name), RUNNER_CONFIG)["loggers"]["console"]


def test_every_resource_of_every_job_is_locked(repository):
    for name in repository.job_names:
        job = repository.get_job(name)
        assert job.resource_defs and all(is_locked(r) for r in job.resource_defs.values()), name


def test_execute_in_process_refuses_a_shell_as_dbt(repository):
    """The CLI's own path (runner.py) validates before any step: nothing starts."""
    with dg.DagsterInstance.ephemeral() as instance:
        with pytest.raises(dg.DagsterInvalidConfigError):
            repository.get_job("htx_build").execute_in_process(run_config=HOSTILE["dbt_executable"], instance=instance)
        assert not instance.get_runs()


class Tool(dg.ConfigurableResource):
    path: str


def test_policy_refuses_a_resource_left_configurable():
    with pytest.raises(dg.DagsterInvalidDefinitionError, match="locked"):
        apply_policy(dg.Definitions(resources={"tool": Tool(path="/usr/bin/true")}))
    with pytest.raises(dg.DagsterInvalidDefinitionError):
        locked(Tool(path=dg.EnvVar("TOOL_PATH")))  # would reach the asset unresolved


def test_a_locked_resource_is_the_one_built_in_code():
    @dg.asset
    def uses_tool(tool: Tool) -> str:
        return tool.path

    job = apply_policy(
        dg.Definitions(assets=[uses_tool], resources={"tool": locked(Tool(path="/usr/bin/true"))})
    ).resolve_implicit_global_asset_job_def()
    with dg.DagsterInstance.ephemeral() as instance:
        assert job.execute_in_process(instance=instance).output_for_node("uses_tool") == "/usr/bin/true"
        with pytest.raises(dg.DagsterInvalidConfigError):
            job.execute_in_process(
                run_config={"resources": {"tool": {"config": {"path": "/bin/sh"}}}}, instance=instance
            )


# ---------------------------------------------------------------- (b) the webserver ----------------------------

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def http(url: str, method: str = "GET", body: dict | None = None, **headers: str) -> tuple[int, str]:
    data = json.dumps(body).encode() if body is not None else None
    if data is not None:
        headers.setdefault("Content-Type", "application/json")
    request = urllib.request.Request(
        url, data=data, method=method, headers={k.replace("_", "-"): v for k, v in headers.items()}
    )
    try:
        with _NO_PROXY.open(request, timeout=60) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def ui(tmp_path_factory):
    """The guarded UI on a free port against a fresh HTX_HOME, *with the Dagster daemon running* (as `htx ui`
    starts it): every hardening test below holds while runs launched from the UI really run."""
    from orchestration.runner import prepare_environment

    home = HtxHome(tmp_path_factory.mktemp("ui") / "htx_home").ensure()
    saved = {k: os.environ.get(k) for k in ("HTX_HOME", "DAGSTER_HOME")}
    prepare_environment(home)  # writes the instance settings `htx ui` uses (one run at a time)
    for key, value in saved.items():  # ...without leaving this process pointed at the test's home
        os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "HTX_HOME": str(home.root), "DAGSTER_HOME": str(home.dagster_home), "PYTHONPATH": str(REPO)}
    log = (home.root / "ui.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "orchestration.ui_server", "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    daemon_log = (home.root / "daemon.log").open("w")
    daemon = subprocess.Popen(
        [str(Path(sys.executable).parent / "dagster-daemon"), "run", "-m", "orchestration.definitions"],
        cwd=REPO,
        env=env,
        stdout=daemon_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, (home.root / "ui.log").read_text()[-3000:]
            try:
                if http(f"{base}/server_info")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the UI did not answer within 90 s"
            time.sleep(0.5)
        yield base, port, home
    finally:
        for running in (process, daemon):
            os.killpg(running.pid, signal.SIGTERM)
            try:
                running.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(running.pid, signal.SIGKILL)
                running.wait()
        log.close()
        daemon_log.close()


def graphql(base: str, query: str, variables: dict | None = None, **headers: str) -> tuple[int, str]:
    return http(f"{base}/graphql", "POST", {"query": query, "variables": variables or {}}, **headers)


def assert_refused(status: int, text: str, expected: int) -> None:
    assert status == expected, text
    vietnamese, english = text.splitlines()[:2]
    assert vietnamese.startswith("Từ chối") and english.startswith("Refused") and len(text) < 300


def test_graphql_mutation_over_get_is_refused(ui):
    base, _, _ = ui
    for document in (
        'mutation { terminateRun(runId: "x") { __typename } }',
        '{ version } mutation M { terminateRun(runId: "x") { __typename } }',
        'subscription { pipelineRunLogs(runId: "x") { __typename } }',
    ):
        assert_refused(*http(f"{base}/graphql?{urllib.parse.urlencode({'query': document})}"), 405)
    # Every `query` value counts, not only the one Dagster would pick.
    two = urllib.parse.urlencode(
        [("query", 'mutation { terminateRun(runId: "x") { __typename } }'), ("query", "{ version }")]
    )
    assert_refused(*http(f"{base}/graphql?{two}"), 405)
    assert_refused(*http(f"{base}/graphql?query=%7B%20version"), 400)  # unparsable
    status, text = http(f"{base}/graphql?query=%7Bversion%7D")  # read-only queries over GET still work
    assert status == 200 and json.loads(text)["data"]["version"] == dg.__version__


def test_state_changing_request_from_a_foreign_origin_is_refused(ui):
    base, port, _ = ui
    for origin in ("http://evil.example", "null", f"https://127.0.0.1:{port}", "http://127.0.0.1:8501"):
        assert_refused(*graphql(base, "{ version }", Origin=origin), 403)
    assert_refused(*graphql(base, "{ version }", Sec_Fetch_Site="cross-site"), 403)
    assert_refused(*http(f"{base}/report_asset_materialization/x", "POST", {}, Origin="http://evil.example"), 403)
    with pytest.raises(InvalidStatus) as refused:
        connect(
            f"ws://127.0.0.1:{port}/graphql",
            origin="http://evil.example",
            subprotocols=["graphql-ws"],
            proxy=None,
            open_timeout=30,
        )
    assert refused.value.response.status_code == 403


def test_foreign_host_is_refused_against_dns_rebinding(ui):
    base, port, _ = ui
    assert_refused(*http(f"{base}/", Host="evil.example"), 421)
    assert_refused(*http(f"{base}/server_info", Host=f"evil.example:{port}"), 421)
    # A rebound page is "same-origin" to the browser: its Origin matches its Host; the Host gives it away.
    assert_refused(
        *graphql(base, "{ version }", Host=f"evil.example:{port}", Origin=f"http://evil.example:{port}"), 421
    )


def test_the_ui_still_works_from_its_own_origin(ui):
    base, port, _ = ui
    status, page = http(f"{base}/", Accept="text/html")
    assert status == 200 and "<html" in page.lower()
    for headers in (
        {"Origin": base, "Sec_Fetch_Site": "same-origin"},
        {},
        {"Host": f"localhost:{port}", "Origin": f"http://localhost:{port}"},
    ):
        status, text = graphql(base, "{ version }", **headers)
        assert status == 200 and json.loads(text)["data"]["version"] == dg.__version__, text
    # The UI's live updates use a same-origin WebSocket (graphql-ws).
    with connect(
        f"ws://127.0.0.1:{port}/graphql", origin=base, subprotocols=["graphql-ws"], proxy=None, open_timeout=30
    ) as websocket:
        websocket.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(websocket.recv(timeout=30))["type"] == "connection_ack"


LAUNCH = """mutation Launch($params: ExecutionParams!) {
  %s(executionParams: $params) {
    __typename
    ... on RunConfigValidationInvalid { errors { message } }
    ... on LaunchRunSuccess { run { runId } }
    ... on PythonError { message }
  }
}"""


def test_same_origin_launch_with_a_shell_as_dbt_starts_nothing(ui):
    """The guard lets the UI's own launch through; Dagster's config validation then refuses it."""
    base, _, _ = ui
    status, text = graphql(base, "{ workspaceOrError { ... on Workspace { locationEntries { name } } } }")
    location = json.loads(text)["data"]["workspaceOrError"]["locationEntries"][0]["name"]
    dbt_model = [{"path": ["marts", "dim_province"]}]  # what "Materialize" on a dbt model sends
    for mutation, job, selection, attack in (
        ("launchRun", "__ASSET_JOB", dbt_model, "dbt_executable"),
        ("launchRun", "__ASSET_JOB", None, "project_dir"),
        ("launchPipelineExecution", "htx_build", None, "dbt_executable"),
        ("launchRun", "htx_run", None, "io_manager_base_dir"),
    ):
        selector = {"repositoryLocationName": location, "repositoryName": "__repository__", "jobName": job}
        params = {
            "selector": {**selector, **({"assetSelection": selection} if selection else {})},
            "runConfigData": HOSTILE[attack],
        }
        status, text = graphql(base, LAUNCH % mutation, {"params": params}, Origin=base)
        assert status == 200, text  # not refused by the guard: same origin
        result = json.loads(text)["data"][mutation]
        assert result["__typename"] == "RunConfigValidationInvalid", result
        assert "unexpected config entry" in result["errors"][0]["message"]
    status, text = graphql(base, "{ runsOrError { ... on Runs { results { runId } } } }")
    assert json.loads(text)["data"]["runsOrError"]["results"] == []  # no run was even created


RUN_STATUS = "query Status($runId: ID!) { runOrError(runId: $runId) { ... on Run { status } } }"


def test_a_launch_from_the_ui_is_queued_and_run_by_the_daemon(ui):
    """Runs launched from the UI are real now: the daemon dequeues the launch and the build publishes."""
    base, _, home = ui
    status, text = graphql(base, "{ workspaceOrError { ... on Workspace { locationEntries { name } } } }")
    location = json.loads(text)["data"]["workspaceOrError"]["locationEntries"][0]["name"]
    selector = {"repositoryLocationName": location, "repositoryName": "__repository__", "jobName": "htx_build"}
    status, text = graphql(base, LAUNCH % "launchRun", {"params": {"selector": selector}}, Origin=base)
    result = json.loads(text)["data"]["launchRun"]
    assert result["__typename"] == "LaunchRunSuccess", result
    run_id = result["run"]["runId"]
    deadline, state = time.monotonic() + 300, None
    while time.monotonic() < deadline:
        status, text = graphql(base, RUN_STATUS, {"runId": run_id})
        state = json.loads(text)["data"]["runOrError"]["status"]
        if state in ("SUCCESS", "FAILURE", "CANCELED"):
            break
        time.sleep(2)
    assert state == "SUCCESS", (home.root / "daemon.log").read_text()[-3000:]
    assert home.published_db.exists()
