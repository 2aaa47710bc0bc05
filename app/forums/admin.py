"""Categories (kept by the secretariat) and working groups (private forums) with their members."""
from sqlalchemy import func, select

from app import taxonomy
from app.db import utcnow
from app.extensions import db
from app.forums.models import GROUP_ROLES, LANGUAGES, Category, WorkingGroup, WorkingGroupMember
from app.i18n import gettext as _
from app.permissions import forget_principal
from app.forums.services import ForumError
from app.permissions import can
from app.secretariat.labels import log_details
from app.secretariat.moderation_log import log_moderation
from app.text import clean_input
from app.translit import slugify

# Paths under /forums/ that a category slug may not take.
RESERVED_SLUGS = frozenset({"t", "p", "groups", "manage", "reports", "new", "static", "users"})

# The default categories: (slug, taxonomy theme or None, moderators only, names, descriptions).
# Names of categories standing for a taxonomy theme come from the taxonomy itself.
_DESCRIPTIONS = {
    "labour-market": ("Praca, staże, uznawanie kwalifikacji i zatrudnianie cudzoziemców.",
                      "Work, internships, recognition of qualifications and employing foreigners.",
                      "Робота, стажування, визнання кваліфікацій і працевлаштування іноземців."),
    "education": ("Szkoły, przedszkola, wsparcie uczniów cudzoziemców i edukacja dorosłych.",
                  "Schools, kindergartens, support for foreign pupils and adult education.",
                  "Школи, дитячі садки, підтримка учнів-іноземців та освіта дорослих."),
    "health": ("Dostęp do opieki zdrowotnej, profilaktyka i zdrowie psychiczne.",
               "Access to health care, prevention and mental health.",
               "Доступ до медичної допомоги, профілактика та психічне здоров'я."),
    "housing": ("Najem, mieszkania treningowe, społeczne agencje najmu i zakwaterowanie.",
                "Renting, training flats, social rental agencies and accommodation.",
                "Оренда, тренувальні квартири, соціальні агентства оренди та житло."),
    "social-assistance": ("Świadczenia, pomoc społeczna i współpraca z ośrodkami pomocy.",
                          "Benefits, social assistance and cooperation with welfare centres.",
                          "Виплати, соціальна допомога та співпраця з центрами допомоги."),
    "social-relations": ("Integracja w społecznościach lokalnych, wolontariat i przeciwdziałanie dyskryminacji.",
                         "Integration in local communities, volunteering and countering discrimination.",
                         "Інтеграція в місцевих громадах, волонтерство та протидія дискримінації."),
    "legalisation": ("Zezwolenia na pobyt i pracę, procedury w urzędach, terminy i dokumenty.",
                     "Residence and work permits, procedures at offices, deadlines and documents.",
                     "Дозволи на проживання та роботу, процедури в установах, терміни й документи."),
    "polish-language": ("Kursy, materiały i metody nauczania języka polskiego jako obcego.",
                        "Courses, materials and methods of teaching Polish as a foreign language.",
                        "Курси, матеріали та методи навчання польської мови як іноземної."),
    "cross-sector-cooperation": ("Partnerstwa samorządów, organizacji, pracodawców i uczelni.",
                                 "Partnerships of local governments, NGOs, employers and universities.",
                                 "Партнерства органів самоврядування, організацій, роботодавців і університетів."),
    "network-coordination": ("Sprawy sieci współpracy: spotkania, sekretariat, wspólne działania.",
                             "Matters of the cooperation network: meetings, the secretariat, joint action.",
                             "Справи мережі співпраці: зустрічі, секретаріат, спільні дії."),
    "announcements": ("Komunikaty sekretariatu sieci.",
                      "Announcements of the network secretariat.",
                      "Оголошення секретаріату мережі."),
}
_OWN_NAMES = {
    "network-coordination": ("Koordynacja sieci", "Coordination of the network", "Координація мережі"),
    "announcements": ("Ogłoszenia", "Announcements", "Оголошення"),
}
DEFAULT_CATEGORIES = (
    # slug, theme, moderators only
    ("labour-market", "labour-market", False), ("education", "education", False), ("health", "health", False),
    ("housing", "housing", False), ("social-assistance", "social-assistance", False),
    ("social-relations", "social-relations", False), ("legalisation", "legalisation", False),
    ("polish-language", "polish-language", False), ("cross-sector-cooperation", "cross-sector-cooperation", False),
    ("network-coordination", None, False), ("announcements", None, True),
)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def ensure_default_categories() -> int:
    """Create the default categories that are missing; returns how many were created."""
    existing = set(db.session.execute(select(Category.slug)).scalars())
    last = db.session.execute(select(func.max(Category.position))).scalar() or 0
    created = 0
    for number, (slug, theme, moderators_only) in enumerate(DEFAULT_CATEGORIES, start=1):
        if slug in existing:
            continue
        if theme:
            names = tuple(_capitalised(taxonomy.label("thematic_areas", theme, lang)) for lang in LANGUAGES)
        else:
            names = _OWN_NAMES[slug]
        descriptions = _DESCRIPTIONS[slug]
        db.session.add(Category(
            slug=slug, theme=theme, moderators_only=moderators_only, position=last + number * 10,
            **{f"name_{lang}": names[i] for i, lang in enumerate(LANGUAGES)},
            **{f"description_{lang}": descriptions[i] for i, lang in enumerate(LANGUAGES)},
        ))
        created += 1
    db.session.flush()
    return created


