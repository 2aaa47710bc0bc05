"""User text to safe HTML. The only module that imports bleach.

User text is rendered once, when written: models keep the Markdown source in `body` and the
result of render_markdown() in `body_html`; templates mark only `*_html` attributes safe.
"""
import re
from functools import partial
from html import unescape

import bleach
from bleach.html5lib_shim import HTML_TAGS_BLOCK_LEVEL
from bleach.linkifier import LinkifyFilter
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "em", "strong", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
})
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"], "ol": ["start"], "th": ["align"], "td": ["align"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener ugc"

# Raw HTML in the source is shown as text (html=False), never passed through.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable(["table", "strikethrough"])


def _image_as_text(self, tokens, idx, options, env):
    # No images from other hosts (tracking, mixed content): keep the alternative text only.
    return str(escape(tokens[idx].content))


_markdown.add_render_rule("image", _image_as_text)
# Headings h1/h2 would break the page outline; they are shifted down to h3/h4.
_HEADING = re.compile(r"<(/?)h([12])>")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _set_link_rel(attrs, new=False):
    attrs[(None, "rel")] = LINK_REL
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[partial(LinkifyFilter, callbacks=[_set_link_rel], skip_tags={"pre", "code"})],
)


def clean_input(text: str | None) -> str:
    """Text as stored: NUL and other control characters removed, newlines normalised."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_CHARS.sub("", text)


def render_markdown(source: str | None) -> str:
    """Markdown source to sanitised HTML (links get rel="nofollow noopener ugc")."""
    html = _markdown.render(clean_input(source))
    html = _HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 2}>", html)
    return _cleaner.clean(html)


def plain_text(html_or_text: str | None) -> str:
    """Text without any markup, whitespace collapsed: for excerpts, e-mails and search."""
    if not html_or_text:
        return ""
    stripped = bleach.clean(html_or_text, tags=set(), strip=True, strip_comments=True)
    stripped = stripped.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    stripped = stripped.replace("&quot;", '"').replace("&#39;", "'")
    return " ".join(stripped.split())


# A tag of sanitised HTML; quoted attribute values may contain ">" (bleach leaves it unescaped there).
_SANITISED_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")
# Tags that separate words; inline ones (<strong>, <a>…) are dropped without a space: "<em>pracy</em>,".
_BLOCK_TAG = re.compile(r"</?(?:p|br|hr|li|ul|ol|h[1-6]|blockquote|pre|tr|td|th|table)\b[^>]*>")


def sanitised_text(html: str | None) -> str:
    """Text of HTML this module already sanitised, whitespace collapsed.

    For render-time excerpts: such HTML has no comments, scripts or stray "<" (text "<" is
    &lt;), so dropping the tags is enough, and far cheaper than running bleach again.
    Not for HTML from anywhere else: use plain_text().
    """
    if not html:
        return ""
    return " ".join(unescape(_SANITISED_TAG.sub("", _BLOCK_TAG.sub(" ", html))).split())


def sanitised_plain_text(html: str | None) -> str:
    """plain_text() of HTML this module already sanitised, to the character, without bleach.

    Bleach, stripping every tag, drops each one, except that an opening block-level tag (<p>,
    <li>…) becomes a line break; whitespace is then collapsed. Such HTML has no comments,
    scripts or stray "<", so a regular expression finds its tags (the forum's reply excerpts:
    bleach was a tenth of a thread page). Not for HTML from anywhere else: use plain_text().
    """
    if not html:
        return ""
    stripped = _SANITISED_TAG.sub(_stripped_tag, html)
    stripped = stripped.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    stripped = stripped.replace("&quot;", '"').replace("&#39;", "'")
    return " ".join(stripped.split())


_OPENING_TAG_NAME = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)")


def _stripped_tag(match) -> str:
    tag = match.group()
    name = _OPENING_TAG_NAME.match(tag)
    opens_block = name and name.group(1).lower() in HTML_TAGS_BLOCK_LEVEL and not tag.endswith("/>")
    return " " if opens_block else ""


def shorten(text: str, length: int = 200) -> str:
    """The first length characters of text, cut at a word boundary."""
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0]
    return cut + "…"


def excerpt(html_or_text: str | None, length: int = 200) -> str:
    """The first length characters of the plain text, cut at a word boundary."""
    return shorten(plain_text(html_or_text), length)


def sanitised_excerpt(html: str | None, length: int = 200) -> str:
    """excerpt() of HTML this module already sanitised (see sanitised_plain_text)."""
    return shorten(sanitised_plain_text(html), length)


def paragraphs(text: str | None) -> Markup:
    """Plain text shown with its line breaks, escaped (for short fields that are not Markdown)."""
    escaped = escape(clean_input(text))
    return Markup("<br>\n").join(escaped.split("\n"))


# --- @mentions (used by the forums) ----------------------------------------------------------
# "@anna-kowalska" after a space or punctuation (not inside an e-mail address or a word).
MENTION = re.compile(r"(?<![\w@./-])@([a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?)(?![\w@-])", re.IGNORECASE)
_NO_MENTION_TAGS = frozenset({"a", "code", "pre"})


class _MentionFilter(bleach.html5lib_shim.Filter):
    """Wraps @username in text (outside links and code) in a link when resolve(username) gives a URL."""

    def __init__(self, source, resolve):
        super().__init__(source)
        self.resolve = resolve

    def __iter__(self):
        depth = 0  # inside a, code or pre
        for token in super().__iter__():
            kind, name = token["type"], token.get("name")
            if kind == "StartTag" and name in _NO_MENTION_TAGS:
                depth += 1
            elif kind == "EndTag" and name in _NO_MENTION_TAGS:
                depth = max(0, depth - 1)
            elif kind == "Characters" and not depth:
                yield from self._linked(token["data"])
                continue
            yield token

    def _linked(self, data):
        start = 0
        for match in MENTION.finditer(data):
            url = self.resolve(match.group(1).lower())
            if not url:
                continue
            if match.start() > start:
                yield {"type": "Characters", "data": data[start:match.start()]}
            yield {"type": "StartTag", "name": "a", "namespace": None, "data": {(None, "href"): url}}
            yield {"type": "Characters", "data": match.group(0)}
            yield {"type": "EndTag", "name": "a", "namespace": None}
            start = match.end()
        if start < len(data):
            yield {"type": "Characters", "data": data[start:]}


def link_mentions(html: str, resolve) -> str:
    """Sanitised HTML with each @username outside links and code linked to resolve(username).

    resolve gets the lower-cased name and returns a URL (a path on this site) or None to
    leave the text as it is; it may also just collect the names.
    """
    cleaner = bleach.Cleaner(
        tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, protocols=ALLOWED_PROTOCOLS, strip=True,
        strip_comments=True, filters=[partial(_MentionFilter, resolve=resolve)],
    )
    return cleaner.clean(html)
