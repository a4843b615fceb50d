"""What the admin home shows translators: objects missing or outdated in each of their languages."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from backoffice.dashboard import Attention, watch

from .access import languages_of
from .models import Status, TranslationState


@watch
def translation_work(request):
    if not request.user.has_perm("translations.translate_content"):
        return
    languages = languages_of(request.user)
    names = dict(settings.LANGUAGES)
    counts = {}
    rows = TranslationState.objects.to_do().in_languages(languages).values_list("language", "status", "content_type",
                                                                                 "object_id").distinct()  # fmt: skip
    for language, status, _type, _pk in rows.order_by():
        counts[(language, status)] = counts.get((language, status), 0) + 1
    queue = reverse("admin:translations_queue")
    for language in languages:
        title = _("Translations into %(language)s") % {"language": names[language]}
        yield title, Attention(_("Outdated"), counts.get((language, Status.OUTDATED), 0),
                               f"{queue}?language={language}&status=outdated", urgent=True)  # fmt: skip
        yield title, Attention(_("Missing"), counts.get((language, Status.MISSING), 0),
                               f"{queue}?language={language}&status=missing")  # fmt: skip
