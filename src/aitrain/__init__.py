"""aitrain: a hands-on Jupyter curriculum on AI for public services."""

__version__ = "0.1.0"
