"""The planner: scenario → model → HiGHS → plan (docs/planner.md); it knows nothing of the store."""
