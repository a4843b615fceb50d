"""Production settings (hospital.settings with debug off) as the benchmark serves them.

Two differences only: mail goes nowhere (the machine has no mail server; a consultation still
queues its e-mails), and the consultation rate limit is lifted (every request comes from 127.0.0.1).
"""

from hospital.settings import *  # noqa: F403

MAILERS = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
CONSULTATION_RATE_LIMIT = "100000000/h"
