"""Taxonomy tags of content (themes, counties, target groups, languages…).

Each tagged model has its own tag table (a TagRow model: owner id, vocabulary, slug), so that
lists can filter and count by tags in plain SQL on SQLite and PostgreSQL alike:
AND across vocabularies, OR within one.
"""
from sqlalchemy import String, event, func, inspect, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from app import taxonomy
from app.db import utcnow


class TagRowMixin:
    """Columns of a tag table; the model adds its owner's foreign key as part of the key."""

    vocabulary: Mapped[str] = mapped_column(String(32), primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), primary_key=True)


class TaggedMixin:
    """For a model with `tags` (a list of its TagRow objects) and TAG_MODEL set to that class."""

    TAG_MODEL = None

    # The vocabularies most models are tagged with, by the names the templates and services use.
    @property
    def themes(self) -> list[str]:
        return self.tag_slugs("thematic_areas")

    @property
    def target_groups(self) -> list[str]:
        return self.tag_slugs("target_groups")

    @property
    def counties(self) -> list[str]:
        return self.tag_slugs("counties")

    @property
    def languages(self) -> list[str]:
        return self.tag_slugs("languages")

    def tag_slugs(self, vocabulary: str) -> list[str]:
        """Slugs of one vocabulary, in the taxonomy's order."""
        mine = {tag.slug for tag in self.tags if tag.vocabulary == vocabulary}
        return [slug for slug in taxonomy.slugs(vocabulary) if slug in mine]

    def set_tags(self, vocabulary: str, slugs) -> None:
        """Replace the tags of one vocabulary; unknown slugs are dropped."""
        wanted = [s for s in dict.fromkeys(slugs or []) if taxonomy.is_valid(vocabulary, s)]
        keep = [t for t in self.tags if t.vocabulary != vocabulary or t.slug in wanted]
        present = {t.slug for t in keep if t.vocabulary == vocabulary}
        self.tags[:] = keep + [self.TAG_MODEL(vocabulary=vocabulary, slug=s) for s in wanted if s not in present]


@event.listens_for(Session, "before_flush")
def _touch_owners_of_changed_tags(session, flush_context, instances):
    """An owner whose tags changed counts as updated: tag rows have no updated_at of their own,
    and the data versions of kept values (app/kept.py) read the owners' latest updated_at."""
    for obj in session.dirty:
        if isinstance(obj, TaggedMixin) and inspect(obj).attrs.tags.history.has_changes():
            obj.updated_at = utcnow()


def valid_slugs(vocabulary: str, values) -> list[str]:
    """The known slugs among values (e.g. from a hand-made URL); the rest is ignored."""
    return [v for v in dict.fromkeys(values or []) if taxonomy.is_valid(vocabulary, v)]


def filter_by_tags(statement, tag_model, owner_column, owner_key, filters: dict):
    """Restrict statement to owners having, for every vocabulary in filters, one of its slugs.

    owner_column is the tag table's owner foreign key; owner_key the owner's primary key.
    """
    for vocabulary, slugs in filters.items():
        if not slugs:
            continue
        matching = select(owner_column).where(tag_model.vocabulary == vocabulary, tag_model.slug.in_(slugs))
        statement = statement.where(owner_key.in_(matching))
    return statement


def count_by_tag(owner_ids_subquery, tag_model, owner_column, vocabularies) -> dict:
    """{vocabulary: {slug: number of owners}} among the owners selected by the subquery."""
    rows = select(tag_model.vocabulary, tag_model.slug, func.count(func.distinct(owner_column))).where(
        owner_column.in_(owner_ids_subquery), tag_model.vocabulary.in_(vocabularies)
    ).group_by(tag_model.vocabulary, tag_model.slug)
    from app.extensions import db

    counts = {v: {} for v in vocabularies}
    for vocabulary, slug, number in db.session.execute(rows):
        counts[vocabulary][slug] = number
    return counts
