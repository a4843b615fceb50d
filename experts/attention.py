"""What the admin home shows about expert profiles: all of them to editors, their own to physicians."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from backoffice.dashboard import Attention, changelist_url, watch

from .admin import edits_all_experts
from .completeness import PROFILE_GAPS
from .models import Expert


@watch
def incomplete_profiles(request):
    if not request.user.has_perm("experts.view_expert"):
        return
    # As in the admin: a physician sees only their own profile.
    everyone = edits_all_experts(request)
    queryset = Expert.objects.all() if everyone else Expert.objects.filter(user=request.user)
    counts = queryset.aggregate(**{name: Count("pk", filter=Q(q())) for name, (_label, q) in PROFILE_GAPS.items()})
    title = _("Expert profiles") if everyone else _("Your profile")
    for name, (label, _q) in PROFILE_GAPS.items():
        yield title, Attention(label, counts[name], changelist_url(Expert, gap=name))
