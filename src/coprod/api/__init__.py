"""The HTTP API (FastAPI routers and schemas); ``coprod.app.create_app`` serves it beside the
pages."""
