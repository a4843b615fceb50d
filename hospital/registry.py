"""Per-app parts found by convention: `<app>/roles.py`, `sitemaps.py`, `demo.py`, `search_indexes.py`."""

import sys

from django.apps import apps
from django.utils.module_loading import autodiscover_modules


def app_modules(module_name):
    """Every installed app's `module_name` module, imported by Django's `autodiscover_modules`.

    In INSTALLED_APPS order, so an app's parts come after those of the apps it builds on.
    """
    autodiscover_modules(module_name)
    found = (sys.modules.get(f"{config.name}.{module_name}") for config in apps.get_app_configs())
    return [module for module in found if module is not None]
