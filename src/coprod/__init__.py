"""coprod: the working platform of the Ukraine–partners joint defence-production mechanism."""

__version__ = "0.1.0"
