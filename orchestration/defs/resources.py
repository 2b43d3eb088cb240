"""Resources every area uses: where the state lives.

`home` is $HTX_HOME as the process that runs the job sees it (the CLI, or the code server `htx ui` starts),
built when a run starts and locked like every resource (orchestration.policy).
"""

import dagster as dg

from orchestration.policy import locked_factory
from sources.core.home import HtxHome

defs = dg.Definitions(
    resources={"home": locked_factory(lambda: HtxHome.from_env().ensure(), description="$HTX_HOME (fixed in code)")}
)