# --- categories ----------------------------------------------------------------------------
def _require_manager(actor) -> None:
    if not can(actor, "forums.manage_categories"):
        raise ForumError(_("Only the network secretariat may do this."), "slug")


def _clean_texts(names: dict, descriptions: dict) -> tuple[dict, dict]:
    clean_names = {lang: " ".join(clean_input(names.get(lang)).split()) for lang in LANGUAGES}
    for lang in LANGUAGES:
        if not clean_names[lang]:
            raise ForumError(_("Enter the name in every language."), f"name_{lang}")
        if len(clean_names[lang]) > 120:
            raise ForumError(_("A name has at most %(max)d characters.", max=120), f"name_{lang}")
    clean_descriptions = {lang: clean_input(descriptions.get(lang)).strip()[:600] for lang in LANGUAGES}
    return clean_names, clean_descriptions


def _clean_slug(slug: str, category_id=None) -> str:
    value = slugify(clean_input(slug))
    if not value:
        raise ForumError(_("Enter the address of the category (letters, digits and hyphens)."), "slug")
    if value in RESERVED_SLUGS:
        raise ForumError(_("This address is reserved; choose another."), "slug")
    taken = db.session.execute(select(Category.id).where(Category.slug == value)).scalar()
    if taken is not None and taken != category_id:
        raise ForumError(_("Another category already has this address."), "slug")
    return value


def create_category(actor, slug: str, names: dict, descriptions: dict, moderators_only: bool = False) -> Category:
    _require_manager(actor)
    names, descriptions = _clean_texts(names, descriptions)
    slug = _clean_slug(slug or names["pl"])
    last = db.session.execute(select(func.max(Category.position))).scalar() or 0
    category = Category(slug=slug, position=last + 10, moderators_only=bool(moderators_only),
                        **{f"name_{k}": v for k, v in names.items()},
                        **{f"description_{k}": v for k, v in descriptions.items()})
    db.session.add(category)
    db.session.flush()
    log_moderation(actor, "category.create", "category", category.id, target_label=names["pl"])
    return category


def update_category(actor, category: Category, names: dict, descriptions: dict, moderators_only: bool) -> None:
    """Rename a category or change its description (its address stays: links keep working)."""
    _require_manager(actor)
    names, descriptions = _clean_texts(names, descriptions)
    before = category.name_pl
    for lang in LANGUAGES:
        setattr(category, f"name_{lang}", names[lang])
        setattr(category, f"description_{lang}", descriptions[lang])
    category.moderators_only = bool(moderators_only)
    details = log_details("renamed", name=before) if before != names["pl"] else ""
    log_moderation(actor, "category.update", "category", category.id, target_label=names["pl"], details=details)


def reorder_category(actor, category: Category, direction: str) -> None:
    """Swap the category with its neighbour above ("up") or below ("down")."""
    _require_manager(actor)
    column = Category.position
    neighbour_query = select(Category).where(Category.working_group_id.is_(None))
    if direction == "up":
        neighbour_query = neighbour_query.where(column < category.position).order_by(column.desc())
    elif direction == "down":
        neighbour_query = neighbour_query.where(column > category.position).order_by(column)
    else:
        raise ForumError(_("Choose up or down."), "direction")
    neighbour = db.session.execute(neighbour_query.limit(1)).scalar()
    if neighbour is None:
        return
    category.position, neighbour.position = neighbour.position, category.position
    log_moderation(actor, "category.reorder", "category", category.id, target_label=category.name_pl,
                   details=log_details(f"moved_{direction}"))


