import pytest

from tests.hospital.factories import staff_in, translator_for

from .factories import ExpertFactory


@pytest.fixture
def physician(roles):
    user = staff_in("Physician")
    user.expert_profile = ExpertFactory(name_en="Wang Ligen", name_native="王立根", user=user)
    return user


@pytest.fixture
def physician_client(client, physician):
    client.force_login(physician)
    return client


@pytest.fixture
def editor_client(client, roles):
    client.force_login(staff_in("Editor"))
    return client


@pytest.fixture
def translator_client(client, roles):
    client.force_login(translator_for("zh-hans"))
    return client
