import factory

from experts.models import Authorship, Expert, Publication, SpokenLanguage
from tests.hospital.factories import DepartmentFactory, HospitalFactory, SpecialtyFactory  # noqa: F401


class SpokenLanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpokenLanguage
        django_get_or_create = ("code",)

    code = "th"
    name_en = "Thai"


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    name_en = factory.Sequence(lambda n: f"Expert Number{n}")
    titles_en = "Chief Physician"
    positions_en = "Director of the International Medical Exchange Center"
    hospital = factory.SubFactory(HospitalFactory)
    published = True


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Carbon-ion radiotherapy outcomes, cohort {n}")
    journal = "Radiotherapy and Oncology"
    year = 2020
    volume = "30"
    issue = "2"
    pages = "174-180"

    @factory.post_generation
    def experts(self, create, extracted, **kwargs):
        for expert in extracted or []:
            self.experts.add(expert)

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        for position, name in enumerate(extracted or ["SHEN Qian", "YE Ling"], start=1):
            Authorship.objects.create(publication=self, position=position, name=name)
