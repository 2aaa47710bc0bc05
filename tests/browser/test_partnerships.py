"""The partnership board in real Chromium: post a request, see who fits and why, express interest,
talk it over — axe-core on every page visited; and posting with JavaScript switched off."""
import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.partnerships.models import local_today
from tests import factories
from tests.browser.conftest import assert_accessible, open_folded_choices
from tests.browser.test_directory import log_in, log_out
from tests.mailserver import Mailbox

NGO_ADMIN, EMPLOYER_MEMBER = "anna@fundacja.example.org", "ewa@zaklady.example.org"
TITLE = "Szukamy pracodawcy do projektu FAMI w Tarnowie"


@pytest.fixture(scope="module")
def network(live_app):
    """An NGO in Tarnów (Anna its admin), an employer there (Ewa a member), another NGO there."""
    with live_app.app_context():
        anna = factories.make_user(email=NGO_ADMIN, display_name="Anna Nowak")
        ewa = factories.make_user(email=EMPLOYER_MEMBER, display_name="Ewa Kowalska")
        factories.make_org(name="Fundacja Pomocy Tarnów", org_type="ngo", themes=["labour-market"],
                           counties=["tarnowski"], languages=["pl", "uk"], admin=anna)
        factories.make_org(name="Zakłady Pracy Tarnów", org_type="employer", themes=["labour-market"],
                           counties=["tarnowski"], languages=["pl", "uk"], members=[ewa])
        factories.make_org(name="Stowarzyszenie Sąsiedzkie", org_type="ngo", themes=["labour-market"],
                           counties=["tarnowski"])
        db.session.commit()



def fill_request(page, title=TITLE, deadline_in=45):
    page.get_by_label("Tytuł").fill(title)
    page.get_by_label("Opis").fill("Projekt **FAMI**: staże dla osób z Ukrainy.")
    open_folded_choices(page)
    page.get_by_label("pracodawcy i biznes", exact=True).check()
    page.get_by_label("rynek pracy", exact=True).check()
    page.get_by_label("powiat tarnowski", exact=True).check()
    page.get_by_label("ukraiński", exact=True).check()
    page.get_by_label("Źródło finansowania").select_option("fami-2021-2027")
    page.get_by_label("Termin naboru").fill((local_today() + timedelta(days=deadline_in)).isoformat())


