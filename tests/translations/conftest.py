import pytest

from tests.hospital.factories import staff_in, translator_for


@pytest.fixture
def translator(roles):
    return translator_for("zh-hans", username="translator-zh")


@pytest.fixture
def editor(roles):
    return staff_in("Editor", username="editor")


@pytest.fixture
def zh_client(client, translator):
    client.force_login(translator)
    return client
