"""The Dagster UI, behind a guard against cross-site requests and DNS rebinding.

    python -m orchestration.ui_server --host 127.0.0.1 --port 3000

Dagster's webserver (1.13) checks neither the Host nor the Origin header, and runs GraphQL mutations sent
over GET: any web page the operator opens could launch runs or wipe assets on a UI at 127.0.0.1. This module
serves Dagster's own Starlette app (the one ``dagster-webserver`` builds) wrapped in ``RequestGuard``:

- the Host header must name this server (loopback names or the served host, with the port): otherwise 421;
- a state-changing request (any method but GET/HEAD/OPTIONS) or a WebSocket whose Origin is not this server
  is refused (403); requests without an Origin (curl, scripts on this machine) pass;
- GraphQL over GET runs only when every operation of the document is a ``query`` (405 otherwise, 400 when
  the document cannot be parsed).
"""

from __future__ import annotations

import argparse
import signal
from collections.abc import Iterable

from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse
from starlette.datastructures import Headers, QueryParams
from starlette.responses import PlainTextResponse

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
WILDCARD_HOSTS = {"", "0.0.0.0", "::", "[::]"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

WRONG_HOST = (
    "Từ chối: máy chủ này không phục vụ tên miền đó (Host).\nRefused: this server does not answer to that host name.\n"
)
FOREIGN_ORIGIN = (
    "Từ chối: yêu cầu thay đổi dữ liệu đến từ một trang web khác (Origin).\n"
    "Refused: a state-changing request from another web site.\n"
)
GET_MUTATION = (
    "Từ chối: qua GET chỉ được đọc (query GraphQL); hãy dùng POST từ giao diện Dagster.\n"
    "Refused: only GraphQL queries over GET; send mutations with POST from the Dagster UI.\n"
)
UNPARSABLE = (
    "Từ chối: không đọc được truy vấn GraphQL gửi qua GET.\n"
    "Refused: the GraphQL document sent over GET cannot be parsed.\n"
)


def served_hosts(host: str, port: int, extra_names: Iterable[str] = ()) -> frozenset[str]:
    """The Host header values browsers send for this server: ``name:port`` for each name it answers to."""
    names = {*LOOPBACK_NAMES, *extra_names}
    if host not in WILDCARD_HOSTS:  # a wildcard bind has no name of its own: pass the names in extra_names
        names.add(host)
    names = {f"[{n}]" if ":" in n and not n.startswith("[") else n for n in names}  # IPv6 literals
    hosts = {f"{n}:{port}" for n in names}
    if port == 80:  # browsers leave the default port out
        hosts |= names
    return frozenset(h.lower() for h in hosts)


def graphql_operations(documents: list[str]) -> set[OperationType] | None:
    """The kinds of operation (query, mutation, subscription) in the documents; None when one cannot be parsed."""
    try:
        parsed = [parse(document) for document in documents]
    except GraphQLError:
        return None
    return {d.operation for doc in parsed for d in doc.definitions if isinstance(d, OperationDefinitionNode)}


class RequestGuard:
    """ASGI middleware: refuses foreign Host names, foreign-Origin writes and GraphQL mutations over GET."""

    def __init__(self, app, host: str, port: int, extra_names: Iterable[str] = ()):
        self.app = app
        self.hosts = served_hosts(host, port, extra_names)
        self.origins = frozenset(f"http://{h}" for h in self.hosts)

    def refusal(self, scope) -> tuple[int, str] | None:
        headers = Headers(scope=scope)
        hosts = headers.getlist("host")
        if len(hosts) != 1 or hosts[0].lower() not in self.hosts:
            return 421, WRONG_HOST
        if scope["type"] == "websocket" or scope["method"] not in SAFE_METHODS:
            origins = headers.getlist("origin")
            if len(origins) > 1 or (origins and origins[0].lower() not in self.origins):
                return 403, FOREIGN_ORIGIN
            # Belt and braces for browsers that leave Origin out: they still say where the request came from.
            if headers.get("sec-fetch-site", "same-origin") not in {"same-origin", "none"}:
                return 403, FOREIGN_ORIGIN
        elif scope["path"].rstrip("/") == "/graphql":
            # Parsed exactly as Dagster parses them (Starlette's QueryParams), every `query` value checked.
            documents = QueryParams(scope["query_string"]).getlist("query")
            if documents:
                operations = graphql_operations(documents)
                if operations is None:
                    return 400, UNPARSABLE
                if operations != {OperationType.QUERY}:
                    return 405, GET_MUTATION
        return None

    async def __call__(self, scope, receive, send):
        refused = self.refusal(scope) if scope["type"] in {"http", "websocket"} else None
        if refused is None:
            await self.app(scope, receive, send)
            return
        status, text = refused
        headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
        response = PlainTextResponse(text, status, {**headers, "Allow": "POST"} if status == 405 else headers)
        if scope["type"] == "websocket" and "websocket.http.response" not in scope.get("extensions", {}):
            await send({"type": "websocket.close", "code": 1008})  # before accept: the server answers 403
            return
        await response(scope, receive, send)  # Starlette sends it as a WebSocket denial response if needed


def serve(
    host: str,
    port: int,
    module: str = "orchestration.definitions",
    extra_names: Iterable[str] = (),
    log_level: str = "warning",
) -> None:
    """Serve the Dagster UI for ``module`` on host:port, guarded; blocks until stopped.

    Built the way ``dagster-webserver`` builds it (same instance, workspace and app factory), so the UI is
    Dagster's own; only the guard is added in front. Needs DAGSTER_HOME (``htx`` sets it).
    """
    import uvicorn
    from dagster import DagsterInstance
    from dagster._cli.workspace.cli_target import workspace_opts_to_load_target
    from dagster._core.workspace.context import WorkspaceProcessContext
    from dagster_shared.cli import WorkspaceOpts
    from dagster_webserver import cli as webserver_cli
    from dagster_webserver.app import create_app_from_workspace_process_context
    from dagster_webserver.version import __version__

    with DagsterInstance.get() as instance:
        instance.optimize_for_webserver(
            webserver_cli.DEFAULT_DB_STATEMENT_TIMEOUT,
            webserver_cli.DEFAULT_POOL_RECYCLE,
            webserver_cli.DEFAULT_POOL_MAX_OVERFLOW,
        )
        target = workspace_opts_to_load_target(WorkspaceOpts(module_name=(module,)))
        with WorkspaceProcessContext(instance, target, version=__version__) as context:
            app = create_app_from_workspace_process_context(context)
            # lifespan off: Dagster's app has no startup work, and Ctrl-C then stops without a traceback.
            uvicorn.run(
                RequestGuard(app, host, port, extra_names), host=host, port=port, log_level=log_level, lifespan="off"
            )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Dagster UI behind a Host/Origin guard (htx ui).")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=3000)
    parser.add_argument("--module", default="orchestration.definitions", help="Dagster code location module")
    parser.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="NAME",
        help="another name browsers reach this server by (repeatable), e.g. a LAN host name",
    )
    args = parser.parse_args(argv)
    # Started with `&` from a script, SIGINT arrives ignored and Dagster's code server (which maps SIGTERM onto
    # SIGINT) would inherit that and outlive a group kill: restore it, so children start with the default.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    serve(args.host, args.port, args.module, args.allow_host)


if __name__ == "__main__":
    main()
