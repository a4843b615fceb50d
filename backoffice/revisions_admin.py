"""Revisions in the admin: the History button lists an object's revisions, compares any two, restores one.

Add `RevisionsAdminMixin` first in the bases of the admin of a model listed in backoffice.history.
Restoring needs the change permission on the object and sets only the fields the user's own admin
form lets them edit, so a translator never restores a publish state and a physician never an
official field.

The changelist's "Deleted items" lists objects deleted since (from their deletion revision) and
restores one, with every language, its links and its old id. That needs both the add and the
delete permission (`may_restore_deleted`): restoring creates the object again, and seeing what was
deleted is for those who may delete. An admin narrows it further by overriding the method.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from .history import open_revision
from .revisions import (
    changed_fields,
    changed_links,
    deleted_revisions,
    describe_reason,
    diff,
    plan_deleted_restore,
    plan_restore,
    restore,
    restore_deleted,
    revision_fields,
    revision_links,
)

REVISIONS_PER_PAGE = 50


class RevisionsAdminMixin:
    def _url_name(self, view):
        return f"{self.opts.app_label}_{self.opts.model_name}_{view}"

    def _url(self, view, obj):
        return reverse(f"admin:{self._url_name(view)}", args=[obj.pk], current_app=self.admin_site.name)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/history/compare/", view(self.revision_compare_view),
                 name=self._url_name("revision_compare")),
            path("<path:object_id>/history/<int:history_id>/restore/", view(self.revision_restore_view),
                 name=self._url_name("revision_restore")),
            path("deleted/", view(self.deleted_list_view), name=self._url_name("deleted")),
            path("deleted/<int:history_id>/restore/", view(self.deleted_restore_view),
                 name=self._url_name("deleted_restore")),
            *super().get_urls(),
        ]  # fmt: skip

    def save_model(self, request, obj, form, change):
        # The form's many-to-many fields are saved after the object: their links join this revision.
        open_revision(obj)
        super().save_model(request, obj, form, change)

    def may_restore_deleted(self, request):
        return self.has_add_permission(request) and self.has_delete_permission(request)

    def changelist_view(self, request, extra_context=None):
        if self.may_restore_deleted(request):
            url = reverse(f"admin:{self._url_name('deleted')}", current_app=self.admin_site.name)
            extra_context = {**(extra_context or {}), "deleted_items_url": url}
        return super().changelist_view(request, extra_context)

    # --- helpers ------------------------------------------------------------------------------

    def _revision_object(self, request, object_id, *, change=False):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        permitted = self.has_change_permission if change else self.has_view_or_change_permission
        if not permitted(request, obj):
            raise PermissionDenied
        return obj

    def _revision_context(self, request, obj, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": str(obj),
            "object": obj,
            "opts": self.opts,
            "history_url": self._url("history", obj),
            "change_url": self._url("change", obj),
            "compare_url": self._url("revision_compare", obj),
            "can_restore": self.has_change_permission(request, obj),
            **extra,
        }

    def _revisions(self, obj):
        return obj.history.select_related("history_user").order_by("-history_date", "-history_id")

    # --- views --------------------------------------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        obj = self._revision_object(request, object_id)
        page = Paginator(self._revisions(obj), REVISIONS_PER_PAGE).get_page(request.GET.get("page"))
        revisions = list(page.object_list)
        # The next-older revision of the last row, to say what that one changed too.
        older_than_page = obj.history.filter(history_date__lte=revisions[-1].history_date).exclude(
            history_id__in=[r.history_id for r in revisions]).order_by("-history_date", "-history_id").first() \
            if revisions else None  # fmt: skip
        fields = revision_fields(type(obj))
        links = revision_links([*revisions, older_than_page])
        rows = []
        for index, revision in enumerate(revisions):
            previous = revisions[index + 1] if index + 1 < len(revisions) else older_than_page
            changed = []
            if revision.history_type != "-":
                old_links = links.get(previous.history_id) if previous is not None else {}
                changed = changed_fields(previous, revision, fields) + changed_links(
                    type(obj), old_links, links.get(revision.history_id)
                )
            rows.append({"revision": revision, "previous": previous, "changed": changed,
                         "reason": describe_reason(revision.history_change_reason)})  # fmt: skip
        context = self._revision_context(request, obj, _("Revisions"), rows=rows, page_obj=page,
                                         **(extra_context or {}))  # fmt: skip
        return TemplateResponse(request, "backoffice/revisions.html", context)

    def revision_compare_view(self, request, object_id):
        obj = self._revision_object(request, object_id)
        revisions = obj.history.select_related("history_user")
        try:
            chosen = [int(request.GET[key]) for key in ("older", "newer")]
        except (KeyError, ValueError):
            messages.error(request, _("Choose two revisions to compare."))
            return redirect(self._url("history", obj))
        found = {revision.history_id: revision for revision in revisions.filter(history_id__in=chosen)}
        if len(found) != len(set(chosen)):
            raise Http404
        older, newer = sorted((found[pk] for pk in chosen), key=lambda r: (r.history_date, r.history_id))
        context = self._revision_context(request, obj, _("Compare revisions"), older=older, newer=newer,
                                         changes=diff(older, newer))  # fmt: skip
        return TemplateResponse(request, "backoffice/revision_compare.html", context)

    def revision_restore_view(self, request, object_id, history_id):
        obj = self._revision_object(request, object_id, change=True)
        revision = obj.history.filter(history_id=history_id).exclude(history_type="-").first()
        if revision is None:
            raise Http404
        editable = set(self.get_form(request, obj).base_fields)
        plan = plan_restore(revision, obj, editable)
        if request.method == "POST":
            try:
                restore(plan)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                self.log_change(request, obj, [{"changed": {"fields": [c.field.label for c in plan.changes]}}])
                messages.success(request, _("The revision was restored; this is recorded as a new revision."))
                return redirect(self._url("history", obj))
        context = self._revision_context(request, obj, _("Restore this revision"), revision=revision, plan=plan)
        return TemplateResponse(request, "backoffice/revision_restore.html", context)

    # --- deleted objects ----------------------------------------------------------------------

    def _deleted_context(self, request, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "deleted_url": reverse(f"admin:{self._url_name('deleted')}", current_app=self.admin_site.name),
            **extra,
        }

    def deleted_list_view(self, request):
        if not self.may_restore_deleted(request):
            raise PermissionDenied
        page = Paginator(deleted_revisions(self.model), REVISIONS_PER_PAGE).get_page(request.GET.get("page"))
        context = self._deleted_context(request, _("Deleted %(items)s") % {"items": self.opts.verbose_name_plural},
                                        page_obj=page)  # fmt: skip
        return TemplateResponse(request, "backoffice/deleted_list.html", context)

    def deleted_restore_view(self, request, history_id):
        if not self.may_restore_deleted(request):
            raise PermissionDenied
        record = deleted_revisions(self.model).filter(history_id=history_id).first()
        if record is None:
            raise Http404
        plan = plan_deleted_restore(record)
        if request.method == "POST":
            try:
                obj = restore_deleted(plan)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                self.log_addition(request, obj, describe_reason(obj._change_reason))
                for label, old, new in plan.renamed:
                    message = _("The address %(old)s (%(field)s) is taken by another item now; the restored item "
                                "uses %(new)s.")  # fmt: skip
                    messages.warning(request, message % {"old": old, "field": label, "new": new})
                messages.success(request, _("“%(item)s” was restored; this is recorded as a new revision.")
                                 % {"item": obj})  # fmt: skip
                return redirect(self._url("change", obj))
        context = self._deleted_context(request, _("Restore a deleted item"), record=record, plan=plan,
                                        subtitle=str(plan.obj))  # fmt: skip
        return TemplateResponse(request, "backoffice/deleted_restore.html", context)
