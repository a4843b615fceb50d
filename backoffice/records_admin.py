"""Records the system writes and nobody edits here: the access log, sign-in events, second-factor devices.

Put `ReadOnlyAdminMixin` first in the bases of such a model's admin: only active superusers see the
module and read its entries; nobody adds or changes one. `removable = True` lets superusers delete an
entry (a lost phone's device), nothing more.
"""


class ReadOnlyAdminMixin:
    removable = False

    @staticmethod
    def _reads_records(request):
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self._reads_records(request)

    def has_view_permission(self, request, obj=None):
        return self._reads_records(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.removable and self._reads_records(request)
