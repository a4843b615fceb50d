"""Anonymous page cache with exact invalidation, shared by every worker process and app server.

A public GET from a visitor without a session is answered from the `pages` cache when nothing the
page showed has changed since it was rendered. "What the page showed" is recorded while it renders:
every table its SQL read (the database is the one source of content, so this holds for every view,
template tag and context processor without listing them). Every write to a table, whatever its
path (save(), delete(), admin actions, queryset update()/bulk_create(), importers, commands, raw
SQL), replaces that table's version token in the `page_versions` cache, at once and again when the
transaction commits; an entry is used only while all its tables still have the tokens it was
rendered with. Both caches are Redis with REDIS_URL, otherwise files under DJANGO_PAGE_CACHE_DIR, so
every process on the machine sees every change on its very next request. A generation token, replaced
after the tables' tokens by every write, spares the per-table reads while nothing has been written.

Time changes content too (`publish_at` passing, an event ending): an entry also expires at the
earliest future value of any date-time column of the tables it read (computed once per table
version), and at the latest at the next local midnight.

Per-visitor values in a cached page are holes filled on every response: the CSRF token (with its
cookie, so the form works without JavaScript) and values made with `per_visitor()` (the
consultation form's double-submit token). A page that uses a CSP nonce is never stored.
"""

import functools
import gzip
import hashlib
import re
import secrets
import time
import uuid
from contextvars import ContextVar
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connections, models
from django.db.backends.signals import connection_created
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from .compression import Piece, deflate, gzip_member

# Tables no public page shows: writes to them never invalidate anything, and a page that reads
# one is never stored (it shows something personal or operational).
PRIVATE_TABLE_PREFIXES = ("django_session", "django_admin_log", "django_tasks", "consultations_")
# Read for every signed-in request before the view runs; fragments do not inherit it (memo()).
VISITOR_TABLES = ("django_session",)
WRITE_RE = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)', re.I)
TRUNCATE_RE = re.compile(r"^\s*TRUNCATE\b", re.I)
TABLE_RE = re.compile(r'\b(?:FROM|JOIN)\s+"?(\w+)"?', re.I)
QUOTED_RE = re.compile(r'"(\w+)"')
CSRF_INPUT_RE = re.compile(rb'(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]+)(")')
HOLE = b"\x00pagecache-hole:%s\x00"
HOLE_RE = re.compile(rb"\x00pagecache-hole:(\w+)\x00")
# Version tokens live without expiry; entries at most a day (and until the next midnight).
MAX_AGE = 24 * 60 * 60
GENERATION_KEY = "pc:g"

_reads: ContextVar["Scope | None"] = ContextVar("pagecache_reads", default=None)
# Tables that are not models but derived from one by the database itself (a full-text index kept
# by triggers): reading one is reading the table it is made from.
_derived_tables = {}


def register_derived_table(table, source):
    """Count reads of `table` (no model of its own) as reads of the model table `source`."""
    _derived_tables[table] = source


def page_cache():
    return caches["pages"]


def version_cache():
    return caches["page_versions"]


def _version_key(table):
    return f"pc:v:{table}"


def is_private_table(table):
    return table.startswith(PRIVATE_TABLE_PREFIXES)


# --- recording reads and writes -------------------------------------------------------------


def _sql_wrapper(execute, sql, params, many, context):
    if isinstance(sql, str):
        head = sql[:7].upper()
        if head.startswith(("SELECT", "WITH")) or head.lstrip().startswith(("SELECT", "WITH")):
            scope = _reads.get()
            if scope is not None:
                scope.reads.update(_derived_tables.get(table, table) for table in TABLE_RE.findall(sql))
        else:
            _record_write(sql, context["connection"])
    return execute(sql, params, many, context)


