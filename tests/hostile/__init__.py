"""Hostile inputs and faults (issue 10): crafted files, runaway queries, foreign requests, kills."""
