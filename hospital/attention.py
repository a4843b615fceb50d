"""What the admin home shows about CMS pages: the ones not published yet."""

from django.utils.translation import gettext_lazy as _

from backoffice.dashboard import Attention, changelist_url, watch

from .models import Page


@watch
def unpublished_pages(request):
    if request.user.has_perm("hospital.change_page"):
        count = Page.objects.filter(published=False).count()
        yield Page._meta.verbose_name_plural, Attention(_("Drafts"), count, changelist_url(Page, published__exact=0))
