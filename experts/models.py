"""Experts (physician profiles) and their publication lists."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from hospital.content import PublishedFlagQuerySet, TranslatedContent
from hospital.i18n import language_codes, localized, text_in
from hospital.images import Picture, sync_renditions, validate_image_file
from hospital.models import Department, Hospital, Specialty
from hospital.richtext import RichTextField

from .identifiers import (
    DOI_RESOLVER,
    PUBMED_URL,
    normalize_doi,
    normalize_language,
    normalize_pmid,
    text_language,
    title_key,
    validate_doi,
    validate_pmid,
)


class SpokenLanguage(models.Model):
    """A language an expert can consult in (Filipino, Cantonese… not only the site's languages)."""

    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("BCP 47 code, e.g. en, zh, th, fil."))
    name = models.CharField(_("name"), max_length=80)
    order = models.PositiveIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("spoken language")
        verbose_name_plural = _("spoken languages")

    def __str__(self):
        return self.name


class ExpertQuerySet(PublishedFlagQuerySet):
    def featured(self):
        return self.filter(featured=True)

    def search(self, text):
        """Experts whose name in any language or native script contains `text`."""
        text = (text or "").strip()
        if not text:
            return self
        query = Q(name_native__icontains=text)
        for code in language_codes():
            query |= Q(**{f"{localized('name', code)}__icontains": text})
        return self.filter(query)

    def coauthors_of(self, expert):
        """Experts who are authors of papers in `expert`'s list ("co-authors at our hospitals")."""
        return (
            self.filter(authorships__publication__experts=expert)
            .exclude(pk=expert.pk)
            .distinct()
            .order_by("order", "name")
        )

    def with_publication_count(self):
        """`publication_count` on each expert: a count per row read (a page of the admin's list), not a
        GROUP BY over every expert's publications."""
        links = (
            self.model.publications.through.objects.filter(expert=OuterRef("pk"))
            .order_by()
            .values("expert")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(publication_count=Coalesce(Subquery(links, output_field=models.IntegerField()), 0))

    def for_listing(self):
        """What a card needs: the expert with hospital and department, in one query."""
        return self.select_related("hospital", "department")

    def for_profile(self):
        """Everything a profile shows except publications, in five queries."""
        return self.for_listing().prefetch_related(
            Prefetch("specialties", queryset=Specialty.objects.order_by("kind", "order", "pk")),
            "languages",
            "training",
            "certificates",
        )


class Expert(TranslatedContent):
    name = models.CharField(_("name"), max_length=200)
    name_native = models.CharField(
        _("name in native script"), max_length=200, blank=True, help_text=_("For example 王立根 for Wang Ligen.")
    )
    name_native_language = models.CharField(
        _("language of the native name"), max_length=20, default="zh-Hans", blank=True,
        help_text=_("BCP 47 code, e.g. zh-Hans, zh-Hant, th, ar; empty if unknown."),
    )  # fmt: skip
    name_variants = models.TextField(
        _("name variants in author lists"), blank=True,
        help_text=_("One per line, as journals print the name: WANG Ligen, Wang L, Wang LG. Used to find the "
                    "expert among a paper's authors."),
    )  # fmt: skip
    slug = models.SlugField(
        _("slug"), max_length=200, allow_unicode=True, blank=True, db_index=True,
        help_text=_("Part of the address; made from the name when left empty."),
    )  # fmt: skip
    photo = models.ImageField(_("photo"), upload_to="experts/", blank=True, validators=[validate_image_file])
    photo_renditions = models.JSONField(default=dict, blank=True, editable=False)
    titles = models.TextField(_("titles"), blank=True, help_text=_("One per line, e.g. Chief Physician."))
    positions = models.TextField(
        _("positions"),
        blank=True,
        help_text=_("One per line, e.g. Director of the International Medical Exchange Center."),
    )
    summary = models.CharField(
        _("specialty statement"), max_length=300, blank=True,
        help_text=_("One sentence for cards and search results."),
    )  # fmt: skip
    hospital = models.ForeignKey(
        Hospital, models.SET_NULL, null=True, blank=True, related_name="experts", verbose_name=_("hospital")
    )
    department = models.ForeignKey(
        Department, models.SET_NULL, null=True, blank=True, related_name="experts", verbose_name=_("department")
    )
    specialties = models.ManyToManyField(
        Specialty, blank=True, related_name="experts", verbose_name=_("specialties and conditions treated")
    )
    languages = models.ManyToManyField(
        SpokenLanguage, blank=True, related_name="experts", verbose_name=_("languages spoken")
    )
    practice_since = models.PositiveSmallIntegerField(
        _("first year of practice"), null=True, blank=True,
        validators=[MinValueValidator(1940), MaxValueValidator(2100)],
    )  # fmt: skip
    biography = RichTextField(_("biography / interview"), blank=True)
    featured = models.BooleanField(_("featured on the home page"), default=False)
    order = models.PositiveIntegerField(_("display order"), default=0)
    published = models.BooleanField(_("published"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="expert",
        verbose_name=_("user account"), help_text=_("The physician's own account for self-service."),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ExpertQuerySet.as_manager()

    slug_source = "name"
    url_name = "experts:detail"
    source_required_message = _("Enter the name in English.")
    slug_taken_message = _("Another expert already has this address.")

    class Meta:
        ordering = ["order", "name", "pk"]
        # The directory and the home page's featured experts in their order (the name column of the
        # visitor's language), read from the index: a row holds every text in eight languages.
        indexes = [
            models.Index(fields=["featured", "published", "order"], name="expert_featured_order"),
            *(
                models.Index(fields=["published", "order", name, "id"], name=f"expert_order_{name}")
                for name in (localized("name", code) for code in language_codes())
            ),
        ]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        permissions = [
            ("publish_expert", _("Can publish experts")),
            ("edit_all_experts", _("Can see and edit every expert, not only one's own")),
        ]

    def __str__(self):
        return f"{self.name} / {self.name_native}" if self.name_native else self.name

    def save(self, *args, **kwargs):
        sync_renditions(self, "photo", "photo_renditions")
        super().save(*args, **kwargs)

    @property
    def variant_names(self):
        return [line.strip() for line in (self.name_variants or "").splitlines() if line.strip()]

    def clean(self):
        if self.department_id and self.hospital_id and self.department.hospital_id != self.hospital_id:
            raise ValidationError({"department": _("This department belongs to another hospital.")})
        if self.department_id and not self.hospital_id:
            self.hospital_id = self.department.hospital_id
        super().clean()

    @property
    def native_name(self):
        """The name in its native script, with its language (`{{ expert.native_name|lang_attr }}`)."""
        return text_in(self.name_native, self.name_native_language)

    @property
    def title_list(self):
        return [line.strip() for line in (self.titles or "").splitlines() if line.strip()]

    @property
    def position_list(self):
        return [line.strip() for line in (self.positions or "").splitlines() if line.strip()]

    @property
    def years_of_experience(self):
        if not self.practice_since:
            return None
        return max(0, datetime.date.today().year - self.practice_since)

    @property
    def picture(self):
        return Picture(self.photo_renditions)

    @property
    def specialty_list(self):
        return [s for s in self.specialties.all() if s.kind == Specialty.Kind.SPECIALTY]

    @property
    def condition_list(self):
        return [s for s in self.specialties.all() if s.kind == Specialty.Kind.CANCER_TYPE]


class TrainingEntry(models.Model):
    class Kind(models.TextChoices):
        EDUCATION = "education", _("Education")
        TRAINING = "training", _("Advanced training")
        FELLOWSHIP = "fellowship", _("Fellowship")
        MEMBERSHIP = "membership", _("Membership")

    expert = models.ForeignKey(Expert, models.CASCADE, related_name="training", verbose_name=_("expert"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TRAINING)
    institution = models.CharField(_("institution"), max_length=200)
    description = models.CharField(_("description"), max_length=300, blank=True)
    start_year = models.PositiveSmallIntegerField(_("from (year)"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("to (year)"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "start_year", "pk"]
        verbose_name = _("training or education entry")
        verbose_name_plural = _("training and education")

    def __str__(self):
        return self.institution

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The end year is before the start year.")})


class Certificate(models.Model):
    expert = models.ForeignKey(Expert, models.CASCADE, related_name="certificates", verbose_name=_("expert"))
    image = models.ImageField(_("image"), upload_to="certificates/", validators=[validate_image_file])
    image_renditions = models.JSONField(default=dict, blank=True, editable=False)
    caption = models.CharField(_("caption"), max_length=300)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self):
        return self.caption

    def save(self, *args, **kwargs):
        sync_renditions(self, "image", "image_renditions")
        super().save(*args, **kwargs)

    @property
    def picture(self):
        return Picture(self.image_renditions)


class PublicationQuerySet(models.QuerySet):
    def of_expert(self, expert):
        return self.filter(experts=expert)

    def newest_first(self):
        return self.order_by(models.F("year").desc(nulls_last=True), models.F("month").desc(nulls_last=True), "-pk")

    def for_listing(self):
        """Publications with their authors in order and the experts among them, in two queries.

        Of each author's expert only what a citation links with: a long list names the same
        expert hundreds of times, and a whole expert row holds every text in every language.
        """
        expert_fields = ["expert__published", *(f"expert__{localized('slug', code)}" for code in language_codes())]
        authorships = Authorship.objects.select_related("expert").only(
            "publication", "position", "name", *expert_fields
        )
        return self.prefetch_related(Prefetch("authorships", queryset=authorships.order_by("position")))


class NullsLastIndex(models.Index):
    """An index in an order with NULLs last, such as `F("year").desc(nulls_last=True)`.

    PostgreSQL gets NULLS LAST in the index, so it serves ORDER BY … DESC NULLS LAST. SQLite refuses NULLS
    LAST in CREATE INDEX; its descending order puts NULLs last anyway, so it gets the plain index.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "sqlite":
            names = [
                f"-{part.expression.name}" if isinstance(part, models.OrderBy) and part.descending else
                getattr(part, "expression", part).name
                for part in self.expressions
            ]  # fmt: skip
            plain = models.Index(fields=names, name=self.name, db_tablespace=self.db_tablespace)
            return plain.create_sql(model, schema_editor, using=using, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)


NEWEST_FIRST = [models.F("year").desc(nulls_last=True), models.F("month").desc(nulls_last=True), models.F("id").desc()]


class Publication(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("Original article")
        REVIEW = "review", _("Review")
        CASE_REPORT = "case_report", _("Case report")
        BOOK_CHAPTER = "book_chapter", _("Book chapter")
        CONFERENCE_PAPER = "conference_paper", _("Conference paper")

    class Status(models.TextChoices):
        PUBLISHED = "", _("Published")
        IN_PRESS = "in_press", _("In press")
        FORTHCOMING = "forthcoming", _("Forthcoming")
        ACCEPTED = "accepted", _("Accepted")
        SUBMITTED = "submitted", _("Submitted")

        @classmethod
        def of(cls, value):
            return value if value in cls.values else ""

    title = models.TextField(_("title"))
    journal = models.CharField(_("journal or source"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(1800), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        _("month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    volume = models.CharField(_("volume"), max_length=40, blank=True)
    issue = models.CharField(_("issue"), max_length=40, blank=True)
    pages = models.CharField(_("pages"), max_length=40, blank=True)
    doi = models.CharField(
        _("DOI"), max_length=255, unique=True, null=True, blank=True, validators=[validate_doi],
        help_text=_("Any written form is accepted; it is stored as 10.xxxx/… in lower case."),
    )  # fmt: skip
    pmid = models.CharField(
        _("PubMed id"), max_length=12, unique=True, null=True, blank=True, validators=[validate_pmid]
    )
    url = models.URLField(_("URL"), max_length=500, blank=True)
    status = models.CharField(
        _("publication status"), max_length=20, choices=Status.choices, default=Status.PUBLISHED, blank=True,
        help_text=_("For a paper not yet published (in press, forthcoming): shown instead of the year."),
    )  # fmt: skip
    more_authors = models.BooleanField(
        _("more authors than listed"), default=False, help_text=_("The author list ends with “et al.”.")
    )
    # Editors are not authors (RIS A2/ED, BibTeX `editor`, CSL `editor`); series editors are RIS A3,
    # CSL `collection-editor`. Kept as printed, for citations and exports; never matched to experts.
    editors = models.TextField(
        _("editors"), blank=True,
        help_text=_("Of the book or proceedings the paper appears in: one name per line, as printed."),
    )  # fmt: skip
    series_editors = models.TextField(
        _("series editors"), blank=True, help_text=_("Of the book series: one name per line, as printed.")
    )
    abstract = models.TextField(_("abstract"), blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.ARTICLE)
    sci_indexed = models.BooleanField(_("SCI-indexed"), default=False)
    language = models.CharField(_("language"), max_length=20, blank=True, help_text=_("e.g. en, zh."))
    experts = models.ManyToManyField(Expert, blank=True, related_name="publications", verbose_name=_("experts"))
    title_key = models.CharField(max_length=255, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = [models.F("year").desc(nulls_last=True), models.F("month").desc(nulls_last=True), "-pk"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        indexes = [
            models.Index(fields=["title_key", "year"], name="experts_pub_title_year"),
            # The admin's list of 100,000 in this order, unfiltered, by type or by year: read from an index.
            NullsLastIndex(*NEWEST_FIRST, name="experts_pub_newest"),
            NullsLastIndex(models.F("kind"), *NEWEST_FIRST, name="experts_pub_kind_newest"),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    def save(self, *args, **kwargs):
        self.doi = normalize_doi(self.doi) or None
        self.pmid = normalize_pmid(self.pmid) or None
        self.language = normalize_language(self.language)
        self.pages = (self.pages or "").replace("–", "-").replace("—", "-")
        self.title_key = title_key(self.title)
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        for field, normalize in (("doi", normalize_doi), ("pmid", normalize_pmid)):
            try:
                setattr(self, field, normalize(getattr(self, field)) or None)
            except ValidationError as error:
                errors[field] = error
        if errors:
            raise ValidationError(errors)

    @property
    def text_language(self):
        """The language of the title and abstract, for the `lang` of the element that shows them."""
        return text_language(self.language, self.title)

    @property
    def doi_url(self):
        return f"{DOI_RESOLVER}{self.doi}" if self.doi else ""

    @property
    def pubmed_url(self):
        return f"{PUBMED_URL}{self.pmid}/" if self.pmid else ""

    @property
    def author_names(self):
        return [authorship.name for authorship in self.authorships.all()]

    @property
    def editor_names(self):
        return [line.strip() for line in self.editors.splitlines() if line.strip()]

    @property
    def series_editor_names(self):
        return [line.strip() for line in self.series_editors.splitlines() if line.strip()]


class Authorship(models.Model):
    """One author of a publication, at their printed position, maybe an expert of this site."""

    publication = models.ForeignKey(
        Publication, models.CASCADE, related_name="authorships", verbose_name=_("publication")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name as printed"), max_length=200)
    expert = models.ForeignKey(
        Expert, models.SET_NULL, null=True, blank=True, related_name="authorships", verbose_name=_("expert")
    )

    class Meta:
        ordering = ["position"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints = [
            models.UniqueConstraint(fields=["publication", "position"], name="experts_authorship_unique_position")
        ]

    def __str__(self):
        return self.name