def _record_write(sql, connection):
    match = WRITE_RE.match(sql)
    if match:
        tables = {match.group(1)}
    elif TRUNCATE_RE.match(sql):
        tables = set(QUOTED_RE.findall(sql))
    else:
        return
    tables = {table for table in tables if not is_private_table(table)}
    if not tables:
        return
    # Now, for the same connection (and the tests, whose transactions never commit) ...
    bump(tables)
    if connection.in_atomic_block:
        # ... and again once other connections can see the change: a page rendered elsewhere in
        # between, from the old rows, must not keep the new token.
        pending = connection.__dict__.setdefault("_pagecache_pending", set())
        pending.update(tables)
        connection.on_commit(lambda: _flush_pending(connection))


def _flush_pending(connection):
    pending = connection.__dict__.get("_pagecache_pending")
    if pending:
        tables = set(pending)
        pending.clear()
        bump(tables)


def bump(tables):
    """Give each table a new version token: every entry that read one of them is stale. Then (in
    this order, see current_generation()) a new generation token: something public changed."""
    version_cache().set_many({_version_key(table): secrets.token_hex(8) for table in tables}, timeout=None)
    version_cache().set(GENERATION_KEY, secrets.token_hex(8), timeout=None)


def install(sender=None, connection=None, **kwargs):
    if _sql_wrapper not in connection.execute_wrappers:
        connection.execute_wrappers.append(_sql_wrapper)


def connect():
    """Called from HospitalConfig.ready(): every database connection records its SQL."""
    connection_created.connect(install, dispatch_uid="hospital.pagecache.install")
    for connection in connections.all(initialized_only=True):
        install(connection=connection)


@functools.cache
def public_tables():
    """Every table a public page may read (installed models, minus the private ones)."""
    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    return tuple(sorted(table for table in tables if not is_private_table(table)))


def current_generation():
    """The token that changes with every write to a public table, after that table's own token.

    Read before anything else, it tells a process whether what it read at the same generation is
    still current: a writer replaces the table tokens first and the generation last, so while the
    generation is unchanged no write has completed since. One read instead of one per table, on
    every hit and every miss; the table tokens are read only when the generation has moved."""
    generation = version_cache().get(GENERATION_KEY)
    if generation is None:
        version_cache().add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        generation = version_cache().get(GENERATION_KEY)
    return generation


class _Seen:
    """This process's knowledge at one generation: the public tables' tokens, and the entries
    found fresh. A new generation gets a new object, swapped in with one assignment, so a thread
    never mixes what was learnt at two generations."""

    def __init__(self, generation):
        self.generation = generation
        self.versions = None
        self.fresh = set()


_seen = _Seen(None)


def _seen_at(generation):
    global _seen
    seen = _seen
    if seen.generation != generation:
        seen = _seen = _Seen(generation)
    return seen


def public_versions():
    """(generation, {table: token}) for every public table, read again only after a write."""
    generation = current_generation()
    seen = _seen_at(generation)
    if seen.versions is None:
        seen.versions = current_versions(public_tables())
    return generation, dict(seen.versions)


def current_versions(tables):
    """{table: token} for `tables`; a table without a token gets one (never mistaken for an old one)."""
    keys = {_version_key(table): table for table in tables}
    found = version_cache().get_many(list(keys))
    missing = [key for key in keys if key not in found]
    for key in missing:
        version_cache().add(key, secrets.token_hex(8), timeout=None)
    if missing:
        found.update(version_cache().get_many(missing))
    return {keys[key]: value for key, value in found.items()}


# --- time: scheduled publication, events ending ----------------------------------------------


def _time_fields(table):
    model = _models_by_table().get(table)
    if model is None:
        return []
    return [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateTimeField) and not (field.auto_now or field.auto_now_add)
    ]


_table_models = None


def _models_by_table():
    global _table_models
    if _table_models is None:
        _table_models = {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)}
    return _table_models


