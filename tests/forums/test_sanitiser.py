"""The one sanitiser (app.text) against attack strings, as posts reach it: Markdown, then mentions."""
import html
import re
from html.parser import HTMLParser

import pytest

from app.text import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, link_mentions, render_markdown

SAFE_SCHEMES = ("http", "https", "mailto")

ATTACKS = [
    # script tags
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "```\n</code><script>alert(1)</script>\n```",
    "`</code><script>alert(1)</script>`",
    # event handlers
    "<img src=x onerror=alert(1)>",
    '<p onclick="alert(1)">klik</p>',
    '<a href="https://ok.example" onmouseover="alert(1)">ok</a>',
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '[tytuł](https://ok.example "x\\" onmouseover=\\"alert(1)")',
    # javascript: links in Markdown
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](  javascript:alert(1))",
    "[klik](<javascript:alert(1)>)",
    "[klik](java\tscript:alert(1))",
    "[klik](java\nscript:alert(1))",
    "[klik](java\x00script:alert(1))",
    "[klik](\x01javascript:alert(1))",
    "[klik][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "javascript:alert(1)",
    "![obraz](javascript:alert(1))",
    # entity-encoded and percent-encoded variants
    "[klik](&#106;avascript:alert(1))",
    "[klik](&#x6A;avascript:alert(1))",
    "[klik](&#0000106;&#0000097;vascript:alert(1))",
    "[klik](javascript&colon;alert(1))",
    "[klik](javascript&#58;alert(1))",
    "[klik](jav&#x09;ascript:alert(1))",
    "[klik](%6A%61%76%61%73%63%72%69%70%74:alert(1))",
    "[klik](\\u006Aavascript:alert(1))",
    # javascript: links in raw HTML
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    # data: and vbscript:
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[klik](DATA:text/html,<script>alert(1)</script>)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[klik](vbscript:msgbox(1))",
    "[klik](VBScript:msgbox(1))",
    '<a href="vbscript:msgbox(1)">x</a>',
    # SVG and MathML
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    # other dangerous tags and tricks
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<!--<script>alert(1)--><script>alert(1)</script>",
    '<img src="https://tracker.example/pixel.gif">',
    "![piksel](https://tracker.example/pixel.gif)",
    '<input autofocus onfocus=alert(1)>',
    '"><script>alert(1)</script>',
    "# <script>alert(1)</script>",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
    "@<script>alert(1)</script>",
]


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def _normalised_url(value: str) -> str:
    """The URL as a browser reads it: entities decoded, tabs and newlines dropped, C0 and spaces trimmed."""
    value = re.sub(r"[\t\n\r]", "", html.unescape(value))
    return value.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14"
                       "\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ").lower()


def _scheme(url: str) -> str:
    """The scheme a browser would see ("" for a relative URL, e.g. one starting with %6A)."""
    match = re.match(r"([a-z][a-z0-9+.-]*):", url)
    return match.group(1) if match else ""


def assert_safe(output: str) -> None:
    parser = _Collector()
    parser.feed(output)
    for tag, attrs in parser.elements:
        assert tag in ALLOWED_TAGS, f"tag <{tag}> in {output!r}"
        for name, value in attrs.items():
            assert name in ALLOWED_ATTRIBUTES.get(tag, ()), f"attribute {name} on <{tag}> in {output!r}"
            assert not name.startswith("on")
            if name == "href":
                url = _normalised_url(value or "")
                assert _scheme(url) in (*SAFE_SCHEMES, ""), f"href {value!r} in {output!r}"
        if tag == "a":
            assert attrs.get("rel") == "nofollow noopener ugc" or attrs.get("href", "").startswith("/users/")
    lowered = output.lower()
    assert "<script" not in lowered and "<svg" not in lowered and "<img" not in lowered and "<iframe" not in lowered


@pytest.mark.parametrize("attack", ATTACKS)
def test_attack_strings_are_rendered_harmless(attack):
    assert_safe(render_markdown(attack))


@pytest.mark.parametrize("attack", ATTACKS)
def test_mention_linking_keeps_output_safe(attack):
    rendered = render_markdown(f"@anna {attack} @anna")
    assert_safe(link_mentions(rendered, lambda name: "/users/anna" if name == "anna" else None))


def test_harmless_markup_survives():
    output = render_markdown("**pogrubienie** *kursywa* [link](https://example.org) `kod`\n\n> cytat\n\n- a\n- b")
    assert "<strong>pogrubienie</strong>" in output and "<em>kursywa</em>" in output
    assert '<a href="https://example.org" rel="nofollow noopener ugc">link</a>' in output
    assert "<code>kod</code>" in output and "<blockquote>" in output and "<li>a</li>" in output


def test_images_keep_only_their_alternative_text():
    output = render_markdown("![Mapa powiatu](https://example.org/mapa.png)")
    assert "<img" not in output and "Mapa powiatu" in output


def test_bare_links_are_linked_with_rel():
    output = render_markdown("Zobacz www.malopolska.pl i https://example.org/a?b=1&c=2")
    assert 'rel="nofollow noopener ugc"' in output and "https://example.org/a?b=1&amp;c=2" in output


def test_mentions_are_not_linked_inside_code_links_or_addresses():
    source = "`@anna` [o @anna](https://example.org) anna@example.org @anna"
    output = link_mentions(render_markdown(source), lambda name: "/users/anna")
    assert output.count('href="/users/anna"') == 1
    assert "<code>@anna</code>" in output


def test_headings_are_shifted_below_the_page_heading():
    output = render_markdown("# Duży\n\n## Średni")
    assert "<h1" not in output and "<h3>Duży</h3>" in output and "<h4>Średni</h4>" in output
