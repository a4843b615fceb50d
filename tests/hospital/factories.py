import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from hospital.models import Department, Hospital, Page, Specialty


class HospitalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hospital

    name_en = factory.Sequence(lambda n: f"Test Cancer Hospital {n}")
    name_zh_hans = factory.Sequence(lambda n: f"测试肿瘤医院{n}")
    city_en = "Guangzhou"
    country_en = "China"
    phones = "+86 20 8418 3333"
    email = "info@example.org"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    hospital = factory.SubFactory(HospitalFactory)
    name_en = factory.Sequence(lambda n: f"Department {n}")


class SpecialtyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialty

    name_en = factory.Sequence(lambda n: f"Specialty {n}")
    slug = factory.Sequence(lambda n: f"specialty-{n}")


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title_en = factory.Sequence(lambda n: f"Page {n}")
    body_en = "<p>Body</p>"
    published = True


class UserFactory(factory.django.DjangoModelFactory):
    """A staff user; `roles=[...]` puts it in groups that setup_roles made (use the `roles` fixture)."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    is_staff = True

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            self.groups.add(Group.objects.get(name=role))


def staff_in(role, password=None, **kwargs):
    """A member of `role`; with `password`, one that can sign in with it (the sign-in tests)."""
    user = UserFactory(roles=[role], **kwargs)
    if password is not None:
        user.set_password(password)
        user.save()
    return user


def translator_for(*languages, **kwargs):
    """A member of Translator whose languages are set on their user (translations.TranslatorLanguages)."""
    from translations.models import TranslatorLanguages

    user = staff_in("Translator", **kwargs)
    TranslatorLanguages.objects.create(user=user, languages=list(languages))
    return user
