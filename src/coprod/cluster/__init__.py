"""Work spread over a Dask cluster: batch extraction and plan risk sweeps (``docs/scale.md``).

Imported only when ``--scheduler`` or ``--workers`` asks for a cluster: the default path of
every command never imports Dask. Workers compute; the client keeps the store and the order.
"""
