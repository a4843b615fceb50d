"""Settings for the hospital platform, read from the environment.

With nothing set the site runs on SQLite and local files (the embedded default);
DATABASE_URL, REDIS_URL and the storage variables move it to production services.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DJANGO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")
# Required to serve with debug off (hospital/startup.py refuses to start without it); commands
# that never sign anything (makemigrations, compilemessages) run without one.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or ("django-insecure-local-development-only" if DEBUG else "")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    # Django's admin with the back office's site (dashboard home, preferences); see backoffice/apps.py.
    "backoffice.apps.BackOfficeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_prose_editor",  # the admin's rich-text editor (static files and its JS catalogue)
    "hospital",
    "experts",
    "news",
    "consultations",
    "search",
    "accounts",
    "simple_history",
    "backoffice",
    "translations",  # translation state per field and language, translators' workspace, XLIFF/PO
]

MIDDLEWARE = [
    # First: everything below (rate limits, access log, lockout) sees the real client address.
    "hospital.client_address.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A database outage becomes a localized 503 (it needs the language, so it answers in
    # process_exception, after LocaleMiddleware has run).
    "hospital.outage.DatabaseOutageMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages compressed for slow mobile connections (Django adds "Heal The Breach" padding against
    # BREACH). Below WhiteNoise, which serves static files already compressed.
    # Anonymous pages from the shared cache (hospital/pagecache.py), stored compressed: above GZip.
    "hospital.pagecache.PageCacheMiddleware",
    # Django's, joining the kept fragments a page shows as they were compressed once (hospital.compression).
    "hospital.compression.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "hospital.headers.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # The back office in each staff member's chosen language (needs the user, so after auth).
    "backoffice.middleware.AdminLanguageMiddleware",
    # Revisions record who made them (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.StaffSessionMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: it turns the failed logins that the views above report into lockouts.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hospital.urls"
WSGI_APPLICATION = "hospital.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hospital.context_processors.site",
            ],
        },
    }
]

# Database: SQLite by default, anything dj-database-url understands through DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        # Kept for SQLite too: a new connection reads the schema again, ~3.5 ms of every page.
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Search's full-text and trigram lookups; only here, since it loads psycopg (11 MB per worker).
    INSTALLED_APPS.insert(INSTALLED_APPS.index("crispy_forms"), "django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis through REDIS_URL (or CACHE_URL), process memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "hospital"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous page cache (hospital/pagecache.py): pages and the version token of every table, shared
# by all worker processes and app servers: Redis with REDIS_URL, else files every local process sees.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", default=True)
# Costly parts (menus, a 300-paper publication list, year archives) built once per change.
FRAGMENT_CACHE_ENABLED = env_bool("FRAGMENT_CACHE", default=True)
PAGE_CACHE_DIR = Path(os.environ.get("DJANGO_PAGE_CACHE_DIR", VAR_DIR / "cache"))
if REDIS_URL:
    for _alias in ("pages", "page_versions"):
        CACHES[_alias] = {**CACHES["default"], "KEY_PREFIX": f"{CACHES['default']['KEY_PREFIX']}:{_alias}"}
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": PAGE_CACHE_DIR / "pages",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_MAX_ENTRIES", 20000))},
    }
    # Kept apart so that culling old pages never drops a version token.
    CACHES["page_versions"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": PAGE_CACHE_DIR / "versions",
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    }

# Background work: immediate in the embedded default, database-backed worker in production.
TASKS = {
    "default": {"BACKEND": os.environ.get("DJANGO_TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")}
}

# Sign-in: Argon2 first (older PBKDF2 hashes are upgraded at the next login); django-axes
# first, so a locked-out account or address is refused before its password is even checked.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
# Lockout state lives in the database, which every app process shares.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", 5))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", 15)))
# Locked per account and, separately, per client address (one guesser cannot lock everyone).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "hospital.client_address.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False  # sign-in events are recorded by accounts.signals, without passwords
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token", "passkey"]
# Staff sessions: 30 minutes idle, 12 hours at most from sign-in (accounts.middleware).
STAFF_SESSION_IDLE_SECONDS = int(os.environ.get("STAFF_SESSION_IDLE_SECONDS", 30 * 60))
STAFF_SESSION_MAX_SECONDS = int(os.environ.get("STAFF_SESSION_MAX_SECONDS", 12 * 60 * 60))
SESSION_COOKIE_AGE = STAFF_SESSION_MAX_SECONDS
# Two-factor sign-in (TOTP with recovery codes): required for these groups and superusers,
# offered to every staff user.
TWO_FACTOR_REQUIRED_GROUPS = env_list("TWO_FACTOR_REQUIRED_GROUPS", "Coordinator")
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "International Cancer Care")
OTP_STATIC_THROTTLE_FACTOR = 1
# Passkeys (WebAuthn) as the second factor in place of the code (accounts/passkeys.py). The
# relying party ID is the domain the passkeys belong to: a browser offers one only on that domain
# or its subdomains, so set it before anyone registers one (changing it later orphans them).
# Empty: the first domain name in ALLOWED_HOSTS ("localhost" for `make run`: open the site at
# http://localhost:8000, since browsers refuse an IP address as relying party).
PASSKEY_RP_ID = os.environ.get("PASSKEY_RP_ID", "")
# Origins the browser may report (scheme://host[:port]); empty: the one the request came to.
PASSKEY_ORIGINS = env_list("PASSKEY_ORIGINS")
# How long a registration or sign-in challenge stays valid (it is also used only once).
PASSKEY_CHALLENGE_SECONDS = int(os.environ.get("PASSKEY_CHALLENGE_SECONDS", 5 * 60))
# Number of reverse proxies in front of the app that append to X-Forwarded-For (0: use the
# connection's address and ignore forwarded headers), or their networks in CIDR notation.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", 0))
TRUSTED_PROXY_NETWORKS = env_list("DJANGO_TRUSTED_PROXY_NETWORKS")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("id", "Bahasa Indonesia"),
    ("ms", "Bahasa Melayu"),
    ("th", "ไทย"),
    ("vi", "Tiếng Việt"),
    ("bn", "বাংলা"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Asia/Shanghai")

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
MODELTRANSLATION_AUTO_POPULATE = False
MODELTRANSLATION_ENABLE_REGISTRATIONS = True
# The tabbed admin loads jQuery UI from the site itself (npm), never from a CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# Static files: project sources plus front-end packages installed from npm.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/jquery-ui", NODE_MODULES / "jquery-ui" / "dist"),
]

# Media: public files (photos, logos) and private files (medical reports) never share storage.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
PRIVATE_MEDIA_ROOT = Path(os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
# The site serves public media itself unless an object store or web server does it.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", default=not os.environ.get("AWS_STORAGE_BUCKET_NAME"))

# Where browsers fetch public media from when it is not this site (the CSP's img-src allows it).
MEDIA_ORIGINS = []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": os.environ.get(
            "DJANGO_STATICFILES_STORAGE", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    # S3-compatible object storage (hospital/object_storage.py): public media in one bucket, the
    # encrypted medical reports in another, private one. Credentials come from boto3's usual chain
    # (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, an instance role...); checks.py tests the private bucket.
    from botocore.config import Config as _BotoConfig

    _s3_options = {
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "client_config": _BotoConfig(
            s3={"addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None},
            connect_timeout=float(os.environ.get("AWS_S3_CONNECT_TIMEOUT", "5")),
            read_timeout=float(os.environ.get("AWS_S3_READ_TIMEOUT", "30")),
            retries={"mode": "standard", "max_attempts": int(os.environ.get("AWS_S3_MAX_ATTEMPTS", "3"))},
        ),
    }
    STORAGES["default"] = {
        "BACKEND": "hospital.object_storage.PublicMediaStorage",
        "OPTIONS": {
            **_s3_options,
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            # A CDN or the bucket's public host name; without it, URLs point at the endpoint.
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "url_protocol": os.environ.get("AWS_S3_URL_PROTOCOL", "https:"),
            # Stored names are never reused (renditions get a fresh folder), so caches may keep them.
            "object_parameters": {
                "CacheControl": os.environ.get("AWS_S3_MEDIA_CACHE_CONTROL", "public, max-age=31536000")
            },
        },
    }
    _media = STORAGES["default"]["OPTIONS"]
    if _media["custom_domain"]:
        MEDIA_ORIGINS = [f"{_media['url_protocol']}//{_media['custom_domain']}"]
    elif _media["endpoint_url"]:
        MEDIA_ORIGINS = [_media["endpoint_url"].rstrip("/")]
    else:  # AWS itself: the bucket's virtual-hosted name
        _region = f".{_media['region_name']}" if _media["region_name"] else ""
        MEDIA_ORIGINS = [f"https://{_media['bucket_name']}.s3{_region}.amazonaws.com"]
    STORAGES["private"] = {
        "BACKEND": "hospital.object_storage.PrivateReportStorage",
        # Empty when unset: the system check consultations.E010 says so instead of a KeyError here.
        "OPTIONS": {**_s3_options, "bucket_name": os.environ.get("AWS_PRIVATE_BUCKET_NAME", "")},
    }

# Uploads: keep large uploads on disk, not in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Parsing stops past this many files; the consultation form's own, lower limit
# (CONSULTATION_MAX_FILES) skips extra files while reading and says so with the answers kept.
DATA_UPLOAD_MAX_NUMBER_FILES = 1000

# Images: fixed rendition widths, generated once when an image changes.
IMAGE_RENDITION_WIDTHS = (160, 400, 800)
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", 40_000_000))
IMAGE_MAX_UPLOAD_BYTES = int(os.environ.get("IMAGE_MAX_UPLOAD_BYTES", 15 * 1024 * 1024))

# Forms
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: SMTP through EMAIL_HOST when set; else the console in debug (the embedded default)
# and, in production, the machine's own mail server on localhost:25 (Django's default).
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
                "timeout": 10,
            },
        }
    }
elif DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "localhost", "port": 25, "timeout": 10},
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "International Patient Centre <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Public identity of the site (used in feeds, JSON-LD and e-mails).
SITE_NAME = _("International Cancer Care")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Security
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "hospital.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *MEDIA_ORIGINS, *env_list("CSP_IMG_SOURCES")],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# The admin's widgets write inline style attributes (see hospital/headers.py).
SECURE_CSP_ADMIN = {**SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host-: the browser accepts these cookies only over HTTPS, for this host and path "/".
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Request logs carry query strings and bodies only at DEBUG level; keep them out.
        "django.request": {"level": "ERROR"},
    },
}

# Experts: publication import limits, directory paging and citation style.
PUBLICATION_IMPORT_MAX_BYTES = int(os.environ.get("PUBLICATION_IMPORT_MAX_BYTES", 5 * 1024 * 1024))
PUBLICATION_IMPORT_MAX_ENTRIES = int(os.environ.get("PUBLICATION_IMPORT_MAX_ENTRIES", 10000))
EXPERTS_PER_PAGE = 24
EXPERTS_FEATURED_ON_HOME = 4
# Vancouver style lists the first six authors, then "et al".
EXPERTS_CITATION_MAX_AUTHORS = 6

# --- consultations -----------------------------------------------------------------------
# Medical reports: content-sniffed, size-limited, virus-scanned when clamd is configured,
# encrypted at rest (AES-GCM) with keys from the environment: the first key encrypts, all
# decrypt, so keys can be rotated. Without keys a local key file under VAR_DIR is used
# (embedded default; a system check warns when debug is off).
CONSULTATION_FILE_KEYS = env_list("CONSULTATION_FILE_KEYS")
CONSULTATION_FILE_KEY_FILE = Path(os.environ.get("CONSULTATION_FILE_KEY_FILE", VAR_DIR / "consultation-file.key"))
CONSULTATION_MAX_FILE_BYTES = int(os.environ.get("CONSULTATION_MAX_FILE_BYTES", 25 * 1024 * 1024))
CONSULTATION_MAX_REQUEST_BYTES = int(os.environ.get("CONSULTATION_MAX_REQUEST_BYTES", 100 * 1024 * 1024))
CONSULTATION_MAX_FILES = int(os.environ.get("CONSULTATION_MAX_FILES", 10))
# A DICOM series may come as one ZIP: limits on its entries, unpacked size and compression ratio.
CONSULTATION_ZIP_MAX_ENTRIES = int(os.environ.get("CONSULTATION_ZIP_MAX_ENTRIES", 2000))
CONSULTATION_ZIP_MAX_BYTES = int(os.environ.get("CONSULTATION_ZIP_MAX_BYTES", 1024 * 1024 * 1024))
CONSULTATION_ZIP_MAX_RATIO = int(os.environ.get("CONSULTATION_ZIP_MAX_RATIO", 50))
CONSULTATION_MAX_IMAGE_PIXELS = int(os.environ.get("CONSULTATION_MAX_IMAGE_PIXELS", IMAGE_MAX_PIXELS))
# clamd: a unix socket path, or host + port; nothing set means files are not scanned.
CLAMD_SOCKET = os.environ.get("CLAMD_SOCKET", "")
CLAMD_HOST = os.environ.get("CLAMD_HOST", "")
CLAMD_PORT = int(os.environ.get("CLAMD_PORT", "3310"))
CLAMD_TIMEOUT = float(os.environ.get("CLAMD_TIMEOUT", "30"))
# Without a scanner `check --deploy` warns, unless this says it is a decision.
CONSULTATION_ALLOW_UNSCANNED = env_bool("CONSULTATION_ALLOW_UNSCANNED")
# Versions the privacy notice; stored with each consent.
CONSULTATION_PRIVACY_NOTICE_VERSION = os.environ.get("CONSULTATION_PRIVACY_NOTICE_VERSION", "2026-01")
CONSULTATION_PRIVACY_PAGE_SLUG = "privacy"
CONSULTATION_REPLY_TARGET_BUSINESS_DAYS = int(os.environ.get("CONSULTATION_REPLY_TARGET_BUSINESS_DAYS", 2))
# Accepted submissions per client address (django-ratelimit syntax, e.g. "10/h"); rejected
# ones are not counted. The address is the real client's (DJANGO_TRUSTED_PROXY_COUNT).
CONSULTATION_RATE_LIMIT = os.environ.get("CONSULTATION_RATE_LIMIT", "10/h")
# The patient's case page: links expire this long after their last use; the one-time code by e-mail.
CONSULTATION_CASE_LINK_IDLE_DAYS = int(os.environ.get("CONSULTATION_CASE_LINK_IDLE_DAYS", 90))
CONSULTATION_CASE_CODE_MINUTES = int(os.environ.get("CONSULTATION_CASE_CODE_MINUTES", 10))
CONSULTATION_CASE_CODE_MAX_FAILURES = int(os.environ.get("CONSULTATION_CASE_CODE_MAX_FAILURES", 5))
CONSULTATION_CASE_LOCK_MINUTES = int(os.environ.get("CONSULTATION_CASE_LOCK_MINUTES", 30))
CONSULTATION_CASE_SESSION_MINUTES = int(os.environ.get("CONSULTATION_CASE_SESSION_MINUTES", 30))
# django-ratelimit rates: codes sent per case and per address; messages/uploads per case.
CONSULTATION_CASE_CODE_RATE = os.environ.get("CONSULTATION_CASE_CODE_RATE", "5/h")
CONSULTATION_CASE_CODE_IP_RATE = os.environ.get("CONSULTATION_CASE_CODE_IP_RATE", "20/h")
CONSULTATION_CASE_POST_RATE = os.environ.get("CONSULTATION_CASE_POST_RATE", "20/h")
# Extra addresses told about new requests, besides active Coordinators with an e-mail.
CONSULTATION_NOTIFY_EMAILS = env_list("CONSULTATION_NOTIFY_EMAILS")
