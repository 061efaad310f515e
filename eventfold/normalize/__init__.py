"""Turn coded mentions into the normalized tables: events, actors, event_actors, relations."""

from eventfold.normalize.tables import build_tables

__all__ = ["build_tables"]
