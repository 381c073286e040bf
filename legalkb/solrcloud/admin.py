"""SolrCloud's Collections and Configsets APIs, as legalkb uses them (plain HTTP, no Django).

A legalkb index on SolrCloud is an alias (the name searches use, "legalkb") pointing at one
collection; a rebuild fills a new collection and moves the alias to it in one step
(CREATEALIAS), so a search never reads a half-built collection.
"""

import io
import time
import zipfile
from pathlib import Path

import requests

CONFIGSET_FOLDER = Path(__file__).resolve().parent.parent.parent / "solr" / "conf"
REQUEST_SECONDS = 30  # one admin call; creating a collection waits for its replicas
CREATE_SECONDS = 180


class SolrAdminError(RuntimeError):
    """Solr refused an admin call, or could not be reached."""


def base_urls(setting):
    """The Solr base URLs of a setting that lists one or more, separated by commas."""
    return [url.strip().rstrip("/") for url in setting.split(",") if url.strip()]


class SolrAdmin:
    def __init__(self, base_url, session=None):
        """base_url: a Solr base URL such as http://127.0.0.1:8983/solr, or several nodes'
        separated by commas: a call that cannot reach one node goes to the next."""
        self.base_urls = base_urls(base_url)
        self.session = session or requests.Session()

    @property
    def base_url(self):
        return self.base_urls[0]

    def collections_call(self, action, timeout=REQUEST_SECONDS, **params):
        return self._call("admin/collections", action, timeout, params)

    def _call(self, path, action, timeout, params, data=None):
        params = {"action": action, "wt": "json", **params}
        for number, base_url in enumerate(self.base_urls, start=1):
            try:
                response = self.session.post(f"{base_url}/{path}", params=params, data=data, timeout=timeout)
                break
            except requests.ConnectionError as error:
                if number == len(self.base_urls):
                    raise SolrAdminError(
                        f"Solr at {', '.join(self.base_urls)} cannot be reached: {error}"
                    ) from error
            except requests.RequestException as error:
                raise SolrAdminError(f"Solr at {base_url} did not answer {action}: {error}") from error
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        if response.status_code != 200 or answer.get("exception") or answer.get("failure"):
            detail = answer.get("error", {}).get("msg") or answer.get("exception") or response.text[:300]
            raise SolrAdminError(f"Solr refused {action}: {detail}")
        return answer

    def upload_configset(self, name, folder=CONFIGSET_FOLDER):
        """Upload a folder as a configset (replacing one of the same name)."""
        archive = io.BytesIO()
        with zipfile.ZipFile(archive, "w") as zipped:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    zipped.write(path, path.relative_to(folder))
        self._call(
            "admin/configs",
            "UPLOAD",
            REQUEST_SECONDS,
            {"name": name, "overwrite": "true", "cleanup": "true"},
            data=archive.getvalue(),
        )

    def configsets(self):
        return self._call("admin/configs", "LIST", REQUEST_SECONDS, {})["configSets"]

    def delete_configset(self, name):
        self._call("admin/configs", "DELETE", REQUEST_SECONDS, {"name": name})

    def create_collection(self, name, configset, shards, replicas):
        self.collections_call(
            "CREATE",
            timeout=CREATE_SECONDS,
            name=name,
            numShards=shards,
            replicationFactor=replicas,
            **{"collection.configName": configset},
            waitForFinalState="true",
        )

    def delete_collection(self, name):
        self.collections_call("DELETE", timeout=CREATE_SECONDS, name=name)

    def collections(self):
        return self.collections_call("LIST").get("collections", [])

    def aliases(self):
        """({alias: collection}, {alias: {property: value}})."""
        answer = self.collections_call("LISTALIASES")
        return answer.get("aliases", {}), answer.get("properties", {})

    def create_alias(self, name, collection):
        """Point name at collection, replacing what it pointed at, in one step."""
        self.collections_call("CREATEALIAS", name=name, collections=collection)

    def delete_alias(self, name):
        self.collections_call("DELETEALIAS", name=name)

    def set_alias_property(self, alias, name, value):
        self.collections_call("ALIASPROP", name=alias, **{f"property.{name}": value})

    def cluster_status(self, collection=None):
        params = {"collection": collection} if collection else {}
        return self.collections_call("CLUSTERSTATUS", **params)["cluster"]

    def live_nodes(self):
        return self.cluster_status().get("live_nodes", [])

    def wait_until(self, condition, what, seconds=CREATE_SECONDS):
        """Call condition() until it is true; SolrAdminError naming what after seconds."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                if condition():
                    return
            except (SolrAdminError, requests.RequestException):
                pass
            if time.monotonic() > deadline:
                raise SolrAdminError(f"Solr at {self.base_url}: {what} did not happen in {seconds} s.")
            time.sleep(0.25)

    def replicas_active(self, collection):
        """Whether every replica of every shard of collection is active on a live node."""
        cluster = self.cluster_status(collection)
        live = set(cluster.get("live_nodes", []))
        shards = cluster["collections"][collection]["shards"].values()
        return all(
            replica["state"] == "active" and replica["node_name"] in live
            for shard in shards
            for replica in shard["replicas"].values()
        )
