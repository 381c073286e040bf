"""An editor imports a source as make run serves it: gunicorn and the background worker in
processes of their own, on a database and index of their own, Chromium in Kazakh. The editor
uploads, watches the worker preview the file, corrects the record, confirms, watches the import
finish, and finds the new passages in search; and what the preview shows of a PDF dissertation
abstract: its title page in the record, the lines left out of the text, its footnotes."""

import secrets
import signal
import subprocess
import sys
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from conftest import EDITOR_PASSWORD
from documents_samples import truth
from processes import ROOT, free_port, listening, manage, project_env, wait_until

from legalkb.models import READER_PAGE_SIZE

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MARKER = "палимпсест"
PARAGRAPHS = 1500  # enough for the worker to take a few seconds: its progress can be watched
MAKE_EDITOR = (
    "from django.contrib.auth.models import Group, User;"
    "u = User.objects.create_user('aigerim', password={password!r}, is_staff=True);"
    "u.groups.add(Group.objects.get(name='Editors'))"
)


def source_text():
    """A long Kazakh text, one paragraph of which has the marker word."""
    paragraphs = [
        f"Мемлекеттің заңды жауапкершілігі туралы {n}-бөлім азаматтың құқықтарын қорғауды қарастырады."
        for n in range(1, PARAGRAPHS + 1)
    ]
    paragraphs[PARAGRAPHS // 2] += f" Бұл бөлімде {MARKER} сөзі бар."
    return "Жауапкершілік туралы жинақ\n\n" + "\n\n".join(paragraphs)


def start(command, env, log):
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """gunicorn and the worker, as make run starts them; yields the base URL and the worker."""
    folder = tmp_path_factory.mktemp("served")
    env = project_env(folder, DJANGO_DEBUG="1", DJANGO_SECRET_KEY=secrets.token_urlsafe(50))
    for step in (
        ["migrate", "-v0"],
        ["load_taxonomy"],
        ["rebuild_index", "--noinput", "-v0"],
        ["shell", "-c", MAKE_EDITOR.format(password=EDITOR_PASSWORD)],
    ):
        assert manage(step, env).returncode == 0, step
    port = free_port()
    log = (folder / "processes.log").open("w")
    gunicorn = [sys.executable, "-m", "gunicorn", "legalkb.wsgi", "--bind", f"127.0.0.1:{port}", "-w", "2"]
    processes = [start(gunicorn, env, log), start([sys.executable, "manage.py", "run_worker"], env, log)]
    try:
        wait_until(lambda: listening(port), processes[0], "gunicorn listening")
        yield SimpleNamespace(url=f"http://127.0.0.1:{port}", worker=processes[1])
    finally:
        for process in processes:
            process.send_signal(signal.SIGCONT)
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
        log.close()


@pytest.fixture
def page(browser, served):
    """A page in Kazakh of the served site."""
    context = browser.new_context(base_url=served.url, locale="kk-KZ")
    yield context.new_page()
    context.close()


def job_status(page, *statuses, timeout=120_000):
    """Wait until the job's page (which reloads itself) shows one of the statuses; return it."""
    selector = ", ".join(f"#import-job[data-status={status}]" for status in statuses)
    return page.wait_for_selector(selector, timeout=timeout).get_attribute("data-status")


@contextmanager
def paused(process):
    """The process stopped for the with-block, so the page shows a job's state before the
    worker moves it on, however fast the worker is."""
    process.send_signal(signal.SIGSTOP)
    try:
        yield
    finally:
        process.send_signal(signal.SIGCONT)


def test_an_editor_imports_a_file_watches_the_worker_and_finds_the_passages(page, served):
    sign_in(page)
    page.goto("/admin/legalkb/source/import/")
    limits = page.inner_text("#id_file_helptext")  # the caps are stated in the form
    assert "50 МБ" in limits and "60 МБ" in limits

    upload = {"name": "jinaq.txt", "mimeType": "text/plain", "buffer": source_text().encode()}
    page.set_input_files("#id_file", upload)
    with paused(served.worker):
        page.click("input[type=submit]")
        assert job_status(page, "reading", "previewed") == "reading"
    assert job_status(page, "previewed") == "previewed"
    assert f"{PARAGRAPHS + 1} үзінді" in page.inner_text("#import-job")
    assert page.input_value("#id_title") == "Жауапкершілік туралы жинақ"  # the file's own heading
    page.fill("#id_title", "Жауапкершілік туралы түзетілген жинақ")
    page.fill("#id_authors", "Серікбаева А. Т.")
    with paused(served.worker):
        page.click("input[name=confirm]")
        assert job_status(page, "queued", "importing", "indexing", "done") == "queued"
    assert job_status(page, "done", timeout=180_000) == "done"

    page.goto(page.get_attribute("text=жалпыға ашық сайтта", "href"))  # the source on the public site
    assert page.inner_text("h1") == "Жауапкершілік туралы түзетілген жинақ"
    assert page.inner_text(".creators") == "Серікбаева А. Т."
    assert page.locator("section.reader-passage").count() == READER_PAGE_SIZE  # a page of them
    page.locator(".pagination .page-item:last-child a").first.click()  # » : the last page
    assert page.locator("section.reader-passage").count() == (PARAGRAPHS + 1) % READER_PAGE_SIZE
    page.goto(f"/search/?q={MARKER}")
    assert page.inner_text(".result-count").startswith("1 ")


def sign_in(page):
    page.goto("/admin/login/")
    page.fill("#id_username", "aigerim")
    page.fill("#id_password", EDITOR_PASSWORD)
    page.click("input[type=submit]")


def test_the_preview_of_a_pdf_abstract_shows_its_title_page_body_notes_and_furniture(page, served, samples):
    sign_in(page)
    page.goto("/admin/legalkb/source/import/")
    abstract = samples / "kk-abstract.pdf"
    page.set_input_files(
        "#id_file", {"name": abstract.name, "mimeType": "application/pdf", "buffer": abstract.read_bytes()}
    )
    page.click("input[type=submit]")
    assert job_status(page, "previewed") == "previewed"

    front = truth(abstract)["front"]
    assert page.input_value("#id_title") == front["title"]
    assert page.input_value("#id_speciality") == front["speciality"]
    assert page.input_value("#id_opponents").splitlines() == [" ".join(name) for name in front["opponents"]]
    left_out = page.locator("table.dropped").inner_text()
    assert "титул парағы" in left_out and "бет нөмірі" in left_out
    assert page.locator("table.passages ol.notes li").count() == 3
    assert page.locator("table.passages tr.part-heading").count() >= 1

    page.click("input[name=confirm]")
    assert job_status(page, "done", timeout=180_000) == "done"
    page.goto(page.get_attribute("text=жалпыға ашық сайтта", "href"))
    assert page.inner_text("h1") == front["title"]
    assert page.locator(".note-mark").count() == 3