def set_category_archived(actor, category: Category, archived: bool) -> None:
    """An archived category keeps its threads readable but takes no new threads or replies."""
    _require_manager(actor)
    if archived == category.is_archived:
        return
    category.archived_at = utcnow() if archived else None
    action = "category.archive" if archived else "category.unarchive"
    log_moderation(actor, action, "category", category.id, target_label=category.name_pl)


# --- working groups ------------------------------------------------------------------------
def create_working_group(actor, name: str, description: str, coordinator) -> WorkingGroup:
    """A private forum with its own category; coordinator manages its members."""
    if not can(actor, "forums.create_group"):
        raise ForumError(_("Only the network secretariat may create working groups."), "name")
    name = " ".join(clean_input(name).split())
    if not 3 <= len(name) <= 120:
        raise ForumError(_("A name has between %(min)d and %(max)d characters.", min=3, max=120), "name")
    if coordinator is None:
        raise ForumError(_("There is no user with this name or e-mail address."), "coordinator")
    description = clean_input(description).strip()[:600]
    group = WorkingGroup(name=name, description=description, created_by_id=actor.id)
    db.session.add(group)
    db.session.flush()
    slug = _unique_slug(slugify(name, max_length=70) or "group")
    last = db.session.execute(select(func.max(Category.position))).scalar() or 0
    db.session.add(Category(slug=slug, position=last + 10, working_group_id=group.id,
                            **{f"name_{lang}": name for lang in LANGUAGES},
                            **{f"description_{lang}": description for lang in LANGUAGES}))
    db.session.add(WorkingGroupMember(group_id=group.id, user_id=coordinator.id, role="coordinator"))
    db.session.flush()
    forget_principal(coordinator)
    log_moderation(actor, "group.create", "working_group", group.id, target_label=name,
                   details=log_details("coordinator", username=coordinator.username))
    return group


def _unique_slug(base: str) -> str:
    taken = set(db.session.execute(select(Category.slug).where(Category.slug.like(f"{base}%"))).scalars())
    candidate, number = base, 1
    while candidate in taken or candidate in RESERVED_SLUGS:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _require_group_manager(actor, group) -> None:
    if not can(actor, "forums.manage_group", group):
        raise ForumError(_("Only the group's coordinators and the secretariat manage its members."), "user")


def add_group_member(actor, group: WorkingGroup, user, role: str = "member") -> WorkingGroupMember:
    _require_group_manager(actor, group)
    if user is None:
        raise ForumError(_("There is no user with this name or e-mail address."), "user")
    if role not in GROUP_ROLES:
        raise ForumError(_("Choose a role."), "role")
    existing = _membership(group, user.id)
    if existing is not None:
        raise ForumError(_("%(name)s is already a member of this group.", name=user.display_name), "user")
    member = WorkingGroupMember(group_id=group.id, user_id=user.id, role=role)
    db.session.add(member)
    db.session.flush()
    forget_principal(user)
    log_moderation(actor, "group.add_member", "working_group", group.id, target_label=group.name,
                   details=log_details("group_role", username=user.username, role=role))
    return member


def _membership(group, user_id) -> WorkingGroupMember | None:
    return db.session.execute(select(WorkingGroupMember).where(
        WorkingGroupMember.group_id == group.id, WorkingGroupMember.user_id == user_id
    )).scalar_one_or_none()


def _coordinator_count(group) -> int:
    return db.session.execute(select(func.count(WorkingGroupMember.id)).where(
        WorkingGroupMember.group_id == group.id, WorkingGroupMember.role == "coordinator"
    )).scalar_one()


def change_group_member(actor, group: WorkingGroup, member: WorkingGroupMember, role: str | None) -> None:
    """Give a member another role, or remove them (role None). A group keeps one coordinator."""
    _require_group_manager(actor, group)
    if member.group_id != group.id:
        raise ForumError(_("This person is not a member of this group."), "user")
    if role is not None and role not in GROUP_ROLES:
        raise ForumError(_("Choose a role."), "role")
    if member.is_coordinator and role != "coordinator" and _coordinator_count(group) <= 1:
        raise ForumError(_("A working group needs at least one coordinator. Name another one first."), "role")
    user = member.user
    if role is None:
        db.session.delete(member)
        details = log_details("group_removed", username=user.username)
    else:
        member.role = role
        details = log_details("group_role", username=user.username, role=role)
    db.session.flush()
    forget_principal(user)
    log_moderation(actor, "group.change_member", "working_group", group.id, target_label=group.name, details=details)

