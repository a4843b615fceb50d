"""Which content keeps revisions (django-simple-history), registered here so the apps' models stay as they are.

The historical tables live in this app (`app="backoffice"`), with their migrations. Registration runs in
`BackOfficeConfig.ready()`, after modeltranslation has added the per-language fields, so every language
of a translated field is recorded. Saves and deletes are recorded by signals (admin, bulk actions that
save, commands); bulk writes go through `simple_history.utils.bulk_create_with_history`.
"""

from django.apps import apps
from simple_history import register

#: "app_label.ModelName" of every model whose changes are kept.
TRACKED_MODELS = (
    "hospital.Hospital",
    "hospital.Department",
    "hospital.Specialty",
    "hospital.Page",
    "experts.Expert",
    "experts.TrainingEntry",
    "experts.Certificate",
    "experts.Publication",
    "experts.SpokenLanguage",
    "news.NewsItem",
    "news.KeyFigure",
    "news.Event",
    "news.Category",
    "news.Tag",
)


def tracked_models():
    return [apps.get_model(label) for label in TRACKED_MODELS]


def register_models():
    for model in tracked_models():
        if not hasattr(model, "history"):
            register(model, app="backoffice", manager_name="history", excluded_fields=_derived_fields(model))


def _derived_fields(model):
    # Renditions are regenerated from the image; storing them again in every revision adds nothing.
    return [field.name for field in model._meta.concrete_fields if field.name.endswith("_renditions")]
