"""Storage in DuckDB: the only package that writes SQL."""
from .store import Store

__all__ = ["Store"]
