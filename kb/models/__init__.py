"""Knowledge-base models, one module per topic, re-exported here."""

from .home import HomePage

__all__ = ["HomePage"]
