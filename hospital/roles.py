"""The back-office roles and their permissions.

Each app lists what its models grant in a `roles.py` with a `ROLE_PERMISSIONS` dict
(role name -> permission codenames as "app_label.codename"); `setup_roles` joins them.
"""

from .registry import app_modules

EDITOR = "Editor"
TRANSLATOR = "Translator"
PHYSICIAN = "Physician"
COORDINATOR = "Coordinator"
ROLES = (EDITOR, TRANSLATOR, PHYSICIAN, COORDINATOR)


def crud(app_label, model, actions=("view", "add", "change", "delete")):
    return [f"{app_label}.{action}_{model}" for action in actions]


ROLE_PERMISSIONS = {
    EDITOR: [
        *crud("hospital", "page"),
        "hospital.publish_page",
        *crud("hospital", "hospital"),
        *crud("hospital", "department"),
        *crud("hospital", "specialty"),
    ],
    TRANSLATOR: [
        *crud("hospital", "page", ("view", "change")),
        *crud("hospital", "hospital", ("view", "change")),
        *crud("hospital", "department", ("view", "change")),
        *crud("hospital", "specialty", ("view", "change")),
    ],
    PHYSICIAN: [],
    COORDINATOR: [],
}


def all_role_permissions():
    """`{role: set of "app_label.codename"}` over every installed app's roles module."""
    merged = {role: set() for role in ROLES}
    for module in app_modules("roles"):
        for role, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            merged.setdefault(role, set()).update(perms)
    return merged


def setup_roles():
    """Create or update the role groups so each has exactly its listed permissions."""
    from django.contrib.auth.models import Group, Permission

    summary = {}
    for role, perms in all_role_permissions().items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in sorted(perms):
            app_label, codename = dotted.split(".", 1)
            wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)
        summary[role] = len(wanted)
    return summary
