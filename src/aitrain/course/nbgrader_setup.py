"""Shim: a workspace's nbgrader_config.py written before aitrain 0.2 imports `configure` from here."""

from aitrain.base.nbgrader_stages import configure

__all__ = ["configure"]
