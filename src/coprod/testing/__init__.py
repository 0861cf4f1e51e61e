"""Helpers the test suite and the developer scripts share; nothing here runs in production."""
