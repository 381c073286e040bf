"""The test session's corpus: both real sources, the real taxonomy, and a real index on
disk in a temporary folder (never the user's), built by the engine the settings name
(Whoosh unless LEGALKB_SEARCH_ENGINE says otherwise). Modules that hold for every engine
use the search_engine fixture, which runs each of their tests on each engine.

Solr's tests use the SolrCloud at LEGALKB_SOLR_URL (CI starts one with make solr), each
index a collection behind an alias of its own that the test removes; without it the
session starts a 2-node cluster of its own in a temporary folder (tests/solr_cluster.py)."""

import os
import re
import secrets
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from haystack import connections
from processes import SOLR_PREFIX, make_serve
from solr_cluster import local_cluster, remove_collections

from legalkb.solrcloud.admin import SolrAdmin

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SOURCES = FIXTURES / "sources"
ABSTRACT = SOURCES / "legal-status-of-the-person.txt"
ARTICLE = SOURCES / "state-legal-responsibility.txt"
ARTICLE_TITLE = "Мемлекеттің заңды жауапкершілігі"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

# Browser tests drive Debian's Chromium through Playwright, against pytest-django's live
# server, which must be 127.0.0.1: the only host a page may talk to.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Corpus:
    abstract: object
    article: object


# Solr's runs start JVMs (or use a running cluster): make test-fast leaves them out.
ENGINES = ("whoosh", "tantivy", pytest.param("solr", marks=[pytest.mark.slow, pytest.mark.solr]))


def use_index(path, engine=None, **options):
    """Point Haystack at an index folder (created on first write), and at an engine of
    settings.SEARCH_ENGINES if one is named; options add to the connection's (Solr's
    SOLR_URL and COLLECTION)."""
    options = {"PATH": str(path), **options}
    if engine is not None:
        options["ENGINE"] = settings.SEARCH_ENGINES[engine]
    settings.HAYSTACK_CONNECTIONS["default"].update(options)
    connections.connections_info["default"].update(options)
    connections.reload("default")


def current_engine():
    engine = settings.HAYSTACK_CONNECTIONS["default"]["ENGINE"]
    return next(name for name, path in settings.SEARCH_ENGINES.items() if path == engine)


def corrupt(generation):
    """Overwrite every file an engine wrote in an index generation with garbage."""
    from legalkb.search.storage import PUBLISHED, SCHEMA_FILE

    for path in generation.iterdir():
        if path.is_file() and path.name not in (SCHEMA_FILE, PUBLISHED):
            path.write_bytes(b"not an index file")


def break_index(damage):
    """Damage the live index of the connection: "missing" removes it, "corrupt" overwrites its
    files. On Solr, whose files are the cluster's own, a corrupt index is a collection this
    version cannot read: the alias points at one of another schema."""
    store = connections["default"].get_backend().store
    if current_engine() != "solr":
        if damage == "missing":
            shutil.rmtree(store.root)
        else:
            corrupt(store.live())
    elif damage == "missing":
        store.remove_everything()
    else:
        outdated = f"{store.alias}--outdated--0"
        store.admin.create_collection(outdated, "legalkb", shards=1, replicas=1)
        store.admin.create_alias(store.alias, outdated)
    connections.reload("default")  # as in another process: it has not looked at the index yet


def load_corpus():
    """Import both sources and the taxonomy, tag, and index everything."""
    from legalkb import links
    from legalkb.ingest import import_source
    from legalkb.models import Passage, Source
    from legalkb.taxonomy import load_glossary, load_taxonomy

    load_taxonomy(FIXTURES / "taxonomy.json")
    load_glossary(FIXTURES / "glossary.json")
    abstract = import_source(ABSTRACT.read_bytes(), ABSTRACT.name, language="kk", kind=Source.Kind.ABSTRACT)
    article = import_source(ARTICLE.read_bytes(), ARTICLE.name, title=ARTICLE_TITLE, language="kk")
    links.propose(Passage.objects.all())
    call_command("rebuild_index", interactive=False, verbosity=0)
    return Corpus(abstract.source, article.source)


@contextmanager
def worker_indexes():
    """The block's changes, then what the background worker does every few seconds: index
    what waits in the outbox (legalkb.tasks.drain_outbox)."""
    from legalkb.search import outbox

    yield
    outbox.drain()