def next_change(tables, versions):
    """The earliest moment a page reading `tables` may change without a write: a future value of a
    date-time column (a scheduled `publish_at`, an event's end), or the next local midnight."""
    now = timezone.now()
    local = timezone.localtime(now)
    midnight = timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), datetime.min.time()))
    earliest = midnight.timestamp()
    for table in tables:
        fields = _time_fields(table)
        if not fields:
            continue
        key = f"pc:t:{table}:{versions.get(table)}"
        moment = version_cache().get(key)
        if moment is None or moment <= now.timestamp():
            model = _models_by_table()[table]
            values = model._base_manager.aggregate(
                **{name: models.Min(name, filter=models.Q(**{f"{name}__gt": now})) for name in fields}
            )
            moment = min((value.timestamp() for value in values.values() if value), default=float("inf"))
            version_cache().set(key, moment, timeout=MAX_AGE)
        earliest = min(earliest, moment)
    return earliest


# --- values and fragments built once per change ----------------------------------------------


class Scope:
    """What one request (or one memo inside it) has read so far, and the version tokens of every
    public table taken before it read anything."""

    def __init__(self, generation, versions):
        self.generation = generation
        self.versions = versions
        self.reads = set()

    @classmethod
    def start(cls):
        return cls(*public_versions())

    def entry(self, valid_until, **values):
        """What the cache keeps: the tokens of the tables read, under a name of its own."""
        return {"id": secrets.token_hex(8), "generation": self.generation, "valid_until": valid_until,
                "versions": {table: self.versions[table] for table in self.reads}, **values}  # fmt: skip


def memo(name, *parts, compute, inherit=False):
    """`compute()`'s result, kept in the shared cache until a table it read changes (or a time
    boundary of those tables passes), like a page. The page using it depends on those tables too,
    so a cached page and the values it was built from are invalidated together.

    `inherit=True` for work on objects the caller already fetched (a template fragment): the value
    then also depends on everything the request read before; outside a request it is not kept."""
    outer = _reads.get()
    if not settings.FRAGMENT_CACHE_ENABLED or (inherit and outer is None):
        return compute()
    key = "pc:m2:" + hashlib.sha256(repr((name, parts)).encode()).hexdigest()
    entry = page_cache().get(key)
    if entry is not None and _fresh(entry):
        if outer is not None:
            outer.reads.update(entry["versions"])
        return entry["value"]
    scope = Scope(outer.generation, outer.versions) if outer is not None else Scope.start()
    if inherit:
        # The visitor's own session row (read by the middleware that signs staff in, before any
        # view) is not what a fragment shows: like the user, per-visitor values stay out of fragments.
        scope.reads.update(table for table in outer.reads if table not in VISITOR_TABLES)
    token = _reads.set(scope)
    try:
        value = compute()
    finally:
        _reads.reset(token)
    if outer is not None:
        outer.reads.update(scope.reads)
    reads, versions = scope.reads, scope.versions
    if not any(is_private_table(table) for table in reads) and reads.issubset(versions):
        valid_until = next_change(reads, versions)
        entry = scope.entry(valid_until, value=value)
        page_cache().set(key, entry, timeout=max(1, min(MAX_AGE, int(valid_until - time.time()))))
    return value


def _fresh(entry):
    """Whether no table `entry` read has changed (nor a time boundary of theirs passed) since."""
    if time.time() >= entry["valid_until"]:
        return False
    generation = current_generation()
    if entry["generation"] == generation:
        return True  # nothing public was written since it was rendered
    seen = _seen_at(generation)
    if entry["id"] in seen.fresh:
        return True  # compared with the tokens below at this generation already
    tables = entry["versions"]
    fresh = version_cache().get_many([_version_key(t) for t in tables]) == {
        _version_key(t): v for t, v in tables.items()
    }
    if fresh:
        seen.fresh.add(entry["id"])
    return fresh


# --- per-visitor holes -------------------------------------------------------------------------


def per_visitor(request, kind="uuid"):
    """A value unique to this response (e.g. a form's double-submit token), refilled on cached copies."""
    value = str(uuid.uuid4())
    holes = request.__dict__.setdefault("_pagecache_holes", {})
    holes[value.encode()] = kind
    return value


_HOLE_TEXT_RE = re.compile(HOLE_RE.pattern.decode())


