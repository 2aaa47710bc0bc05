"""The moderation log's details are stored as data and shown in the reader's language."""
import pytest
from flask_babel import force_locale

from app.db import commit
from app.extensions import db
from app.forums.admin import add_group_member
from app.secretariat.labels import details_text
from app.secretariat.models import ModerationLogEntry
from tests import factories
from tests.forums import factories as ff


@pytest.fixture
def logged(app, moderator):
    """A thread moved between two categories and someone added to a working group, by moderator."""
    source = ff.make_category(name_pl="Mieszkania", name_en="Housing", name_uk="Житло")
    target = ff.make_category(name_pl="Pomoc społeczna", name_en="Social assistance", name_uk="Соціальна допомога")
    thread = ff.make_thread(factories.make_user(), source, title="Wątek do przeniesienia")
    from app.forums.moderation import moderate_thread

    moderate_thread(moderator, thread, "move", "Lepiej pasuje", category_id=target.id)
    add_group_member(moderator, ff.make_group(name="Zespół mieszkaniowy"), factories.make_user(username="ola"))
    commit()


@pytest.mark.parametrize("language, words", [
    ("pl", ["z „Mieszkania” do „Pomoc społeczna”", "@ola jako członek"]),
    ("uk", ["з «Житло» до «Соціальна допомога»", "@ola як учасник"]),
    ("en", ["from Housing to Social assistance", "@ola as member"]),
])
def test_the_log_shows_details_in_the_readers_language(client, moderator, logged, language, words):
    client.login(moderator)
    page = client.get(f"/secretariat/log?lang={language}").text
    for text in words:
        assert text in page


def test_entries_written_before_as_text_are_shown_as_they_are(app):
    assert details_text("from housing to health") == "from housing to health"
    assert details_text('{"kind": "unknown"}') == '{"kind": "unknown"}'


def test_a_long_reason_still_leaves_readable_details(app, moderator):
    from app.secretariat.labels import log_details
    from app.secretariat.moderation_log import log_moderation

    entry = log_moderation(moderator, "report.dismiss", "post", 1,
                           details=log_details("report", id=7, reason="Spam " * 200))
    db.session.flush()
    stored = db.session.get(ModerationLogEntry, entry.id)
    with force_locale("en"):
        assert len(stored.details) <= 500 and stored.details_text.startswith("report 7: Spam Spam")
