"""Two application machines: two apps with their own instance folders on one database and one Redis."""
import pytest

from app import create_app
from app.extensions import db
from tests.conftest import FormClient, database_url, dispose_database, make_test_config, reset_database


@pytest.fixture
def two_machines(tmp_path, mail_server, mailbox, redis_url):
    """make(**config) → (app_a, app_b): separate instance folders, one DATABASE_URL, one REDIS_URL."""
    shared_database = database_url(tmp_path)
    made = []

    def make(**overrides):
        apps = []
        for name in ("a", "b"):
            folder = tmp_path / f"machine-{name}"
            folder.mkdir(exist_ok=True)
            config = make_test_config(folder, mail_server, SQLALCHEMY_DATABASE_URI=shared_database,
                                      REDIS_URL=redis_url, **overrides)
            config.pop("PAGE_CACHE_GENERATION_FILE")  # the generation lives in Redis
            application = create_app(config, instance_path=str(folder))
            application.test_client_class = FormClient
            apps.append(application)
        with apps[0].app_context():
            reset_database()
        with apps[1].app_context():
            from app.search import sync

            sync.ensure_index()  # each machine has its own index folder
        made.extend(apps)
        return apps

    yield make
    for application in reversed(made):
        with application.app_context():
            db.session.remove()
            db.engine.dispose()
    if made:
        with made[0].app_context():
            dispose_database()
