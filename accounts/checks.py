"""System checks for sign-in: two-factor must not be switched off for the roles that need it."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def check_two_factor(app_configs=None, **kwargs):
    if "Coordinator" not in settings.TWO_FACTOR_REQUIRED_GROUPS:
        return [
            checks.Warning(
                "Two-factor sign-in is not required for Coordinators, who open patients' medical reports.",
                hint="Keep 'Coordinator' in TWO_FACTOR_REQUIRED_GROUPS.",
                id="accounts.W001",
            )
        ]
    return []
