from datetime import timedelta

import factory
from django.utils import timezone

from news.models import Category, Event, KeyFigure, NewsItem, Status, Tag
from tests.hospital.factories import HospitalFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name_en = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name_en = factory.Sequence(lambda n: f"Tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class NewsItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsItem

    title_en = factory.Sequence(lambda n: f"News item {n}")
    summary_en = "A short summary."
    body_en = "<p>Body text.</p>"
    category = factory.SubFactory(CategoryFactory)
    status = Status.PUBLISHED
    publish_at = factory.Sequence(lambda n: timezone.now() - timedelta(days=1, minutes=n))


class KeyFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyFigure

    news_item = factory.SubFactory(NewsItemFactory)
    label_en = "Median overall survival"
    value_en = "28 months"


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title_en = factory.Sequence(lambda n: f"Event {n}")
    summary_en = "Free online consultations."
    description_en = "<p>Join us.</p>"
    venue_en = "International Medical Exchange Center"
    hospital = factory.SubFactory(HospitalFactory, time_zone="Asia/Shanghai")
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(days=2))
    status = Status.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))


class ExpertFactory(factory.django.DjangoModelFactory):
    """Minimal experts for linking from news (the experts app's tests have the full factory)."""

    class Meta:
        model = "experts.Expert"

    name_en = factory.Sequence(lambda n: f"Doctor {n}")
    published = True
