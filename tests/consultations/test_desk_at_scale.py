"""The coordinators' desk with 200,000 requests: every query its list runs, with each filter, all of them
together, each sortable column and a later page, reads the requests through an index, never the whole table,
and (on SQLite) counts its pages without sorting.

Not timed: the plans are asked of the database (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL).
Searching names, phones and e-mails for a part of them cannot use an index and is left out.
"""

import random
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.models import ConsultationRequest
from consultations.workflow import Status
from hospital.roles import COORDINATOR
from tests.experts.factories import ExpertFactory
from tests.hospital.factories import staff_in
from tests.staff import verified_login

from .factories import CancerTypeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROWS = 200_000
TABLE = ConsultationRequest._meta.db_table
DESK = "/admin/consultations/consultationrequest/"


def bulk_requests(cancer_types, experts, coordinators):
    rng = random.Random(16)
    now = timezone.now()
    statuses = [value for value, _label in Status.choices]
    batch = []
    for i in range(ROWS):
        created = now - timedelta(minutes=3 * i)
        batch.append(
            ConsultationRequest(
                reference=f"HC-T{i:011d}",
                form_token=uuid.UUID(int=rng.getrandbits(128)),
                patient_name=f"Patient {i}",
                phone=f"+6281{i:08d}",
                email=f"patient{i}@example.com",
                cancer_type=rng.choice(cancer_types),
                preferred_expert=rng.choice(experts),
                assignee=rng.choice(coordinators),
                country=rng.choice(["ID", "MY", "TH", "VN", "BD"]),
                preferred_language=rng.choice(["en", "id", "ms", "th", "vi", "bn"]),
                status=statuses[i % len(statuses)],
                consent_notice_version="2026-01",
                consent_language="en",
                consent_at=created,
                created_at=created,
                status_changed_at=created,
                reply_due_at=created + timedelta(days=2),
            )  # fmt: skip
        )
        if len(batch) == 5000:
            ConsultationRequest.objects.bulk_create(batch)
            batch = []
    ConsultationRequest.objects.bulk_create(batch)


def plan(sql, params):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return [str(row[-1]) for row in cursor.fetchall()]


def whole_table_reads(lines):
    """Plan lines that read every request: a table scan (an index walk in order, stopped by LIMIT, is fine)."""
    if connection.vendor == "postgresql":
        return [line for line in lines if f"Seq Scan on {TABLE}" in line]
    return [line for line in lines if line.strip().startswith(f"SCAN {TABLE}") and "INDEX" not in line]


def test_every_query_of_the_desk_reads_the_requests_through_an_index(roles):
    cancer_types = [CancerTypeFactory() for _ in range(8)]
    experts = [ExpertFactory() for _ in range(20)]
    coordinators = [staff_in(COORDINATOR) for _ in range(3)]
    bulk_requests(cancer_types, experts, coordinators)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(TABLE)}")  # as autovacuum does after a load
    desk = verified_login(Client(), coordinators[0])
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    week, tomorrow = (today - timedelta(days=7)).isoformat(), (today + timedelta(days=1)).isoformat()
    filters = [
        "status__exact=in_review", "overdue=yes", "overdue=no", f"cancer_type__id__exact={cancer_types[3].pk}",
        "country=BD", "preferred_language__exact=bn", f"preferred_expert__id__exact={experts[7].pk}",
        f"assignee__id__exact={coordinators[1].pk}",
        f"created_at__gte={week}&created_at__lt={tomorrow}",
    ]  # fmt: skip
    every_filter = "&".join(filters[:2] + filters[3:])
    queries = ["", *filters, every_filter, "p=30"]
    queries += [f"o={column}" for column in (1, 2, 3, 4, 6, 7)]  # each sortable column
    problems = {}
    for query in queries:
        url = f"{DESK}?{query.replace('+', '%2B')}"
        with CaptureQueriesContext(connection) as captured:
            response = desk.get(url)
        assert response.status_code == 200, url
        assert response.context["cl"].result_list or query == every_filter, url  # each filter finds requests
        for executed in captured.captured_queries:
            sql = executed["sql"]
            if TABLE not in sql or not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            # The captured SQL has its parameters in place; ask for the plan of the query as the ORM ran it.
            reads = whole_table_reads(plan(sql, None))
            if reads:
                problems.setdefault(url, []).append((sql[:300], reads))
            # On SQLite a window of rows is counted without the order: sorted, it would sort every match first.
            counted_in_order = sql.lstrip().upper().startswith("SELECT COUNT(") and "ORDER BY" in sql.upper()
            if connection.vendor == "sqlite" and counted_in_order:
                problems.setdefault(url, []).append((sql[:300], ["a count in the list's order"]))
    assert not problems, problems
