"""Virus scanning through a real clamd with a local EICAR signature (no download needed)."""

import shutil
import subprocess
import time

import pytest

from consultations import scanning
from consultations.demo import make_pdf
from consultations.models import ConsultationRequest

from .factories import EICAR, FORM_URL, PDF, stored_files, upload

CLAMD = shutil.which("clamd") or shutil.which("clamd", path="/usr/sbin:/usr/local/sbin")


@pytest.fixture(scope="module")
def clamd_socket(tmp_path_factory):
    if CLAMD is None:
        pytest.skip("clamd is not installed: `make clamav` installs Debian's clamav-daemon")
    folder = tmp_path_factory.mktemp("clamd")
    database = folder / "db"
    database.mkdir()
    # A body signature for the EICAR test string, matched anywhere in any file type.
    (database / "local-eicar.ndb").write_text(f"Local.Test.EICAR:0:*:{EICAR.hex()}\n")
    socket_path = folder / "clamd.sock"
    config = folder / "clamd.conf"
    config.write_text(
        f"LocalSocket {socket_path}\nDatabaseDirectory {database}\nForeground yes\nLogFile {folder / 'clamd.log'}\n"
        f"TemporaryDirectory {folder}\nStreamMaxLength 30M\nPidFile {folder / 'clamd.pid'}\n"
    )
    process = subprocess.Popen([CLAMD, f"--config-file={config}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not socket_path.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    if not socket_path.exists():
        process.kill()
        log = (folder / "clamd.log").read_text() if (folder / "clamd.log").exists() else ""
        pytest.fail(f"clamd did not start: {process.stderr.read().decode()} {log}")
    yield str(socket_path)
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture
def scanner(settings, clamd_socket):
    settings.CLAMD_SOCKET = clamd_socket
    assert scanning.ping()
    return clamd_socket


def pdf_with(payload):
    """A well-formed PDF (it passes the structural checks) whose page stream carries `payload`."""
    return make_pdf(["Laboratory results"], comment=payload)


@pytest.mark.django_db
def test_eicar_is_rejected_and_nothing_is_stored(client, form_data, private_dir, scanner):
    reports = [upload("clean.pdf", PDF), upload("results.pdf", pdf_with(EICAR))]
    response = client.post(FORM_URL, form_data(reports=reports))
    assert response.status_code == 400
    assert "“results.pdf” was rejected by the virus scanner." in response.content.decode()
    assert ConsultationRequest.objects.count() == 0 and stored_files(private_dir) == []


@pytest.mark.django_db
def test_clean_files_pass_and_are_marked_scanned(client, form_data, scanner):
    assert client.post(FORM_URL, form_data()).status_code == 302
    assert all(ConsultationRequest.objects.get().reports.values_list("scanned", flat=True))


@pytest.mark.django_db
def test_an_unreachable_scanner_refuses_files_with_a_clear_message(client, form_data, settings, tmp_path, private_dir):
    settings.CLAMD_SOCKET = str(tmp_path / "no-such.sock")
    response = client.post(FORM_URL, form_data())
    assert response.status_code == 400
    assert "could not be checked for viruses just now" in response.content.decode()
    assert ConsultationRequest.objects.count() == 0 and stored_files(private_dir) == []
