"""Stage 3, deciding: the Great Expectations suites and the checks against history and lists."""