def developer_state():
    """Size and modification time of every file of the developer's own database and var/,
    but for a local SolrCloud's (make solr), which writes its logs and data by itself."""
    files = [*ROOT.glob("db.sqlite3*"), *(p for p in (ROOT / "var").rglob("*") if "solr" not in p.parts)]
    return {str(f): (f.stat().st_size, f.stat().st_mtime_ns) for f in files if f.exists()}


@pytest.fixture(scope="session", autouse=True)
def developer_state_untouched():
    """The suite uses a test database and temporary folders: it fails if db.sqlite3 or var/
    changed while it ran (a `make run` of your own at the same time would do that too)."""
    before = developer_state()
    yield
    assert developer_state() == before, "the tests wrote to db.sqlite3 or var/"


@pytest.fixture(autouse=True)
def thesaurus_checked_at_every_search(monkeypatch):
    """Each test sees the glossary and taxonomy as its own transaction left them."""
    from legalkb.search import thesaurus

    monkeypatch.setattr(thesaurus, "CHECK_EVERY_SECONDS", 0)


@pytest.fixture(autouse=True)
def taxonomy_checked_at_every_search(monkeypatch):
    """Each test sees the taxonomy as its own transaction left it, read afresh at its start
    (history ids rolled back are given again, so the versions alone would not tell)."""
    from legalkb.search import entries

    monkeypatch.setattr(entries, "CHECK_EVERY_SECONDS", 0)
    entries.forget()


@pytest.fixture(scope="session", autouse=True)
def session_index(request, tmp_path_factory):
    on_solr = current_engine() == "solr"
    options = solr_options(request.getfixturevalue("solr_url")) if on_solr else {}
    use_index(tmp_path_factory.mktemp("index") / current_engine(), **options)
    if on_solr:
        os.environ["LEGALKB_SOLR_COLLECTION"] = options["COLLECTION"]


@pytest.fixture(scope="session")
def solr_url(tmp_path_factory):
    """The Solr base URL of LEGALKB_SOLR_URL's cluster, or of one started for the session."""
    if os.environ.get("LEGALKB_SOLR_URL"):
        yield os.environ["LEGALKB_SOLR_URL"]
        remove_collections(SolrAdmin(os.environ["LEGALKB_SOLR_URL"]), SOLR_PREFIX)
        return
    with local_cluster(tmp_path_factory.mktemp("solr")) as cluster:
        os.environ["LEGALKB_SOLR_URL"] = cluster.base_url
        yield cluster.base_url
        os.environ.pop("LEGALKB_SOLR_URL", None)


def solr_options(solr_url):
    """A connection's options for an alias of its own on the cluster."""
    return {"SOLR_URL": solr_url, "COLLECTION": f"{SOLR_PREFIX}-{secrets.token_hex(4)}"}


def remove_solr_collections():
    """Remove the alias the connection names and its collections."""
    connections["default"].get_backend().store.remove_everything()


@pytest.fixture(scope="module", params=ENGINES)
def search_engine(request, tmp_path_factory, django_db_setup, django_db_blocker):
    """Each engine in turn, with its own index of the session corpus; processes started
    meanwhile use it too (LEGALKB_SEARCH_ENGINE, LEGALKB_SOLR_COLLECTION)."""
    previous = current_engine(), settings.HAYSTACK_CONNECTIONS["default"]["PATH"]
    if request.param == previous[0]:
        yield request.param
        return
    options = solr_options(request.getfixturevalue("solr_url")) if request.param == "solr" else {}
    environment = os.environ.copy()  # with the session's Solr URL, once its cluster is started
    use_index(tmp_path_factory.mktemp(request.param) / "index", request.param, **options)
    os.environ["LEGALKB_SEARCH_ENGINE"] = request.param
    if options:
        os.environ["LEGALKB_SOLR_COLLECTION"] = options["COLLECTION"]
    with django_db_blocker.unblock():
        call_command("rebuild_index", interactive=False, verbosity=0)
    yield request.param
    if options:
        remove_solr_collections()
    os.environ.clear()
    os.environ.update(environment)
    use_index(previous[1], previous[0])


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, session_index):
    with django_db_blocker.unblock():
        load_corpus()


