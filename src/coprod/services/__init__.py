"""Use cases: what the API, the pages and the CLI call (see docs/architecture.md)."""
