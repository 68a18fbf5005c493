"""Knowledge-base models, one module per topic, re-exported here."""

from .home import HomePage
from .search import SynonymGroup

__all__ = ["HomePage", "SynonymGroup"]
