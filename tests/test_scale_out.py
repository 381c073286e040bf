"""Two app servers, as on two machines: gunicorn on two ports, each with its background worker,
sharing the database (PostgreSQL when the suite runs on it), a SolrCloud collection and Redis
(the cache and the job queue). An edit through one server is seen through the other."""

import re

import pytest
import requests
from conftest import ABSTRACT
from django.db import connection
from processes import (
    free_port,
    manage,
    project_env,
    running_redis,
    set_up,
    start_gunicorn,
    start_worker,
    stop,
    wait_until,
)

pytestmark = pytest.mark.slow

EDITOR_SESSION = (
    "from django.contrib.auth.models import Group, User; from django.test import Client;"
    "user = User.objects.create_user('aigerim', is_staff=True);"
    "user.groups.add(Group.objects.get(name='Editors'));"
    "client = Client(); client.force_login(user); print(client.cookies['sessionid'].value)"
)
FIRST_PASSAGE = (
    "from legalkb.models import Passage; passage = Passage.objects.order_by('pk').first();"
    "print(passage.pk, passage.get_absolute_url())"
)
CACHE_WRITE = "from django.core.cache import cache; cache.set('written-by', 'the first server')"
CACHE_READ = "from django.core.cache import cache; print(cache.get('written-by'))"


@pytest.fixture
def shared_database(tmp_path):
    """A database of the test's own on the suite's server (a file beside the test on SQLite)."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'db.sqlite3'}"
        return
    import psycopg

    settings = connection.settings_dict
    name = f"{settings['NAME']}_scaled"
    server = f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:{settings['PORT']}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def site(tmp_path, solr_url, shared_database):
    """The environment of a site on the shared database, Solr and a Redis of its own."""
    with running_redis(tmp_path) as redis_url:
        env = project_env(
            tmp_path,
            DATABASE_URL=shared_database,
            LEGALKB_SEARCH_ENGINE="solr",
            LEGALKB_SOLR_URL=solr_url,
            LEGALKB_REDIS_URL=redis_url,
        )
        set_up(env, ABSTRACT)
        yield env


@pytest.fixture
def two_servers(site, tmp_path):
    """The base URLs of the site's two servers, each with a background worker beside it."""
    servers, workers = [], [start_worker(site), start_worker(site)]
    try:
        for number in range(2):
            log = (tmp_path / f"gunicorn-{number}.log").open("w")
            port = free_port()
            servers.append((start_gunicorn(site, port, log), f"http://127.0.0.1:{port}"))
        yield servers
    finally:
        for process in [*workers, *(server for server, _ in servers)]:
            stop(process)


def editor_cookies(env):
    """The cookies of an editor's session, made as the test client's force_login makes one."""
    return {"sessionid": manage(["shell", "-v0", "-c", EDITOR_SESSION], env).stdout.split()[-1]}


def withdraw_through(base, cookies, passage_id):
    """Post the admin's "withdraw" action for one passage, as the editor's browser would."""
    changelist = f"{base}/admin/legalkb/passage/"
    page = requests.get(changelist, cookies=cookies, timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    cookies = {**cookies, "csrftoken": page.cookies["csrftoken"]}
    data = {"csrfmiddlewaretoken": token, "action": "withdraw", "_selected_action": passage_id}
    return requests.post(changelist, data=data, cookies=cookies, timeout=60, allow_redirects=False)


def found_through(base):
    response = requests.get(f"{base}/api/search/", params={"page_size": 1}, timeout=60)
    assert response.status_code == 200, response.text[:500]
    return response.json()["count"]


def test_an_edit_through_one_server_is_searched_through_the_other(site, two_servers):
    (first, first_url), (second, second_url) = two_servers
    before = found_through(second_url)
    passage_id, passage_url = manage(["shell", "-v0", "-c", FIRST_PASSAGE], site).stdout.split()[-2:]

    assert withdraw_through(first_url, editor_cookies(site), passage_id).status_code == 302

    wait_until(
        lambda: found_through(second_url) == before - 1, second, "the edit searched on the other server"
    )
    assert requests.get(f"{second_url}{passage_url}", timeout=60).status_code == 410


def test_processes_with_no_folder_in_common_share_the_cache_in_redis(site, tmp_path):
    manage(["shell", "-v0", "-c", CACHE_WRITE], {**site, "LEGALKB_CACHE_PATH": str(tmp_path / "one")})
    read = manage(["shell", "-v0", "-c", CACHE_READ], {**site, "LEGALKB_CACHE_PATH": str(tmp_path / "two")})
    assert read.stdout.strip() == "the first server"
