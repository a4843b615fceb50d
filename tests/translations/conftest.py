import pytest

from tests.hospital.factories import staff_in
from translations.models import TranslatorLanguages


@pytest.fixture
def translator(roles):
    user = staff_in("Translator", username="translator-zh")
    TranslatorLanguages.objects.create(user=user, languages=["zh-hans"])
    return user


@pytest.fixture
def editor(roles):
    return staff_in("Editor", username="editor")


@pytest.fixture
def zh_client(client, translator):
    client.force_login(translator)
    return client
