import pytest
from django.contrib.auth.models import Group

from hospital.roles import setup_roles

from .factories import ExpertFactory, UserFactory


@pytest.fixture
def roles(db):
    setup_roles()


def user_in(role, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def physician(roles):
    user = user_in("Physician")
    user.expert_profile = ExpertFactory(name_en="Wang Ligen", name_native="王立根", user=user)
    return user


@pytest.fixture
def physician_client(client, physician):
    client.force_login(physician)
    return client


@pytest.fixture
def editor_client(client, roles):
    client.force_login(user_in("Editor"))
    return client


@pytest.fixture
def translator_client(client, roles):
    client.force_login(user_in("Translator"))
    return client
