"""The translators' workspace in the admin: queue, overview, the translation view, export and import."""

import base64
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backoffice.revisions import FieldChange
from hospital.i18n import DEFAULT_LANGUAGE, bcp47, localized

from . import exchange, formats
from .access import languages_of, may_see_workspace, may_translate, queue_languages
from .forms import ExportForm, ImportForm, translation_form
from .models import Status
from .queue import overview, queue_rows, resolve_rows
from .state import is_rich_text, states_of, sync_object, translated_fields, value_of

LANGUAGE_NAMES = dict(settings.LANGUAGES)
SESSION_KEY = "translations:import"


def _context(admin_site, request, title, **extra):
    return {**admin_site.each_context(request), "title": title, "language_names": LANGUAGE_NAMES, **extra}


def _require_workspace(request):
    if not may_see_workspace(request.user):
        raise PermissionDenied


def queue_view(admin_site, request):
    _require_workspace(request)
    languages = queue_languages(request.user)
    language = request.GET.get("language")
    if language:
        if language not in languages:
            raise Http404
        languages = [language]
    content_type = None
    if type_id := request.GET.get("type"):
        content_type = ContentType.objects.filter(pk=type_id if type_id.isdigit() else 0).first()
        if content_type is None:
            raise Http404
    status = request.GET.get("status") if request.GET.get("status") in Status.values else None
    page = Paginator(queue_rows(languages, content_type, status), 50).get_page(request.GET.get("page"))
    rows = resolve_rows(page.object_list)
    context = _context(admin_site, request, _("Translation queue"), rows=rows, page_obj=page,
                       languages=queue_languages(request.user), language=language, content_type=content_type,
                       status=status, may_translate=languages_of(request.user),
                       selectable=bool(language) and language in languages_of(request.user))  # fmt: skip
    return TemplateResponse(request, "translations/admin/queue.html", context)


def overview_view(admin_site, request):
    _require_workspace(request)
    languages = queue_languages(request.user)
    context = _context(admin_site, request, _("Translation overview"), table=overview(languages), languages=languages)
    return TemplateResponse(request, "translations/admin/overview.html", context)


@dataclass
class FieldRow:
    name: str
    label: str
    source: str
    source_is_html: bool
    bound: object
    status: str
    diff: str


def _source_html(obj, name):
    text = value_of(obj, name, DEFAULT_LANGUAGE)
    # Rich text is sanitised on save (hospital.richtext); plain text is escaped.
    return mark_safe(text) if is_rich_text(type(obj), name) else escape(text)


