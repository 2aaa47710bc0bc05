"""Values derived from the events' data, kept per process for one data version (app/kept.py).

data_version() covers what the feeds, lists and month grids depend on: any edit, addition or
deletion of an event, an exception or an organisation changes it. Nothing viewer-specific is
kept: only what is the same for every viewer of one scope (published and cancelled events, and
the drafts of the organisations the scope names).
"""
from app import kept
from app.directory.models import Organisation
from app.events.models import Event, OccurrenceOverride

VALUES = kept.KeptValues("events", size=128)  # upcoming lists, month grids and feeds of the filters asked for


def data_version() -> tuple:
    return kept.data_version(Event, OccurrenceOverride, Organisation)