def _punched(request, body):
    """`body` (bytes) with this request's per-visitor values as holes: its CSRF token and what
    per_visitor() gave. For a page to store and for a fragment to keep alike."""
    body = CSRF_INPUT_RE.sub(lambda m: m.group(1) + HOLE % b"csrf" + m.group(3), body)
    for value, kind in getattr(request, "_pagecache_holes", {}).items():
        body = body.replace(value, HOLE % kind.encode())
    return body


def with_holes(request, html):
    """`html`, a fragment to keep for every visitor, with this request's per-visitor values as
    holes. `Fragment.render()` puts a later request's own values in."""
    return _punched(request, html.encode()).decode()


class Fragment:
    """A kept fragment: its text between holes, each large piece with its compressed form
    (hospital.compression), so a page joins it compressed as it is kept."""

    def __init__(self, html):
        parts = _HOLE_TEXT_RE.split(html)
        self.parts = [
            part if index % 2 or not Piece.worth_it(part) else Piece(part) for index, part in enumerate(parts)
        ]

    def render(self, request):
        """The fragment for this request: its values in the holes (a CSRF token, new
        per_visitor() values), its large pieces as references where they can be joined compressed."""
        out = []
        for index, part in enumerate(self.parts):
            if index % 2:
                out.append(_hole_text(request, part))
            else:
                out.append(part.in_page(request) if isinstance(part, Piece) else part)
        return "".join(out)


def _hole_text(request, kind):
    """A hole's value for this response: the visitor's CSRF token, or a new per_visitor() value."""
    from django.middleware.csrf import get_token

    return get_token(request) if kind == "csrf" else per_visitor(request, kind)


# A page with holes is kept as its text between the holes, each piece compressed once on its own
# (hospital.compression.deflate: no reference reaches into a neighbour). A response joins the
# pieces and the freshly compressed hole values into one gzip stream, so a hit compresses a few
# dozen bytes instead of the page (a consultation form lists 2,000 experts). Each secret is
# compressed alone, never with the text around it (as BREACH would need).
def _pieces(body):
    """[(text, its compressed form), kind, (text, its compressed form), kind, …]."""
    parts = HOLE_RE.split(body)
    return [part if index % 2 else (part, deflate(part)) for index, part in enumerate(parts)]


def _filled(request, pieces, compress):
    """The page with its holes filled: plain bytes, or one gzip member when `compress`."""
    texts = [
        _hole_text(request, piece.decode()).encode() if index % 2 else piece[0] for index, piece in enumerate(pieces)
    ]
    if not compress:
        return b"".join(texts)
    pairs = enumerate(zip(pieces, texts, strict=True))
    return gzip_member((text, None) if index % 2 else (text, piece[1]) for index, (piece, text) in pairs)


# --- the middleware ------------------------------------------------------------------------------


