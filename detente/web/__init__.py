"""The web app: read-only JSON API and dashboard over a store (`detente serve`)."""
from .app import create_app

__all__ = ["create_app"]
