"""Template context every public page needs: menu, hospitals for the footer and their WhatsApp desks, site name."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request):
    # Lazy, so pages that never show a menu (the admin) never query for it.
    from .models import Hospital, Page
    from .pagecache import memo

    hospitals = SimpleLazyObject(lambda: memo("footer-hospitals", compute=lambda: list(Hospital.objects.all())))
    return {
        "SITE_NAME": settings.SITE_NAME,
        # On every page: built once per change of pages or hospitals (hospital.pagecache.memo).
        "menu_pages": SimpleLazyObject(lambda: memo("menu-tree", compute=Page.menu_tree)),
        "footer_hospitals": hospitals,
        # The same list: hospitals whose international desk answers on WhatsApp.
        "whatsapp_desks": SimpleLazyObject(lambda: [hospital for hospital in hospitals if hospital.whatsapp]),
    }
