"""The one text module: Markdown to sanitised HTML."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.text import (
    clean_input, excerpt, link_mentions, plain_text, render_markdown, sanitised_excerpt, sanitised_plain_text,
    sanitised_text, shorten,
)

# Markdown-ish sources: block and inline syntax, entities and markup-like text.
MARKDOWN_PIECES = ["# ", "## ", "> ", "- ", "1. ", "```\n", "`", "**", "_", "---", "| a | b |\n|---|---|\n| 1 | 2 |",
                   "[link](https://x.pl/?a=1&b=2 \"t>\")", "<p>", "</li>", "<b>raw</b>", "<!-- c -->", "&nbsp;",
                   "&amp;", "&#39;", "<", ">", "&", '"', "'", "\n", "\n\n", "  \n", " ", "żółw", "слово", "@anna", "x"]


def test_markdown_basics_and_links_get_safe_rel():
    html = render_markdown("**Ważne**: [wniosek](https://malopolska.pl/wniosek)\n\n- jeden\n- dwa")
    assert "<strong>Ważne</strong>" in html
    assert 'rel="nofollow noopener ugc"' in html and 'href="https://malopolska.pl/wniosek"' in html
    assert "<li>jeden</li>" in html


@pytest.mark.parametrize("attack", [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<img src=x onerror=alert(1)>",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    '<svg onload="alert(1)"></svg>',
])
def test_attacks_are_rendered_harmless(attack):
    html = render_markdown(attack)
    assert "<script" not in html and "<img" not in html and "<svg" not in html
    assert "href=\"javascript" not in html and "href=\"data" not in html
    assert "onerror=" not in html.replace("onerror=alert", "") or "&lt;" in html


def test_headings_are_shifted_below_the_page_title():
    assert render_markdown("# Tytuł").startswith("<h3>")


def test_control_characters_and_nul_bytes_are_removed():
    assert clean_input("a\x00b\r\nc") == "ab\nc"


def test_excerpt_cuts_at_a_word():
    assert excerpt("<p>" + "słowo " * 100 + "</p>", 30).endswith("…")


def test_sanitised_text_gives_the_same_words_as_plain_text():
    source = "# Pomoc\n\n**Porady** [prawne](https://a.pl/?q=1 \"a>b\") & <tłumaczenia>\n\n- jeden\n- dwa"
    html = render_markdown(source)
    assert sanitised_text(html) == plain_text(html) == "Pomoc Porady prawne & <tłumaczenia> jeden dwa"


def test_sanitised_text_keeps_a_quoted_greater_than_sign_out_of_the_text():
    html = link_mentions('<p><a href="https://a.pl/?q=1>2" title="x>y">link</a> i&nbsp;tekst</p><p>dalej</p>',
                         lambda name: None)
    assert sanitised_text(html) == "link i tekst dalej"
    assert sanitised_text(None) == ""


def test_shorten_cuts_at_a_word_and_leaves_short_text_alone():
    assert shorten("Fundacja dla cudzoziemców w Krakowie", 20) == "Fundacja dla…"
    assert shorten("Krótko", 20) == "Krótko"


@pytest.mark.parametrize("href", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>",
                                  "vbscript:msgbox(1)", "ftp://example.org/plik"])
def test_only_web_and_mail_links_survive_the_sanitiser(href):
    """The protocol allow-list itself (Markdown already refuses some of these before bleach sees them)."""
    html = link_mentions(f'<p><a href="{href}">link</a> @ala</p>', lambda name: "/u/ala")
    assert "href=\"/u/ala\"" in html and f'href="{href}' not in html
    rendered = render_markdown(f"[link]({href})")
    assert "href=" not in rendered


def test_web_and_mail_links_keep_their_address():
    for href in ("https://example.org/a", "http://example.org/b", "mailto:biuro@example.org"):
        assert f'href="{href}"' in render_markdown(f"[link]({href})")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=30).map("".join))
def test_the_plain_text_of_sanitised_html_is_bleachs_to_the_character(source):
    """The forum's excerpts skip bleach on HTML already sanitised: the same text (stripped block
    tags as spaces, other tags dropped, the same entities decoded)."""
    html = render_markdown(source)
    assert sanitised_plain_text(html) == plain_text(html)
    assert sanitised_excerpt(html, 20) == excerpt(html, 20)


def test_the_plain_text_of_sanitised_html_separates_blocks_only():
    html = render_markdown("Pierwszy *akapit*, `kod < 3 & 4`.\n\n- jeden\n- dwa")
    assert sanitised_plain_text(html) == "Pierwszy akapit, kod < 3 & 4. jeden dwa"
    assert sanitised_plain_text("<p>a</p><p>b</p><p>c<em>d</em></p>") == "a b cd"
