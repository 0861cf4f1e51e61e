"""The domain: entities, value objects, enums and the rules of the mechanism.

Pure Python: nothing here imports SQLAlchemy, FastAPI, spaCy, highspy or another coprod layer.
"""
