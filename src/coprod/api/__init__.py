"""The HTTP API (FastAPI): ``create_app(settings)`` in ``coprod.api.app``."""
