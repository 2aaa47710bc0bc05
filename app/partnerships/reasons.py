"""Reasons of a match in words, in the reader's language ("same county: Tarnów County").

Two perspectives: "post" reads a post's own match list (the candidate brings what the post
seeks); "organisation" reads an organisation's list of posts that fit it (the post seeks
what the organisation is).
"""
from functools import cache

from flask import g, has_app_context
from flask_babel import get_locale

from app import taxonomy
from app.i18n import gettext as _, lazy_gettext as _l, ngettext
from app.partnerships import matching


@cache
def _subregions_by_code() -> dict:
    return {item["code"]: item for item in taxonomy.items("subregions_nuts3")}


def _subregion_label(code: str) -> str:
    item = _subregions_by_code().get(code)
    return taxonomy.label_of(item) if item else code


def _labels(vocabulary: str, slugs) -> str:
    return ", ".join(taxonomy.label(vocabulary, slug) for slug in slugs)


def _sector(values, perspective):
    sector = _labels("sectors", values)
    if perspective == "organisation":
        return _("seeks your sector: %(sector)s", sector=sector)
    return _("brings the sector you seek: %(sector)s", sector=sector)


def _answers(values, perspective):
    subject_kind = values[0] if values else ""
    if subject_kind == "request":
        return _("an offer that answers your request")
    return _("a request that your offer answers")


def _seeks_yours(values, perspective):
    return _("seeks your sector: %(sector)s", sector=_labels("sectors", values))


def _languages(values, perspective):
    names = _labels("languages", values)
    return ngettext("works in %(names)s", "works in %(names)s", len(values), names=names)


TEXTS = {
    "sector_sought": _sector,
    "verified": lambda values, perspective: _("verified by the network secretariat"),
    "shared_themes": lambda values, perspective: _("shared themes: %(themes)s", themes=_labels("thematic_areas", values)),
    "shared_groups": lambda values, perspective: _(
        "shared target groups: %(groups)s", groups=_labels("target_groups", values)),
    "answers_request": _answers,
    "seeks_your_sector": _seeks_yours,
    "same_county": lambda values, perspective: ngettext(
        "same county: %(counties)s", "same counties: %(counties)s", len(values),
        counties=_labels("counties", values)),
    "same_subregion": lambda values, perspective: _(
        "same subregion: %(subregions)s", subregions=", ".join(_subregion_label(v) for v in values)),
    "whole_region": lambda values, perspective: _("works across the whole region"),
    "outside_region": lambda values, perspective: _("both cooperate beyond the region"),
    "shared_languages": _languages,
}


STRENGTH_LABELS = {
    matching.STRONG: _l("Strong match"),
    matching.GOOD: _l("Good match"),
    matching.POSSIBLE: _l("Possible match"),
}


def describe(reason, perspective: str = "post") -> str:
    """The reason in words, in the interface language."""
    # A long match list repeats the same few reasons ("verified", one sought sector) hundreds of
    # times: each text is worked out once per app context and language.
    texts = g.setdefault("partnership_reason_texts", {}) if has_app_context() else {}
    key = (str(get_locale()), reason.code, reason.values, perspective)
    if key not in texts:
        texts[key] = TEXTS[reason.code](reason.values, perspective)
    return texts[key]


def as_dict(reason, perspective: str = "post") -> dict:
    """A reason for the JSON answer: its rule, points, values (slugs) and words."""
    return {"code": reason.code, "points": reason.points, "values": list(reason.values),
            "text": describe(reason, perspective)}
