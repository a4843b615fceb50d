"""Back-office permissions of the translation workflow (joined by `setup_roles`)."""

from hospital.roles import EDITOR, TRANSLATOR

ROLE_PERMISSIONS = {
    EDITOR: ["translations.view_translationstate"],
    TRANSLATOR: ["translations.view_translationstate", "translations.translate_content"],
}
