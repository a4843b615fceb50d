"""Template context every public page needs: menu, hospitals for the footer and their WhatsApp desks, site name."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request):
    # Lazy, so pages that never show a menu (the admin) never query for it.
    from .models import Hospital, Page

    hospitals = SimpleLazyObject(lambda: list(Hospital.objects.all()))
    return {
        "SITE_NAME": settings.SITE_NAME,
        "menu_pages": SimpleLazyObject(Page.menu_tree),
        "footer_hospitals": hospitals,
        # The same list (one query): hospitals whose international desk answers on WhatsApp.
        "whatsapp_desks": SimpleLazyObject(lambda: [hospital for hospital in hospitals if hospital.whatsapp]),
    }