def translate_view(admin_site, request, content_type_id, object_id, language):
    _require_workspace(request)
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    if model is None or not translated_fields(model) or language not in LANGUAGE_NAMES or language == DEFAULT_LANGUAGE:
        raise Http404
    obj = get_object_or_404(model._default_manager, pk=object_id)
    if not may_translate(request.user, obj, language):
        raise PermissionDenied
    form = translation_form(obj, language, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        saved = set()
        for name, value in form.cleaned_data.items():
            setattr(obj, localized(name, language), value or "")
            if value:
                saved.add((name, language))
        obj._change_reason = "translation"
        obj._history_user = request.user
        obj.save()
        sync_object(obj, mark_current=saved)
        messages.success(request, _("The translation was saved."))
        return redirect(f"{reverse('admin:translations_queue')}?language={language}")
    states = states_of(obj, language)
    rows = []
    for name in form.fields:
        state = states.get(name)
        diff = ""
        if state is not None and state.status == Status.OUTDATED:
            diff = FieldChange(None, state.source_text, value_of(obj, name, DEFAULT_LANGUAGE)).inline_diff
        label = model._meta.get_field(localized(name, DEFAULT_LANGUAGE)).verbose_name
        label = str(label).removesuffix(" [en]")
        rows.append(FieldRow(name, label, _source_html(obj, name), is_rich_text(model, name), form[name],
                             state.status if state else "", diff))  # fmt: skip
    title = _("Translate “%(object)s” into %(language)s") % {"object": obj, "language": LANGUAGE_NAMES[language]}
    context = _context(
        admin_site, request, title, obj=obj, opts=model._meta, language=language, lang_tag=bcp47(language),
        rows=rows, form=form,
        bidi=language in settings.LANGUAGES_BIDI,
    )  # fmt: skip
    return TemplateResponse(request, "translations/admin/translate.html", context)


def export_view(admin_site, request):
    _require_workspace(request)
    if not request.user.has_perm("translations.translate_content"):
        raise PermissionDenied
    form = ExportForm(request.POST or None, user=request.user, content_types=exchange.content_type_choices())
    if request.method == "POST" and form.is_valid():
        from .models import TranslationState

        language, kind = form.cleaned_data["language"], form.cleaned_data["format"]
        states = TranslationState.objects.to_do().filter(language=language)
        if form.cleaned_data["content_type"]:
            states = states.filter(content_type_id=form.cleaned_data["content_type"])
        if selected := _selected_objects(request.POST.getlist("object")):
            match = Q()
            for content_type_id, object_id in selected:
                match |= Q(content_type_id=content_type_id, object_id=object_id)
            states = states.filter(match)
        segments = exchange.export_segments(language, states)
        if not segments:
            messages.info(request, _("Nothing is missing or outdated in this selection."))
            return redirect("admin:translations_export")
        spec = formats.FORMATS[kind]
        response = HttpResponse(spec["write"](segments, language), content_type=spec["mime"])
        response["Content-Disposition"] = f'attachment; filename="translations-{language}.{spec["extension"]}"'
        return response
    return TemplateResponse(
        request, "translations/admin/export.html", _context(admin_site, request, _("Export for translation"), form=form)
    )


def _selected_objects(values):
    """`["12-3", ...]` (content type - object id, the queue's checkboxes) as pairs of ints; junk is dropped."""
    pairs = []
    for value in values[:1000]:
        content_type_id, _sep, object_id = value.partition("-")
        if content_type_id.isdigit() and object_id.isdigit():
            pairs.append((int(content_type_id), int(object_id)))
    return pairs


def import_view(admin_site, request):
    _require_workspace(request)
    if not request.user.has_perm("translations.translate_content"):
        raise PermissionDenied
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm_import(admin_site, request)
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    plan = error = None
    if request.method == "POST" and form.is_valid():
        upload, language = form.cleaned_data["file"], form.cleaned_data["language"]
        content = upload.read()
        try:
            plan = exchange.plan_import(content, upload.name, language)
        except formats.ExchangeFormatError as exc:
            error = str(exc)
        else:
            token = secrets.token_urlsafe(16)
            request.session[SESSION_KEY] = {"token": token, "name": upload.name, "language": language,
                                            "content": base64.b64encode(content).decode()}  # fmt: skip
            context = _context(admin_site, request, _("Import preview"), plan=plan, token=token,
                               language_name=LANGUAGE_NAMES[language])  # fmt: skip
            return TemplateResponse(request, "translations/admin/import_preview.html", context)
    context = _context(admin_site, request, _("Import translations"), form=form, error=error)
    return TemplateResponse(request, "translations/admin/import.html", context)


def _confirm_import(admin_site, request):
    pending = request.session.get(SESSION_KEY)
    if (
        not pending
        or pending["token"] != request.POST.get("token")
        or pending["language"] not in languages_of(request.user)
    ):
        messages.error(request, _("This import preview has expired; upload the file again."))
        return redirect("admin:translations_import")
    del request.session[SESSION_KEY]
    try:
        plan = exchange.plan_import(base64.b64decode(pending["content"]), pending["name"], pending["language"])
    except formats.ExchangeFormatError as exc:
        messages.error(request, str(exc))
        return redirect("admin:translations_import")
    allowed = [r for r in plan.to_apply if may_translate(request.user, r.obj, plan.language)]
    plan.results = allowed + [r for r in plan.results if r.outcome != exchange.APPLY]
    written = exchange.apply_plan(plan, request.user)
    messages.success(request, ngettext("%(count)d translation was applied.", "%(count)d translations were applied.",
                                       written) % {"count": written})  # fmt: skip
    if stale := len(plan.with_outcome(exchange.STALE)):
        message = ngettext("%(count)d segment was stale and not applied.",
                           "%(count)d segments were stale and not applied.", stale)  # fmt: skip
        messages.warning(request, message % {"count": stale})
    return redirect(f"{reverse('admin:translations_queue')}?language={plan.language}")