class PageCacheMiddleware:
    """Serve anonymous GETs from the shared cache; store what may be shared. Sits above GZip, so
    entries are stored compressed once (pages with holes are stored plain and compressed per hit)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(f"/{code}/" for code, _ in settings.LANGUAGES) + ("/sitemap.xml", "/sitemap-")
        self.excluded = tuple(getattr(settings, "PAGE_CACHE_EXCLUDED_PATHS", ()))

    def public(self, request):
        """A public page (under a language prefix): tracked, so its fragments can be kept."""
        path = request.path_info
        return path.startswith(self.prefixes) and not any(part in path for part in self.excluded)

    def cacheable_request(self, request):
        if not settings.PAGE_CACHE_ENABLED or request.method != "GET":
            return False
        cookies = request.COOKIES
        return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies

    def key(self, request):
        gzip = "gz" if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "") else "id"
        url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        # "p3": entries carry their generation; those of earlier formats are never read.
        return f"pc:p3:{gzip}:{hashlib.sha256(url.encode()).hexdigest()}"

    def __call__(self, request):
        if not self.public(request):
            return self.get_response(request)
        cacheable = self.cacheable_request(request)
        if cacheable:
            key = self.key(request)
            entry = page_cache().get(key)
            if entry is not None and self.fresh(entry):
                return self.respond(request, entry)
        # Read before anything renders: a change committed meanwhile leaves an older token here.
        scope = Scope.start()
        token = _reads.set(scope)
        try:
            response = self.get_response(request)
        finally:
            _reads.reset(token)
        if cacheable:
            self.store(request, response, key, scope)
            response.headers.setdefault("X-Page-Cache", "miss")
        return response

    def fresh(self, entry):
        return _fresh(entry)

    def store(self, request, response, key, scope):
        reads = scope.reads
        if response.status_code != 200 or response.streaming or not reads:
            return
        if any(is_private_table(table) for table in reads) or not reads.issubset(scope.versions):
            return
        if getattr(request, "_csp_nonce", None):
            return  # a nonce must be new in every response
        cache_control = response.get("Cache-Control", "")
        cookies = set(response.cookies)
        has_csrf = settings.CSRF_COOKIE_NAME in cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        if "no-store" in cache_control or (cookies - {settings.CSRF_COOKIE_NAME}):
            return
        body = response.content
        holes = getattr(request, "_pagecache_holes", {})
        if has_csrf or holes:
            if response.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            body = _punched(request, body)
        elif "private" in cache_control:
            return
        headers = {
            name: value
            for name, value in response.headers.items()
            if name.lower() not in {"set-cookie", "x-page-cache", "content-length"}
        }
        if "Last-Modified" not in headers:
            headers["Last-Modified"] = http_date()
        has_holes = HOLE_RE.search(body) is not None if (has_csrf or holes) else False
        if has_holes:
            headers.pop("ETag", None)
            headers.pop("Content-Encoding", None)
        valid_until = next_change(reads, scope.versions)
        timeout = max(1, min(MAX_AGE, int(valid_until - time.time())))
        entry = scope.entry(valid_until, status=response.status_code, headers=headers, holes=has_holes,
                            body=None if has_holes else body, pieces=_pieces(body) if has_holes else None)  # fmt: skip
        if has_holes:  # one entry for both encodings, compressed (but for the holes) once here
            page_cache().set_many({key.replace(":gz:", ":id:"): entry, key.replace(":id:", ":gz:"): entry}, timeout)
        else:
            page_cache().set(key, entry, timeout=timeout)
        response.headers.setdefault("Last-Modified", headers["Last-Modified"])

    def respond(self, request, entry):
        headers = entry["headers"]
        if not entry["holes"]:
            conditional = get_conditional_response(
                request, etag=headers.get("ETag"), last_modified=_parse_date(headers.get("Last-Modified"))
            )
            if conditional is not None:
                for name in ("Cache-Control", "Vary", "ETag", "Last-Modified", "Content-Security-Policy"):
                    if name in headers:
                        conditional.headers[name] = headers[name]
                conditional.headers["X-Page-Cache"] = "hit"
                return conditional
            response = HttpResponse(entry["body"], status=entry["status"], headers=headers)
            response.headers["Content-Length"] = str(len(entry["body"]))
        else:
            response = self.respond_with_holes(request, entry)
        response.headers["X-Page-Cache"] = "hit"
        return response

    def respond_with_holes(self, request, entry):
        from django.middleware.csrf import CsrfViewMiddleware
        from django.middleware.gzip import re_accepts_gzip

        csrf = CsrfViewMiddleware(lambda r: None)
        csrf.process_request(request)  # the visitor's CSRF cookie, if valid, is kept
        compress = bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
        body = _filled(request, entry["pieces"], compress)
        response = HttpResponse(body, status=entry["status"], headers=entry["headers"])
        csrf.process_response(request, response)  # sets (or renews) the cookie
        patch_vary_headers(response, ("Cookie", "Accept-Encoding"))  # as GZipMiddleware would
        if compress:
            response.headers["Content-Encoding"] = "gzip"
        response.headers["Content-Length"] = str(len(body))
        return response


def _parse_date(value):
    from django.utils.http import parse_http_date_safe

    return parse_http_date_safe(value) if value else None
