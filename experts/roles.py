"""What each back-office role may do with experts and publications (merged by setup_roles)."""

from hospital.roles import COORDINATOR, EDITOR, PHYSICIAN, TRANSLATOR, crud

CONTENT = ("expert", "trainingentry", "certificate", "publication", "authorship", "spokenlanguage")
TRANSLATED = ("expert", "trainingentry", "certificate", "spokenlanguage")  # experts/translation.py

ROLE_PERMISSIONS = {
    EDITOR: [
        *[perm for model in CONTENT for perm in crud("experts", model)],
        "experts.publish_expert",
        "experts.edit_all_experts",
    ],
    # Translators change what has text in languages; papers and their author lists have none.
    TRANSLATOR: [
        *[perm for model in TRANSLATED for perm in crud("experts", model, ("view", "change"))],
        *[perm for model in CONTENT if model not in TRANSLATED for perm in crud("experts", model, ("view",))],
        "experts.edit_all_experts",
    ],
    # Physicians work on their own profile (Expert.user) only; the admin enforces "own".
    PHYSICIAN: [
        *crud("experts", "expert", ("view", "change")),
        *crud("experts", "trainingentry"),
        *crud("experts", "certificate"),
        *crud("experts", "publication"),
        *crud("experts", "authorship"),
        "experts.view_spokenlanguage",
    ],
    COORDINATOR: [],
}
