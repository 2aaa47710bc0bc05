"""Message catalogues: extract, update, compile and check.

    python -m devtools.i18n update [DOMAIN]   extract strings, refresh the .po files (keeps translations)
    python -m devtools.i18n compile           .po → .mo (run at install time; .mo files are not committed)
    python -m devtools.i18n check             exit 1 if any message lacks a pl, en or uk translation

Each part of the application has its own catalogue so that parts can be worked on apart:
"core" (app/translations) holds the shared layout, accounts and pages; every domain
package with templates in app/templates/<domain>/ has app/<domain>/translations.
English message ids are the source; en.po repeats them (so that a missing one is visible).
Plural forms come from Babel's locale data (3 forms in Polish and Ukrainian).
"""
import copy
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
LANGUAGES = ("pl", "en", "uk")
CORE_TEMPLATE_DIRS = ("_macros", "auth", "account", "main", "errors", "mail")
CORE_PACKAGES = ("auth", "account", "main")
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2), "lazy_pgettext": ((1, "c"), 2)}


def domains() -> list[str]:
    """"core" and every domain package that has templates or translations of its own."""
    found = ["core"]
    for package in sorted(p for p in APP.iterdir() if (p / "__init__.py").exists()):
        if package.name in CORE_PACKAGES or package.name == "translations":
            continue
        if (APP / "templates" / package.name).is_dir() or (package / "translations").is_dir():
            found.append(package.name)
    return found


def source_files(domain: str) -> list[Path]:
    if domain == "core":
        files = list(APP.glob("*.py"))
        for package in CORE_PACKAGES:
            files += (APP / package).rglob("*.py")
        files += (APP / "templates").glob("*.html")
        for folder in CORE_TEMPLATE_DIRS:
            files += (APP / "templates" / folder).rglob("*.*")
    else:
        files = list((APP / domain).rglob("*.py")) + list((APP / "templates" / domain).rglob("*.*"))
    return sorted(f for f in files if f.suffix in (".py", ".html", ".txt"))


def catalog_dir(domain: str) -> Path:
    return APP / "translations" if domain == "core" else APP / domain / "translations"


def extract(domain: str) -> Catalog:
    template = Catalog(project="forum", charset="utf-8")
    for path in source_files(domain):
        method = "python" if path.suffix == ".py" else "jinja2"
        options = {} if method == "python" else {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}
        for lineno, message, comments, context in extract_from_file(method, str(path), keywords=KEYWORDS, options=options):
            template.add(message, None, [(str(path.relative_to(ROOT)), lineno)], auto_comments=comments, context=context)
    return template


def po_path(domain: str, lang: str) -> Path:
    return catalog_dir(domain) / lang / "LC_MESSAGES" / "messages.po"


def read_catalog(path: Path, lang: str) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=lang)


def update(domain: str) -> None:
    template = extract(domain)
    for lang in LANGUAGES:
        path = po_path(domain, lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = read_catalog(path, lang) if path.exists() else Catalog(locale=lang, charset="utf-8")
        # A copy each time: Catalog.update adds the template's own message objects, so filling
        # the English catalogue would otherwise leak English text into the next language.
        catalog.update(copy.deepcopy(template), no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.fuzzy = False
        if lang == "en":
            _fill_english(catalog)
        with path.open("wb") as f:
            write_po(f, catalog, width=100, omit_header=False, sort_output=False)
    print(f"{domain}: {len(template)} messages")


def _fill_english(catalog: Catalog) -> None:
    for message in catalog:
        if not message.id or message.string and any(message.string if isinstance(message.string, tuple) else [message.string]):
            continue
        message.string = tuple(message.id) if isinstance(message.id, tuple) else message.id


def compile_all() -> None:
    for domain in domains():
        for lang in LANGUAGES:
            path = po_path(domain, lang)
            if not path.exists():
                continue
            catalog = read_catalog(path, lang)
            with path.with_suffix(".mo").open("wb") as f:
                write_mo(f, catalog, use_fuzzy=False)


def conflicts() -> list[str]:
    """Messages that two catalogues translate differently.

    Flask-Babel merges every catalogue into one gettext domain, so the same English message
    id gets one translation across the whole site: the catalogue loaded last would silently win
    (e.g. "Name" as an organisation's name and as a person's). Give such messages distinct ids
    (or the same translation where the meaning is the same).
    """
    found = []
    for lang in ("pl", "uk"):
        translations: dict[tuple, dict[str, str]] = {}
        for domain in domains():
            path = po_path(domain, lang)
            if not path.exists():
                continue
            for message in read_catalog(path, lang):
                if message.id and message.string and not message.fuzzy:
                    key = (str(message.id), message.context)
                    translations.setdefault(key, {})[domain] = str(message.string)
        for (msgid, _context), by_domain in sorted(translations.items(), key=lambda item: (item[0][0], item[0][1] or "")):
            if len(set(by_domain.values())) > 1:
                found.append(f"{lang}: translated differently in {', '.join(sorted(by_domain))}: {msgid!r} → "
                             + " / ".join(f"{d}: {t!r}" for d, t in sorted(by_domain.items())))
    return found


def problems() -> list[str]:
    """Every message that is missing from a catalogue, lacks a translation or conflicts with another."""
    found = conflicts()
    for domain in domains():
        wanted = {m.id if not isinstance(m.id, tuple) else m.id[0] for m in extract(domain) if m.id}
        for lang in LANGUAGES:
            path = po_path(domain, lang)
            if not path.exists():
                found.append(f"{domain}/{lang}: no catalogue ({path.relative_to(ROOT)})")
                continue
            catalog = read_catalog(path, lang)
            have = {}
            for message in catalog:
                if message.id:
                    have[message.id if not isinstance(message.id, tuple) else message.id[0]] = message
            for msgid in sorted(wanted):
                message = have.get(msgid)
                strings = () if message is None else (message.string if isinstance(message.string, tuple) else (message.string,))
                if message is None:
                    found.append(f"{domain}/{lang}: not in catalogue (run update): {msgid!r}")
                elif message.fuzzy or not strings or not all(strings):
                    found.append(f"{domain}/{lang}: untranslated: {msgid!r}")
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        for domain in (argv[1:] or domains()):
            update(domain)
    elif command == "compile":
        compile_all()
    elif command == "check":
        issues = problems()
        for line in issues:
            print(line)
        print(f"{len(issues)} translation problems" if issues else "All messages translated in pl, en and uk.")
        return 1 if issues else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
