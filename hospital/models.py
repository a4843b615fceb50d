"""Site-wide content: hospitals, departments, the specialty taxonomy and the CMS page tree."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .content import PublishedFlagQuerySet, TranslatedContent
from .converters import PagePathConverter
from .i18n import language_codes, localized
from .images import Picture, sync_renditions, validate_image_file
from .phones import E164_PATTERN, international_format, normalize_phone, validate_phone
from .richtext import RichTextField
from .signals import pages_moved


class Hospital(models.Model):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=100)
    address = models.TextField(_("address"), blank=True)
    phones = models.TextField(_("phone numbers"), blank=True, help_text=_("One number per line."))
    email = models.EmailField(_("e-mail"), blank=True)
    whatsapp = models.CharField(
        _("WhatsApp of the international desk"), max_length=32, blank=True, validators=[validate_phone],
        help_text=_("With the country code, e.g. +86 139 2229 1866. Shown as a click-to-chat link in the footer "
                    "and on the consultation page."),
    )  # fmt: skip
    website = models.URLField(_("website"), blank=True)
    description = RichTextField(_("description"), blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Shanghai", help_text=_("IANA name, e.g. Asia/Shanghai.")
    )
    logo = models.ImageField(_("logo"), upload_to="hospitals/", blank=True, validators=[validate_image_file])
    logo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    order = models.PositiveIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("hospital")
        verbose_name_plural = _("hospitals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(whatsapp="") | models.Q(whatsapp__regex=E164_PATTERN),
                name="hospital_whatsapp_e164",
                violation_error_message=_("Enter the WhatsApp number in international format, e.g. +8613922291866."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self._normalize_whatsapp()
        sync_renditions(self, "logo", "logo_renditions")
        super().save(*args, **kwargs)

    def clean(self):
        from zoneinfo import available_timezones

        if self.time_zone not in available_timezones():
            raise ValidationError({"time_zone": _("Unknown time zone.")})
        # Before the constraint is checked: "+86 139 2229 1866" is stored as "+8613922291866".
        self._normalize_whatsapp()

    def _normalize_whatsapp(self):
        try:
            self.whatsapp = normalize_phone(self.whatsapp) if self.whatsapp else ""
        except ValidationError:
            pass  # left as typed: the field validator or the database constraint refuses it

    @property
    def whatsapp_url(self):
        """Click-to-chat link (`https://wa.me/<digits>`): nothing the visitor typed goes with it."""
        return f"https://wa.me/{self.whatsapp.removeprefix('+')}" if self.whatsapp else ""

    @property
    def whatsapp_display(self):
        return international_format(self.whatsapp) if self.whatsapp else ""

    @property
    def phone_list(self):
        return [line.strip() for line in self.phones.splitlines() if line.strip()]

    @property
    def logo_picture(self):
        return Picture(self.logo_renditions)


class Department(models.Model):
    hospital = models.ForeignKey(Hospital, models.CASCADE, related_name="departments", verbose_name=_("hospital"))
    name = models.CharField(_("name"), max_length=200)
    description = RichTextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["hospital__order", "order", "pk"]
        verbose_name = _("department or centre")
        verbose_name_plural = _("departments and centres")

    def __str__(self):
        return f"{self.name} ({self.hospital.short_name or self.hospital.name})"


class SpecialtyQuerySet(models.QuerySet):
    def specialties(self):
        return self.filter(kind=Specialty.Kind.SPECIALTY)

    def cancer_types(self):
        return self.filter(kind=Specialty.Kind.CANCER_TYPE)


class Specialty(models.Model):
    """One taxonomy for experts, news and consultations: treatments/disciplines and cancer types."""

    class Kind(models.TextChoices):
        SPECIALTY = "specialty", _("Specialty or treatment")
        CANCER_TYPE = "cancer_type", _("Cancer type")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SPECIALTY)
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("display order"), default=0)

    objects = SpecialtyQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "order", "name"]
        verbose_name = _("specialty or cancer type")
        verbose_name_plural = _("specialties and cancer types")

    def __str__(self):
        return self.name


class PageQuerySet(PublishedFlagQuerySet):
    def in_menu(self):
        return self.filter(in_menu=True)

    def by_path(self, path, language=None):
        return self.filter(**{localized("url_path", language): path})

    def below(self, page):
        """The descendants of `page` as last saved, parents before their children."""
        return self.filter(sort_key__startswith=f"{page.sort_key}/").order_by("sort_key")


# What a page derives from its place in the tree (see `Page._derive_tree_fields()`).
TREE_FIELDS = ("depth", "sort_key", "ancestor_ids")


class Page(TranslatedContent):
    """A CMS page in a tree; its URL is the path of translated slugs from the root."""

    address_fields = ("slug", "url_path")

    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent page")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=100, allow_unicode=True, blank=True,
        help_text=_("Part of the address; made from the title when left empty."),
    )  # fmt: skip
    body = RichTextField(_("body"), blank=True)
    seo_title = models.CharField(_("SEO title"), max_length=200, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order among siblings"), default=0)
    in_menu = models.BooleanField(_("show in menu"), default=True)
    published = models.BooleanField(_("published"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Derived on save, so menus, breadcrumbs and URL lookups need no recursion.
    url_path = models.CharField(max_length=500, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(default=1, editable=False)
    sort_key = models.CharField(max_length=255, editable=False, default="", db_index=True)
    ancestor_ids = models.JSONField(default=list, editable=False)

    objects = PageQuerySet.as_manager()

    # Slugs are unique by their whole path, checked in clean().
    unique_slugs = False

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        permissions = [("publish_page", _("Can publish pages"))]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """One save of the page, then one bulk update of its descendants when its place or paths changed."""
        self.fill_slugs()
        with transaction.atomic():
            before = Page.objects.filter(pk=self.pk).only(*self._derived_field_names()).first() if self.pk else None
            self._derive_tree_fields()
            super().save(*args, **kwargs)
            if before is None:
                # The sort key ends with the page's own id, known only now.
                self._derive_tree_fields()
                Page.objects.filter(pk=self.pk).update(sort_key=self.sort_key)
            elif any(getattr(before, name) != getattr(self, name) for name in self._derived_field_names()):
                self._update_descendants(before)

    def get_absolute_url(self):
        return reverse("hospital:page", kwargs={"path": getattr(self, localized("url_path"))})

    def _derived_field_names(self):
        return [*TREE_FIELDS, *(localized("url_path", code) for code in language_codes())]

    def _update_descendants(self, before):
        """Re-derive every descendant's path from its new parent, in one bulk update; then `tree_moved`."""
        by_id = {self.pk: self}
        descendants = list(Page.objects.below(before))
        for page in descendants:
            page.parent = by_id[page.parent_id]
            page._derive_tree_fields()
            by_id[page.pk] = page
        if descendants:
            Page.objects.bulk_update(descendants, self._derived_field_names())
            pages_moved.send(sender=Page, pages=descendants)

    def clean(self):
        if self.parent_id and self.pk and (self.parent_id == self.pk or self.pk in self.parent.ancestor_ids):
            raise ValidationError({"parent": _("A page cannot be placed below itself.")})
        super().clean()
        for code in language_codes():
            path = self._path_in(code)
            if PagePathConverter.is_reserved(path):
                raise ValidationError({localized("slug", code): _("This address is used by another part of the site.")})
            if Page.objects.exclude(pk=self.pk).by_path(path, code).exists():
                raise ValidationError({localized("slug", code): _("Another page already has this address.")})

    def _slug_in(self, language):
        return getattr(self, localized("slug", language)) or self.default_slug

    def _path_in(self, language):
        prefix = getattr(self.parent, localized("url_path", language)) + "/" if self.parent else ""
        return prefix + self._slug_in(language)

    def _derive_tree_fields(self):
        parent = self.parent
        self.depth = parent.depth + 1 if parent else 1
        self.ancestor_ids = [*parent.ancestor_ids, parent.pk] if parent else []
        own_key = f"{self.order:05d}.{self.pk or 0:08d}"
        self.sort_key = f"{parent.sort_key}/{own_key}" if parent else own_key
        for code in language_codes():
            setattr(self, localized("url_path", code), self._path_in(code))

    def ancestors(self):
        """Ancestors root first, in one query."""
        by_id = Page.objects.in_bulk(self.ancestor_ids)
        return [by_id[pk] for pk in self.ancestor_ids if pk in by_id]

    def published_children(self):
        return list(self.children.published().order_by("sort_key"))

    @property
    def meta_title(self):
        return self.seo_title or self.title

    @staticmethod
    def menu_tree():
        """Top-level menu pages with their menu children, in one query."""
        pages = list(Page.objects.published().in_menu().filter(depth__lte=2))
        by_id = {page.pk: page for page in pages}
        roots = []
        for page in pages:
            page.menu_children = []
        for page in pages:
            if page.parent_id is None:
                roots.append(page)
            elif page.parent_id in by_id:
                by_id[page.parent_id].menu_children.append(page)
        return roots
