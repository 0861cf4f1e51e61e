"""The ``coprod`` command line (Typer): one module per area."""