@pytest.fixture
def corpus(db):
    """The session's corpus; loaded again (and indexed) for a test that commits, when one
    that committed before it has flushed the database."""
    from legalkb.models import Source

    if not Source.objects.exists():
        return load_corpus()
    return Corpus(Source.objects.get(file_name=ABSTRACT.name), Source.objects.get(file_name=ARTICLE.name))


@pytest.fixture
def private_index(request, tmp_path):
    """A fresh index folder (on Solr, an alias of its own) for a test that writes to the
    index; the session index is restored afterwards."""
    previous = {name: settings.HAYSTACK_CONNECTIONS["default"].get(name) for name in ("PATH", "COLLECTION")}
    on_solr = current_engine() == "solr"
    options = solr_options(request.getfixturevalue("solr_url")) if on_solr else {}
    use_index(tmp_path / "index", **options)
    if on_solr:
        os.environ["LEGALKB_SOLR_COLLECTION"] = options["COLLECTION"]
    yield tmp_path / "index"
    if on_solr:
        remove_solr_collections()
        os.environ["LEGALKB_SOLR_COLLECTION"] = previous["COLLECTION"]
    use_index(previous["PATH"], COLLECTION=previous["COLLECTION"])


@pytest.fixture
def own_index(corpus, private_index):
    """A private index built from the session corpus, for a test that writes to it."""
    call_command("rebuild_index", interactive=False, verbosity=0)
    return private_index


EDITOR_PASSWORD = "a-long-editor-password"


def make_editor(username):
    """A staff user in the Editors group (created by a migration)."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, password=EDITOR_PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor(db):
    return make_editor("aigerim")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def pytest_collection_modifyitems(items):
    """A test on each engine needs the test database, whose corpus search_engine indexes,
    even one that runs in processes of its own: pytest-django sets up the test database only
    for a session with a test that asks for it (run alone, search_engine would load the
    corpus into the developer's database). Tests that commit (transactional ones) flush the
    database when they end, so they run after every test that relies on the session corpus."""

    for item in items:
        if "search_engine" in item.fixturenames and not item.get_closest_marker("django_db"):
            item.add_marker(pytest.mark.django_db)

    def commits(item):
        marker = item.get_closest_marker("django_db")
        return bool(marker and marker.kwargs.get("transaction"))

    items.sort(key=commits)


@pytest.fixture(scope="session")
def served_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("served")


@pytest.fixture(scope="session")
def production_server(served_folder):
    """The base URL of `make serve` in production settings (tests/processes.py), started
    once for the tests that need a real gunicorn."""
    with make_serve(served_folder) as base:
        yield base


@pytest.fixture(scope="session")
def samples(request):
    """The folder of realistic sample files with their ground truth (bench.documents)."""
    from documents_samples import sample_files

    return sample_files(request.config.cache)


@pytest.fixture(scope="session")
def browser():
    """The session's one Chromium, for every browser test, whichever runs first: Playwright's
    sync API runs one instance a thread, so none may start another beside it."""
    from playwright.sync_api import sync_playwright

    # Its event loop stays on the main thread, where the tests also use the ORM; Django
    # would otherwise refuse.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, transactional_db, private_index):
    """The live server's URL, serving both sources, the taxonomy and a fresh index."""
    load_corpus()
    return live_server.url


@pytest.fixture
def open_page(browser, site, request):
    """open_page(**context options) → a Playwright page in the Kazakh interface whose
    requests are all checked to stay on 127.0.0.1; it is screenshotted at the end."""
    contexts, hosts = [], set()

    def open_page(**options):
        context = browser.new_context(base_url=site, locale="kk-KZ", **options)
        contexts.append(context)
        page = context.new_page()
        page.on("request", lambda r: hosts.add(urlsplit(r.url).hostname))
        return page

    yield open_page
    for number, context in enumerate(contexts):
        for page in context.pages:
            screenshot(page, f"{request.node.name}-{number}")
        context.close()
    assert hosts <= {"127.0.0.1"}, f"requests left 127.0.0.1: {hosts}"


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    file_name = re.sub(r"[^\w.-]+", "_", name) + ".png"
    page.screenshot(path=SCREENSHOTS / file_name, full_page=True)