def test_post_a_request_see_the_employer_that_fits_and_talk_it_over(page, network, mailbox):
    log_in(page, NGO_ADMIN)
    page.goto("/partnerships/")
    assert_accessible(page)
    page.get_by_role("link", name="Dodaj ogłoszenie").click()
    expect(page.get_by_role("heading", name="Dodaj ogłoszenie partnerskie")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Opublikuj").click()  # empty: messages next to the fields
    expect(page.get_by_role("alert")).to_be_visible()
    assert page.locator("#title-error").inner_text().endswith("Nadaj ogłoszeniu tytuł.")
    assert_accessible(page)

    fill_request(page)
    page.get_by_role("button", name="Opublikuj").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    matches = page.locator(".post-matches")
    expect(matches.get_by_role("link", name="Zakłady Pracy Tarnów")).to_be_visible()
    expect(matches.get_by_text("reprezentuje poszukiwany sektor: pracodawcy i biznes")).to_be_visible()
    expect(matches.get_by_text("ten sam powiat: powiat tarnowski").first).to_be_visible()
    expect(matches.get_by_text("Stowarzyszenie Sąsiedzkie")).to_have_count(0)  # an NGO seeking an employer
    assert_accessible(page)
    page.get_by_role("link", name="Zobacz").click()
    expect(page.get_by_role("heading", name=f"Kto pasuje do „{TITLE}”")).to_be_visible()
    assert_accessible(page)
    post_url = page.get_by_role("link", name="Wróć do ogłoszenia").get_attribute("href")
    log_out(page)

    log_in(page, EMPLOYER_MEMBER)
    page.goto(post_url)
    page.get_by_label("Twoja wiadomość do organizacji").fill("Mamy 5 miejsc na staże.\nZapraszamy do rozmowy.")
    page.get_by_role("button", name="Zgłoś zainteresowanie").click()
    expect(page.get_by_text("Wiadomość została wysłana. Organizacja odpowie tutaj.")).to_be_visible()
    expect(page.get_by_text("Mamy 5 miejsc na staże.")).to_be_visible()
    assert_accessible(page)
    log_out(page)

    told = mailbox.last_to(NGO_ADMIN)  # the posting organisation hears of it by e-mail
    assert "Zakłady Pracy Tarnów" in told["Subject"]
    conversation_link = next(link for link in Mailbox.links_in(told) if "/partnerships/conversations/" in link)
    log_in(page, NGO_ADMIN)
    page.goto(post_url)
    interests = page.locator("section", has=page.get_by_role("heading", name="Otrzymane zgłoszenia zainteresowania"))
    interests.get_by_role("link", name="Zakłady Pracy Tarnów").click()
    expect(page).to_have_url(re.compile(re.escape(urlparse(conversation_link).path) + "$"))
    page.get_by_label("Twoja odpowiedź").fill("Dziękujemy! Spotkajmy się w czwartek.")
    page.get_by_role("button", name="Wyślij").click()
    expect(page.get_by_text("Dziękujemy! Spotkajmy się w czwartek.")).to_be_visible()
    assert_accessible(page)
    page.goto("/partnerships/conversations/")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    assert_accessible(page)

    page.goto(post_url)  # the poster marks the post "in talks" with the organisation that answered
    page.get_by_label("Status").select_option("in_talks")
    page.locator("fieldset", has_text="Organizacje partnerskie").get_by_label("Zakłady Pracy Tarnów").check()
    page.get_by_role("button", name="Zmień status").click()
    expect(page.get_by_text("Status ogłoszenia został zapisany.")).to_be_visible()
    expect(page.locator(".meta .badge", has_text="Trwają rozmowy")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Edytuj ogłoszenie").click()
    expect(page.get_by_label("Tytuł")).to_have_value(TITLE)
    assert_accessible(page)
    page.goto("/partnerships/")
    open_folded_choices(page)
    page.get_by_label("rynek pracy", exact=True).check()
    page.get_by_label("Status").select_option("in_talks")
    page.get_by_role("button", name="Pokaż").click()
    expect(page).to_have_url(re.compile(r"theme=labour-market.*status=in_talks|status=in_talks.*theme=labour-market"))
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ogłoszenia pasujące do mojej organizacji").click()
    expect(page.get_by_role("heading", name="Ogłoszenia pasujące do mojej organizacji")).to_be_visible()
    assert_accessible(page)
    log_out(page)

    log_in(page, EMPLOYER_MEMBER)
    page.goto("/partnerships/conversations/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text("Dziękujemy! Spotkajmy się w czwartek.")).to_be_visible()
    page.get_by_label("Twoja odpowiedź").fill("Czwartek pasuje, będziemy o 10:00.")
    page.get_by_role("button", name="Wyślij").click()
    expect(page.get_by_text("Czwartek pasuje, będziemy o 10:00.")).to_be_visible()


def test_posting_works_without_javascript(page_without_js, network):
    page = page_without_js
    log_in(page, NGO_ADMIN)
    page.goto("/partnerships/new")
    fill_request(page, title="Oferta bez JavaScriptu", deadline_in=-3)
    page.get_by_role("radio", name="Oferujemy współpracę (oferta)").check()
    page.get_by_role("button", name="Opublikuj").click()
    error = page.locator("#deadline-error")  # next to the field, and nothing typed is lost
    assert "Termin naboru już minął" in error.inner_text()
    assert page.get_by_label("Tytuł").input_value() == "Oferta bez JavaScriptu"
    assert page.get_by_label("pracodawcy i biznes", exact=True).is_checked()
    assert page.get_by_role("radio", name="Oferujemy współpracę (oferta)").is_checked()

    page.get_by_label("Termin naboru").fill((local_today() + timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Opublikuj").click()
    expect(page.get_by_role("heading", name="Oferta bez JavaScriptu")).to_be_visible()
    expect(page.get_by_text("Ogłoszenie zostało opublikowane.")).to_be_visible()
    page.goto("/partnerships/?kind=offer&deadline_within=14")
    expect(page.get_by_role("link", name="Oferta bez JavaScriptu")).to_be_visible()


def test_the_secretariat_reads_a_reported_conversation_and_an_outsider_is_told_how_to_post(page, network,
                                                                                          in_live_db):
    from app.db import utcnow
    from app.directory.models import Organisation
    from tests.partnerships.factories import make_conversation, make_post

    with in_live_db():
        factories.make_user(email="sekretariat@siec.example.org", role="moderator")
        factories.make_user(email="olek@example.org")  # confirmed, in no organisation
        by_name = {org.name: org for org in db.session.execute(db.select(Organisation)).scalars()}
        post = make_post(by_name["Zakłady Pracy Tarnów"], kind="offer", title="Staże dla tłumaczy",
                         themes=["labour-market"], places=["tarnowski"])
        make_conversation(post, by_name["Stowarzyszenie Sąsiedzkie"], factories.make_user(), "Kupcie nasze kursy!",
                          reported_at=utcnow(), report_reason="Reklama zamiast współpracy.")

    log_in(page, "sekretariat@siec.example.org")
    page.goto("/partnerships/")
    page.get_by_role("link", name="Zgłoszone rozmowy").click()
    expect(page.get_by_text("Reklama zamiast współpracy.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Staże dla tłumaczy").click()
    expect(page.get_by_text("Kupcie nasze kursy!")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Notatka do dziennika moderacji").fill("Ostrzeżono organizację.")
    page.get_by_role("button", name="Oznacz zgłoszenie jako rozpatrzone").click()
    expect(page.get_by_text("Zgłoszenie zostało rozpatrzone.")).to_be_visible()
    expect(page.locator(".badge", has_text="rozpatrzone")).to_be_visible()
    log_out(page)

    log_in(page, "olek@example.org")
    page.goto("/partnerships/new")
    expect(page.get_by_text("Aby publikować na tablicy, musisz należeć do organizacji")).to_be_visible()
    assert_accessible(page)
