"""Periodic commands run once however many machines start them; the doctor says what to fix."""
import threading

from app.db import commit
from app.jobs import MACHINE, SITE, job_lock
from tests import factories
from tests.notifications.factories import make_notification


def a_digest_waiting() -> str:
    """A member with one notification for today's digest; their address."""
    member = factories.make_user()
    make_notification(member, "reply", title="Wątek o mieszkaniach")
    commit()
    return member.email


def test_a_site_job_started_on_a_second_machine_while_the_first_runs_does_nothing(two_machines, mailbox):
    app_a, app_b = two_machines()
    with app_a.app_context():
        email = a_digest_waiting()
        with job_lock("send-digests", SITE) as got:  # machine A is sending the digests right now
            assert got
            second = app_b.test_cli_runner().invoke(args=["send-digests"])
    assert second.exit_code == 0
    assert "already running" in second.output and "Digests:" not in second.output
    assert mailbox.to(email) == []
    after = app_b.test_cli_runner().invoke(args=["send-digests"])  # the lock is free again
    assert "Digests: 1 sent" in after.output and len(mailbox.to(email)) == 1


def test_two_runs_at_the_same_moment_send_one_digest(two_machines, mailbox):
    app_a, app_b = two_machines()
    with app_a.app_context():
        email = a_digest_waiting()
    outputs = []
    runs = [threading.Thread(target=lambda app=app: outputs.append(app.test_cli_runner().invoke(args=["send-digests"])))
            for app in (app_a, app_b)]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    assert all(result.exit_code == 0 for result in outputs), [result.output for result in outputs]
    assert len(mailbox.to(email)) == 1


def test_a_machine_job_locks_only_its_own_machine(two_machines):
    app_a, app_b = two_machines()
    with app_a.app_context(), job_lock("search-check", MACHINE) as got_a:
        with app_b.app_context(), job_lock("search-check", MACHINE) as got_b:
            assert got_a and got_b  # each machine checks its own index
        with job_lock("search-check", MACHINE) as again_a:
            assert not again_a


def test_doctor_passes_a_sound_configuration_and_names_what_to_fix(cli_app, monkeypatch):
    runner = cli_app.test_cli_runner()
    monkeypatch.setitem(cli_app.config, "SECRET_KEY", "k" * 40)
    before = runner.invoke(args=["doctor"])
    assert before.exit_code == 1 and "PROBLEM The database is at migration none" in before.output
    assert "Run: flask --app app init-db" in before.output
    assert runner.invoke(args=["init-db"]).exit_code == 0
    sound = runner.invoke(args=["doctor"])
    assert sound.exit_code == 0, sound.output
    assert "ok      The database schema is up to date." in sound.output
    assert "ok      The search index agrees with the database." in sound.output

    monkeypatch.setitem(cli_app.config, "MAIL_PORT", 1)
    monkeypatch.setitem(cli_app.config, "REDIS_URL", "redis://127.0.0.1:1/0")
    result = runner.invoke(args=["doctor"])
    assert result.exit_code == 1
    assert "PROBLEM The mail server 127.0.0.1:1 does not answer" in result.output, result.output
    assert "PROBLEM Redis does not answer" in result.output
    assert "→" in result.output and "problem(s)" in result.output.splitlines()[-1]
